"""CSV imports, read as a stream: each record with the physical line it starts on (quoted fields may span
lines and keep their line breaks), checked by a form, duplicates of its identifier refused."""

import csv
from pathlib import Path

from tdu.utils.imports import ImportRefused, ImportReport


class ImportFileError(Exception):
    """The whole file is refused before any record is read (missing, not text, missing columns)."""


def _delimiter(path):
    with open(path, encoding="utf-8-sig", newline="") as file:
        first_line = file.readline()
    return ";" if first_line.count(";") > first_line.count(",") else ","


def read_rows(path: Path, required_columns: set[str]):
    """(first physical line, row) pairs; line 1 is the header. ',' or ';' separators, UTF-8 with or without BOM."""
    path = Path(path)
    if not path.exists():
        raise ImportFileError(f"Fichier introuvable : {path}")
    try:
        delimiter = _delimiter(path)
        with open(path, encoding="utf-8-sig", newline="") as file:
            reader = csv.DictReader(file, delimiter=delimiter)
            missing = required_columns - set(reader.fieldnames or [])
            if missing:
                raise ImportFileError(f"Colonnes manquantes : {', '.join(sorted(missing))}.")
            previous = reader.line_num
            for row in reader:
                yield previous + 1, {k: (v or "").strip() for k, v in row.items() if k}
                previous = reader.line_num
    except UnicodeDecodeError as error:
        raise ImportFileError(f"{path.name} n'est pas un fichier texte UTF-8.") from error
    except csv.Error as error:
        raise ImportFileError(f"{path.name} : CSV illisible ({error}).") from error


def checked_rows(rows, form_factory, report: ImportReport, key_field):
    """Validate each row with the form `form_factory(data=row)`; yield (line, cleaned data) for the valid ones.

    Every error of every row goes to the report; a second row with the same identifier is refused.
    """
    first_seen = {}
    count = 0
    for line, row in rows:
        count += 1
        record = f"ligne {line}"
        key = row.get(key_field, "")
        if key and key in first_seen:
            report.reject(record, key_field, f"Identifiant « {key} » déjà utilisé ligne {first_seen[key]}.")
            continue
        if key:
            first_seen[key] = line
        form = form_factory(data=row)
        if form.is_valid():
            yield line, form.cleaned_data
            continue
        for name, messages in form.errors.items():
            for message in messages:
                report.reject(record, "" if name == "__all__" else name, message)
    if count == 0:
        report.reject("fichier", "", "Le fichier ne contient aucune ligne de données.")
        raise ImportRefused(report, "Le fichier ne contient aucune ligne de données : rien n'a été importé.")
