"""Compute every indicator of a scope from the records, as one JSON-ready dict.

The job stores this dict for the country and each region (tdu.stats.snapshots); a page with filters computes it
for its slice with the same code. Definitions: tdu.stats.indicators.
"""

import datetime
import statistics
from decimal import Decimal

from django.db.models import Count, Q, Sum

from tdu.candidatures.enums import Actor, RefusalReason, State
from tdu.references.models import Region
from tdu.stats import indicators
from tdu.stats.models import LASTING, Employment
from tdu.stats.scopes import Scope
from tdu.trainings.models import TrainingSession

MILESTONES = (6, 12)
EXIT_LABELS = {
    State.REFUSED: "Refus de l'entreprise",
    State.WITHDRAWN: "Candidature retirée",
    State.EXPIRED: "Expirée faute de réponse",
    State.CANCELLED: "Parcours annulé par la Région",
    State.TRAINING_ABANDONED: "Abandon de la formation",
    State.COMMITMENT_BROKEN: "Engagement rompu",
    State.NOT_HIRED: "Promesse d'embauche non tenue",
}


def rate(part, whole):
    """A percentage with one decimal, None when there is nothing to divide by."""
    return round(100 * part / whole, 1) if whole else None


def reason_label(exit_state, reason):
    if exit_state == State.REFUSED:
        return RefusalReason(reason).label if reason in RefusalReason.values else "Motif non précisé"
    if reason in Actor.values:
        return f"déclaré par : {Actor(reason).label.lower()}"
    return ""


def _milestone_counts(prefix: str, months: int, today):
    """Aggregates of one milestone: the people whose date has passed, by situation."""
    due = Q(**{f"{prefix}due_{months}__lte": today})
    status = f"{prefix}employment_{months}"
    counts = {"due": Count("pk", filter=due)}
    for value in Employment.values:
        counts[value] = Count("pk", filter=due & Q(**{status: value}))
    return {f"m{months}_{name}": aggregate for name, aggregate in counts.items()}


def milestone(row: dict, months: int) -> dict:
    """The lasting-employment figures of one milestone from the aggregated counts."""
    get = lambda name: row.get(f"m{months}_{name}") or 0  # noqa: E731
    due = get("due")
    lasting = get(Employment.LASTING_SAME) + get(Employment.LASTING_OTHER)
    answered = due - get(Employment.UNKNOWN)
    response = rate(answered, due)
    return {
        "due": due,
        "lasting": lasting,
        "lasting_same": get(Employment.LASTING_SAME),
        "lasting_other": get(Employment.LASTING_OTHER),
        "short": get(Employment.SHORT),
        "none": get(Employment.NONE),
        "left": get(Employment.LEFT),
        "unknown": get(Employment.UNKNOWN),
        "answered": answered,
        "rate": rate(lasting, due),
        "same_rate": rate(get(Employment.LASTING_SAME), due),
        "response_rate": response,
        "fragile": response is not None and response <= indicators.FRAGILE_RESPONSE_PERCENT,
    }


def funnel(scope: Scope, today) -> tuple[list[dict], dict]:
    records = scope.period_records()
    aggregates = {
        "candidatures": Count("pk"),
        "met": Count("pk", filter=Q(met_on__lte=today)),
        "hired": Count("pk", filter=Q(hired_on__lte=today)),
        "certified": Count("pk", filter=Q(certified=True)),
        **_milestone_counts("", 6, today),
        **_milestone_counts("", 12, today),
    }
    for step in indicators.FUNNEL:
        if step.key not in aggregates and step.field:
            aggregates[step.key] = Count("pk", filter=Q(**{f"{step.field}__isnull": False}))
    row = records.aggregate(**aggregates)
    counts = {step.key: row.get(step.key) for step in indicators.FUNNEL}
    counts["offers"] = scope.offer_counts().aggregate(n=Sum("offers"))["n"] or 0
    by_milestone = {months: milestone(row, months) for months in MILESTONES}
    counts["employed_6"] = by_milestone[6]["lasting"]
    counts["employed_12"] = by_milestone[12]["lasting"]
    steps, previous = [], None
    for step in indicators.FUNNEL:
        count = counts[step.key]
        if step.key == "offers" and not scope.attributes_sessions:
            count = None  # which offers a training organisation's figures concern is not known
        if step.key.startswith("employed_"):
            months = int(step.key.split("_")[1])
            base, base_label = by_milestone[months]["due"], f"dont la date des {months} mois est passée"
        elif step.key == "candidatures":
            base, base_label = None, ""
        else:
            base, base_label = previous, ""
        steps.append(
            {
                "key": step.key,
                "label": step.label,
                "count": count,
                "base": base,
                "base_label": base_label,
                "rate": rate(count, base) if count is not None and base else None,
            }
        )
        previous = count
    extra = {"certified": row["certified"], "milestones_by_candidature": by_milestone}
    return steps, extra


