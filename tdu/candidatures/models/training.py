"""The enrolment in a funded training session: requested, accepted (one funded place), entered, completed."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from tdu.candidatures.enums import EnrolmentStatus
from tdu.candidatures.models.candidature import Candidature
from tdu.candidatures.models.commitment import Commitment
from tdu.trainings.models import TrainingSession


class Enrolment(models.Model):
    """An enrolment request to a session for a commitment; accepting it takes one funded place."""

    candidature = models.ForeignKey(Candidature, on_delete=models.PROTECT, related_name="enrolments")
    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="enrolments")
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


class Absence(models.Model):
    """A day or days of training missed, recorded by the training organisation (the commitment asks the person
    to warn of every absence; her adviser and the company are told)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="absences")
    first_day = models.DateField("premier jour d'absence")
    last_day = models.DateField("dernier jour d'absence")
    justified = models.BooleanField("absence justifiée")
    note = models.TextField("précisions", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "absence en formation"
        ordering = ["first_day", "pk"]

    def __str__(self):
        return f"Absence du {self.first_day:%d/%m/%Y} au {self.last_day:%d/%m/%Y}"

    @property
    def days(self):
        return (self.last_day - self.first_day).days + 1
