"""Import of funded training sessions from a CSV file (one session per line), all or nothing."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction

from tdu.references.enums import EducationLevel
from tdu.references.models import Commune, Region, RomeCode
from tdu.trainings.models import Training, TrainingOrganisation, TrainingSession
from tdu.utils.csv_import import ImportResult, read_csv_lines, validate_lines
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

    def __init__(self, *args, communes, rome_codes, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].communes = communes
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
        return code or None

    def clean(self):
        data = super().clean()
        start, end = data.get("date_debut"), data.get("date_fin")
        if start and end and end < start:
            self.add_error(
                "date_fin", f"La session se termine ({end:%d/%m/%Y}) avant de commencer ({start:%d/%m/%Y})."
            )
        return data


def import_sessions(path) -> ImportResult:
    lines = read_csv_lines(path, COLUMNS)
    valid = validate_lines(
        lines,
        SessionLineForm,
        communes=dict(Commune.objects.values_list("code", "id")),
        rome_codes=set(RomeCode.objects.values_list("code", flat=True)),
        regions=set(Region.objects.values_list("code", flat=True)),
    )
    coordinates = {
        pk: (lat, lon)
        for pk, lat, lon in Commune.objects.filter(id__in={v.data["commune"] for v in valid}).values_list(
            "id", "latitude", "longitude"
        )
    }
    result = ImportResult()
    with transaction.atomic():
        for line in valid:
            d = line.data
            organisation, _ = TrainingOrganisation.objects.get_or_create(
                siret=d["siret_organisme"], defaults={"name": d["nom_organisme"], "commune_id": d["commune"]}
            )
            training, _ = Training.objects.update_or_create(
                organisation=organisation,
                title=d["intitule_formation"],
                defaults={
                    "certification_code": d["certification"],
                    "entry_level": d["niveau_entree"],
                    "exit_level": d["niveau_sortie"],
                },
            )
            training.rome_codes.set(d["codes_rome"])
            lat, lon = coordinates[d["commune"]]
            _, created = TrainingSession.objects.update_or_create(
                external_id=d["identifiant"],
                defaults={
                    "training": training,
                    "commune_id": d["commune"],
                    "latitude": lat,
                    "longitude": lon,
                    "start_date": d["date_debut"],
                    "end_date": d["date_fin"],
                    "funded_places": d["places_financees"],
                    "funding_region_id": d["region_financeuse"],
                    "recruitment_open": d["recrutement_ouvert"],
                },
            )
            if created:
                result.created += 1
            else:
                result.updated += 1
    return result