def cohorts(scope: Scope, today) -> tuple[list[dict], dict]:
    """Lasting employment by cohort of training end, and the cost of the places they used."""
    rows = (
        scope.cohort_records()
        .values("cohort")
        .annotate(
            ended=Count("pk"),
            completed=Count("pk", filter=Q(completed_on__isnull=False)),
            certified=Count("pk", filter=Q(certified=True)),
            hired=Count("pk", filter=Q(hired_on__lte=today)),
            entered=Count("pk", filter=Q(entered_on__isnull=False)),
            priced=Count("pk", filter=Q(entered_on__isnull=False, place_cost__isnull=False)),
            cost=Sum("place_cost", filter=Q(entered_on__isnull=False)),
            **_milestone_counts("", 6, today),
            **_milestone_counts("", 12, today),
        )
        .order_by("cohort")
    )
    table, totals = [], {"ended": 0, "completed": 0, "certified": 0, "hired": 0, "entered": 0, "priced": 0}
    cost, summed = Decimal(0), {}
    for row in rows:
        for name in totals:
            totals[name] += row[name]
        cost += row["cost"] or 0
        for name, value in row.items():
            if name.startswith("m"):
                summed[name] = summed.get(name, 0) + value
        year, quarter = divmod(row["cohort"], 10)
        table.append(
            {
                "cohort": row["cohort"],
                "label": f"T{quarter} {year}",
                "ended": row["ended"],
                "completed": row["completed"],
                "certified": row["certified"],
                "hired": row["hired"],
                "m6": milestone(row, 6),
                "m12": milestone(row, 12),
            }
        )
    employment = {f"m{months}": milestone(summed, months) for months in MILESTONES}
    lasting_6 = employment["m6"]["lasting"]
    cost_figures = {
        "entered": totals["entered"],
        "priced": totals["priced"],
        "total": float(cost),
        "lasting_6": lasting_6,
        "per_lasting_hire": round(float(cost) / lasting_6) if lasting_6 and totals["priced"] else None,
    }
    return table, {"totals": totals, "employment": employment, "cost": cost_figures}


def exits(scope: Scope) -> list[dict]:
    rows = (
        scope.period_records()
        .exclude(exit="")
        .values("exit", "exit_reason")
        .annotate(n=Count("pk"))
        .order_by("exit", "-n", "exit_reason")
    )
    return [
        {
            "exit": row["exit"],
            "label": EXIT_LABELS.get(row["exit"], row["exit"]),
            "reason": row["exit_reason"],
            "reason_label": reason_label(row["exit"], row["exit_reason"]),
            "count": row["n"],
        }
        for row in rows
    ]


def durations(scope: Scope) -> dict:
    """Median days between steps (None below one case)."""
    spans: dict[str, list[int]] = {"to_commitment": [], "to_training": [], "to_contract": []}
    rows = (
        scope.period_records()
        .filter(committed_on__isnull=False)
        .values_list("applied_on", "committed_on", "entered_on", "completed_on", "hired_on")
    )
    for applied, committed, entered, completed, hired in rows.iterator(chunk_size=5000):
        spans["to_commitment"].append((committed - applied).days)
        if entered:
            spans["to_training"].append((entered - committed).days)
        if completed and hired:
            spans["to_contract"].append((hired - completed).days)
    return {name: {"median": _median(values), "count": len(values)} for name, values in spans.items()}


def _median(values):
    if not values:
        return None
    middle = statistics.median(values)
    return int(middle) if middle == int(middle) else round(middle, 1)


