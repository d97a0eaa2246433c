"""Form fields shared by CSV imports: French messages, reference lookups done once per file."""

import datetime

from django import forms
from django.core.exceptions import ValidationError

from tdu.utils.validators import normalize_siret, validate_rome_code, validate_siret


class SiretField(forms.CharField):
    default_error_messages = {"required": "SIRET manquant."}

    def clean(self, value):
        value = normalize_siret(super().clean(value))
        validate_siret(value)
        return value


class CommuneCodeField(forms.CharField):
    """An INSEE commune code, turned into the commune's id using a {code: id} dict given by the form; a postcode
    typed instead (57000 for Metz) is recognised with {postcode: names} and refused as such."""

    default_error_messages = {"required": "Code INSEE de la commune manquant."}

    def __init__(self, *args, **kwargs):
        self.communes = {}
        self.postcodes = {}
        super().__init__(*args, **kwargs)

    def clean(self, value):
        code = super().clean(value).upper()
        if code in self.communes:
            return self.communes[code]
        if code in self.postcodes:
            raise ValidationError(
                f"« {code} » n'est pas un code INSEE : ceci ressemble à un code postal ({self.postcodes[code]}). "
                "Indiquez le code INSEE de la commune."
            )
        raise ValidationError(f"Commune inconnue : aucun code INSEE « {code} » (ex. 57463 pour Metz).")


class RomeCodeField(forms.CharField):
    default_error_messages = {"required": "Code ROME manquant : il relie l'offre aux formations."}

    def __init__(self, *args, **kwargs):
        self.known = set()
        super().__init__(*args, **kwargs)

    def clean(self, value):
        code = super().clean(value).upper()
        validate_rome_code(code)
        if code not in self.known:
            raise ValidationError(f"Code ROME inconnu : « {code} ».")
        return code


class FrenchDateField(forms.DateField):
    """Accepts 2026-03-01 and 01/03/2026."""

    input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
    default_error_messages = {
        "invalid": "Date invalide : écrivez-la AAAA-MM-JJ ou JJ/MM/AAAA.",
        "required": "Date manquante.",
    }

    def to_python(self, value):
        if isinstance(value, datetime.date):
            return value
        return super().to_python(value)


class YesNoField(forms.CharField):
    def clean(self, value):
        value = (value or "").strip().lower()
        if value in {"", "oui", "o", "1", "true", "vrai"}:
            return True
        if value in {"non", "n", "0", "false", "faux"}:
            return False
        raise ValidationError(f"Répondez « oui » ou « non » (reçu : « {value} »).")
