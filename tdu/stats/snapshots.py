"""The job: repair stale records, count the linked offers, store the figures of the country and of each region.

Runs every 10 minutes (tdu.jobs) and after `load_demo`; the pages show its « données au … » time. Each
snapshot replaces the previous one in one transaction, so a page never reads half of one.
"""

import datetime
import time
from collections import defaultdict

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from tdu.matching import romes
from tdu.matching.communes import commune_index
from tdu.matching.models import SessionLink
from tdu.offers.models import JobOffer
from tdu.references.models import Commune, Region
from tdu.stats import figures, records, secrecy
from tdu.stats.models import OfferCount, PathRecord, Snapshot, SnapshotPage
from tdu.stats.scopes import Scope
from tdu.utils.bulk import RawTable

# The offers count is the search's default: a funded session of the same job within 30 km of the offer.
LINK_RADIUS_KM = 30


def count_linked_offers(today: datetime.date) -> int:
    """Rewrite OfferCount: published, unexpired offers with an open funded session of their job within 30 km."""
    index = commune_index()
    session_communes = defaultdict(set)
    for code, commune_id in (
        SessionLink.objects.filter(entry_deadline__gte=today)
        .values_list("match_code", "commune_id")
        .distinct()
    ):
        session_communes[code].add(commune_id)
    near: dict[int, set[int]] = {}
    covered = {}
    for code, communes in session_communes.items():
        reach = set()
        for commune_id in communes:
            if commune_id not in near:
                place = index.by_id.get(commune_id)
                near[commune_id] = {c for _, c in index.around(place, LINK_RADIUS_KM)} if place else set()
            reach |= near[commune_id]
        covered[code] = reach
    where = dict(Commune.objects.values_list("pk", "department_id"))
    regions = dict(Commune.objects.values_list("pk", "department__region_id"))
    rows = []
    offers = (
        JobOffer.objects.visible(today)
        .values_list("commune_id", "rome_id")
        .annotate(n=Count("pk"))
        .order_by("commune_id", "rome_id")
    )
    for commune_id, rome_code, n in offers.iterator(chunk_size=10_000):
        if commune_id in covered.get(romes.match_code(rome_code), ()):
            rows.append((regions[commune_id], where[commune_id], commune_id, rome_code, n))
    table = RawTable(OfferCount, ["region_id", "department_id", "commune_id", "rome_code", "offers"])
    with transaction.atomic():
        OfferCount.objects.all().delete()
        table.insert(rows)
    return sum(row[-1] for row in rows)


PAGE_ROWS = 20
TABLES = ("sessions", "organisations")


def store(scope: Scope, today, now) -> Snapshot:
    """The scope's figures in one row, its long tables in pages of 20 rows, replaced in one transaction."""
    started = time.perf_counter()
    data = figures.compute(scope, today)
    tables = {name: data.pop(name, []) for name in TABLES}
    data["table_counts"] = {name: len(rows) for name, rows in tables.items()}
    data["organisation_choices"] = sorted(
        ((r["id"], r["name"]) for r in tables["organisations"]), key=lambda c: c[1]
    )
    published = secrecy.public(data)
    with transaction.atomic():
        snapshot, _ = Snapshot.objects.update_or_create(
            scope=scope.key,
            defaults={
                "computed_at": now,
                "as_of": today,
                "figures": data,
                "published": published,
                "seconds": round(time.perf_counter() - started, 3),
            },
        )
        SnapshotPage.objects.filter(scope=scope.key).delete()
        SnapshotPage.objects.bulk_create(
            SnapshotPage(
                scope=scope.key,
                table=name,
                number=1 + start // PAGE_ROWS,
                rows=rows[start : start + PAGE_ROWS],
            )
            for name, rows in tables.items()
            for start in range(0, len(rows), PAGE_ROWS)
        )
    return snapshot


def stored_page(scope_key: str, table: str, number: int) -> list:
    page = SnapshotPage.objects.filter(scope=scope_key, table=table, number=number).values_list(
        "rows", flat=True
    )
    return page.first() or []


def stored_table(scope_key: str, table: str) -> list:
    rows = []
    for page in (
        SnapshotPage.objects.filter(scope=scope_key, table=table)
        .order_by("number")
        .values_list("rows", flat=True)
    ):
        rows.extend(page)
    return rows


def regions_to_measure():
    """Deployed regions, and any region some candidature's offer lies in."""
    with_records = PathRecord.objects.values("region_id").distinct()
    return Region.objects.filter(is_deployed=True) | Region.objects.filter(code__in=with_records)


def refresh_all(now=None) -> dict:
    """Everything the pages read. Returns what it did (for run_jobs and the bench)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    started = time.perf_counter()
    stale = records.stale_ids()
    repaired = records.refresh(stale)
    offers = count_linked_offers(today)
    scopes = [Scope()] + [Scope(region=region) for region in regions_to_measure().distinct().order_by("code")]
    for scope in scopes:
        store(scope, today, now)
    Snapshot.objects.exclude(scope__in=[scope.key for scope in scopes]).delete()
    SnapshotPage.objects.exclude(scope__in=[scope.key for scope in scopes]).delete()
    return {
        "records_repaired": repaired,
        "linked_offers": offers,
        "snapshots": len(scopes),
        "seconds": round(time.perf_counter() - started, 2),
    }


def snapshot_of(scope: Scope):
    """The stored snapshot of a default scope, or None before the job's first run."""
    return Snapshot.objects.filter(scope=scope.key).first()


def published(scope: Scope):
    """(figures as published — secrecy applied —, computed_at) of a default scope; computed now before the
    job's first run."""
    row = Snapshot.objects.filter(scope=scope.key).values_list("published", "computed_at").first()
    if row is None:
        return secrecy.public(figures.compute(scope)), None
    return row


def published_regions() -> dict:
    """{region code: published figures} of every region's snapshot, in one query."""
    return dict(Snapshot.objects.exclude(scope="FR").values_list("scope", "published"))
