"""Territories (regions, departments, communes), ROME job codes and NAF activity codes."""

from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import connections, models
from django.db.models.expressions import RawSQL

from tdu.references.querysets import LocatedQuerySet
from tdu.utils.text import search_key


class Region(models.Model):
    """An INSEE region; the funder of trainings and the unit of configuration of the service."""

    code = models.CharField("code INSEE", max_length=2, primary_key=True)
    name = models.CharField("nom", max_length=100)
    is_deployed = models.BooleanField(
        "service ouvert",
        default=False,
        help_text="La Région finance des formations proposées sur Trait d'union.",
    )
    late_entry_days = models.PositiveSmallIntegerField(
        "entrée tardive (jours)",
        default=0,
        validators=[MaxValueValidator(120)],
        help_text="Nombre de jours après le début d'une session pendant lesquels on peut encore y entrer.",
    )
    allow_commitment_without_immersion = models.BooleanField(
        "engagement possible sans immersion", default=False
    )
    contact_email = models.EmailField("adresse de contact", blank=True)
    # Automatic imports, every night (tdu.imports).
    lheo_feed_url = models.CharField(
        "flux LHEO du Carif-Oref",
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="Adresse du flux complet de l'offre de formation de la Région (LHEO 2.2 ou 2.3), importé chaque nuit.",
    )
    france_travail_sync = models.BooleanField(
        "importer les offres de France Travail",
        default=False,
        help_text="Chaque nuit, les offres des départements de la Région pour les métiers d'une session financée.",
    )
    import_alert_percent = models.PositiveSmallIntegerField(
        "alerte au-delà de (% de rejets)",
        default=20,
        validators=[MaxValueValidator(100)],
        help_text="L'équipe de la Région reçoit un courriel si un import échoue ou rejette plus que cette part.",
    )
    # Steering (tdu.stats): the objective and the figure to beat.
    hiring_promise_target = models.PositiveIntegerField(
        "objectif de promesses d'embauche",
        default=250,
        validators=[MinValueValidator(1)],
        help_text="Nombre de promesses d'embauche signées visé par la Région (250 pour une première vague).",
    )
    baseline_employment_percent = models.PositiveSmallIntegerField(
        "référence à battre (% en emploi)",
        default=50,
        validators=[MaxValueValidator(100)],
        help_text="Part des personnes en emploi après une formation financée, sans Trait d'union (50 % environ).",
    )

    class Meta:
        verbose_name = "région"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Department(models.Model):
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departments")

    class Meta:
        verbose_name = "département"
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"


class CommuneQuerySet(LocatedQuerySet):
    def search(self, text: str):
        """Communes by postal code, INSEE code or name (accent-, case- and hyphen-insensitive)."""
        text = (text or "").strip()
        if text.isdigit() or (len(text) == 5 and text[:2].upper() in {"2A", "2B"}):
            by_postal_code = models.Q(postal_codes__startswith=text) | models.Q(
                postal_codes__contains=" " + text
            )
            if len(text) == 5:
                return self.filter(by_postal_code | models.Q(code=text.upper()))
            return self.filter(by_postal_code)
        key = search_key(text)
        if not key:
            return self.none()
        if connections[self.db].vendor == "sqlite":
            # SQLite's LIKE ignores case, so it cannot use the index (a full scan of 34 920 rows per keystroke);
            # the keys are lowercase already: the same prefix as a range of the index.
            return self.filter(search_name__gte=key, search_name__lt=key + "\U0010ffff")
        return self.filter(search_name__startswith=key)  # PostgreSQL: the varchar_pattern_ops index


class Commune(models.Model):
    class Kind(models.TextChoices):
        COMMUNE = "COM", "Commune"
        ARRONDISSEMENT = "ARM", "Arrondissement municipal"

    code = models.CharField("code INSEE", max_length=5, unique=True)
    name = models.CharField("nom", max_length=100)
    kind = models.CharField("type", max_length=3, choices=Kind.choices, default=Kind.COMMUNE)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="communes")
    postal_codes = models.CharField(
        "codes postaux", max_length=200, blank=True, help_text="Séparés par des espaces."
    )
    population = models.PositiveIntegerField(default=0)
    latitude = models.FloatField(validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.FloatField(validators=[MinValueValidator(-180), MaxValueValidator(180)])
    search_name = models.CharField(max_length=100, db_index=True, editable=False)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = "commune"
        ordering = ["name", "code"]
        indexes = [models.Index(fields=["latitude", "longitude"], name="commune_lat_lon")]

    def __str__(self):
        return f"{self.name} ({self.department_id})"

    def save(self, *args, **kwargs):
        self.search_name = search_key(self.name)
        super().save(*args, **kwargs)

    @property
    def postal_code_list(self):
        return self.postal_codes.split()

    @property
    def label(self):
        """'Metz (57000)' — what people recognise."""
        codes = self.postal_code_list
        return f"{self.name} ({codes[0]})" if codes else f"{self.name} ({self.department_id})"


class RomeDomain(models.Model):
    """ROME hierarchy: 14 broad domains (one letter) and 110 professional domains (letter + 2 digits)."""

    code = models.CharField(max_length=3, primary_key=True)
    label = models.CharField("libellé", max_length=255)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )

    class Meta:
        verbose_name = "domaine professionnel ROME"
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} — {self.label}"


