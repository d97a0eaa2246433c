"""CSV imports of offers and of funded sessions: all or nothing (the default for hand-made files) or partial,
upserted on the file's identifiers in batches (one lookup per batch, never per line)."""

import itertools

from django.db import transaction
from django.utils import timezone

from tdu.companies.models import Company
from tdu.matching import links
from tdu.offers.enums import OfferSource, OfferStatus
from tdu.offers.imports import COLUMNS as OFFER_COLUMNS
from tdu.offers.imports import OfferLineForm
from tdu.offers.models import JobOffer
from tdu.references.models import Commune, Region, RomeCode
from tdu.trainings.imports import COLUMNS as SESSION_COLUMNS
from tdu.trainings.imports import SessionLineForm
from tdu.trainings.models import (
    FundingConfirmation,
    SessionSource,
    Training,
    TrainingOrganisation,
    TrainingSession,
)
from tdu.utils.csv_import import checked_rows, read_rows
from tdu.utils.imports import ImportRefused, ImportReport

BATCH = 1000
OFFER_FIELDS = [
    "company_id", "title", "rome_id", "commune_id", "latitude", "longitude", "contract_type",
    "contract_duration_months", "positions", "description", "status",
]  # fmt: skip
SESSION_FIELDS = [
    "training_id", "commune_id", "latitude", "longitude", "start_date", "end_date", "funded_places",
    "funding_region_id", "funding_confirmation", "recruitment_open", "source",
]  # fmt: skip


class References:
    """Everything a line is checked against, read once per file."""

    def __init__(self):
        rows = list(
            Commune.objects.values_list("id", "code", "name", "postal_codes", "latitude", "longitude")
        )
        self.communes = {code: pk for pk, code, *_ in rows}
        self.coordinates = {pk: (lat, lon) for pk, _, _, _, lat, lon in rows}
        postcodes: dict[str, list[str]] = {}
        for _, _, name, postal_codes, _, _ in rows:
            for postcode in (postal_codes or "").split():
                postcodes.setdefault(postcode, []).append(name)
        self.postcodes = {code: ", ".join(sorted(names)[:3]) for code, names in postcodes.items()}
        self.rome_codes = set(RomeCode.objects.values_list("code", flat=True))
        self.regions = dict(Region.objects.values_list("code", "is_deployed"))


def _batches(iterable, size=BATCH):
    iterator = iter(iterable)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _run(rows, write, report, partial):
    """All or nothing: check every line first, write only if none is rejected. Partial: write batch by batch."""
    if not partial:
        valid = list(rows)
        if report.rejects:
            raise ImportRefused(report)
        with transaction.atomic():
            for batch in _batches(valid):
                write(batch)
        return report
    for batch in _batches(rows):
        with transaction.atomic():
            write(batch)
    return report


# --- Offers ----------------------------------------------------------------------------------------------


