"""Import of job offers from a CSV file (one offer per line), all or nothing."""

from django import forms
from django.db import transaction
from django.utils import timezone

from tdu.companies.models import Company
from tdu.offers.enums import OfferSource, OfferStatus
from tdu.offers.models import JobOffer, contract_error
from tdu.references.models import Commune, RomeCode
from tdu.utils.csv_import import ImportResult, read_csv_lines, validate_lines
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

    def __init__(self, *args, communes, rome_codes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].communes = communes
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


def import_offers(path) -> ImportResult:
    lines = read_csv_lines(path, COLUMNS)
    communes = dict(Commune.objects.values_list("code", "id"))
    rome_codes = set(RomeCode.objects.values_list("code", flat=True))
    valid = validate_lines(lines, OfferLineForm, communes=communes, rome_codes=rome_codes)
    coordinates = {
        pk: (lat, lon)
        for pk, lat, lon in Commune.objects.filter(id__in={v.data["commune"] for v in valid}).values_list(
            "id", "latitude", "longitude"
        )
    }
    result = ImportResult()
    with transaction.atomic():
        companies = {}
        for line in valid:
            d = line.data
            if d["siret_entreprise"] not in companies:
                companies[d["siret_entreprise"]], _ = Company.objects.get_or_create(
                    siret=d["siret_entreprise"],
                    defaults={"name": d["nom_entreprise"], "commune_id": d["commune"]},
                )
            lat, lon = coordinates[d["commune"]]
            values = {
                "company": companies[d["siret_entreprise"]],
                "title": d["intitule"],
                "rome_id": d["code_rome"],
                "commune_id": d["commune"],
                "latitude": lat,
                "longitude": lon,
                "contract_type": d["type_contrat"],
                "contract_duration_months": d["duree_mois"],
                "positions": d["postes"] or 1,
                "description": d["description"],
                "status": OfferStatus.PUBLISHED,
            }
            _, created = JobOffer.objects.update_or_create(
                source=OfferSource.IMPORT,
                external_id=d["identifiant"],
                defaults=values,
                create_defaults={**values, "published_at": timezone.now()},
            )
            if created:
                result.created += 1
            else:
                result.updated += 1
    return result
