"""Maintenance of SessionLink rows: incremental (per session) and complete (after bulk loads)."""

import datetime

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from tdu.matching import romes
from tdu.matching.models import LinksVersion, SessionLink
from tdu.trainings.models import Training, TrainingSession
from tdu.utils.bulk import RawTable

BATCH = 5000


def _eligible_sessions():
    """Funded (and confirmed by the region), recruiting, places left, not over (a session entirely in the past
    is never linked)."""
    return TrainingSession.objects.funded().filter(
        recruitment_open=True,
        closed_at__isnull=True,
        funded_places__gt=F("enrolled_count"),
        end_date__gte=timezone.localdate(),
    )


def _rows_for(sessions_qs):
    """SessionLink rows (tuples, adapted for the database) for the given (already eligible) sessions."""
    parent = romes.parents()
    sessions = sessions_qs.values_list(
        "id",
        "training_id",
        "commune_id",
        "start_date",
        "funded_places",
        "enrolled_count",
        "funding_region__late_entry_days",
        "training__entry_level",
    )
    rows = list(sessions)
    training_ids = {r[1] for r in rows}
    codes_by_training: dict[int, list[str]] = {}
    through = Training.rome_codes.through.objects.filter(training_id__in=training_ids)
    for training_id, code in through.values_list("training_id", "romecode_id"):
        codes_by_training.setdefault(training_id, []).append(code)
    adapt = connection.ops.adapt_datefield_value
    for session_id, training_id, commune_id, start, funded, enrolled, late_days, level in rows:
        for code in codes_by_training.get(training_id, ()):
            yield (
                session_id,
                code,
                parent.get(code, code),
                commune_id,
                adapt(start),
                adapt(start + datetime.timedelta(days=late_days or 0)),
                level,
                funded - enrolled,
            )


def _table():
    """SessionLink rows are written below the ORM: a batch of sessions is one statement."""
    return RawTable(
        SessionLink,
        [
            "session_id",
            "rome_code",
            "match_code",
            "commune_id",
            "start_date",
            "entry_deadline",
            "entry_level",
            "places_left",
        ],
    )


def bump_version():
    """Every process's caches of the session side see the change (same transaction as the change)."""
    if not LinksVersion.objects.filter(pk=1).update(version=F("version") + 1):
        LinksVersion.objects.get_or_create(pk=1, defaults={"version": 1})


def refresh_sessions(session_ids):
    """Recompute the links of these sessions from their current state."""
    session_ids = list(session_ids)
    if not session_ids:
        return
    with transaction.atomic():
        bump_version()
        for start in range(0, len(session_ids), BATCH):
            chunk = session_ids[start : start + BATCH]
            SessionLink.objects.filter(session_id__in=chunk).delete()
            _table().insert(list(_rows_for(_eligible_sessions().filter(id__in=chunk))))


def rebuild_all(progress=None):
    """Recompute every link (after bulk inserts, or when ROME parent codes change). Returns the row count."""
    romes.clear_cache()
    total = 0
    with transaction.atomic():
        bump_version()
        SessionLink.objects.all().delete()
        ids = list(_eligible_sessions().order_by("id").values_list("id", flat=True))
        chunks = range(0, len(ids), BATCH)
        table = _table()
        for start in progress(chunks) if progress else chunks:
            total += table.insert(
                list(_rows_for(_eligible_sessions().filter(id__in=ids[start : start + BATCH])))
            )
    return total
