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
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from tdu.companies.models import Company
from tdu.matching import romes
from tdu.matching.communes import Place, commune_index
from tdu.matching.models import CatalogueVersion, LinksVersion, SessionLink
from tdu.matching.sql import member, prepared_cursor
from tdu.offers.enums import ContractType, OfferStatus
from tdu.offers.models import JobOffer
from tdu.trainings.models import Training, TrainingSession

MAX_COUNT = 1000  # results one may page through (50 pages)
# The total is exact up to COUNT_CAP ("plus de 100 offres" beyond): reading 101 offers nearest first costs what
# the first page costs (batches read about MIN_BATCH_OFFERS at least), where an exact count up to 1 000 cost
# several times more. A later page knows more: "plus de 140" on page 7. Never a figure that is wrong.
COUNT_CAP = 100
PAGE_SIZE = 20
SESSIONS_PER_OFFER = 3
# Above this many candidate ROME codes, filtering offers in Python beats an SQL IN list (index probes).
SQL_ROME_FILTER_MAX = 64


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
    count: int  # exact unless more_than_max; then more than `count` offers match
    more_than_max: bool
    page: int
    page_count: int  # exact unless more_than_max; then at least one page after this one (up to MAX_COUNT)
    hits: list[OfferHit]

    @property
    def total(self):
        return f"{self.count}+" if self.more_than_max else self.count


class PageOutOfRange(Exception):
    def __init__(self, page_count):
        self.page_count = page_count


@dataclass
class _Candidate:
    offer_id: int
    commune_id: int
    rome: str
    distance: float
    start: datetime.date | str | None = None  # the soonest session start, as the driver returns it


@dataclass(frozen=True)
class State:
    """The versions a remembered answer depends on: the session links, the offers (and company names), the ROME
    codes (and job titles), the communes. Each moves in the transaction of any change (links.bump_version;
    database triggers for the others, tdu.matching.models.CatalogueVersion)."""

    links: int
    offers: int
    romes: int
    communes: int


STATE_SQL = (
    f"SELECT (SELECT COALESCE(MAX(version), 0) FROM {LinksVersion._meta.db_table}), "
    "COALESCE(MAX(offers), 0), COALESCE(MAX(romes), 0), COALESCE(MAX(communes), 0) "
    f"FROM {CatalogueVersion._meta.db_table}"
)


def current_state() -> State:
    """One statement reading two one-row tables; the ROME cache follows the database."""
    with prepared_cursor() as cursor:
        cursor.execute(STATE_SQL)
        state = State(*cursor.fetchone())
    romes.refresh_if_changed(state.romes)
    return state


def _around(params: SearchParams, state: State | None = None):
    """The communes near home (offers, sessions), the jobs open there (sorted by date: {match code: soonest
    start}) and the ROME codes they stand for."""
    links_version = (state or current_state()).links
    index = commune_index()
    home = params.home
    near_offers = index.around(home, params.radius_km)
    near_sessions = (
        near_offers
        if params.training_radius == params.radius_km
        else index.around(home, params.training_radius)
    )
    # Sorted by distance, only which jobs are open counts; sorted by date, each one's soonest start too.
    dated = params.sort == Sort.DATE
    open_codes = _cached_open_codes(home, near_sessions, params, links_version, dated=dated)
    eligible = romes.codes_matching(open_codes)
    if params.rome_codes is not None:
        eligible &= params.rome_codes
    return index, near_offers, near_sessions, open_codes, eligible


def _needed(page):
    """How many offers nearest first tell the page, whether a next page exists and the total shown."""
    last_page = MAX_COUNT // PAGE_SIZE
    return min(MAX_COUNT, max(COUNT_CAP, min(page, last_page) * PAGE_SIZE)) + 1


