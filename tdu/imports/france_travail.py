"""Import France Travail job offers: from a saved search response, or by syncing a region through the API.

The API is asked, department by department, for the ROME codes that have an open funded session of the region
(and the codes of the same family): only offers that can lead to a funded training. Offers are upserted on their
France Travail id; their company is kept without SIRET (France Travail publishes none) until it registers. An
offer that a full sync of its region no longer returns is closed.
"""

import datetime
import itertools

from django.db import connection, transaction
from django.utils import timezone

from tdu.companies.models import Company
from tdu.matching import romes
from tdu.matching.models import SessionLink
from tdu.matching.places import CommuneResolver
from tdu.offers import france_travail
from tdu.offers.enums import OfferSource, OfferStatus
from tdu.offers.models import JobOffer
from tdu.references.models import Commune, Department, NafCode, RomeCode
from tdu.utils.bulk import RawTable
from tdu.utils.imports import ImportRefused, ImportReport
from tdu.utils.text import search_key

BATCH = 1000
# An imported offer stays visible this long after France Travail last updated it (a nightly sync refreshes it).
VISIBLE_DAYS = 60
OFFER_FIELDS = [
    "company_id", "title", "description", "rome_id", "commune_id", "latitude", "longitude", "contract_type",
    "contract_duration_months", "positions", "status", "published_at", "expires_on", "salary_text",
    "working_hours_text", "experience_text", "naf_code", "application_url", "contact_name", "contact_email",
]  # fmt: skip


_names: dict[str, str] = {}


def company_key(record, commune_code):
    """France Travail gives a company's name only: the same name in the same commune is the same company."""
    if not record.company_name:
        return f"offre:{record.external_id}"[:64]
    name = _names.get(record.company_name)
    if name is None:
        if len(_names) > 100_000:
            _names.clear()
        name = _names[record.company_name] = search_key(record.company_name)
    return f"{name}@{commune_code}"[:64]


class FranceTravailImport:
    def __init__(self, report: ImportReport):
        self.report = report
        self.communes = CommuneResolver()
        self.known_romes = set(RomeCode.objects.values_list("code", flat=True))
        self.known_naf = set(NafCode.objects.values_list("code", flat=True))
        self.seen: set[str] = set()
        self.today = timezone.localdate()
        self.companies_seen: dict[str, int] = {}
        self.company_table = RawTable(
            Company, ["siret", "france_travail_id", "name", "description", "naf_id", "commune_id"]
        )
        self.offer_table = RawTable(JobOffer, ["source", "external_id", *OFFER_FIELDS])

    def prepare(self, record):
        problems = list(record.problems)
        if record.rome and record.rome not in self.known_romes:
            problems.append(("romeCode", f"Code ROME inconnu : « {record.rome} »."))
        commune_id = None
        if not any(f == "lieuTravail" for f, _ in problems):
            resolved = self.communes.resolve(
                record.commune_insee, record.postcode, record.latitude, record.longitude
            )
            commune_id = resolved.commune_id
            if commune_id is None:
                problems.append(("lieuTravail", resolved.problem))
        if record.external_id:
            self.seen.add(record.external_id)
        if problems:
            for field_name, message in problems:
                self.report.reject(record.key, field_name, message)
            return None
        return record, commune_id

    def write(self, batch):
        if not batch:
            return
        communes = {
            pk: (code, lat, lon)
            for pk, code, lat, lon in Commune.objects.filter(id__in={c for _, c in batch}).values_list(
                "id", "code", "latitude", "longitude"
            )
        }
        companies = self._companies(batch, communes)
        by_id = {record.external_id: (record, commune_id) for record, commune_id in batch}
        existing = {
            row["external_id"]: row
            for row in JobOffer.objects.filter(
                source=OfferSource.FRANCE_TRAVAIL, external_id__in=by_id
            ).values("id", "external_id", *OFFER_FIELDS)
        }
        to_create, to_update = [], []
        for external_id, (record, commune_id) in by_id.items():
            code, lat, lon = communes[commune_id]
            published = record.published_at or timezone.now()
            values = {
                "company_id": companies[company_key(record, code)],
                "title": record.title or "Offre sans intitulé",
                "description": record.description,
                "rome_id": record.rome,
                "commune_id": commune_id,
                "latitude": record.latitude if record.latitude is not None else lat,
                "longitude": record.longitude if record.longitude is not None else lon,
                "contract_type": record.contract_type,
                "contract_duration_months": record.duration_months,
                "positions": record.positions,
                "status": OfferStatus.PUBLISHED,
                "published_at": published,
                "expires_on": timezone.localdate(published) + datetime.timedelta(days=VISIBLE_DAYS),
                "salary_text": record.salary_text,
                "working_hours_text": record.working_hours_text,
                "experience_text": record.experience_text,
                "naf_code": record.naf_code,
                "application_url": record.application_url,
                "contact_name": record.contact_name,
                "contact_email": record.contact_email,
            }
            row = existing.get(external_id)
            if row is None:
                to_create.append((external_id, values))
                self.report.created += 1
            elif any(row[name] != value for name, value in values.items()):
                to_update.append(JobOffer(id=row["id"], **values))
                self.report.updated += 1
            else:
                self.report.unchanged += 1
        self._insert_offers(to_create)
        JobOffer.objects.bulk_update(to_update, OFFER_FIELDS)

    def _insert_offers(self, offers):
        """New offers below the ORM (a batch is one statement), values adapted for the database by hand."""
        ops = connection.ops
        rows = []
        for external_id, v in offers:
            v = {
                **v,
                "published_at": ops.adapt_datetimefield_value(v["published_at"]),
                "expires_on": ops.adapt_datefield_value(v["expires_on"]),
            }
            rows.append((OfferSource.FRANCE_TRAVAIL.value, external_id, *(v[name] for name in OFFER_FIELDS)))
        self.offer_table.insert(rows)

    def _companies(self, batch, communes):
        wanted = {}
        for record, commune_id in batch:
            key = company_key(record, communes[commune_id][0])
            if key not in wanted:
                naf = record.naf_code.upper()
                wanted[key] = (
                    None,
                    key,
                    record.company_name or "Entreprise non communiquée par France Travail",
                    record.company_description,
                    naf if naf in self.known_naf else None,
                    commune_id,
                )
        found = self.companies_seen | dict(
            Company.objects.filter(france_travail_id__in=set(wanted) - set(self.companies_seen)).values_list(
                "france_travail_id", "id"
            )
        )
        new = [row for key, row in wanted.items() if key not in found]
        if new:
            self.company_table.insert(new)
            found.update(
                Company.objects.filter(france_travail_id__in=[row[1] for row in new]).values_list(
                    "france_travail_id", "id"
                )
            )
        self.companies_seen.update(found)
        return found

    def close_missing(self, region):
        """Offers of the region that the full sync no longer returned: closed."""
        missing = JobOffer.objects.filter(
            source=OfferSource.FRANCE_TRAVAIL,
            status=OfferStatus.PUBLISHED,
            commune__department__region=region,
        ).exclude(external_id__in=self.seen)
        self.report.closed = missing.update(status=OfferStatus.CLOSED)


