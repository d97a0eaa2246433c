from django.db import models

from tdu.references.models import Commune
from tdu.trainings.models import TrainingSession


class LinksVersion(models.Model):
    """One row, bumped in the transaction of every change to SessionLink: search caches key on it."""

    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "version des liens session – métier"

    def __str__(self):
        return f"version {self.version}"


class SessionLink(models.Model):
    """One row per (open funded session, ROME code it prepares for): the precomputed half of the matching.

    A row exists only while the session is funded by a region, recruiting and has places left; the
    date condition (starts in the future or within the region's late-entry window) depends on today and is
    applied at query time through `entry_deadline`. Rows are kept right by tdu.matching.links, called by
    signals on sessions, trainings and regions, and by the bulk loaders after they insert.
    """

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="links")
    rome_code = models.CharField(max_length=5)
    # Offers match on this code: the session's ROME code, or its parent once the referentiel is imported.
    match_code = models.CharField(max_length=5)
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    start_date = models.DateField()
    # Last day one may still enter: the start date plus the funding region's late-entry window.
    entry_deadline = models.DateField()
    entry_level = models.PositiveSmallIntegerField()
    places_left = models.PositiveIntegerField()

    class Meta:
        verbose_name = "lien session – métier"
        constraints = [
            models.UniqueConstraint(fields=["session", "rome_code"], name="link_unique_session_rome")
        ]
        indexes = [
            # Covering index of the search: every column read is in the index, in this order.
            models.Index(
                fields=[
                    "commune",
                    "entry_deadline",
                    "entry_level",
                    "match_code",
                    "start_date",
                    "places_left",
                    "session",
                ],
                name="link_search",
            ),
        ]

    def __str__(self):
        return f"{self.session_id} → {self.match_code}"


class CatalogueVersion(models.Model):
    """One row, moved by database triggers (migrations 0003, 0004) in the writing transaction: whatever writes
    (a service, a bulk import, queryset.update(), raw SQL), a cache keyed on it cannot outlive the data it was
    computed from. `offers`: offers and company names; `romes`: ROME codes and job titles; `communes`."""

    offers = models.PositiveBigIntegerField(default=0)
    romes = models.PositiveBigIntegerField(default=0)
    communes = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "version du catalogue"

    def __str__(self):
        return f"offres {self.offers}, codes ROME {self.romes}, communes {self.communes}"
