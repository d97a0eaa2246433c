"""The form that checks one line of an offers CSV file (the import itself: tdu.imports.csv_files)."""

from django import forms

from tdu.offers.models import contract_error
from tdu.utils.import_fields import CommuneCodeField, RomeCodeField, SiretField

COLUMNS = {
    "siret_entreprise",
    "nom_entreprise",
    "commune",
    "intitule",
    "code_rome",
    "type_contrat",
    "identifiant",
}


class OfferLineForm(forms.Form):
    siret_entreprise = SiretField()
    nom_entreprise = forms.CharField(
        max_length=255, error_messages={"required": "Nom de l'entreprise manquant."}
    )
    commune = CommuneCodeField()
    intitule = forms.CharField(max_length=255, error_messages={"required": "Intitulé du poste manquant."})
    code_rome = RomeCodeField()
    type_contrat = forms.CharField(error_messages={"required": "Type de contrat manquant (CDI ou CDD)."})
    duree_mois = forms.IntegerField(required=False, min_value=1, max_value=120)
    postes = forms.IntegerField(required=False, min_value=1, max_value=500)
    description = forms.CharField(required=False)
    identifiant = forms.CharField(
        max_length=64, error_messages={"required": "Identifiant de l'offre manquant."}
    )

    def __init__(self, *args, communes, postcodes, rome_codes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].communes = communes
        self.fields["commune"].postcodes = postcodes
        self.fields["code_rome"].known = rome_codes

    def clean_type_contrat(self):
        return self.cleaned_data["type_contrat"].lower()

    def clean(self):
        data = super().clean()
        if "type_contrat" in data and "duree_mois" in data:
            if data["type_contrat"] == "cdi" and data["duree_mois"] is not None:
                data["duree_mois"] = None
            message = contract_error(data["type_contrat"], data["duree_mois"])
            if message:
                self.add_error("type_contrat", message)
        return data