def places(scope: Scope) -> dict:
    sessions = scope.sessions()
    row = sessions.aggregate(offered=Sum("funded_places"), used=Sum("enrolled_count"), sessions=Count("pk"))
    tdu = (
        Scope(region=scope.region)
        .records()
        .filter(session__in=sessions.values("pk"), enrolled_on__isnull=False)
        .count()
    )
    return {
        "sessions": row["sessions"],
        "offered": row["offered"] or 0,
        "used": row["used"] or 0,
        "tdu": tdu,
        "used_rate": rate(row["used"] or 0, row["offered"] or 0),
        "tdu_rate": rate(tdu, row["offered"] or 0),
    }


def _outcome_aggregates(today) -> dict:
    return {
        "immersions": Count("pk", filter=Q(immersion_done_on__isnull=False)),
        "promises": Count("pk", filter=Q(committed_on__isnull=False)),
        "enrolled": Count("pk", filter=Q(enrolled_on__isnull=False)),
        "completed": Count("pk", filter=Q(completed_on__isnull=False)),
        "certified": Count("pk", filter=Q(certified=True)),
        "hired": Count("pk", filter=Q(hired_on__lte=today)),
        **_milestone_counts("", 6, today),
        **_milestone_counts("", 12, today),
    }


def _outcomes(records, group: str, today):
    return records.values(group).annotate(**_outcome_aggregates(today)).order_by(group)


def _outcome_row(row):
    row = {"immersions": 0, "promises": 0, "enrolled": 0, "completed": 0, "certified": 0, "hired": 0, **row}
    six, twelve = milestone(row, 6), milestone(row, 12)
    return {
        "immersions": row["immersions"],
        "promises": row["promises"],
        "enrolled": row["enrolled"],
        "completed": row["completed"],
        "certified": row["certified"],
        "hired": row["hired"],
        "lasting_6": six["lasting"],
        "due_6": six["due"],
        "rate_6": six["rate"],
        "lasting_12": twelve["lasting"],
        "due_12": twelve["due"],
        "rate_12": twelve["rate"],
    }


def session_table(scope: Scope, today, sessions=None) -> list[dict]:
    """One row per session the scope's people went to (or per session of `sessions`): places and outcomes."""
    only_used = sessions is None
    sessions = scope.sessions() if sessions is None else sessions
    records = Scope(region=scope.region).records().filter(session__in=sessions.values("pk"))
    outcomes = {row["session"]: _outcome_row(row) for row in _outcomes(records, "session", today)}
    listed = sessions.filter(pk__in=list(outcomes)) if only_used else sessions
    rows = []
    for session in listed.select_related("training__organisation", "commune").order_by("start_date", "pk"):
        rows.append(
            {
                "id": session.pk,
                "title": session.training.title,
                "organisation": session.training.organisation.name,
                "organisation_id": session.training.organisation_id,
                "commune": session.commune.name,
                "start": session.start_date.isoformat(),
                "end": session.end_date.isoformat(),
                "places": session.funded_places,
                "used": session.enrolled_count,
                "fill_rate": rate(session.enrolled_count, session.funded_places),
                **outcomes.get(session.pk, _outcome_row({})),
            }
        )
    return rows


def offer_table(scope: Scope, today) -> list[dict]:
    """One row per offer of the scope's candidatures (a company's own view)."""
    from tdu.offers.models import JobOffer

    records = scope.records()
    rows = {
        row["offer"]: row
        for row in records.values("offer")
        .annotate(
            candidatures=Count("pk"),
            met=Count("pk", filter=Q(met_on__lte=today)),
            **_outcome_aggregates(today),
        )
        .order_by("offer")
    }
    offers = (
        JobOffer.objects.filter(pk__in=list(rows)).select_related("commune").order_by("-published_at", "-pk")
    )
    return [
        {
            "id": offer.pk,
            "title": offer.title,
            "commune": offer.commune.name,
            "status": offer.get_status_display(),
            "candidatures": rows[offer.pk]["candidatures"],
            "met": rows[offer.pk]["met"],
            **_outcome_row(rows[offer.pk]),
        }
        for offer in offers
    ]


