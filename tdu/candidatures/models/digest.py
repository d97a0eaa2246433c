from django.conf import settings
from django.db import models
from django.utils import timezone


class DigestLog(models.Model):
    """One daily digest per person and day: the job claims the row before sending."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "récapitulatif envoyé"
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_digest_per_day")]

    def __str__(self):
        return f"Récapitulatif du {self.day:%d/%m/%Y}"
