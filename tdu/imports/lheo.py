"""Import a region's LHEO feed: trainings, training organisations and sessions, upserted on the LHEO identifiers.

Idempotent (a second run of the same feed writes nothing), in batches (bulk reads and writes, the search links
refreshed once per batch), and streamed. Sessions that vanish from a full feed are closed, never deleted: the
candidatures keep their history. Funded places count only the regional council's (code-financeur 2).
"""

import contextlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from tdu.matching import links
from tdu.matching.places import CommuneResolver
from tdu.references.models import Commune, RomeCode
from tdu.trainings import lheo
from tdu.trainings.models import (
    FundingConfirmation,
    RecruitmentState,
    SessionFunding,
    SessionSource,
    Training,
    TrainingOrganisation,
    TrainingSession,
)
from tdu.utils.bulk import RawTable, reserve_ids
from tdu.utils.errors import DomainError
from tdu.utils.imports import ImportRefused, ImportReport
from tdu.utils.validators import validate_siret

BATCH = 1000
SESSION_FIELDS = [
    "training_id", "commune_id", "latitude", "longitude", "address", "start_date", "end_date",
    "funding_region_id", "funding_confirmation", "funded_places", "recruitment_open", "recruitment_state",
    "permanent_entry", "registration_start", "registration_end", "price_total", "price_hourly", "source", "closed_at",
]  # fmt: skip
TRAINING_FIELDS = [
    "organisation_id", "title", "certification_code", "certif_info_code", "entry_level", "exit_level",
    "formacodes", "description",
]  # fmt: skip


@dataclass
class Prepared:
    record: lheo.SessionRecord
    commune_id: int
    rome_codes: list[str]
    training_key: str = ""


def external_id(region, kind, number):
    return f"lheo:{region.code}:{kind}:{number}"[:64]


