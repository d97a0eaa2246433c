"""The hiring as it happened, and the follow-up questions at 6 and 12 months."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from tdu.candidatures.enums import ContractNow, Respondent
from tdu.candidatures.models.candidature import Candidature
from tdu.offers.enums import ContractType


class Hiring(models.Model):
    """The contract as it started; differences from the commitment are recorded, not hidden."""

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