def search(params: SearchParams, state: State | None = None) -> SearchResults:
    """`state`: the versions the caller already read (current_state()), to key its own cache on."""
    index, near_offers, near_sessions, open_codes, eligible = _around(params, state)
    needed = _needed(params.page)
    nearest = _collect_by_distance(near_offers, eligible, params, needed, index)
    more = len(nearest) >= needed
    # Fewer than needed: every match was read, the count is exact (capped at the MAX_COUNT one may browse).
    count = needed - 1 if more else len(nearest)
    if more:  # pages up to the one holding offer count + 1 exist (count is a multiple of PAGE_SIZE)
        page_count = min(MAX_COUNT // PAGE_SIZE, count // PAGE_SIZE + 1)
    else:
        page_count = max(1, -(-count // PAGE_SIZE))
    if params.page > page_count:
        raise PageOutOfRange(page_count)
    if params.sort == Sort.DATE:
        ordered = _collect_by_start(near_offers, eligible, open_codes, params, params.page * PAGE_SIZE)
    else:
        ordered = nearest
    window = ordered[(params.page - 1) * PAGE_SIZE : params.page * PAGE_SIZE]
    hits = _hydrate(window, near_sessions, params, index)
    return SearchResults(count=count, more_than_max=more, page=params.page, page_count=page_count, hits=hits)


def new_offers(
    params: SearchParams, since: datetime.datetime, until: datetime.datetime, limit: int = PAGE_SIZE
):
    """The offers that the same search lists (nearest first, within its cap of MAX_COUNT) and that were published
    or created after `since`, up to `until`: their count, and the first `limit` as hits (a saved search's alert)."""
    index, near_offers, near_sessions, _, eligible = _around(params)
    nearest = _collect_by_distance(near_offers, eligible, params, MAX_COUNT, index)[:MAX_COUNT]
    recent: set[int] = set()
    ids = [candidate.offer_id for candidate in nearest]
    for start in range(0, len(ids), 500):
        recent.update(
            JobOffer.objects.filter(pk__in=ids[start : start + 500])
            .filter(
                Q(published_at__gt=since, published_at__lte=until)
                | Q(created_at__gt=since, created_at__lte=until)
            )
            .values_list("pk", flat=True)
        )
    fresh = [candidate for candidate in nearest if candidate.offer_id in recent]
    return len(fresh), _hydrate(fresh[:limit], near_sessions, params, index)


# The hot queries are written in SQL: the ORM's cost of building an IN list of a thousand communes
# was several times the database's own time. They read covering indexes only.
# The session side in two steps, both computed by the database on the covering index link_search: which
# jobs have an open session within T (sorted by date, with its soonest start), then the sessions of the page's
# jobs only.
OPEN_CODES_SQL = "SELECT DISTINCT match_code FROM {table} WHERE {communes} AND entry_deadline >= %s{level}"
# Sorted by date, each job's soonest start too.
EARLIEST_SQL = (
    "SELECT match_code, MIN(start_date) FROM {table} "
    "WHERE {communes} AND entry_deadline >= %s{level} GROUP BY match_code"
)
LINKS_SQL = (
    "SELECT match_code, start_date, session_id, commune_id, places_left FROM {table} "
    "WHERE {communes} AND entry_deadline >= %s{level} AND {codes}"
)
OFFERS_SQL = (
    "SELECT id, commune_id, rome_id, CAST(expires_on AS VARCHAR(10)) FROM {table} "
    "WHERE status = %s AND {communes}{contract}{romes}"
)
# One heavy commune: in the index's own order, so that LIMIT keeps exactly the first rows.
OFFERS_IN_ONE_COMMUNE_SQL = (
    "SELECT id, commune_id, rome_id, CAST(expires_on AS VARCHAR(10)) FROM {table} "
    "WHERE status = %s AND commune_id = %s{contract}{romes} "
    "ORDER BY {table}.rome_id, {table}.expires_on, {table}.contract_type, {table}.id LIMIT %s"
)
# Offers follow population: communes are read in batches expected to hold about the offers still needed
# (never fewer than MIN_BATCH_OFFERS), and a commune expected to hold far more alone, with a LIMIT. The rows
# read stay close to the rows needed, whatever the size of the catalogue.
MIN_BATCH_OFFERS = 100
MAX_BATCH_COMMUNES = 500
DENSITY_SECONDS = 600
_density: dict[str, float | None] = {"value": None, "at": 0.0}


def offers_per_inhabitant():
    """Published offers per inhabitant, refreshed every ten minutes (a planning estimate, never a result)."""
    now = time.monotonic()
    at = _density["at"] or 0.0
    if _density["value"] is None or now - at > DENSITY_SECONDS:
        offers = JobOffer.objects.filter(status=OfferStatus.PUBLISHED).count()
        people = commune_index().total_population or 1
        _density.update(value=offers / people, at=now)
    return _density["value"]


# The page's offers and the titles of their sessions, in one round trip: each row says what it is ('o' or 's'),
# a session's row carries its title in the offer title's column and NULLs elsewhere.
DETAILS_SQL = (
    "SELECT 'o', o.id, o.title, c.name, c.siret, o.contract_type, o.contract_duration_months, o.latitude, o.longitude "
    f"FROM {JobOffer._meta.db_table} o JOIN {Company._meta.db_table} c ON c.id = o.company_id WHERE {{offers}} "
    "UNION ALL SELECT 's', s.id, t.title, NULL, NULL, NULL, NULL, NULL, NULL "
    f"FROM {TrainingSession._meta.db_table} s JOIN {Training._meta.db_table} t ON t.id = s.training_id "
    "WHERE {sessions}"
)


def _links_filter(near_sessions, params):
    distance = {commune_id: d for d, commune_id in near_sessions}
    communes, arguments = member("commune_id", distance)
    arguments.append(params.today)
    level = ""
    if params.level is not None:
        level = " AND entry_level <= %s"
        arguments.append(params.level)
    return distance, communes, arguments, level


def _open_codes(near_sessions, params, *, dated):
    """The jobs with at least one open funded session within T: a set of match codes, or (`dated`) {match code:
    soonest start}."""
    distance, communes, arguments, level = _links_filter(near_sessions, params)
    if not distance:
        return {} if dated else ()
    sql = (EARLIEST_SQL if dated else OPEN_CODES_SQL).format(
        table=SessionLink._meta.db_table, communes=communes, level=level
    )
    with prepared_cursor() as cursor:
        cursor.execute(sql, arguments)
        # Remembered for many homes: each code and each day is one shared object.
        if not dated:
            return tuple(sys.intern(code) for (code,) in cursor.fetchall())  # 8 bytes a code
        # The soonest start as the driver returns it (a date, or ISO text on SQLite): only compared and grouped,
        # never shown, and ISO text sorts as the dates do; converting hundreds of codes cost more than the rest.
        return {sys.intern(code): _one_of(start) for code, start in cursor.fetchall()}


_shared_days: dict = {}


def _one_of(day):
    if len(_shared_days) > 10_000:  # a few years of session starts at most; never grows without bound
        _shared_days.clear()
    return _shared_days.setdefault(day, day)


# Bounded in bytes (an estimate of the Python objects held): emptied whole when full, like on a new version.
OPEN_CODES_CACHE_BYTES = 32 * 1024 * 1024
# A key and an empty dict; one {code: day} item, its code and day shared (57 bytes measured with tracemalloc);
# one code of a tuple, shared (a pointer).
ENTRY_BYTES, ITEM_BYTES, CODE_BYTES = 400, 70, 8
_open_codes_cache: dict = {"version": None, "entries": {}, "bytes": 0}


def clear_cache():
    _open_codes_cache.update(version=None, entries={}, bytes=0)


def _cached_open_codes(home, near_sessions, params, links_version, *, dated=False):
    """The jobs open around a home change only with the session links (versioned) or the day: remembered."""
    if _open_codes_cache["version"] != links_version or _open_codes_cache["bytes"] > OPEN_CODES_CACHE_BYTES:
        _open_codes_cache.update(version=links_version, entries={}, bytes=0)
    key = (home.id, params.training_radius, params.level, params.today, dated)
    found = _open_codes_cache["entries"].get(key)
    if found is None:
        found = _open_codes_cache["entries"][key] = _open_codes(near_sessions, params, dated=dated)
        _open_codes_cache["bytes"] += ENTRY_BYTES + (ITEM_BYTES if dated else CODE_BYTES) * len(found)
    return found


def _open_sessions(match_codes, near_sessions, params):
    """{match code: [(distance, start, session_id, commune_id, places_left)]} for these jobs, within T.

    Sorted by distance, only the nearest sessions are shown: the communes are read ring by ring (an eighth,
    a quarter, half, all of T) and a job leaves the query once it has its sessions; a farther session could
    not come before them. Sorted by date, every session within T counts.
    """
    by_match = defaultdict(list)
    wanted = set(match_codes)
    rings = [1.0] if params.sort == Sort.DATE else [0.125, 0.25, 0.5, 1.0]
    inner = 0
    for share in rings:
        if not wanted:
            break
        limit = params.training_radius * share
        outer = inner
        while outer < len(near_sessions) and near_sessions[outer][0] <= limit:
            outer += 1
        annulus = near_sessions[inner:outer]
        inner = outer
        if not annulus:
            continue
        distance, communes, arguments, level = _links_filter(annulus, params)
        codes, code_arguments = member("match_code", sorted(wanted))
        sql = LINKS_SQL.format(table=SessionLink._meta.db_table, communes=communes, level=level, codes=codes)
        with prepared_cursor() as cursor:
            cursor.execute(sql, [*arguments, *code_arguments])
            for match, start, session_id, commune_id, places in cursor.fetchall():
                by_match[match].append(
                    (distance[commune_id], _as_date(start), session_id, commune_id, places)
                )
        wanted = {code for code in wanted if len(by_match[code]) < SESSIONS_PER_OFFER}
    return by_match


def _as_date(value):
    # SQLite returns dates as text through a raw cursor.
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def _rome_filter(codes):
    """SQL and arguments keeping offers whose ROME code is in `codes`: an IN list, or the shorter NOT IN."""
    if codes is None:
        return "", []
    if len(codes) <= len(romes.parents()) // 2:
        sql, arguments = member("rome_id", sorted(codes))
        return f" AND {sql}", arguments
    others = sorted(set(romes.parents()) - set(codes))
    if not others:
        return "", []
    sql, arguments = member("rome_id", others, negate=True)
    return f" AND {sql}", arguments


def _offer_rows(commune_ids, codes, params, *, limit=None):
    """(id, commune, rome, expires) of published offers with these codes in these communes.

    Reads the covering index offer_search. The expiry date is checked here: an "IS NULL OR >=" in SQL
    would steer the planners to a scan of every published offer (the daily job also closes expired ones).
    """
    romes_sql, rome_arguments = _rome_filter(codes)
    contract, contract_arguments = (
        (" AND contract_type = %s", [params.contract]) if params.contract else ("", [])
    )
    table = JobOffer._meta.db_table
    if limit is None:
        communes, commune_arguments = member("commune_id", commune_ids)
        sql = OFFERS_SQL.format(table=table, communes=communes, contract=contract, romes=romes_sql)
        arguments = [OfferStatus.PUBLISHED.value, *commune_arguments, *contract_arguments, *rome_arguments]
    else:
        sql = OFFERS_IN_ONE_COMMUNE_SQL.format(table=table, contract=contract, romes=romes_sql)
        arguments = [OfferStatus.PUBLISHED.value, commune_ids[0], *contract_arguments, *rome_arguments, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, arguments)
        return cursor.fetchall()


def _visible(rows, today):
    return [(i, c, r, e) for i, c, r, e in rows if e is None or e >= today]


def _one_commune(commune_id, codes, params, needed, today):
    """At least the first `needed` visible offers of one commune in the search's order (ROME code, then id), or
    all of them.

    Read in the index's order (ROME code, expiry, contract, id) with a LIMIT: the codes before the last one read
    are complete; the last code's offers are read whole, so that the order by id within it holds."""
    limit = needed
    while True:
        rows = _offer_rows([commune_id], codes, params, limit=limit)
        if len(rows) < limit:
            return _visible(rows, today)
        last = rows[-1][2]
        found = _visible([row for row in rows if row[2] != last], today)
        found += _visible(_offer_rows([commune_id], {last}, params), today)
        if len(found) >= needed:
            return found
        limit *= 2


def _order_key(candidate):
    return candidate.distance, candidate.commune_id, candidate.rome, candidate.offer_id


def _collect_by_distance(near_offers, eligible, params, needed, index):
    """Matching offers nearest first, stopping once `needed` are found."""
    found: list[_Candidate] = []
    if not eligible:
        return found
    today = params.today.isoformat()
    codes = None if eligible >= set(romes.parents()) else eligible
    density = offers_per_inhabitant()
    position = 0
    while position < len(near_offers) and len(found) < needed:
        remaining = needed - len(found)
        target = max(remaining, MIN_BATCH_OFFERS)
        d, commune_id = near_offers[position]
        if _population(index, commune_id) * density >= 2 * target:
            rows = _one_commune(commune_id, codes, params, remaining, today)
            found.extend(sorted((_Candidate(i, c, r, d) for i, c, r, _ in rows), key=_order_key))
            position += 1
            continue
        distance: dict[int, float] = {}
        expected = 0.0
        while position < len(near_offers) and expected < target and len(distance) < MAX_BATCH_COMMUNES:
            d, commune_id = near_offers[position]
            if distance and _population(index, commune_id) * density >= 2 * target:
                break  # a big commune: read it alone, with a LIMIT
            distance[commune_id] = d
            expected += _population(index, commune_id) * density
            position += 1
        rows = _visible(_offer_rows(list(distance), codes, params), today)
        found.extend(sorted((_Candidate(i, c, r, distance[c]) for i, c, r, _ in rows), key=_order_key))
    return found


def _population(index, commune_id):
    place = index.by_id.get(commune_id)
    return place.population if place else 0


def _collect_by_start(near_offers, eligible, earliest, params, needed):
    """Matching offers by soonest training start, then distance: whole start-date groups, soonest first."""
    parent = romes.parents()
    by_date = defaultdict(set)
    for code in eligible:
        by_date[earliest[parent.get(code, code)]].add(code)
    distance = {commune_id: d for d, commune_id in near_offers}
    commune_ids = list(distance)
    found: list[_Candidate] = []
    pending: list[str] = []
    dates = sorted(by_date)
    for position, day in enumerate(dates):
        pending.extend(by_date[day])
        last = position == len(dates) - 1
        if len(pending) < SQL_ROME_FILTER_MAX and not last:
            continue
        rows = _visible(_offer_rows(commune_ids, set(pending), params), params.today.isoformat())
        batch = [_Candidate(i, c, r, distance[c], earliest[parent.get(r, r)]) for i, c, r, _ in rows]
        found.extend(sorted(batch, key=lambda x: (x.start, *_order_key(x))))
        pending = []
        if len(found) >= needed:
            break
    return found


def _hydrate(window, near_sessions, params, index):
    if not window:
        return []
    parent = romes.parents()
    sessions_by_match = _open_sessions({parent.get(c.rome, c.rome) for c in window}, near_sessions, params)
    chosen = {}
    for candidate in window:
        entries = sessions_by_match.get(parent.get(candidate.rome, candidate.rome), [])
        key = (lambda e: (e[1], e[0], e[2])) if params.sort == Sort.DATE else (lambda e: (e[0], e[1], e[2]))
        chosen[candidate.offer_id] = sorted(entries, key=key)[:SESSIONS_PER_OFFER]
    session_ids = sorted({entry[2] for entries in chosen.values() for entry in entries})
    offer_test, offer_arguments = member("o.id", [c.offer_id for c in window])
    session_test, session_arguments = member("s.id", session_ids or [0])  # no session has id 0
    sql = DETAILS_SQL.format(offers=offer_test, sessions=session_test)
    with prepared_cursor() as cursor:
        cursor.execute(sql, [*offer_arguments, *session_arguments])
        rows = cursor.fetchall()
    details = {row[1]: row[1:] for row in rows if row[0] == "o"}
    titles = {row[1]: row[2] for row in rows if row[0] == "s"}
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