def _batches(iterable, size):
    iterator = iter(iterable)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def import_offers(offers, *, partial=True, region=None, full=False, report=None) -> ImportReport:
    """Import search results (an iterable of dicts, read once per pass). All-or-nothing (partial=False): every
    offer is checked first, and one rejected offer means nothing is written."""
    report = report or ImportReport()
    job = FranceTravailImport(report)
    if not partial:
        offers = list(offers) if not callable(offers) else offers
        _check(job, offers() if callable(offers) else offers)
        if report.rejects:
            raise ImportRefused(report)
        job.seen.clear()
    source = offers() if callable(offers) else offers
    ids: set[str] = set()
    accepted = 0
    with transaction.atomic():
        for batch in _batches(source, BATCH):
            prepared = []
            for record in map(france_travail.record, batch):
                if record.external_id in ids:
                    report.reject(
                        record.key,
                        "id",
                        "Identifiant en double dans le fichier : l'offre n'est pas reprise deux fois.",
                    )
                    continue
                ids.add(record.external_id)
                item = job.prepare(record)
                if item:
                    prepared.append(item)
            accepted += len(prepared)
            with transaction.atomic():
                job.write(prepared)
        if full and region is not None and accepted:
            job.close_missing(region)
    return report


def _check(job, offers):
    ids: set[str] = set()
    for record in map(france_travail.record, offers):
        if record.external_id in ids:
            job.report.reject(record.key, "id", "Identifiant en double dans le fichier.")
        ids.add(record.external_id)
        job.prepare(record)


def import_file(path, **kwargs) -> ImportReport:
    """A saved search response, streamed (read twice in all-or-nothing mode)."""
    return import_offers(lambda: france_travail.read_file(path), **kwargs)


def rome_codes_of(region):
    """ROME codes with an open funded session of the region, and the codes of the same family."""
    codes = set(
        SessionLink.objects.filter(session__funding_region=region)
        .values_list("rome_code", flat=True)
        .distinct()
    )
    return sorted(romes.codes_matching({romes.match_code(code) for code in codes})) if codes else []


def sync_region(region, *, client=None, partial=True) -> ImportReport:
    """Ask the API for the region's offers that can lead to one of its funded trainings; close the others."""
    client = client or france_travail.Client()
    report = ImportReport()
    codes = rome_codes_of(region)
    if not codes:
        report.notes.append("Aucune session financée ouverte : rien à demander à France Travail.")
        return report
    offers = {}
    for department in (
        Department.objects.filter(region=region).order_by("code").values_list("code", flat=True)
    ):
        for start in range(0, len(codes), france_travail.ROME_BATCH):
            found, notes = client.search(department, codes[start : start + france_travail.ROME_BATCH])
            report.notes += notes
            for offer in found:
                offers.setdefault(str(offer.get("id")), offer)
    return import_offers(offers.values(), partial=partial, region=region, full=True, report=report)
