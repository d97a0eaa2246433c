"""Organisations people belong to, and memberships: one model per kind, one shape for all."""

import secrets

from django.conf import settings
from django.db import models

from tdu.companies.models import Company
from tdu.references.models import Commune, Region
from tdu.trainings.models import TrainingOrganisation


class PrescriberKind(models.TextChoices):
    FRANCE_TRAVAIL = "france_travail", "Agence France Travail"
    MISSION_LOCALE = "mission_locale", "Mission locale"
    CAP_EMPLOI = "cap_emploi", "Cap emploi"
    OTHER = "other", "Autre structure d'accompagnement"


class PrescriberOrganisation(models.Model):
    kind = models.CharField("type", max_length=20, choices=PrescriberKind.choices)
    name = models.CharField("nom", max_length=255)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="prescriber_organisations")
    email = models.EmailField("adresse de contact", blank=True)

    class Meta:
        verbose_name = "structure d'accompagnement (prescripteur)"
        verbose_name_plural = "structures d'accompagnement (prescripteurs)"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    is_admin = models.BooleanField("administrateur de la structure", default=False)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.user} ({'administrateur' if self.is_admin else 'membre'})"


class CompanyMembership(Membership):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="memberships")

    class Meta:
        verbose_name = "membre d'entreprise"
        default_related_name = "company_memberships"
        constraints = [models.UniqueConstraint(fields=["user", "company"], name="unique_company_member")]


class TrainingOrganisationMembership(Membership):
    organisation = models.ForeignKey(
        TrainingOrganisation, on_delete=models.CASCADE, related_name="memberships"
    )

    class Meta:
        verbose_name = "membre d'organisme de formation"
        default_related_name = "training_organisation_memberships"
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_training_member")
        ]


class PrescriberMembership(Membership):
    organisation = models.ForeignKey(
        PrescriberOrganisation, on_delete=models.CASCADE, related_name="memberships"
    )

    class Meta:
        verbose_name = "membre de structure d'accompagnement"
        default_related_name = "prescriber_memberships"
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_prescriber_member")
        ]


class RegionMembership(Membership):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="memberships")
    # Reads the region's access log (who opened whose CV, documents, contact details, exports).
    is_data_protection_contact = models.BooleanField("référent·e protection des données", default=False)

    class Meta:
        verbose_name = "membre d'équipe Région"
        default_related_name = "region_memberships"
        constraints = [models.UniqueConstraint(fields=["user", "region"], name="unique_region_member")]


def new_token():
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """An email invitation to join a company, a training organisation or a prescriber organisation."""

    email = models.EmailField()
    company = models.ForeignKey(Company, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    training_organisation = models.ForeignKey(
        TrainingOrganisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    prescriber_organisation = models.ForeignKey(
        PrescriberOrganisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "invitation"
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        company__isnull=False,
                        training_organisation__isnull=True,
                        prescriber_organisation__isnull=True,
                    )
                    | models.Q(
                        company__isnull=True,
                        training_organisation__isnull=False,
                        prescriber_organisation__isnull=True,
                    )
                    | models.Q(
                        company__isnull=True,
                        training_organisation__isnull=True,
                        prescriber_organisation__isnull=False,
                    )
                ),
                name="invitation_exactly_one_organisation",
            )
        ]

    def __str__(self):
        return f"Invitation de {self.email}"

    @property
    def organisation(self):
        return self.company or self.training_organisation or self.prescriber_organisation


class JoinRequest(models.Model):
    """Someone signed up with the SIRET of a company or training organisation that is already on the service but
    has no member: she sees nothing of it until she proves she belongs to it (a code sent to an address already
    known for it) or the region's staff approve her."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests")
    company = models.ForeignKey(Company, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    training_organisation = models.ForeignKey(
        TrainingOrganisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    code_hash = models.CharField(max_length=64, blank=True)
    code_sent_to = models.EmailField(blank=True)
    code_expires_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved = models.BooleanField(null=True)

    class Meta:
        verbose_name = "demande de rattachement"
        verbose_name_plural = "demandes de rattachement"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(company__isnull=False, training_organisation__isnull=True)
                | models.Q(company__isnull=True, training_organisation__isnull=False),
                name="join_request_exactly_one_organisation",
            )
        ]

    def __str__(self):
        return f"Demande de {self.user} pour {self.organisation}"

    @property
    def organisation(self):
        return self.company or self.training_organisation

    @property
    def pending(self):
        return self.decided_at is None
