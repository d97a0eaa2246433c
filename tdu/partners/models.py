"""Partners' access: API tokens of an organisation, its webhook subscriptions and their deliveries.

A token or a subscription belongs to exactly one organisation (one of four foreign keys) and acts with the rights
of the member who created it, within that organisation only: when she leaves it, the token stops working.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from tdu.companies.models import Company
from tdu.organisations.models import PrescriberOrganisation
from tdu.partners.scopes import Kind
from tdu.references.models import Region
from tdu.trainings.models import TrainingOrganisation

ORGANISATION_FIELDS = {
    Kind.COMPANY: "company",
    Kind.TRAINING: "training_organisation",
    Kind.PRESCRIBER: "prescriber_organisation",
    Kind.REGION: "region",
}


def _one_organisation(name):
    options = [
        Q(**{f"{field}__isnull": field != chosen for field in ORGANISATION_FIELDS.values()})
        for chosen in ORGANISATION_FIELDS.values()
    ]
    condition = options[0]
    for option in options[1:]:
        condition |= option
    return models.CheckConstraint(condition=condition, name=name)


class OwnedByOrganisation(models.Model):
    company = models.ForeignKey(Company, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    training_organisation = models.ForeignKey(
        TrainingOrganisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    prescriber_organisation = models.ForeignKey(
        PrescriberOrganisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True

    @property
    def kind(self) -> Kind:
        return next(kind for kind, field in ORGANISATION_FIELDS.items() if getattr(self, f"{field}_id"))

    @property
    def organisation(self):
        return getattr(self, ORGANISATION_FIELDS[self.kind])


class ApiToken(OwnedByOrganisation):
    name = models.CharField(
        "nom", max_length=100, help_text="Par exemple : « logiciel de gestion des sessions »."
    )
    prefix = models.CharField(max_length=12, unique=True, help_text="Début du jeton, pour le reconnaître.")
    key_hash = models.CharField(
        max_length=64, unique=True, help_text="SHA-256 du jeton (jamais le jeton lui-même)."
    )
    scopes = models.JSONField("droits", default=list)
    expires_at = models.DateTimeField("expire le", null=True, blank=True)
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)
    last_used_at = models.DateTimeField("dernière utilisation", null=True, blank=True)

    class Meta:
        verbose_name = "jeton d'API"
        verbose_name_plural = "jetons d'API"
        ordering = ["-created_at"]
        constraints = [_one_organisation("token_has_one_organisation")]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def is_active(self, now=None):
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class WebhookSubscription(OwnedByOrganisation):
    url = models.CharField("adresse de réception", max_length=500)
    events = models.JSONField("événements", default=list, help_text="Noms des transitions ; vide : toutes.")
    secret = models.CharField(max_length=64, help_text="Clé de la signature HMAC-SHA256 des envois.")
    paused_at = models.DateTimeField("en pause depuis", null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "abonnement webhook"
        verbose_name_plural = "abonnements webhook"
        ordering = ["-created_at"]
        constraints = [_one_organisation("subscription_has_one_organisation")]

    def __str__(self):
        return self.url

    def wants(self, transition: str) -> bool:
        return not self.events or transition in self.events


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "En attente"
    SUCCEEDED = "succeeded", "Reçu"
    RETRYING = "retrying", "Nouvel essai prévu"
    FAILED = "failed", "Abandonné (24 h d'échecs)"


class WebhookDelivery(models.Model):
    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40)
    idempotency_key = models.CharField(max_length=64, unique=True)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_duration_ms = models.PositiveIntegerField(null=True, blank=True)
    last_response = models.CharField("début de la réponse", max_length=500, blank=True)

    class Meta:
        verbose_name = "envoi webhook"
        verbose_name_plural = "envois webhook"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.event} → {self.subscription.url} ({self.get_status_display()})"
