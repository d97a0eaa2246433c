"""Part 2 of the path: the reciprocal commitment (hiring promise), the enrolment, the hiring and its follow-up."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from tdu.candidatures.models import Candidature
from tdu.offers.enums import ContractType
from tdu.trainings.models import TrainingSession
from tdu.utils.frozen import content_hash


class PromiseSignatory(models.TextChoices):
    COMPANY = "company", "L'entreprise (promesse d'embauche)"
    BENEFICIARY = "beneficiary", "La personne (engagement à suivre la formation)"


class HiringPromise(models.Model):
    """The 'Engagement réciproque'. Frozen when issued; a correction is a cancellation plus a new promise."""

    candidature = models.ForeignKey(Candidature, on_delete=models.PROTECT, related_name="promises")
    company_name = models.CharField(max_length=255)
    company_siret = models.CharField(max_length=14)
    beneficiary_name = models.CharField(max_length=255)
    beneficiary_birth_date = models.DateField(null=True)
    job_title = models.CharField("intitulé du poste", max_length=255)
    rome_code = models.CharField("code ROME", max_length=5)
    rome_label = models.CharField(max_length=255)
    workplace = models.CharField("lieu de travail", max_length=255)
    contract_type = models.CharField("type de contrat", max_length=3, choices=ContractType.choices)
    contract_duration_months = models.PositiveSmallIntegerField("durée du CDD (mois)", null=True, blank=True)
    weekly_hours = models.DecimalField("heures par semaine", max_digits=4, decimal_places=1)
    gross_monthly_salary = models.DecimalField("salaire brut mensuel (€)", max_digits=8, decimal_places=2)
    planned_start_date = models.DateField("date d'embauche prévue")
    session = models.ForeignKey(TrainingSession, on_delete=models.PROTECT, related_name="+")
    session_title = models.CharField(max_length=255)
    session_organisation = models.CharField(max_length=255)
    session_place = models.CharField(max_length=255)
    session_start_date = models.DateField()
    session_end_date = models.DateField()
    certification_required = models.BooleanField(
        "l'obtention de la certification est une condition", default=False
    )
    content_hash = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.TextField(blank=True)
    signature_reminded_at = models.DateTimeField(null=True, blank=True)

    FROZEN_FIELDS = [
        "company_name", "company_siret", "beneficiary_name", "beneficiary_birth_date", "job_title", "rome_code",
        "rome_label", "workplace", "contract_type", "contract_duration_months", "weekly_hours", "gross_monthly_salary",
        "planned_start_date", "session_id", "session_title", "session_organisation", "session_place",
        "session_start_date", "session_end_date", "certification_required",
    ]  # fmt: skip

    class Meta:
        verbose_name = "engagement réciproque"
        verbose_name_plural = "engagements réciproques"
        ordering = ["-created_at"]

    def __str__(self):
        return f"Engagement n° {self.pk} — {self.beneficiary_name} et {self.company_name}"

    def compute_hash(self):
        return content_hash(self, self.FROZEN_FIELDS, candidature=self.candidature_id)

    def missing_signatures(self):
        signed = set(self.signatures.values_list("signatory", flat=True))
        return [s for s in PromiseSignatory if s not in signed]

    @property
    def contract_label(self):
        if self.contract_type == ContractType.CDD:
            return f"CDD de {self.contract_duration_months} mois"
        return "CDI"


class PromiseSignature(models.Model):
    promise = models.ForeignKey(HiringPromise, on_delete=models.PROTECT, related_name="signatures")
    signatory = models.CharField(max_length=20, choices=PromiseSignatory.choices)
    name = models.CharField(max_length=255)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    signed_at = models.DateTimeField(default=timezone.now)
    content_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = "signature d'engagement"
        constraints = [
            models.UniqueConstraint(fields=["promise", "signatory"], name="one_promise_signature_each")
        ]

    def __str__(self):
        return f"{self.get_signatory_display()} : {self.name}"


class EnrolmentStatus(models.TextChoices):
    REQUESTED = "requested", "Demandée"
    ACCEPTED = "accepted", "Acceptée"
    REFUSED = "refused", "Refusée"
    CANCELLED = "cancelled", "Annulée"


class Enrolment(models.Model):
    """An enrolment request to a session for a promise; accepting it takes one funded place."""

    candidature = models.ForeignKey(Candidature, on_delete=models.PROTECT, related_name="enrolments")
    promise = models.ForeignKey(HiringPromise, on_delete=models.PROTECT, related_name="enrolments")
    session = models.ForeignKey(TrainingSession, on_delete=models.PROTECT, related_name="enrolments")
    status = models.CharField(
        max_length=10, choices=EnrolmentStatus.choices, default=EnrolmentStatus.REQUESTED
    )
    requested_at = models.DateTimeField(default=timezone.now)
    organisation_reminded_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    refusal_reason = models.TextField(blank=True)
    entered_on = models.DateField("entrée en formation le", null=True, blank=True)
    internship_start = models.DateField("stage en entreprise : début", null=True, blank=True)
    internship_end = models.DateField("stage en entreprise : fin", null=True, blank=True)
    completed_on = models.DateField("fin de formation le", null=True, blank=True)
    certification_obtained = models.BooleanField("certification obtenue", null=True)

    class Meta:
        verbose_name = "inscription"
        ordering = ["-requested_at"]

    def __str__(self):
        return f"Inscription {self.get_status_display().lower()} — session {self.session_id}"


class Hiring(models.Model):
    """The contract as it started; differences from the promise are recorded, not hidden."""

    candidature = models.OneToOneField(Candidature, on_delete=models.PROTECT, related_name="hiring")
    start_date = models.DateField("début du contrat")
    contract_type = models.CharField("type de contrat", max_length=3, choices=ContractType.choices)
    contract_duration_months = models.PositiveSmallIntegerField(null=True, blank=True)
    weekly_hours = models.DecimalField(max_digits=4, decimal_places=1)
    differences = models.JSONField("écarts avec la promesse", default=list)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "embauche"

    def __str__(self):
        return f"Embauche du {self.start_date:%d/%m/%Y}"


class Respondent(models.TextChoices):
    JOB_SEEKER = "job_seeker", "La personne embauchée"
    COMPANY = "company", "L'entreprise"


class ContractNow(models.TextChoices):
    CDI = "cdi", "CDI"
    CDD = "cdd", "CDD"
    OTHER = "other", "Autre contrat"
    NONE = "none", "Plus de contrat"


class FollowUp(models.Model):
    """One question to one respondent at contract start + 6 or + 12 months."""

    candidature = models.ForeignKey(Candidature, on_delete=models.CASCADE, related_name="follow_ups")
    milestone_months = models.PositiveSmallIntegerField(choices=[(6, "6 mois"), (12, "12 mois")])
    respondent = models.CharField(max_length=20, choices=Respondent.choices)
    due_on = models.DateField()
    sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    still_in_post = models.BooleanField("toujours en poste", null=True)
    same_company = models.BooleanField("dans la même entreprise", null=True)
    contract_now = models.CharField("contrat actuel", max_length=10, choices=ContractNow.choices, blank=True)

    class Meta:
        verbose_name = "suivi"
        ordering = ["due_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidature", "milestone_months", "respondent"], name="one_follow_up_each"
            )
        ]

    def __str__(self):
        return f"Suivi à {self.milestone_months} mois ({self.get_respondent_display()})"


class DigestLog(models.Model):
    """One daily digest per person and day: the job claims the row before sending."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_digest_per_day")]

    def __str__(self):
        return f"Récapitulatif du {self.day:%d/%m/%Y}"