def organisation_table(scope: Scope, today) -> list[dict]:
    records = scope.records().exclude(training_organisation=None)
    outcomes = {
        row["training_organisation"]: row for row in _outcomes(records, "training_organisation", today)
    }
    if not outcomes:
        return []
    places_by = {
        row["training__organisation"]: row
        for row in TrainingSession.objects.funded()
        .filter(training__organisation__in=list(outcomes))
        .filter(**({"funding_region": scope.region} if scope.region else {}))
        .values("training__organisation", "training__organisation__name")
        .annotate(places=Sum("funded_places"), used=Sum("enrolled_count"), sessions=Count("pk"))
    }
    rows = []
    for organisation_id, row in outcomes.items():
        place = places_by.get(organisation_id, {})
        rows.append(
            {
                "id": organisation_id,
                "name": place.get("training__organisation__name", ""),
                "sessions": place.get("sessions", 0),
                "places": place.get("places") or 0,
                "used": place.get("used") or 0,
                "fill_rate": rate(place.get("used") or 0, place.get("places") or 0),
                **_outcome_row(row),
            }
        )
    return sorted(rows, key=lambda r: (-r["promises"], r["name"]))


def region_table(today) -> list[dict]:
    """The country's figures region by region (deployed regions and any with candidatures)."""
    from tdu.stats.models import PathRecord

    rows = {
        row["region"]: row
        for row in PathRecord.objects.values("region")
        .annotate(
            candidatures=Count("pk"),
            promises=Count("pk", filter=Q(committed_on__isnull=False)),
            hired=Count("pk", filter=Q(hired_on__lte=today)),
            **_milestone_counts("", 6, today),
            **_milestone_counts("", 12, today),
        )
        .order_by("region")
    }
    regions = Region.objects.filter(Q(is_deployed=True) | Q(code__in=list(rows))).order_by("name")
    table = []
    for region in regions:
        row = rows.get(region.code, {})
        table.append(
            {
                "code": region.code,
                "name": region.name,
                "candidatures": row.get("candidatures", 0),
                "promises": row.get("promises", 0),
                "target": region.hiring_promise_target,
                "target_rate": rate(row.get("promises", 0), region.hiring_promise_target),
                "hired": row.get("hired", 0),
                "m6": milestone(row, 6),
                "m12": milestone(row, 12),
                "baseline": region.baseline_employment_percent,
            }
        )
    return table


def target_of(scope: Scope) -> tuple[int, int]:
    """(promise target, baseline %) of the region, or of the deployed regions together for the country."""
    if scope.region is not None:
        return scope.region.hiring_promise_target, scope.region.baseline_employment_percent
    deployed = list(
        Region.objects.filter(is_deployed=True).values_list(
            "hiring_promise_target", "baseline_employment_percent"
        )
    )
    if not deployed:
        return indicators.DEFAULT_TARGET, indicators.DEFAULT_BASELINE_PERCENT
    return sum(t for t, _ in deployed), round(sum(b for _, b in deployed) / len(deployed))


def compute(scope: Scope, today: datetime.date | None = None, *, tables=True) -> dict:
    """Every figure of `scope` as of `today`: a dict of numbers, strings and lists (JSON-ready)."""
    from django.utils import timezone

    today = today or timezone.localdate()
    steps, extra = funnel(scope, today)
    cohort_rows, cohort_figures = cohorts(scope, today)
    target, baseline = target_of(scope)
    promises = next(step["count"] for step in steps if step["key"] == "committed")
    figures = {
        "scope": scope.key,
        "as_of": today.isoformat(),
        "funnel": steps,
        "certified": extra["certified"],
        "employment": cohort_figures["employment"],
        "cohort_totals": cohort_figures["totals"],
        "cohorts": cohort_rows,
        "cost": cohort_figures["cost"],
        "promises": {"count": promises, "target": target, "rate": rate(promises, target)},
        "baseline": baseline,
        "places": places(scope),
        "durations": durations(scope),
        "exits": exits(scope),
    }
    if tables:
        figures["sessions"] = session_table(scope, today) if scope.region is not None else []
        figures["organisations"] = organisation_table(scope, today) if scope.region is not None else []
        figures["regions"] = region_table(today) if scope.region is None and scope.is_default else []
    return figures


def lasting_record_filter(months: int, today) -> Q:
    """The records counted « en emploi durable » at this milestone (for the drill-down)."""
    return Q(**{f"due_{months}__lte": today, f"employment_{months}__in": LASTING})
