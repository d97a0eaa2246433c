"""All-or-nothing CSV imports: every line is validated first; one bad line and nothing is written."""

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django import forms


class ImportFileError(Exception):
    """The whole file is refused; the message is in French and lists the lines at fault."""


@dataclass
class ValidatedLine:
    number: int
    data: dict


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    messages: list = field(default_factory=list)


def read_csv_lines(path: Path, required_columns: set[str]) -> list[tuple[int, dict]]:
    """(line number, row) pairs; line 1 is the header. Accepts ',' or ';' separators and a UTF-8 BOM."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError as error:
        raise ImportFileError(f"Fichier introuvable : {path}") from error
    except UnicodeDecodeError as error:
        raise ImportFileError(f"{path} n'est pas un fichier texte UTF-8.") from error
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(text.splitlines(), delimiter=delimiter)
    missing = required_columns - set(reader.fieldnames or [])
    if missing:
        raise ImportFileError(f"Colonnes manquantes : {', '.join(sorted(missing))}.")
    return [
        (number, {k: (v or "").strip() for k, v in row.items() if k}) for number, row in enumerate(reader, 2)
    ]


def validate_lines(lines, form_class: type[forms.Form], **form_kwargs) -> list[ValidatedLine]:
    """Validate every line with `form_class`; raise ImportFileError listing all errors with line numbers."""
    valid, errors = [], []
    for number, row in lines:
        form = form_class(data=row, **form_kwargs)
        if form.is_valid():
            valid.append(ValidatedLine(number, form.cleaned_data))
            continue
        for name, field_errors in form.errors.items():
            label = "" if name == "__all__" else f"{name} : "
            errors.extend(f"ligne {number} : {label}{message}" for message in field_errors)
    if not lines:
        raise ImportFileError("Le fichier ne contient aucune ligne de données.")
    if errors:
        shown = "\n".join(errors[:50])
        more = f"\n… et {len(errors) - 50} autres erreurs." if len(errors) > 50 else ""
        raise ImportFileError(f"{len(errors)} erreur(s) : rien n'a été importé.\n{shown}{more}")
    return valid
