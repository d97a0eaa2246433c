from django.db import models
from django.urls import reverse

from tdu.references.models import Commune, NafCode
from tdu.utils.validators import validate_siret


class Company(models.Model):
    # France Travail publishes no SIRET: an imported offer's company may have none until it registers.
    siret = models.CharField(
        "SIRET",
        max_length=14,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_siret],
        error_messages={"unique": "Une entreprise avec ce SIRET existe déjà."},
    )
    france_travail_id = models.CharField(
        "identifiant France Travail",
        max_length=64,
        blank=True,
        db_index=True,
        help_text="Nom tel que publié.",
    )
    name = models.CharField("raison sociale ou enseigne", max_length=255)
    naf = models.ForeignKey(
        NafCode, verbose_name="code NAF", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField("adresse", max_length=255, blank=True)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+")
    description = models.TextField("présentation", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "entreprise"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalogue:company", args=[self.siret]) if self.siret else ""

    @property
    def siren(self):
        return (self.siret or "")[:9]

    @property
    def has_account(self):
        """Registered on Trait d'union: someone answers for it (an imported company may have no one yet)."""
        return self.memberships.exists()
