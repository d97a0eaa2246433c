from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from tdu.companies.models import Company
from tdu.offers.enums import MIN_CDD_MONTHS, ContractType, OfferSource, OfferStatus
from tdu.references.models import Commune, RomeCode
from tdu.references.querysets import LocatedQuerySet


class JobOfferQuerySet(LocatedQuerySet):
    def visible(self, today=None):
        """Published and not expired: what job seekers may see."""
        today = today or timezone.localdate()
        return self.filter(status=OfferStatus.PUBLISHED).filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=today)
        )


def contract_error(contract_type, duration_months):
    """French message explaining why a contract is not eligible, or None."""
    if contract_type not in ContractType.values:
        return (
            f"Type de contrat « {contract_type} » non accepté : seuls les CDI et les CDD d'au moins "
            f"{MIN_CDD_MONTHS} mois ouvrent droit à Trait d'union."
        )
    if contract_type == ContractType.CDD:
        if duration_months is None:
            return "Indiquez la durée du CDD en mois."
        if duration_months < MIN_CDD_MONTHS:
            return (
                f"Un CDD de {duration_months} mois n'est pas éligible : Trait d'union demande un CDI "
                f"ou un CDD d'au moins {MIN_CDD_MONTHS} mois."
            )
    if contract_type == ContractType.CDI and duration_months is not None:
        return "Un CDI n'a pas de durée : laissez ce champ vide."
    return None


class JobOffer(models.Model):
    company = models.ForeignKey(
        Company, verbose_name="entreprise", on_delete=models.CASCADE, related_name="offers"
    )
    title = models.CharField("intitulé du poste", max_length=255)
    rome = models.ForeignKey(
        RomeCode,
        verbose_name="code ROME",
        on_delete=models.PROTECT,
        related_name="+",
        error_messages={"blank": "Choisissez le métier (code ROME) : il relie l'offre aux formations."},
    )
    # No index of its own: the search's covering index offer_search starts with the commune.
    commune = models.ForeignKey(
        Commune, verbose_name="commune du lieu de travail", on_delete=models.PROTECT, db_index=False
    )
    latitude = models.FloatField(
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text="Vide : celle de la commune.",
    )
    longitude = models.FloatField(blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)])
    address = models.CharField("adresse du lieu de travail", max_length=255, blank=True)
    description = models.TextField(
        "description du poste", blank=True, max_length=10_000, validators=[MaxLengthValidator(10_000)]
    )
    contract_type = models.CharField("type de contrat", max_length=3, choices=ContractType.choices)
    contract_duration_months = models.PositiveSmallIntegerField(
        "durée du CDD (mois)", null=True, blank=True, help_text=f"CDD : au moins {MIN_CDD_MONTHS} mois."
    )
    positions = models.PositiveSmallIntegerField(
        "nombre de postes", default=1, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    immersion_possible = models.BooleanField("immersion possible", default=True)
    immersion_from = models.DateField("immersion possible à partir du", null=True, blank=True)
    immersion_until = models.DateField("immersion possible jusqu'au", null=True, blank=True)
    status = models.CharField("statut", max_length=10, choices=OfferStatus.choices, default=OfferStatus.DRAFT)
    published_at = models.DateTimeField("publiée le", null=True, blank=True)
    expires_on = models.DateField("expire le", null=True, blank=True)
    source = models.CharField(max_length=10, choices=OfferSource.choices, default=OfferSource.PLATFORM)
    external_id = models.CharField("identifiant externe", max_length=64, blank=True)
    # What an imported offer says about itself (France Travail), shown on its page.
    salary_text = models.CharField("salaire", max_length=255, blank=True)
    working_hours_text = models.CharField("durée du travail", max_length=255, blank=True)
    experience_text = models.CharField("expérience", max_length=255, blank=True)
    naf_code = models.CharField("code NAF", max_length=6, blank=True)
    # A CharField with a URL validator: the model URLField's form field warns about its default scheme.
    application_url = models.CharField(
        "adresse pour postuler",
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
    )
    contact_name = models.CharField("contact", max_length=255, blank=True)
    contact_email = models.EmailField("adresse du contact", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = JobOfferQuerySet.as_manager()

    class Meta:
        verbose_name = "offre d'emploi"
        verbose_name_plural = "offres d'emploi"
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(contract_type=ContractType.CDI, contract_duration_months__isnull=True)
                | Q(contract_type=ContractType.CDD, contract_duration_months__gte=MIN_CDD_MONTHS),
                name="offer_eligible_contract",
                violation_error_message=(
                    f"Seuls les CDI et les CDD d'au moins {MIN_CDD_MONTHS} mois sont éligibles à Trait d'union."
                ),
            ),
            models.CheckConstraint(condition=Q(positions__gte=1), name="offer_positions_positive"),
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~Q(external_id=""),
                name="offer_unique_external_id",
                violation_error_message="Une offre avec cet identifiant externe existe déjà.",
            ),
        ]
        indexes = [
            models.Index(fields=["latitude", "longitude"], name="offer_lat_lon"),
            # The offers page: the latest published first.
            models.Index(fields=["status", "-published_at"], name="offer_status_published"),
            # Covering index of the search (tdu.matching.search): published offers by commune.
            models.Index(
                fields=["commune", "rome", "expires_on", "contract_type", "id"],
                condition=Q(status=OfferStatus.PUBLISHED),
                name="offer_search",
            ),
        ]

    def __str__(self):
        return f"{self.title} — {self.company}"

    def save(self, *args, **kwargs):
        # The place defaults to the commune's coordinates (distances are computed between communes).
        if self.commune_id and (self.latitude is None or self.longitude is None):
            self.latitude, self.longitude = self.commune.latitude, self.commune.longitude
        if self.status == OfferStatus.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("catalogue:offer", args=[self.pk])

    def clean(self):
        errors = {}
        message = contract_error(self.contract_type, self.contract_duration_months)
        if message:
            field = (
                "contract_type"
                if self.contract_type not in ContractType.values
                else "contract_duration_months"
            )
            errors[field] = message
        if self.immersion_from and self.immersion_until and self.immersion_until < self.immersion_from:
            errors["immersion_until"] = "La période d'immersion se termine avant de commencer."
        if errors:
            raise ValidationError(errors)

    @property
    def contract_label(self):
        if self.contract_type == ContractType.CDD:
            return f"CDD de {self.contract_duration_months} mois"
        return self.get_contract_type_display()

    @property
    def is_visible(self):
        today = timezone.localdate()
        return self.status == OfferStatus.PUBLISHED and (self.expires_on is None or self.expires_on >= today)
