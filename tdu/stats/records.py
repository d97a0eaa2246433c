"""Reduce candidatures to PathRecords: read the path's tables for a batch, compute, replace the rows.

The same code serves the refresh after one transition (one candidature) and the full rebuild (every
candidature, in batches): a record is always recomputed from the source, never patched.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from tdu.candidatures.enums import (
    FINAL_STATES,
    LASTING_CONTRACTS,
    ContractNow,
    EnrolmentStatus,
    Respondent,
    State,
)
from tdu.candidatures.models import (
    Candidature,
    Commitment,
    Enrolment,
    FollowUp,
    Hiring,
    MeetingSlot,
    TransitionLog,
)
from tdu.stats.models import Employment, PathRecord
from tdu.utils.dates import add_months

BATCH = 2000
S = State
# A step is reached when the path first enters one of these states (later states imply the earlier ones,
# except the immersion, which a region may let a path skip).
AFTER_COMMITMENT = {
    S.COMMITMENT_SIGNED, S.ENROLMENT_REQUESTED, S.ENROLLED, S.IN_TRAINING, S.TRAINING_COMPLETED, S.HIRED,
}  # fmt: skip
STEP_STATES = {
    "convention_signed_on": {S.CONVENTION_SIGNED, S.IMMERSION_VALIDATED, S.IMMERSION_DONE},
    "immersion_validated_on": {S.IMMERSION_VALIDATED, S.IMMERSION_DONE},
    "immersion_done_on": {S.IMMERSION_DONE},
    "committed_on": AFTER_COMMITMENT,
    "enrolled_on": {S.ENROLLED, S.IN_TRAINING, S.TRAINING_COMPLETED, S.HIRED},
}
# A path that went this far met the company, with or without an appointment taken on the service.
BEYOND_MEETING = {
    S.IMMERSION_PROPOSED, S.CONVENTION_SIGNED, S.IMMERSION_VALIDATED, S.IMMERSION_DONE, S.COMMITMENT_PROPOSED,
    *AFTER_COMMITMENT,
}  # fmt: skip
# Exits after entering the training end it early: the person's cohort is the quarter she left.
CUT_SHORT = {S.TRAINING_ABANDONED, S.COMMITMENT_BROKEN, S.CANCELLED}
MILESTONES = (6, 12)


def _day(moment):
    return timezone.localdate(moment) if moment is not None else None


def cohort_of(day: datetime.date | None) -> int:
    """2025-08-14 → 20253 (third quarter of 2025); 0 without a date."""
    return day.year * 10 + (day.month - 1) // 3 + 1 if day else 0


def employment(answers: dict) -> str:
    """The person's situation from the answers to one milestone: hers first, else the company's."""
    mine, theirs = answers.get(Respondent.JOB_SEEKER), answers.get(Respondent.COMPANY)
    if mine is not None:
        in_post, same, contract = mine
        if not in_post or contract == ContractNow.NONE:
            return Employment.NONE
        if contract in LASTING_CONTRACTS:
            return Employment.LASTING_SAME if same else Employment.LASTING_OTHER
        return Employment.SHORT
    if theirs is not None:
        in_post, _, contract = theirs
        if not in_post:
            return Employment.LEFT
        return Employment.LASTING_SAME if contract in LASTING_CONTRACTS else Employment.SHORT
    return Employment.UNKNOWN


@dataclass
class _Sources:
    """What the path's tables say about a batch of candidatures, read in a fixed number of queries."""

    logs: dict = field(default_factory=lambda: defaultdict(list))
    slots: dict = field(default_factory=dict)
    enrolments: dict = field(default_factory=lambda: defaultdict(list))
    commitments: dict = field(default_factory=dict)
    hirings: dict = field(default_factory=dict)
    answers: dict = field(default_factory=lambda: defaultdict(dict))

    @classmethod
    def read(cls, ids):
        sources = cls()
        for cid, to_state, role, created_at in (
            TransitionLog.objects.filter(candidature_id__in=ids)
            .order_by("created_at", "id")
            .values_list("candidature_id", "to_state", "actor_role", "created_at")
        ):
            sources.logs[cid].append((to_state, role, created_at))
        for cid, starts_at in MeetingSlot.objects.filter(
            candidature_id__in=ids, chosen_at__isnull=False, withdrawn_at__isnull=True
        ).values_list("candidature_id", "starts_at"):
            sources.slots[cid] = starts_at
        session = ("session_id", "session__training__organisation_id", "session__price_total")
        for row in (
            Enrolment.objects.filter(candidature_id__in=ids)
            .order_by("requested_at", "id")
            .values_list(
                "candidature_id", "status", "entered_on", "completed_on", "certification_obtained", *session
            )
        ):
            sources.enrolments[row[0]].append(row[1:])
        for cid, *rest in (
            Commitment.objects.filter(candidature_id__in=ids, cancelled_at__isnull=True)
            .order_by("created_at", "id")
            .values_list("candidature_id", *session)
        ):
            sources.commitments[cid] = tuple(rest)
        sources.hirings = dict(
            Hiring.objects.filter(candidature_id__in=ids).values_list("candidature_id", "start_date")
        )
        for cid, milestone, respondent, *answer in FollowUp.objects.filter(
            candidature_id__in=ids, answered_at__isnull=False
        ).values_list(
            "candidature_id",
            "milestone_months",
            "respondent",
            "still_in_post",
            "same_company",
            "contract_now",
        ):
            sources.answers[(cid, milestone)][respondent] = tuple(answer)
        return sources


