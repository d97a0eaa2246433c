"""The form that checks one line of a sessions CSV file (the import itself: tdu.imports.csv_files)."""

from django import forms
from django.core.exceptions import ValidationError

from tdu.references.enums import EducationLevel
from tdu.utils.import_fields import CommuneCodeField, FrenchDateField, SiretField, YesNoField
from tdu.utils.validators import validate_rome_code

COLUMNS = {
    "siret_organisme",
    "nom_organisme",
    "intitule_formation",
    "codes_rome",
    "commune",
    "date_debut",
    "date_fin",
    "places_financees",
    "region_financeuse",
    "identifiant",
}


class SessionLineForm(forms.Form):
    siret_organisme = SiretField()
    nom_organisme = forms.CharField(
        max_length=255, error_messages={"required": "Nom de l'organisme manquant."}
    )
    intitule_formation = forms.CharField(max_length=255, error_messages={"required": "Intitulé manquant."})
    certification = forms.CharField(max_length=20, required=False)
    codes_rome = forms.CharField(error_messages={"required": "Au moins un code ROME est nécessaire."})
    niveau_entree = forms.TypedChoiceField(
        choices=EducationLevel.choices, coerce=int, required=False, empty_value=0
    )
    niveau_sortie = forms.TypedChoiceField(
        choices=EducationLevel.choices, coerce=int, required=False, empty_value=3
    )
    commune = CommuneCodeField()
    date_debut = FrenchDateField()
    date_fin = FrenchDateField()
    places_financees = forms.IntegerField(min_value=0, max_value=1000)
    region_financeuse = forms.CharField(required=False)
    recrutement_ouvert = YesNoField(required=False)
    identifiant = forms.CharField(
        max_length=64, error_messages={"required": "Identifiant de la session manquant."}
    )

    def __init__(self, *args, communes, postcodes, rome_codes, regions, **kwargs):
        """`regions`: {code: is deployed}."""
        super().__init__(*args, **kwargs)
        self.fields["commune"].communes = communes
        self.fields["commune"].postcodes = postcodes
        self.rome_codes = rome_codes
        self.regions = regions

    def clean_codes_rome(self):
        codes = self.cleaned_data["codes_rome"].replace(",", " ").upper().split()
        for code in codes:
            validate_rome_code(code)
            if code not in self.rome_codes:
                raise ValidationError(f"Code ROME inconnu : « {code} ».")
        return codes

    def clean_region_financeuse(self):
        code = self.cleaned_data["region_financeuse"]
        if code and code not in self.regions:
            raise ValidationError(f"Région inconnue : code INSEE « {code} » (ex. 44 pour le Grand Est).")
        if code and not self.regions[code]:
            raise ValidationError(
                f"La Région « {code} » n'est pas ouverte sur Trait d'union : ses sessions ne peuvent pas être "
                "déclarées financées."
            )
        return code or None

    def clean(self):
        data = super().clean()
        start, end = data.get("date_debut"), data.get("date_fin")
        if start and end and end < start:
            self.add_error(
                "date_fin", f"La session se termine ({end:%d/%m/%Y}) avant de commencer ({start:%d/%m/%Y})."
            )
        return data