def import_offers_csv(path, *, partial=False) -> ImportReport:
    refs, report = References(), ImportReport()
    rows = checked_rows(
        read_rows(path, OFFER_COLUMNS),
        lambda data: OfferLineForm(
            data=data, communes=refs.communes, postcodes=refs.postcodes, rome_codes=refs.rome_codes
        ),
        report,
        "identifiant",
    )

    def write(batch):
        sirets = {d["siret_entreprise"]: d for _, d in batch}
        companies = dict(Company.objects.filter(siret__in=sirets).values_list("siret", "id"))
        Company.objects.bulk_create(
            Company(siret=siret, name=d["nom_entreprise"], commune_id=d["commune"])
            for siret, d in sirets.items()
            if siret not in companies
        )
        companies.update(Company.objects.filter(siret__in=sirets).values_list("siret", "id"))
        wanted = {d["identifiant"]: d for _, d in batch}
        existing = {
            o.external_id: o
            for o in JobOffer.objects.filter(source=OfferSource.IMPORT, external_id__in=wanted)
        }
        to_create, to_update = [], []
        for identifier, d in wanted.items():
            lat, lon = refs.coordinates[d["commune"]]
            values = {
                "company_id": companies[d["siret_entreprise"]],
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
            offer = existing.get(identifier)
            if offer is None:
                to_create.append(
                    JobOffer(
                        source=OfferSource.IMPORT,
                        external_id=identifier,
                        published_at=timezone.now(),
                        **values,
                    )
                )
                report.created += 1
            elif any(getattr(offer, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(offer, name, value)
                to_update.append(offer)
                report.updated += 1
            else:
                report.unchanged += 1
        JobOffer.objects.bulk_create(to_create)
        JobOffer.objects.bulk_update(to_update, OFFER_FIELDS)

    return _run(rows, write, report, partial)


# --- Sessions --------------------------------------------------------------------------------------------


def import_sessions_csv(path, *, partial=False) -> ImportReport:
    refs, report = References(), ImportReport()
    today = timezone.localdate()
    rows = checked_rows(
        read_rows(path, SESSION_COLUMNS),
        lambda data: SessionLineForm(
            data=data,
            communes=refs.communes,
            postcodes=refs.postcodes,
            rome_codes=refs.rome_codes,
            regions=refs.regions,
        ),
        report,
        "identifiant",
    )

    def write(batch):
        for line, d in batch:
            if d["date_fin"] < today:
                report.notes.append(
                    f"ligne {line} : session terminée le {d['date_fin']:%d/%m/%Y}, sans lien avec les offres."
                )
        sirets = {d["siret_organisme"]: d for _, d in batch}
        organisations = dict(TrainingOrganisation.objects.filter(siret__in=sirets).values_list("siret", "id"))
        TrainingOrganisation.objects.bulk_create(
            TrainingOrganisation(siret=siret, name=d["nom_organisme"], commune_id=d["commune"])
            for siret, d in sirets.items()
            if siret not in organisations
        )
        organisations.update(TrainingOrganisation.objects.filter(siret__in=sirets).values_list("siret", "id"))
        trainings = _trainings(batch, organisations)
        wanted = {d["identifiant"]: d for _, d in batch}
        existing = {s.external_id: s for s in TrainingSession.objects.filter(external_id__in=wanted)}
        to_create, to_update = [], []
        for identifier, d in wanted.items():
            lat, lon = refs.coordinates[d["commune"]]
            values = {
                "training_id": trainings[(organisations[d["siret_organisme"]], d["intitule_formation"])],
                "commune_id": d["commune"],
                "latitude": lat,
                "longitude": lon,
                "start_date": d["date_debut"],
                "end_date": d["date_fin"],
                "funded_places": d["places_financees"],
                "funding_region_id": d["region_financeuse"],
                # A file imported by the region's operators (manage.py import_sessions): confirmed by them.
                "funding_confirmation": FundingConfirmation.FEED if d["region_financeuse"] else "",
                "recruitment_open": d["recrutement_ouvert"],
                "source": SessionSource.CSV,
            }
            session = existing.get(identifier)
            if session is None:
                to_create.append(TrainingSession(external_id=identifier, **values))
                report.created += 1
            elif any(getattr(session, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(session, name, value)
                to_update.append(session)
                report.updated += 1
            else:
                report.unchanged += 1
        TrainingSession.objects.bulk_create(to_create)
        TrainingSession.objects.bulk_update(to_update, SESSION_FIELDS)
        links.refresh_sessions(
            TrainingSession.objects.filter(external_id__in=wanted).values_list("id", flat=True)
        )

    return _run(rows, write, report, partial)


def _trainings(batch, organisations):
    """Trainings keyed by (organisation, title); their details and ROME codes follow the file."""
    wanted = {}
    for _, d in batch:
        wanted[(organisations[d["siret_organisme"]], d["intitule_formation"])] = d
    existing = {
        (t.organisation_id, t.title): t
        for t in Training.objects.filter(
            organisation_id__in={o for o, _ in wanted}, title__in={t for _, t in wanted}
        )
    }
    for key, d in wanted.items():
        values = {
            "certification_code": d["certification"],
            "entry_level": d["niveau_entree"],
            "exit_level": d["niveau_sortie"],
        }
        training = existing.get(key)
        if training is None:
            existing[key] = Training.objects.create(organisation_id=key[0], title=key[1], **values)
        elif any(getattr(training, n) != v for n, v in values.items()):
            Training.objects.filter(pk=training.pk).update(**values)
        have = set(existing[key].rome_codes.values_list("code", flat=True)) if training else set()
        if have != set(d["codes_rome"]):
            through = Training.rome_codes.through
            through.objects.filter(training_id=existing[key].pk).delete()
            through.objects.bulk_create(
                through(training_id=existing[key].pk, romecode_id=c) for c in d["codes_rome"]
            )
    return {key: training.pk for key, training in existing.items()}
