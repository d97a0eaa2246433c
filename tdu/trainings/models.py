from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from tdu.references.enums import EducationLevel
from tdu.references.models import Commune, Region, RomeCode
from tdu.references.querysets import LocatedQuerySet
from tdu.utils.validators import validate_siret


class TrainingOrganisation(models.Model):
    siret = models.CharField(
        "SIRET",
        max_length=14,
        unique=True,
        validators=[validate_siret],
        error_messages={"unique": "Un organisme de formation avec ce SIRET existe déjà."},
    )
    name = models.CharField("nom", max_length=255)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+")
    address = models.CharField("adresse", max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "organisme de formation"
        verbose_name_plural = "organismes de formation"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Training(models.Model):
    organisation = models.ForeignKey(
        TrainingOrganisation, verbose_name="organisme", on_delete=models.CASCADE, related_name="trainings"
    )
    title = models.CharField("intitulé", max_length=255)
    certification_code = models.CharField(
        "code de la certification", max_length=20, blank=True, help_text="Par exemple RNCP35474 ou RS5630."
    )
    rome_codes = models.ManyToManyField(
        RomeCode, verbose_name="métiers préparés (codes ROME)", related_name="trainings"
    )
    entry_level = models.PositiveSmallIntegerField(
        "niveau d'entrée", choices=EducationLevel.choices, default=EducationLevel.NONE
    )
    exit_level = models.PositiveSmallIntegerField(
        "niveau de sortie", choices=EducationLevel.choices, default=EducationLevel.CAP_BEP
    )
    certif_info_code = models.CharField("code Certif Info", max_length=10, blank=True)
    formacodes = models.JSONField("codes Formacode", default=list, blank=True)
    description = models.TextField(
        "objectifs et contenu", blank=True, max_length=10_000, validators=[MaxLengthValidator(10_000)]
    )
    external_id = models.CharField("identifiant externe", max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = "formation"
        ordering = ["title"]

    def __str__(self):
        return self.title

    def clean(self):
        if not isinstance(self.formacodes, list) or not all(str(c).isdigit() for c in self.formacodes):
            raise ValidationError(
                {"formacodes": "Les codes Formacode sont une liste de nombres, ex. [22454]."}
            )


class TrainingSessionQuerySet(LocatedQuerySet):
    def funded(self):
        """Funded by a region that confirmed it: what a training organisation declares alone does not count."""
        return self.filter(funding_region__isnull=False).exclude(funding_confirmation="")

    def funding_to_confirm(self):
        return self.filter(funding_region__isnull=False, funding_confirmation="")

    def with_places_left(self):
        return self.filter(funded_places__gt=F("enrolled_count"))

    def open_for_entry(self, today):
        """Funded, recruiting, places left, and still enterable today: the sessions the search counts.

        Read from the search's precomputed links (tdu.matching), so that every page agrees with the search.
        """
        return self.filter(links__entry_deadline__gte=today).distinct()


class SessionSource(models.TextChoices):
    PLATFORM = "platform", "Saisie sur Trait d'union"
    CSV = "csv", "Import CSV"
    LHEO = "lheo", "Flux LHEO (Carif-Oref)"
    API = "api", "API d'un partenaire"


class FundingConfirmation(models.TextChoices):
    """Who confirmed that the region funds the session: until one does, the session links no offer."""

    NONE = "", "Financement à confirmer"
    FEED = "feed", "Flux ou fichier de la Région"
    STAFF = "staff", "Équipe de la Région"
    TOKEN = "token", "API de la Région"


class RecruitmentState(models.TextChoices):
    """LHEO `etat-recrutement`."""

    OPEN = "open", "Ouvert"
    CLOSED = "closed", "Fermé"
    SUSPENDED = "suspended", "Suspendu"


class TrainingSession(models.Model):
    training = models.ForeignKey(
        Training, verbose_name="formation", on_delete=models.CASCADE, related_name="sessions"
    )
    commune = models.ForeignKey(
        Commune, verbose_name="commune du lieu de formation", on_delete=models.PROTECT
    )
    latitude = models.FloatField(blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.FloatField(blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)])
    address = models.CharField("adresse", max_length=255, blank=True)
    start_date = models.DateField("date de début")
    end_date = models.DateField("date de fin")
    funding_region = models.ForeignKey(
        Region,
        verbose_name="région qui finance",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funded_sessions",
    )
    funded_places = models.PositiveIntegerField("places financées", default=0)
    funding_confirmation = models.CharField(
        "financement confirmé par",
        max_length=5,
        choices=FundingConfirmation.choices,
        blank=True,
        default=FundingConfirmation.NONE,
    )
    funding_confirmed_at = models.DateTimeField("financement confirmé le", null=True, blank=True)
    funding_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="financement confirmé par (personne)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    enrolled_count = models.PositiveIntegerField("places occupées", default=0)
    recruitment_open = models.BooleanField("recrutement ouvert", default=True)
    recruitment_state = models.CharField(
        "état du recrutement", max_length=10, choices=RecruitmentState.choices, default=RecruitmentState.OPEN
    )
    permanent_entry = models.BooleanField("entrées et sorties permanentes", default=False)
    registration_start = models.DateField("inscriptions à partir du", null=True, blank=True)
    registration_end = models.DateField("inscriptions jusqu'au", null=True, blank=True)
    price_total = models.DecimalField(
        "prix total TTC (€)", max_digits=10, decimal_places=2, null=True, blank=True
    )
    price_hourly = models.DecimalField(
        "prix horaire TTC (€)", max_digits=8, decimal_places=2, null=True, blank=True
    )
    source = models.CharField(max_length=10, choices=SessionSource.choices, default=SessionSource.PLATFORM)
    closed_at = models.DateTimeField(
        "fermée le",
        null=True,
        blank=True,
        help_text="Disparue du flux de la Région : fermée, jamais supprimée.",
    )
    external_id = models.CharField("identifiant externe", max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        verbose_name = "session de formation"
        verbose_name_plural = "sessions de formation"
        ordering = ["start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="session_ends_after_start",
                violation_error_message="La session se termine avant de commencer.",
            ),
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~Q(external_id=""),
                name="session_unique_external_id",
                violation_error_message="Une session avec cet identifiant externe existe déjà.",
            ),
            models.CheckConstraint(
                condition=Q(enrolled_count__lte=F("funded_places")) | Q(funding_region__isnull=True),
                name="session_enrolments_within_funded_places",
                violation_error_message="Il y a plus d'inscrits que de places financées.",
            ),
        ]
        indexes = [models.Index(fields=["latitude", "longitude"], name="session_lat_lon")]

    def __str__(self):
        return f"{self.training} — {self.commune.name}, du {self.start_date:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        if self.commune_id and (self.latitude is None or self.longitude is None):
            self.latitude, self.longitude = self.commune.latitude, self.commune.longitude
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("catalogue:session", args=[self.pk])

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = (
                f"La session se termine ({self.end_date:%d/%m/%Y}) avant de commencer ({self.start_date:%d/%m/%Y})."
            )
        if self.funding_region_id and self.enrolled_count > self.funded_places:
            errors["funded_places"] = "Il y a plus d'inscrits que de places financées."
        if errors:
            raise ValidationError(errors)

    @property
    def funding_confirmed(self):
        return bool(self.funding_region_id and self.funding_confirmation)

    @property
    def funding_to_confirm(self):
        """Declared funded by the organisation, not yet confirmed by the region: shown « financement à confirmer »."""
        return bool(self.funding_region_id and not self.funding_confirmation)

    @property
    def places_left(self):
        return max(0, self.funded_places - self.enrolled_count)

    @property
    def duration_days(self):
        return (self.end_date - self.start_date).days + 1


