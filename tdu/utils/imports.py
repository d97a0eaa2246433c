"""What every import (CSV, LHEO, France Travail) reports: counts and every rejected record, with a French reason.

Two modes: all-or-nothing (one rejected record and nothing is written) and partial (valid records are written in
small batches, every rejected one is reported). The rejects report is a CSV a region can open in a spreadsheet.
"""

import csv
import io
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Reject:
    record: str  # « ligne 12 », or the record's identifier in the feed
    field: str  # what is wrong, as the source names it (empty: the whole record)
    message: str  # in French


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    closed: int = 0
    rejects: list[Reject] = field(default_factory=list)
    rejected_records: set = field(default_factory=set)
    notes: list[str] = field(default_factory=list)  # worth saying, not a rejection (e.g. past sessions)

    def reject(self, record, field_name, message, *, counted=True):
        """One problem of one record; `counted=False` for a problem shared by records counted apart."""
        self.rejects.append(Reject(str(record), field_name or "", message))
        if counted:
            self.rejected_records.add(str(record))

    @property
    def rejected(self) -> int:
        return len(self.rejected_records)

    @property
    def accepted(self) -> int:
        return self.created + self.updated + self.unchanged

    @property
    def reject_share(self) -> float:
        total = self.accepted + self.rejected
        return self.rejected / total if total else 0.0

    def summary(self) -> str:
        return (
            f"{self.created} créé(s), {self.updated} mis à jour, {self.unchanged} inchangé(s), "
            f"{self.closed} fermé(s), {self.rejected} rejeté(s)"
        )

    def rejects_csv(self) -> str:
        """The rejects report: one row per problem (a record may have several)."""
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        writer.writerow(["enregistrement", "champ", "motif"])
        for item in self.rejects:
            writer.writerow([item.record, item.field, item.message])
        return out.getvalue()

    def first_rejects(self, count=20) -> str:
        lines = [
            f"{r.record} : {r.field + ' : ' if r.field else ''}{r.message}" for r in self.rejects[:count]
        ]
        if len(self.rejects) > count:
            lines.append(f"… et {len(self.rejects) - count} autre(s) : voir le rapport des rejets.")
        return "\n".join(lines)


class ImportRefused(Exception):
    """All-or-nothing: the source is refused as a whole and nothing was written; the report says why."""

    def __init__(self, report: ImportReport, headline: str = ""):
        self.report = report
        self.headline = headline or f"{report.rejected} enregistrement(s) en erreur : rien n'a été importé."
        super().__init__(f"{self.headline}\n{report.first_rejects()}")
