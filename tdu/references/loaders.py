"""Load the reference files shipped in data/references/ into the database, idempotently.

Each loader compares the file with the table and writes only what differs, so a second run changes nothing.
"""

import csv
import gzip
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from tdu.references.models import Commune, Department, NafCode, Region, RomeCode
from tdu.utils.text import search_key

REFERENCE_DIR = Path(settings.BASE_DIR) / "data" / "references"
# Regions where the service is open when references are first loaded; later changes are made in the admin.
INITIALLY_DEPLOYED_REGIONS = {"44"}


@dataclass
class LoadReport:
    name: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    details: list = field(default_factory=list)

    @property
    def changed(self):
        return self.created + self.updated

    def __str__(self):
        return f"{self.name} : {self.created} créés, {self.updated} modifiés, {self.unchanged} inchangés"


def read_csv(name):
    path = REFERENCE_DIR / name
    if name.endswith(".gz"):
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def sync(model, rows, key, fields, report, progress=None, batch_size=2000):
    """Create or update `model` rows so that they equal `rows` (dicts of field values) on `fields`."""
    existing = {getattr(obj, key): obj for obj in model.objects.all()}
    to_create, to_update = [], []
    for values in progress(rows) if progress else rows:
        obj = existing.get(values[key])
        if obj is None:
            to_create.append(model(**values))
            continue
        if any(getattr(obj, f) != values[f] for f in fields):
            for f in fields:
                setattr(obj, f, values[f])
            to_update.append(obj)
        else:
            report.unchanged += 1
    model.objects.bulk_create(to_create, batch_size=batch_size)
    if to_update:
        model.objects.bulk_update(to_update, fields, batch_size=batch_size)
    report.created += len(to_create)
    report.updated += len(to_update)
    return report


def load_regions():
    report = LoadReport("Régions")
    rows = read_csv("regions.csv")
    existing = {r.code: r for r in Region.objects.all()}
    for row in rows:
        region = existing.get(row["code"])
        if region is None:
            Region.objects.create(
                code=row["code"], name=row["nom"], is_deployed=row["code"] in INITIALLY_DEPLOYED_REGIONS
            )
            report.created += 1
        elif region.name != row["nom"]:
            region.name = row["nom"]
            region.save(update_fields=["name"])
            report.updated += 1
        else:
            report.unchanged += 1
    return report


def load_departments():
    rows = [
        {"code": r["code"], "name": r["nom"], "region_id": r["region"]} for r in read_csv("departements.csv")
    ]
    return sync(Department, rows, "code", ["name", "region_id"], LoadReport("Départements"))


def load_communes(progress=None):
    raw = read_csv("communes.csv.gz")
    rows = [
        {
            "code": r["code"],
            "name": r["nom"],
            "kind": r["type"],
            "department_id": r["departement"],
            "postal_codes": r["codes_postaux"].replace("|", " "),
            "population": int(r["population"]),
            "latitude": float(r["lat"]),
            "longitude": float(r["lon"]),
            "search_name": search_key(r["nom"]),
        }
        for r in raw
    ]
    fields = [
        "name",
        "kind",
        "department_id",
        "postal_codes",
        "population",
        "latitude",
        "longitude",
        "search_name",
    ]
    report = sync(Commune, rows, "code", fields, LoadReport("Communes"), progress=progress)
    # Arrondissements point to their commune (Paris, Lyon, Marseille): a second pass once all rows exist.
    ids = dict(Commune.objects.values_list("code", "id"))
    parents = {r["code"]: ids[r["parent"]] for r in raw if r["parent"]}
    to_update = []
    for commune in Commune.objects.filter(code__in=parents):
        if commune.parent_id != parents[commune.code]:
            commune.parent_id = parents[commune.code]
            to_update.append(commune)
    Commune.objects.bulk_update(to_update, ["parent_id"])
    return report


def load_rome_codes():
    rows = [
        {"code": r["code"], "label": r["libelle"], "search_label": search_key(r["libelle"])}
        for r in read_csv("rome_codes.csv")
    ]
    return sync(RomeCode, rows, "code", ["label", "search_label"], LoadReport("Codes ROME"))


def load_naf_codes():
    rows = [
        {
            "code": r["code"],
            "label": r["libelle"],
            "division": r["division"],
            "division_label": r["division_libelle"],
            "section": r["section"],
            "section_label": r["section_libelle"],
        }
        for r in read_csv("naf_sous_classes.csv")
    ]
    fields = ["label", "division", "division_label", "section", "section_label"]
    return sync(NafCode, rows, "code", fields, LoadReport("Codes NAF"))


def load_all(progress=None):
    return [
        load_regions(),
        load_departments(),
        load_communes(progress=progress),
        load_rome_codes(),
        load_naf_codes(),
    ]