def _record(candidature, sources, now) -> PathRecord:
    cid = candidature["pk"]
    logs = sources.logs.get(cid, [])
    record = PathRecord(
        candidature_id=cid,
        region_id=candidature["offer__commune__department__region_id"],
        department_id=candidature["offer__commune__department_id"],
        commune_id=candidature["offer__commune_id"],
        rome_code=candidature["offer__rome_id"],
        company_id=candidature["company_id"],
        offer_id=candidature["offer_id"],
        state=candidature["state"],
        applied_on=_day(candidature["created_at"]),
        version=candidature["version"],
        refreshed_at=now,
    )
    for attname, states in STEP_STATES.items():
        setattr(record, attname, next((_day(at) for state, _, at in logs if state in states), None))
    slot = sources.slots.get(cid)
    record.met_on = _day(slot) if slot else next((_day(at) for s, _, at in logs if s in BEYOND_MEETING), None)
    # The session: the place taken, else the request pending, else the one the commitment names.
    enrolments = sources.enrolments.get(cid, [])
    accepted = [e for e in enrolments if e[0] == EnrolmentStatus.ACCEPTED]
    pending = [e for e in enrolments if e[0] == EnrolmentStatus.REQUESTED]
    chosen = (accepted or pending or [None])[-1]
    session = chosen[4:] if chosen else sources.commitments.get(cid)
    if session:
        record.session_id, record.training_organisation_id, price = session
    if accepted:
        _, entered, completed, certified, *_ = accepted[-1]
        record.entered_on, record.completed_on, record.certified = entered, completed, certified
        if entered:
            record.place_cost = price
    record.hired_on = sources.hirings.get(cid)
    state = candidature["state"]
    if state in FINAL_STATES and state != S.HIRED:
        record.exit = state
        record.exited_on = _day(candidature["state_changed_at"])
        last_role = logs[-1][1] if logs else ""
        record.exit_reason = candidature["refusal_reason"] if state == S.REFUSED else last_role
    if record.completed_on:
        record.training_ended_on = record.completed_on
    elif record.entered_on and record.exit in CUT_SHORT:
        record.training_ended_on = record.exited_on
    record.cohort = cohort_of(record.training_ended_on)
    if record.completed_on:
        start = record.hired_on or record.completed_on
        for months in MILESTONES:
            setattr(record, f"due_{months}", add_months(start, months))
            setattr(record, f"employment_{months}", employment(sources.answers.get((cid, months), {})))
    return record


CANDIDATURE_FIELDS = (
    "pk", "state", "version", "created_at", "state_changed_at", "refusal_reason", "company_id", "offer_id", "offer__rome_id",
    "offer__commune_id", "offer__commune__department_id", "offer__commune__department__region_id",
)  # fmt: skip


def refresh(candidature_ids: Iterable[int]) -> int:
    """Recompute the records of these candidatures (missing ones are dropped). Returns the number written."""
    ids = sorted(set(candidature_ids))
    written = 0
    now = timezone.now()
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        candidatures = list(Candidature.objects.filter(pk__in=batch).values(*CANDIDATURE_FIELDS))
        sources = _Sources.read(batch)
        records = [_record(c, sources, now) for c in candidatures]
        with transaction.atomic():
            PathRecord.objects.filter(candidature_id__in=batch).delete()
            PathRecord.objects.bulk_create(records, batch_size=500)
        written += len(records)
    return written


def stale_ids() -> list[int]:
    """Candidatures whose record is missing or older than their last transition or follow-up answer."""
    changed = Candidature.objects.filter(Q(record__isnull=True) | ~Q(record__version=F("version")))
    ids = set(changed.values_list("pk", flat=True))
    answered = FollowUp.objects.filter(answered_at__gt=F("candidature__record__refreshed_at"))
    ids.update(answered.values_list("candidature_id", flat=True))
    return sorted(ids)


def rebuild(progress=None) -> int:
    """Every record again, in batches (a new definition, a restore): `manage.py refresh_stats --rebuild`."""
    ids = list(Candidature.objects.order_by("pk").values_list("pk", flat=True))
    written = 0
    for start in range(0, len(ids), BATCH * 5):
        written += refresh(ids[start : start + BATCH * 5])
        if progress:
            progress(written, len(ids))
    return written
