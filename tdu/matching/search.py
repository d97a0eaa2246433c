"""The three-place search: offers near home that lead to a funded training near home.

An offer is listed when all hold:
1. it is published and not expired;
2. its commune lies within R km of the seeker's commune (great-circle distance between commune coordinates);
3. at least one training session prepares for the offer's ROME code (same code, or same parent code once the
   official referentiel is imported), is funded by a region, is recruiting with funded places left, starts
   today or later (or within its region's late-entry window), and lies within T km of the seeker's commune
   (T defaults to R).

How it stays fast on a national catalogue with the same code on SQLite and PostgreSQL:
- communes within R and T come from an in-memory grid of the 34 920 communes (tdu.matching.communes);
- the session side reads SessionLink, a precomputed table of open funded (session, ROME) pairs, through a
  covering index on (commune, entry deadline, …);
- the offer side reads offers commune by commune, nearest communes first, in growing batches through a
  partial covering index, and stops as soon as it has enough results: the work depends on the page asked
  and the 1 000-result count cap, not on the size of the catalogue.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from tdu.matching import romes
from tdu.matching.communes import Place, commune_index
from tdu.matching.models import SessionLink
from tdu.offers.enums import ContractType, OfferStatus
from tdu.offers.models import JobOffer
from tdu.trainings.models import TrainingSession

MAX_COUNT = 1000
PAGE_SIZE = 20
SESSIONS_PER_OFFER = 3
# Above this many candidate ROME codes, filtering offers in Python beats an SQL IN list (index probes).
SQL_ROME_FILTER_MAX = 64
FIRST_BATCH = 16


class Sort:
    DISTANCE = "distance"
    DATE = "date"


@dataclass
class SearchParams:
    home: Place
    radius_km: int = 30
    training_radius_km: int | None = None
    rome_codes: frozenset | None = None  # None: any job
    contract: str | None = None  # ContractType value
    level: int | None = None  # EducationLevel value: only trainings she can enter
    sort: str = Sort.DISTANCE
    page: int = 1
    today: datetime.date = field(default_factory=timezone.localdate)

    @property
    def training_radius(self):
        return self.training_radius_km or self.radius_km


@dataclass
class SessionHit:
    session_id: int
    title: str
    commune: Place
    distance_km: float
    start_date: datetime.date
    places_left: int


@dataclass
class OfferHit:
    id: int
    title: str
    company: str
    company_siret: str
    commune: Place
    distance_km: float
    contract_type: str
    contract_duration_months: int | None
    rome: str
    latitude: float
    longitude: float
    sessions: list[SessionHit]

    @property
    def contract_label(self):
        if self.contract_type == ContractType.CDD:
            return f"CDD de {self.contract_duration_months} mois"
        return "CDI"


@dataclass
class SearchResults:
    count: int  # exact up to MAX_COUNT
    more_than_max: bool
    page: int
    page_count: int
    hits: list[OfferHit]

    @property
    def total(self):
        return f"{MAX_COUNT}+" if self.more_than_max else self.count


class PageOutOfRange(Exception):
    def __init__(self, page_count):
        self.page_count = page_count


@dataclass
class _Candidate:
    offer_id: int
    commune_id: int
    rome: str
    distance: float
    start: datetime.date | None = None


def search(params: SearchParams) -> SearchResults:
    index = commune_index()
    home = params.home
    near_offers = index.within(home.latitude, home.longitude, params.radius_km)
    near_sessions = (
        near_offers
        if params.training_radius == params.radius_km
        else index.within(home.latitude, home.longitude, params.training_radius)
    )
    sessions_by_match = _open_sessions(near_sessions, params)
    eligible = romes.codes_matching(sessions_by_match)
    if params.rome_codes is not None:
        eligible &= params.rome_codes

    needed = max(MAX_COUNT + 1, params.page * PAGE_SIZE)
    nearest = _collect_by_distance(near_offers, eligible, params, needed)
    count = min(len(nearest), MAX_COUNT)
    more = len(nearest) > MAX_COUNT
    page_count = max(1, -(-min(len(nearest), MAX_COUNT) // PAGE_SIZE))
    if params.page > page_count:
        raise PageOutOfRange(page_count)
    if params.sort == Sort.DATE:
        ordered = _collect_by_start(near_offers, eligible, sessions_by_match, params, params.page * PAGE_SIZE)
    else:
        ordered = nearest
    window = ordered[(params.page - 1) * PAGE_SIZE : params.page * PAGE_SIZE]
    hits = _hydrate(window, sessions_by_match, params, index)
    return SearchResults(count=count, more_than_max=more, page=params.page, page_count=page_count, hits=hits)


def _open_sessions(near_sessions, params):
    """{match code: [(distance, start, session_id, commune_id, places_left)]} for open sessions within T."""
    distance = {commune_id: d for d, commune_id in near_sessions}
    links = SessionLink.objects.filter(commune_id__in=list(distance), entry_deadline__gte=params.today)
    if params.level is not None:
        links = links.filter(entry_level__lte=params.level)
    by_match = defaultdict(list)
    rows = links.values_list("match_code", "start_date", "session_id", "commune_id", "places_left")
    for match, start, session_id, commune_id, places in rows:
        by_match[match].append((distance[commune_id], start, session_id, commune_id, places))
    return by_match


def _offer_rows(commune_ids, codes, params):
    offers = JobOffer.objects.filter(status=OfferStatus.PUBLISHED, commune_id__in=commune_ids).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=params.today)
    )
    if params.contract:
        offers = offers.filter(contract_type=params.contract)
    in_sql = len(codes) <= SQL_ROME_FILTER_MAX
    if in_sql:
        offers = offers.filter(rome_id__in=codes)
    rows = offers.values_list("id", "commune_id", "rome_id")
    return rows if in_sql else [row for row in rows if row[2] in codes]


def _collect_by_distance(near_offers, eligible, params, needed):
    """Matching offers nearest first, stopping once `needed` are found (batches of communes double in size)."""
    found = []
    if not eligible:
        return found
    position, batch = 0, FIRST_BATCH
    while position < len(near_offers) and len(found) < needed:
        part = near_offers[position : position + batch]
        distance = {commune_id: d for d, commune_id in part}
        rows = _offer_rows(list(distance), eligible, params)
        found.extend(sorted((_Candidate(i, c, r, distance[c]) for i, c, r in rows), key=_by_distance))
        position += batch
        batch *= 2
    return found


def _by_distance(candidate):
    return candidate.distance, candidate.offer_id


def _collect_by_start(near_offers, eligible, sessions_by_match, params, needed):
    """Matching offers by soonest training start, then distance: whole start-date groups, soonest first."""
    parent = romes.parents()
    earliest = {match: min(entry[1] for entry in entries) for match, entries in sessions_by_match.items()}
    by_date = defaultdict(set)
    for code in eligible:
        by_date[earliest[parent.get(code, code)]].add(code)
    distance = {commune_id: d for d, commune_id in near_offers}
    commune_ids = list(distance)
    found, pending = [], []
    dates = sorted(by_date)
    for position, day in enumerate(dates):
        pending.extend(by_date[day])
        last = position == len(dates) - 1
        if len(pending) < SQL_ROME_FILTER_MAX and not last:
            continue
        rows = _offer_rows(commune_ids, set(pending), params)
        batch = [_Candidate(i, c, r, distance[c], earliest[parent.get(r, r)]) for i, c, r in rows]
        found.extend(sorted(batch, key=lambda x: (x.start, x.distance, x.offer_id)))
        pending = []
        if len(found) >= needed:
            break
    return found


def _hydrate(window, sessions_by_match, params, index):
    if not window:
        return []
    parent = romes.parents()
    details = {
        row[0]: row
        for row in JobOffer.objects.filter(id__in=[c.offer_id for c in window]).values_list(
            "id",
            "title",
            "company__name",
            "company__siret",
            "contract_type",
            "contract_duration_months",
            "latitude",
            "longitude",
        )
    }
    chosen = {}
    for candidate in window:
        entries = sessions_by_match.get(parent.get(candidate.rome, candidate.rome), [])
        key = (lambda e: (e[1], e[0], e[2])) if params.sort == Sort.DATE else (lambda e: (e[0], e[1], e[2]))
        chosen[candidate.offer_id] = sorted(entries, key=key)[:SESSIONS_PER_OFFER]
    session_ids = {entry[2] for entries in chosen.values() for entry in entries}
    titles = dict(TrainingSession.objects.filter(id__in=session_ids).values_list("id", "training__title"))
    hits = []
    for candidate in window:
        _, title, company, siret, contract, months, lat, lon = details[candidate.offer_id]
        sessions = [
            SessionHit(
                session_id=session_id,
                title=titles[session_id],
                commune=index.by_id[commune_id],
                distance_km=round(d, 1),
                start_date=start,
                places_left=places,
            )
            for d, start, session_id, commune_id, places in chosen[candidate.offer_id]
        ]
        hits.append(
            OfferHit(
                id=candidate.offer_id,
                title=title,
                company=company,
                company_siret=siret,
                commune=index.by_id[candidate.commune_id],
                distance_km=round(candidate.distance, 1),
                contract_type=contract,
                contract_duration_months=months,
                rome=candidate.rome,
                latitude=lat,
                longitude=lon,
                sessions=sessions,
            )
        )
    return hits
