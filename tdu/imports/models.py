"""Every import run: what was read, what it changed, what it rejected (the report a region downloads)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from tdu.candidatures.storage import private_storage


class ImportSource(models.TextChoices):
    LHEO = "lheo", "Offre de formation (flux LHEO du Carif-Oref)"
    FRANCE_TRAVAIL = "france_travail", "Offres d'emploi de France Travail"
    OFFERS_CSV = "offers_csv", "Fichier CSV d'offres"
    SESSIONS_CSV = "sessions_csv", "Fichier CSV de sessions"


class RunStatus(models.TextChoices):
    RUNNING = "running", "En cours"
    SUCCEEDED = "succeeded", "Terminé"
    REFUSED = "refused", "Refusé (rien n'a été importé)"
    FAILED = "failed", "Échec"


def report_path(instance, filename):
    return f"imports/{instance.started_at:%Y/%m}/rejets-{instance.pk}.csv"


class ImportRun(models.Model):
    source = models.CharField("source", max_length=20, choices=ImportSource.choices)
    region = models.ForeignKey(
        "references.Region",
        verbose_name="région",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    origin = models.CharField("fichier ou adresse lu", max_length=500, blank=True)
    partial = models.BooleanField("import partiel (les rejets n'empêchent pas le reste)", default=True)
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Two runs of one source never overlap: one running run per key (e.g. « lheo:44 »).
    lock_key = models.CharField(max_length=60)
    status = models.CharField("état", max_length=10, choices=RunStatus.choices, default=RunStatus.RUNNING)
    started_at = models.DateTimeField("début", default=timezone.now)
    finished_at = models.DateTimeField("fin", null=True, blank=True)
    created = models.PositiveIntegerField("créés", default=0)
    updated = models.PositiveIntegerField("mis à jour", default=0)
    unchanged = models.PositiveIntegerField("inchangés", default=0)
    closed = models.PositiveIntegerField("fermés", default=0)
    rejected = models.PositiveIntegerField("rejetés", default=0)
    message = models.TextField("message", blank=True)
    rejects_report = models.FileField(
        "rapport des rejets", storage=private_storage, upload_to=report_path, blank=True
    )

    class Meta:
        verbose_name = "import"
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["lock_key"], condition=Q(status="running"), name="one_running_import_per_source"
            )
        ]

    def __str__(self):
        return f"{self.get_source_display()} — {self.started_at:%d/%m/%Y %H:%M}"

    @property
    def duration(self):
        return (self.finished_at - self.started_at) if self.finished_at else None

    @property
    def reject_share(self):
        total = self.created + self.updated + self.unchanged + self.rejected
        return self.rejected / total if total else 0.0
