"""Import of France Travail's official ROME referentiel (CSV files of the 'unix_*_utf8' delivery)."""

import csv
from dataclasses import dataclass
from pathlib import Path

from tdu.references.loaders import LoadReport, sync
from tdu.references.models import RomeAppellation, RomeCode, RomeDomain
from tdu.utils.text import search_key

CODES_FILE = "unix_referentiel_code_rome_v460_utf8.csv"
APPELLATIONS_FILE = "unix_referentiel_appellation_v460_utf8.csv"
DOMAINS_FILE = "cr_gd_dp_v4_utf8.csv"

REQUIRED_COLUMNS = {
    CODES_FILE: {"code_rome", "libelle_rome", "code_rome_parent"},
    APPELLATIONS_FILE: {"code_ogr", "libelle_appellation_long", "libelle_appellation_court", "code_rome"},
    DOMAINS_FILE: {
        "code_rome",
        "code_grand_domaine",
        "libelle_grand_domaine",
        "code_domaine_professionel",
        "libelle_domaine_professionel",
    },
}


class ReferentielError(Exception):
    """A problem in the files, described in French with the file and line number."""


@dataclass
class Line:
    number: int
    values: dict


def find_file(directory: Path, canonical: str) -> Path:
    """Accept any version suffix (v460, v461…) as France Travail renames files at each release."""
    exact = directory / canonical
    if exact.exists():
        return exact
    prefix = canonical.split("_v4")[0]
    candidates = sorted(directory.glob(f"{prefix}_v*_utf8.csv"))
    if not candidates:
        raise ReferentielError(f"Fichier introuvable dans {directory} : {canonical}")
    return candidates[-1]


def read_lines(path: Path, canonical: str) -> list[Line]:
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = REQUIRED_COLUMNS[canonical] - set(reader.fieldnames or [])
        if missing:
            raise ReferentielError(f"{path.name} : colonnes manquantes : {', '.join(sorted(missing))}")
        # Line 1 is the header.
        return [Line(number, row) for number, row in enumerate(reader, start=2)]


def import_referentiel(directory: Path) -> list[LoadReport]:
    """Validate the three files completely, then write. Raises ReferentielError before writing anything."""
    directory = Path(directory)
    if not directory.is_dir():
        raise ReferentielError(f"Dossier introuvable : {directory}")
    codes = read_lines(find_file(directory, CODES_FILE), CODES_FILE)
    appellations = read_lines(find_file(directory, APPELLATIONS_FILE), APPELLATIONS_FILE)
    domains = read_lines(find_file(directory, DOMAINS_FILE), DOMAINS_FILE)

    known = set(RomeCode.objects.values_list("code", flat=True))
    errors = []
    code_rows = {}
    for line in codes:
        code = line.values["code_rome"].strip()
        if len(code) != 5:
            errors.append(f"{CODES_FILE}, ligne {line.number} : code ROME mal formé « {code} »")
            continue
        code_rows[code] = line.values
    domain_of = {}
    domain_rows = {}
    for line in domains:
        v = line.values
        big, pro = v["code_grand_domaine"].strip(), v["code_domaine_professionel"].strip()
        if not big or not pro.startswith(big):
            errors.append(
                f"{DOMAINS_FILE}, ligne {line.number} : domaine « {pro} » incohérent avec « {big} »"
            )
            continue
        domain_rows[big] = {"code": big, "label": v["libelle_grand_domaine"].strip(), "parent_id": None}
        domain_rows[pro] = {"code": pro, "label": v["libelle_domaine_professionel"].strip(), "parent_id": big}
        domain_of[v["code_rome"].strip()] = pro
    appellation_rows = []
    for line in appellations:
        v = line.values
        rome = v["code_rome"].strip()
        if rome not in code_rows and rome not in known:
            errors.append(f"{APPELLATIONS_FILE}, ligne {line.number} : code ROME inconnu « {rome} »")
            continue
        if not v["code_ogr"].strip().isdigit():
            errors.append(
                f"{APPELLATIONS_FILE}, ligne {line.number} : code OGR mal formé « {v['code_ogr']} »"
            )
            continue
        label = v["libelle_appellation_long"].strip()
        appellation_rows.append(
            {
                "ogr_code": int(v["code_ogr"]),
                "label": label,
                "short_label": v["libelle_appellation_court"].strip(),
                "rome_id": rome,
                "search_label": search_key(label),
            }
        )
    if errors:
        shown = "\n".join(errors[:20])
        more = f"\n… et {len(errors) - 20} autres erreurs" if len(errors) > 20 else ""
        raise ReferentielError(f"{len(errors)} erreur(s), rien n'a été importé :\n{shown}{more}")

    reports = []
    # Broad domains first: professional domains point to them.
    ordered_domains = sorted(domain_rows.values(), key=lambda d: (d["parent_id"] is not None, d["code"]))
    reports.append(
        sync(RomeDomain, ordered_domains, "code", ["label", "parent_id"], LoadReport("Domaines ROME"))
    )
    rome_rows = [
        {
            "code": code,
            "label": v["libelle_rome"].strip(),
            "search_label": search_key(v["libelle_rome"].strip()),
            "parent_code": v["code_rome_parent"].strip(),
            "domain_id": domain_of.get(code),
        }
        for code, v in sorted(code_rows.items())
    ]
    fields = ["label", "search_label", "parent_code", "domain_id"]
    reports.append(sync(RomeCode, rome_rows, "code", fields, LoadReport("Codes ROME")))
    fields = ["label", "short_label", "rome_id", "search_label"]
    reports.append(
        sync(RomeAppellation, appellation_rows, "ogr_code", fields, LoadReport("Appellations ROME"))
    )
    return reports
