"""What the service keeps to honour people's data rights: who opened whose documents, and closed accounts."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Access(models.TextChoices):
    CV = "cv", "CV ouvert"
    CONVENTION = "convention", "Convention d'immersion ouverte (PDF)"
    COMMITMENT = "commitment", "Engagement réciproque ouvert (PDF)"
    CONTACT = "contact", "Coordonnées affichées"
    EXPORT = "export", "Export de toutes les données"


class AccessRecord(models.Model):
    """One opening of a person's document or data, by whom and when (RGPD: the person and her region's data
    protection contact read it). Kept when the actor's account closes: the name is copied."""

    # Null once the person closed her account: the region's data protection contact keeps the trace.
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="accesses_to_my_data"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField("qui", max_length=300)
    kind = models.CharField("quoi", max_length=20, choices=Access.choices)
    candidature = models.ForeignKey(
        "candidatures.Candidature", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    region = models.ForeignKey(
        "references.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField("quand", default=timezone.now)

    class Meta:
        verbose_name = "accès aux données"
        verbose_name_plural = "journal des accès aux données"
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["person", "-at"], name="access_person_at"),
            models.Index(fields=["region", "-at"], name="access_region_at"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} par {self.actor_label} le {self.at:%d/%m/%Y}"


class Closure(models.TextChoices):
    REQUEST = "request", "À la demande de la personne"
    CONSENT_WITHDRAWN = "consent_withdrawn", "Consentement retiré"
    INACTIVITY = "inactivity", "Compte inactif"


class ClosedAccount(models.Model):
    """That an account was closed, and why: nothing else (the account itself is deleted)."""

    reason = models.CharField(max_length=20, choices=Closure.choices)
    closed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "compte fermé"
        verbose_name_plural = "comptes fermés"

    def __str__(self):
        return f"{self.get_reason_display()}, le {self.closed_at:%d/%m/%Y}"


class InactivityWarning(models.Model):
    """An inactive account was warned that it will be closed; a login since then cancels it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inactivity_warning"
    )
    warned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "avertissement d'inactivité"

    def __str__(self):
        return f"Averti le {self.warned_at:%d/%m/%Y}"
