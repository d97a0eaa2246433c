"""The measure's stores: one record per candidature kept by the transitions, snapshots refreshed by a job.

`PathRecord` is the candidature's path reduced to what the figures need (where, which job, which session, the
date each step was first reached, the outcome at 6 and 12 months). It is rewritten after the commit of every
transition and follow-up answer (tdu.stats.signals) and reconciled by the job. `Snapshot` holds the figures of
the main scopes (the country, each region) computed by the job, so that those pages read one row;
`OfferCount` the offers linked to a funded session by territory and job, which the pages cannot compute on the
fly.
"""

from django.db import models

from tdu.candidatures.models import Candidature
from tdu.companies.models import Company
from tdu.offers.models import JobOffer
from tdu.references.models import Commune, Department, Region
from tdu.trainings.models import TrainingOrganisation, TrainingSession


class Employment(models.TextChoices):
    """Where a person stands at a follow-up milestone (6 or 12 months), from the answers received."""

    LASTING_SAME = "lasting_same", "En emploi durable, même employeur"
    LASTING_OTHER = "lasting_other", "En emploi durable, autre employeur"
    SHORT = "short", "En emploi non durable"
    NONE = "none", "Sans emploi"
    LEFT = "left", "A quitté l'entreprise (suite inconnue)"
    UNKNOWN = "unknown", "Inconnu (sans réponse)"


LASTING = (Employment.LASTING_SAME, Employment.LASTING_OTHER)


class PathRecord(models.Model):
    candidature = models.OneToOneField(
        Candidature, primary_key=True, on_delete=models.CASCADE, related_name="record"
    )
    # Where and what: the offer's place and job, the session named by the commitment or the enrolment.
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+")
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="+")
    rome_code = models.CharField(max_length=5)
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    offer = models.ForeignKey(JobOffer, on_delete=models.CASCADE, related_name="+")
    training_organisation = models.ForeignKey(
        TrainingOrganisation, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    session = models.ForeignKey(TrainingSession, null=True, on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(max_length=30)
    # The day each step was first reached (None: not reached). met_on and hired_on may lie ahead.
    applied_on = models.DateField()
    met_on = models.DateField(null=True)
    convention_signed_on = models.DateField(null=True)
    immersion_validated_on = models.DateField(null=True)
    immersion_done_on = models.DateField(null=True)
    committed_on = models.DateField(null=True)
    enrolled_on = models.DateField(null=True)
    entered_on = models.DateField(null=True)
    completed_on = models.DateField(null=True)
    certified = models.BooleanField(null=True)
    hired_on = models.DateField(null=True, help_text="Début du contrat.")
    # The end of the training, completed or cut short after entry; its quarter is the cohort (2025 T3 → 20253).
    training_ended_on = models.DateField(null=True)
    cohort = models.PositiveIntegerField(default=0)
    place_cost = models.DecimalField(max_digits=10, decimal_places=2, null=True)
    exit = models.CharField(max_length=30, blank=True, help_text="L'état de sortie du parcours.")
    exit_reason = models.CharField(max_length=30, blank=True)
    exited_on = models.DateField(null=True)
    # Outcome of the people who completed their training, at their 6- and 12-month dates.
    due_6 = models.DateField(null=True)
    employment_6 = models.CharField(max_length=15, choices=Employment.choices, blank=True)
    due_12 = models.DateField(null=True)
    employment_12 = models.CharField(max_length=15, choices=Employment.choices, blank=True)
    version = models.PositiveIntegerField(default=0, help_text="Version de la candidature relue.")
    refreshed_at = models.DateTimeField()

    class Meta:
        verbose_name = "parcours (mesure)"
        verbose_name_plural = "parcours (mesure)"
        indexes = [
            models.Index(fields=["region", "applied_on"], name="record_region_applied"),
            models.Index(fields=["region", "committed_on"], name="record_region_committed"),
            models.Index(fields=["region", "cohort"], name="record_region_cohort"),
            models.Index(fields=["company", "applied_on"], name="record_company"),
            models.Index(fields=["training_organisation", "session"], name="record_organisation"),
            models.Index(fields=["department", "applied_on"], name="record_department"),
        ]

    def __str__(self):
        return f"Parcours de la candidature {self.candidature_id}"


class Snapshot(models.Model):
    """The figures of one scope (« FR » for the country, else a region's code) as of `computed_at`."""

    scope = models.CharField(max_length=3, unique=True)
    computed_at = models.DateTimeField()
    as_of = models.DateField(help_text="Date de référence des indicateurs.")
    seconds = models.FloatField(default=0)
    figures = models.JSONField()
    # The same figures with statistical secrecy applied, small: what /stats/ and the API read.
    published = models.JSONField(default=dict)

    class Meta:
        verbose_name = "instantané des indicateurs"
        verbose_name_plural = "instantanés des indicateurs"

    def __str__(self):
        return f"Indicateurs {self.scope} au {self.computed_at:%d/%m/%Y %H:%M}"


class SnapshotPage(models.Model):
    """One page of a snapshot's long tables (by session, by organisation): a page view reads 20 rows, not all."""

    scope = models.CharField(max_length=3)
    table = models.CharField(max_length=20)
    number = models.PositiveIntegerField()
    rows = models.JSONField()

    class Meta:
        verbose_name = "page d'un tableau d'indicateurs"
        constraints = [
            models.UniqueConstraint(fields=["scope", "table", "number"], name="one_snapshot_page_each")
        ]

    def __str__(self):
        return f"{self.scope} {self.table} p. {self.number}"


class OfferCount(models.Model):
    """Published offers linked to at least one open funded session, by commune and ROME code (job)."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+")
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="+")
    rome_code = models.CharField(max_length=5)
    offers = models.PositiveIntegerField()

    class Meta:
        verbose_name = "offres liées (comptage)"
        indexes = [models.Index(fields=["region", "department"], name="offer_count_region")]

    def __str__(self):
        return f"{self.offers} offre(s) {self.rome_code} à {self.commune_id}"
