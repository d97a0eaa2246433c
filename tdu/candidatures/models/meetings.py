from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone

from tdu.candidatures.models.candidature import Candidature


class MeetingSlot(models.Model):
    candidature = models.ForeignKey(Candidature, on_delete=models.CASCADE, related_name="meeting_slots")
    starts_at = models.DateTimeField("date et heure")
    duration_minutes = models.PositiveSmallIntegerField("durée (minutes)", default=60)
    place = models.CharField("lieu", max_length=255, blank=True)
    # A CharField with a URL validator: the model URLField's form field warns about its default scheme.
    video_link = models.CharField(
        "lien de visioconférence", max_length=500, blank=True, validators=[URLValidator(schemes=["https"])]
    )
    chosen_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "créneau de rencontre"
        ordering = ["starts_at"]

    def __str__(self):
        return f"{timezone.localtime(self.starts_at):%d/%m/%Y à %H:%M}"

    @property
    def where(self):
        return self.place or self.video_link