class JobLabelQuerySet(models.QuerySet):
    """ROME codes and job titles whose search label contains every word: served by a trigram index on both
    databases (migration 0004: pg_trgm's GIN index under PostgreSQL's LIKE; an FTS5 trigram table kept by
    triggers on SQLite, whose LIKE could only scan)."""

    fts_table = ""  # SQLite: the FTS5 table and the column it gives back (the row's primary key)
    fts_key = ""

    def containing(self, terms):
        """`terms`: search keys (tdu.utils.text.search_key), lowercase letters and digits only."""
        found = self
        terms = sorted(set(terms), key=len, reverse=True)
        if terms and len(terms[0]) >= 3 and connections[self.db].vendor == "sqlite":
            # The index finds the rows holding the longest word (three letters at least: a trigram), the others
            # filter those. One LIKE per query of the FTS5 table: SQLite 3.40 crashed the process on several, one
            # of them shorter than a trigram ('<script>alert(1)</script>').
            found = found.filter(
                pk__in=RawSQL(
                    f"SELECT {self.fts_key} FROM {self.fts_table} WHERE search_label LIKE %s",
                    [f"%{terms[0]}%"],
                )
            )
            terms = terms[1:]
        for term in terms:
            found = found.filter(search_label__contains=term)
        return found


class RomeCodeQuerySet(JobLabelQuerySet):
    fts_table, fts_key = "references_romecode_fts", "code"


class RomeAppellationQuerySet(JobLabelQuerySet):
    fts_table, fts_key = "references_romeappellation_fts", "rowid"


class RomeCode(models.Model):
    code = models.CharField(max_length=5, primary_key=True)
    label = models.CharField("libellé", max_length=255)
    parent_code = models.CharField(
        "code ROME parent",
        max_length=5,
        blank=True,
        db_index=True,
        help_text="Code historique (ROME v3) auquel ce code se rattache ; rempli par l'import du référentiel.",
    )
    domain = models.ForeignKey(
        RomeDomain, null=True, blank=True, on_delete=models.SET_NULL, related_name="codes"
    )
    search_label = models.CharField(max_length=255, editable=False, default="")

    objects = RomeCodeQuerySet.as_manager()

    class Meta:
        verbose_name = "code ROME"
        verbose_name_plural = "codes ROME"
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} — {self.label}"

    def save(self, *args, **kwargs):
        self.search_label = search_key(self.label)
        super().save(*args, **kwargs)


class RomeAppellation(models.Model):
    """A job title as people say it ('Soudeur / Soudeuse TIG'), attached to one ROME code."""

    ogr_code = models.PositiveIntegerField("code OGR", primary_key=True)
    label = models.CharField("libellé", max_length=255)
    short_label = models.CharField("libellé court", max_length=255, blank=True)
    rome = models.ForeignKey(RomeCode, on_delete=models.CASCADE, related_name="appellations")
    search_label = models.CharField(max_length=255, editable=False, default="")

    objects = RomeAppellationQuerySet.as_manager()

    class Meta:
        verbose_name = "appellation ROME"
        ordering = ["label"]

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        self.search_label = search_key(self.label)
        super().save(*args, **kwargs)


class NafCode(models.Model):
    code = models.CharField(max_length=6, primary_key=True)
    label = models.CharField("libellé", max_length=255)
    division = models.CharField(max_length=2)
    division_label = models.CharField("libellé de la division", max_length=255)
    section = models.CharField(max_length=1)
    section_label = models.CharField("libellé de la section", max_length=255)

    class Meta:
        verbose_name = "code NAF"
        verbose_name_plural = "codes NAF"
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} — {self.label}"


class EmploymentArea(models.Model):
    """A « bassin d'emploi »: a group of communes a region defines to read its figures (e.g. bassin de Metz)."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="employment_areas")
    name = models.CharField("nom", max_length=100)
    communes = models.ManyToManyField(Commune, verbose_name="communes", related_name="employment_areas")

    class Meta:
        verbose_name = "bassin d'emploi"
        verbose_name_plural = "bassins d'emploi"
        ordering = ["region", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"],
                name="one_employment_area_name_per_region",
                violation_error_message="La Région a déjà un bassin d'emploi de ce nom.",
            )
        ]

    def __str__(self):
        return f"Bassin {self.name}" if not self.name.lower().startswith("bassin") else self.name
