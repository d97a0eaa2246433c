"""The « engagement réciproque »: the company's hiring promise and the person's commitment to train."""

from django.db import models

from tdu.candidatures.enums import CommitmentSignatory
from tdu.candidatures.models.candidature import Candidature
from tdu.candidatures.models.documents import DocumentSignature, FrozenDocument
from tdu.offers.enums import ContractType
from tdu.trainings.models import TrainingSession

MAX_MONTHLY_SALARY = 100_000  # euros, gross: the form says so, the database refuses more
MAX_WEEKLY_HOURS = 48  # the legal maximum (Code du travail, L3121-20)


class Commitment(FrozenDocument):
    """Frozen when issued; a correction is a cancellation plus a new commitment."""

    SIGNATORIES = CommitmentSignatory
    FROZEN_FIELDS = [
        "company_name", "company_siret", "beneficiary_name", "beneficiary_birth_date", "job_title", "rome_code",
        "rome_label", "workplace", "contract_type", "contract_duration_months", "weekly_hours", "gross_monthly_salary",
        "planned_start_date", "session_id", "session_title", "session_organisation", "session_place",
        "session_start_date", "session_end_date", "certification_required",
    ]  # fmt: skip

    candidature = models.ForeignKey(Candidature, on_delete=models.PROTECT, related_name="commitments")
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

    class Meta(FrozenDocument.Meta):
        verbose_name = "engagement réciproque"
        verbose_name_plural = "engagements réciproques"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(gross_monthly_salary__gte=1, gross_monthly_salary__lte=MAX_MONTHLY_SALARY)
                & models.Q(weekly_hours__gte=1, weekly_hours__lte=MAX_WEEKLY_HOURS),
                name="commitment_salary_and_hours_in_bounds",
            )
        ]

    def __str__(self):
        return f"Engagement n° {self.pk} — {self.beneficiary_name} et {self.company_name}"

    @property
    def contract_label(self):
        if self.contract_type == ContractType.CDD:
            return f"CDD de {self.contract_duration_months} mois"
        return "CDI"


class CommitmentSignature(DocumentSignature):
    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="signatures")
    signatory = models.CharField(max_length=20, choices=CommitmentSignatory.choices)

    class Meta:
        verbose_name = "signature d'engagement"
        constraints = [
            models.UniqueConstraint(fields=["commitment", "signatory"], name="one_commitment_signature_each")
        ]
