"""The immersion (PMSMP): its convention, the three signatures and the assessment."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from tdu.candidatures.enums import AssessmentOutcome, ImmersionObjective, Signatory
from tdu.candidatures.models.candidature import Candidature
from tdu.candidatures.models.documents import DocumentSignature, FrozenDocument


class ImmersionConvention(FrozenDocument):
    """A PMSMP convention. Frozen once issued: parties' details are copied in; a change is a new convention."""

    SIGNATORIES = Signatory
    FROZEN_FIELDS = [
        "beneficiary_name", "beneficiary_email", "beneficiary_phone", "beneficiary_birth_date", "company_name",
        "company_siret", "company_address", "company_representative", "prescriber_name", "tutor_name", "tutor_role",
        "tutor_email", "tutor_phone", "start_date", "end_date", "schedule", "weekly_hours", "objective",
        "activities", "skills", "place", "risks",
    ]  # fmt: skip
    FROZEN_LATER_FIELDS = ["beneficiary_address"]

    candidature = models.ForeignKey(Candidature, on_delete=models.PROTECT, related_name="conventions")
    # Parties, copied at issue.
    beneficiary_name = models.CharField(max_length=255)
    beneficiary_email = models.EmailField()
    beneficiary_phone = models.CharField(max_length=20, blank=True)
    beneficiary_birth_date = models.DateField(null=True)
    beneficiary_address = models.CharField("adresse du ou de la bénéficiaire", max_length=255, blank=True)
    company_name = models.CharField(max_length=255)
    company_siret = models.CharField(max_length=14)
    company_address = models.CharField(max_length=255)
    company_representative = models.CharField(max_length=255)
    prescriber_name = models.CharField(max_length=255)
    tutor_name = models.CharField("nom du tuteur ou de la tutrice", max_length=255)
    tutor_role = models.CharField("fonction", max_length=255)
    tutor_email = models.EmailField("adresse électronique")
    tutor_phone = models.CharField("téléphone", max_length=20)
    # The immersion.
    start_date = models.DateField("premier jour")
    end_date = models.DateField("dernier jour")
    schedule = models.JSONField("horaires hebdomadaires", help_text="{jour: [[début, fin], …]}")
    weekly_hours = models.DecimalField(max_digits=4, decimal_places=1)
    objective = models.CharField("objectif", max_length=20, choices=ImmersionObjective.choices)
    activities = models.TextField("activités confiées")
    skills = models.TextField("compétences observées", blank=True)
    place = models.CharField("lieu de l'immersion", max_length=255)
    risks = models.TextField("risques et mesures de prévention")
    # The prescriber's validation: after the signatures, outside the fingerprint (like the signatures).
    validated_at = models.DateTimeField("validée le", null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    validated_by_name = models.CharField("validée par", max_length=255, blank=True)

    class Meta(FrozenDocument.Meta):
        verbose_name = "convention d'immersion"
        verbose_name_plural = "conventions d'immersion"

    def __str__(self):
        return f"Convention n° {self.pk} — {self.beneficiary_name} chez {self.company_name}"


class ConventionSignature(DocumentSignature):
    convention = models.ForeignKey(ImmersionConvention, on_delete=models.PROTECT, related_name="signatures")
    signatory = models.CharField(max_length=20, choices=Signatory.choices)

    class Meta:
        verbose_name = "signature de convention"
        constraints = [
            models.UniqueConstraint(fields=["convention", "signatory"], name="one_signature_per_signatory")
        ]


class ImmersionAssessment(models.Model):
    candidature = models.OneToOneField(Candidature, on_delete=models.CASCADE, related_name="assessment")
    outcome = models.CharField("déroulement", max_length=20, choices=AssessmentOutcome.choices)
    skills_observed = models.TextField("compétences observées")
    recommends_hiring_promise = models.BooleanField("proposer une promesse d'embauche")
    comment = models.TextField("commentaire", blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    seeker_view = models.TextField("avis de la personne", blank=True)
    seeker_view_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "bilan d'immersion"

    def __str__(self):
        return f"Bilan de la candidature {self.candidature_id}"
