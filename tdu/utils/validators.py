"""Validators with French messages, shared by models, forms, the API and imports."""

from django.core.exceptions import ValidationError
from stdnum.fr import siret as stdnum_siret


def validate_siret(value: str) -> None:
    """14 digits with a valid Luhn checksum; La Poste's establishments use their own rule (stdnum knows it)."""
    if not value or not value.isdigit() or len(value) != 14:
        raise ValidationError(
            "Le SIRET doit comporter exactement 14 chiffres (reçu : « %(value)s »).",
            code="siret_format",
            params={"value": value},
        )
    if not stdnum_siret.is_valid(value):
        raise ValidationError(
            "Le SIRET « %(value)s » n'est pas valide : sa clé de contrôle est fausse. Vérifiez chaque chiffre.",
            code="siret_checksum",
            params={"value": value},
        )


def normalize_siret(value: str) -> str:
    """Accept '123 456 789 00012' as typed by people."""
    return "".join((value or "").split())


def validate_rome_code(value: str) -> None:
    if not (len(value) == 5 and value[0].isalpha() and value[0].isupper() and value[1:].isdigit()):
        raise ValidationError(
            "Le code ROME « %(value)s » est mal formé : une lettre majuscule suivie de 4 chiffres (ex. H2903).",
            code="rome_format",
            params={"value": value},
        )