class LheoImport:
    def __init__(self, region, report: ImportReport):
        if not region.is_deployed:
            raise DomainError(
                f"La Région {region.name} n'est pas ouverte sur Trait d'union : ses formations ne peuvent pas être "
                "importées comme financées."
            )
        self.region, self.report = region, report
        self.communes = CommuneResolver()
        self.known_romes = set(RomeCode.objects.values_list("code", flat=True))
        self.seen: set[str] = set()
        self.today = timezone.localdate()
        self.session_table = RawTable(
            TrainingSession,
            [
                "id", "external_id", "training_id", "commune_id", "latitude", "longitude", "address", "start_date",
                "end_date", "funding_region_id", "funding_confirmation", "funded_places", "recruitment_open",
                "recruitment_state", "permanent_entry", "registration_start", "registration_end", "price_total",
                "price_hourly", "source",
            ],
        )  # fmt: skip
        self.funding_table = RawTable(SessionFunding, ["session_id", "funder_code", "places"])
        self.sirets: dict[str, str] = {}
        self.resolved: dict[tuple, object] = {}

    # --- Checking one record (no write) -------------------------------------------------------------

    def prepare(self, record: lheo.SessionRecord) -> Prepared | None:
        problems = list(record.problems)
        if not record.session_id:
            problems.append(
                ("session", "Session sans identifiant (attribut numero) : elle ne peut pas être suivie.")
            )
        if not record.title:
            problems.append(("intitule-formation", "Formation sans intitulé."))
        romes = [code for code in dict.fromkeys(record.rome_codes) if code in self.known_romes]
        if not romes:
            shown = ", ".join(record.rome_codes) or "aucun"
            problems.append(
                ("code-ROME", f"Aucun code ROME connu ({shown}) : la session ne mène à aucun métier.")
            )
        siret_problem = self._siret_problem(record.organisation_siret)
        if siret_problem:
            problems.append(("SIRET", siret_problem))
        place = record.place
        key = (place.insee, place.postcode, place.latitude, place.longitude, place.city)
        resolved = self.resolved.get(key) or self.resolved.setdefault(key, self.communes.resolve(*key))
        if resolved.commune_id is None:
            problems.append((resolved.field, resolved.problem))
        if record.start is None:
            problems.append(
                ("periode/debut", "Date de début inconnue (00000000) : la session ne peut pas être proposée.")
            )
        if record.end is None:
            problems.append(("periode/fin", "Date de fin inconnue (00000000)."))
        if record.start and record.end and record.end < record.start:
            problems.append(("periode", "La session se termine avant de commencer."))
        if record.session_id:
            self.seen.add(external_id(self.region, "session", record.session_id))
        if problems:
            for field_name, message in problems:
                self.report.reject(record.key, field_name, message)
            return None
        if record.end < self.today:
            self.report.notes.append(
                f"{record.key} : terminée le {record.end:%d/%m/%Y}, importée sans lien avec les offres."
            )
        return Prepared(record, resolved.commune_id, romes)

    def _siret_problem(self, siret):
        """The French reason a SIRET is refused, or "" (remembered: a feed names few organisations)."""
        if siret not in self.sirets:
            try:
                validate_siret(siret)
                self.sirets[siret] = ""
            except ValidationError as error:
                self.sirets[siret] = " ".join(error.messages)
        return self.sirets[siret]

    # --- Writing one batch ---------------------------------------------------------------------------

    def write(self, batch: list[Prepared]):
        if not batch:
            return
        organisations = self._organisations(batch)
        trainings = self._trainings(batch, organisations)
        changed = self._sessions(batch, trainings)
        links.refresh_sessions(changed)

    def _organisations(self, batch):
        sirets = {p.record.organisation_siret for p in batch}
        found = dict(TrainingOrganisation.objects.filter(siret__in=sirets).values_list("siret", "id"))
        new = {}
        for prepared in batch:
            siret = prepared.record.organisation_siret
            if siret not in found and siret not in new:
                new[siret] = TrainingOrganisation(
                    siret=siret,
                    name=(prepared.record.organisation_name or siret)[:255],
                    commune_id=prepared.commune_id,
                )
        TrainingOrganisation.objects.bulk_create(new.values())
        if new:
            found.update(TrainingOrganisation.objects.filter(siret__in=new).values_list("siret", "id"))
        return found

    def _trainings(self, batch, organisations):
        wanted = {}
        for prepared in batch:
            r = prepared.record
            key = external_id(self.region, "formation", r.formation_id or f"{r.organisation_siret}:{r.title}")
            wanted[key] = (
                {
                    "organisation_id": organisations[r.organisation_siret],
                    "title": r.title[:255],
                    "certification_code": r.certification_code,
                    "certif_info_code": r.certif_info_code,
                    "entry_level": r.entry_level,
                    "exit_level": r.exit_level,
                    "formacodes": [code for code in r.formacodes if code.isdigit()],
                    "description": r.description,
                },
                set(prepared.rome_codes),
            )
            prepared.training_key = key
        existing = {t.external_id: t for t in Training.objects.filter(external_id__in=wanted)}
        through = Training.rome_codes.through
        current_romes: dict[int, set[str]] = {}
        for training_id, code in through.objects.filter(training__external_id__in=wanted).values_list(
            "training_id", "romecode_id"
        ):
            current_romes.setdefault(training_id, set()).add(code)
        to_create, to_update = [], []
        for key, (values, _) in wanted.items():
            training = existing.get(key)
            if training is None:
                to_create.append(Training(external_id=key, **values))
            elif any(getattr(training, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(training, name, value)
                to_update.append(training)
        Training.objects.bulk_create(to_create)
        Training.objects.bulk_update(to_update, TRAINING_FIELDS)
        ids = dict(Training.objects.filter(external_id__in=wanted).values_list("external_id", "id"))
        removed, added = [], []
        for key, (_, romes) in wanted.items():
            have = current_romes.get(ids[key], set())
            removed += [(ids[key], code) for code in have - romes]
            added += [through(training_id=ids[key], romecode_id=code) for code in romes - have]
        for training_id, code in removed:
            through.objects.filter(training_id=training_id, romecode_id=code).delete()
        through.objects.bulk_create(added)
        self.trainings_with_new_romes = {t for t, _ in removed} | {row.training_id for row in added}
        return ids

    def _values(self, prepared, trainings):
        r = prepared.record
        regional = r.regional_places
        state = r.recruitment_state
        return {
            "training_id": trainings[prepared.training_key],
            "commune_id": prepared.commune_id,
            "latitude": r.place.latitude,
            "longitude": r.place.longitude,
            "address": r.place.address[:255],
            "start_date": r.start,
            "end_date": r.end,
            "funding_region_id": self.region.code if regional > 0 else None,
            # The region's own feed: its funding needs no other confirmation.
            "funding_confirmation": FundingConfirmation.FEED if regional > 0 else FundingConfirmation.NONE,
            "funded_places": regional,
            "recruitment_open": state == RecruitmentState.OPEN,
            "recruitment_state": state,
            "permanent_entry": r.permanent_entry,
            "registration_start": r.registration_start,
            "registration_end": r.registration_end,
            "price_total": r.price_total,
            "price_hourly": r.price_hourly,
            "source": SessionSource.LHEO,
            "closed_at": None,
        }

    def _sessions(self, batch, trainings):
        keyed = {external_id(self.region, "session", p.record.session_id): p for p in batch}
        existing = {
            row["external_id"]: row
            for row in TrainingSession.objects.filter(external_id__in=keyed).values(
                "id", "enrolled_count", *SESSION_FIELDS, "external_id"
            )
        }
        coordinates = {
            pk: (lat, lon)
            for pk, lat, lon in Commune.objects.filter(id__in={p.commune_id for p in batch}).values_list(
                "id", "latitude", "longitude"
            )
        }
        to_create, to_update = [], []
        for key, prepared in keyed.items():
            values = self._values(prepared, trainings)
            if values["latitude"] is None or values["longitude"] is None:
                values["latitude"], values["longitude"] = coordinates[prepared.commune_id]
            row = existing.get(key)
            if row is None:
                to_create.append({**values, "external_id": key})
                self.report.created += 1
                continue
            if row["enrolled_count"] > values["funded_places"] and values["funding_region_id"]:
                self.report.reject(
                    prepared.record.key,
                    "nb-places-financees",
                    f"{values['funded_places']} place(s) financée(s) pour {row['enrolled_count']} personne(s) "
                    "déjà inscrite(s) : la session n'est pas mise à jour.",
                )
                continue
            if any(row[name] != value for name, value in values.items()):
                to_update.append(TrainingSession(id=row["id"], external_id=key, **values))
                self.report.updated += 1
            else:
                self.report.unchanged += 1
        first = reserve_ids(TrainingSession, len(to_create)) if to_create else 0
        for offset, values in enumerate(to_create):
            values["id"] = first + offset
        self._insert_sessions(to_create)
        TrainingSession.objects.bulk_update(to_update, SESSION_FIELDS)
        ids = {key: row["id"] for key, row in existing.items()} | {
            s["external_id"]: s["id"] for s in to_create
        }
        changed: list[int] = [session.pk for session in to_update] + [
            ids[s["external_id"]] for s in to_create
        ]
        changed += list(
            TrainingSession.objects.filter(training_id__in=self.trainings_with_new_romes).values_list(
                "id", flat=True
            )
        )
        self._fundings(keyed, ids, created={s["external_id"] for s in to_create})
        return set(changed)

    def _insert_sessions(self, sessions):
        """New sessions, below the ORM (a batch is one statement): values adapted for the database by hand."""
        ops = connection.ops
        rows = [
            (
                s["id"], s["external_id"], s["training_id"], s["commune_id"], s["latitude"], s["longitude"], s["address"],
                ops.adapt_datefield_value(s["start_date"]), ops.adapt_datefield_value(s["end_date"]),
                s["funding_region_id"], s["funding_confirmation"], s["funded_places"], s["recruitment_open"], s["recruitment_state"],
                s["permanent_entry"], ops.adapt_datefield_value(s["registration_start"]),
                ops.adapt_datefield_value(s["registration_end"]), ops.adapt_decimalfield_value(s["price_total"], 10, 2),
                ops.adapt_decimalfield_value(s["price_hourly"], 8, 2), s["source"],
            )
            for s in sessions
        ]  # fmt: skip
        self.session_table.insert(rows)

    def _fundings(self, keyed, ids, created):
        """Each session's funders as the feed says; new sessions have none yet (nothing to read)."""
        session_ids = [ids[key] for key in keyed if key in ids and key not in created]
        have: dict[int, set] = {}
        rows = SessionFunding.objects.filter(session_id__in=session_ids).values_list(
            "session_id", "funder_code", "places"
        )
        for session_id, code, places in rows if session_ids else ():
            have.setdefault(session_id, set()).add((code, places))
        stale, fresh = [], []
        for key, prepared in keyed.items():
            if key not in ids:
                continue
            want = set(prepared.record.fundings.items())
            if have.get(ids[key], set()) != want:
                stale.append(ids[key])
                fresh += [(ids[key], code, places) for code, places in want]
        stale = [session_id for session_id in stale if session_id in have]
        if stale:
            SessionFunding.objects.filter(session_id__in=stale).delete()
        self.funding_table.insert(fresh)

    # --- After a full feed ---------------------------------------------------------------------------

    def close_vanished(self):
        """Sessions of this region's feed that the feed no longer lists: closed (kept for their history)."""
        prefix = f"lheo:{self.region.code}:session:"
        vanished = list(
            TrainingSession.objects.filter(
                source=SessionSource.LHEO, external_id__startswith=prefix, closed_at__isnull=True
            )
            .exclude(external_id__in=self.seen)
            .values_list("id", flat=True)
        )
        for start in range(0, len(vanished), BATCH):
            chunk = vanished[start : start + BATCH]
            TrainingSession.objects.filter(id__in=chunk).update(
                closed_at=timezone.now(), recruitment_open=False, recruitment_state=RecruitmentState.CLOSED
            )
            links.refresh_sessions(chunk)
        self.report.closed = len(vanished)


def import_lheo(path, region, *, partial=True, full=False) -> ImportReport:
    """Import the LHEO feed at `path` for `region`. All-or-nothing (partial=False): one rejected session and
    nothing is written (ImportRefused). Partial: one pass over the feed, valid sessions written batch by batch."""
    report = ImportReport()
    job = LheoImport(region, report)

    def checked():
        """(prepared sessions of one formation) for each formation; schema errors and rejects reported."""
        any_formation = False
        for rank, number, problems, sessions in lheo.checked_formations(path):
            any_formation = True
            for line, message in problems:
                report.reject(
                    f"formation {number or rank + 1}", f"schéma LHEO, ligne {line}", message, counted=False
                )
            if problems:
                for record in sessions:
                    report.rejected_records.add(record.key)  # its formation breaks the schema
                    if record.session_id:
                        job.seen.add(external_id(region, "session", record.session_id))
                continue
            yield [item for record in sessions if (item := job.prepare(record))]
        if not any_formation:
            raise lheo.LheoError("Le flux ne contient aucune formation (<offres><formation>…).")

    if not partial:
        for _ in checked():  # everything is checked before anything is written
            pass
        if report.rejects:
            headline = (
                "Le flux ne respecte pas le schéma LHEO : rien n'a été importé."
                if any(r.field.startswith("schéma") for r in report.rejects)
                else ""
            )
            raise ImportRefused(report, headline)
        job.seen.clear()
        report.notes.clear()
    accepted = 0
    with transaction.atomic() if not partial else contextlib.nullcontext():
        batch: list[Prepared] = []
        for prepared in checked():
            batch += prepared
            if len(batch) >= BATCH:
                accepted += len(batch)
                with transaction.atomic():
                    job.write(batch)
                batch = []
        accepted += len(batch)
        with transaction.atomic():
            job.write(batch)
        if full and accepted:
            job.close_vanished()
    return report