class SessionFunding(models.Model):
    """One funder of a session and the places it pays for (LHEO `organisme-financeur`)."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="fundings")
    funder_code = models.CharField("code financeur (LHEO)", max_length=3)
    places = models.PositiveIntegerField("places financées", null=True, blank=True)

    class Meta:
        verbose_name = "financement"
        constraints = [
            models.UniqueConstraint(fields=["session", "funder_code"], name="one_funding_per_funder")
        ]

    def __str__(self):
        return f"Financeur {self.funder_code} : {self.places or 0} place(s)"


class InternshipPeriod(models.Model):
    """A period of the session spent in a company (période en entreprise)."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="internship_periods")
    start_date = models.DateField("début")
    end_date = models.DateField("fin")
    label = models.CharField("libellé", max_length=255, blank=True)

    class Meta:
        verbose_name = "période en entreprise"
        verbose_name_plural = "périodes en entreprise"
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="internship_ends_after_start",
                violation_error_message="La période en entreprise se termine avant de commencer.",
            )
        ]

    def __str__(self):
        return f"Du {self.start_date:%d/%m/%Y} au {self.end_date:%d/%m/%Y}"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "La période en entreprise se termine avant de commencer."})
        session = self.session if self.session_id else None
        if (
            session
            and self.start_date
            and self.end_date
            and (self.start_date < session.start_date or self.end_date > session.end_date)
        ):
            raise ValidationError("La période en entreprise doit se situer pendant la session.")
