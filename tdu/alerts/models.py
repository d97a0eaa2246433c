"""A job seeker's saved search: the parameters of the search page, and what the daily alert already told her."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from tdu.references.enums import EducationLevel

MAX_PER_PERSON = 10


class SavedSearch(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_searches",
        verbose_name="personne",
    )
    commune = models.ForeignKey(
        "references.Commune", on_delete=models.PROTECT, related_name="+", verbose_name="commune"
    )
    radius_km = models.PositiveSmallIntegerField("distance maximale jusqu'à l'emploi (km)")
    training_radius_km = models.PositiveSmallIntegerField(
        "distance maximale jusqu'à la formation (km)", null=True, blank=True
    )
    job_words = models.CharField("métier", max_length=200, blank=True)
    # The ROME codes the words meant when she saved the search; None: any job.
    rome_codes = models.JSONField("codes ROME", null=True, blank=True)
    contract = models.CharField("type de contrat", max_length=10, blank=True)
    level = models.PositiveSmallIntegerField(
        "niveau d'études", choices=EducationLevel.choices, null=True, blank=True
    )
    created_at = models.DateTimeField("enregistrée le", default=timezone.now)
    # The watermark: offers published or created after it are new to her (moved forward by each alert).
    notified_until = models.DateTimeField("offres signalées jusqu'au", default=timezone.now)
    last_notified_at = models.DateTimeField("dernier courriel le", null=True, blank=True)
    active = models.BooleanField("alerte par courriel active", default=True)

    class Meta:
        verbose_name = "recherche enregistrée"
        verbose_name_plural = "recherches enregistrées"
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["active", "user"], name="saved_search_active")]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        what = f"« {self.job_words} »" if self.job_words else "Tous les métiers"
        return f"{what} à moins de {self.radius_km} km de {self.commune.name}"

    def query(self) -> dict:
        """The search page's parameters for this search (its « Voir les offres » link)."""
        query = {"commune": self.commune.label, "rayon": str(self.radius_km)}
        if self.training_radius_km:
            query["rayon_formation"] = str(self.training_radius_km)
        if self.job_words:
            query["q"] = self.job_words
        if self.contract:
            query["contrat"] = self.contract
        if self.level is not None:
            query["niveau"] = str(self.level)
        return query
