"""Steering: the region's dashboard (filters, drill-down, CSV, open data), and each actor's own figures.

Without filters the region reads the job's snapshot (one row); with filters the same computation runs on the
slice. Drill-down lists go through the region's rights-filtered candidatures, so they show nothing the role
may not see.
"""

import datetime
from collections.abc import Sequence
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from tdu.candidatures.dashboard import waiting_for
from tdu.candidatures.enums import FINAL_STATES, State
from tdu.candidatures.models import Candidature
from tdu.stats import charts, drilldown, exports, figures, secrecy, snapshots
from tdu.stats.models import Employment, PathRecord
from tdu.stats.scopes import Scope
from tdu.trainings.models import TrainingOrganisation, TrainingSession
from tdu.www.spaces.forms import StatsFilterForm
from tdu.www.spaces.permissions import (
    companies_of,
    followed_job_seekers_of,
    prescriber_organisations_of,
    region_candidatures_of,
    regions_of,
    training_organisations_of,
)
from tdu.www.spaces.views import paginate, query_without

TABLE_ROWS = 20


def _region(request, code):
    return get_object_or_404(regions_of(request.user), code=code)


def _years(region):
    first = (
        PathRecord.objects.filter(region=region).order_by("applied_on").values_list("applied_on", flat=True)
    )
    start = first.first()
    this_year = timezone.localdate().year
    return list(range(this_year, (start.year if start else this_year) - 1, -1))


def _organisations(region, snapshot):
    """The organisation filter's choices: from the snapshot (one row), else from the records."""
    if snapshot is not None and "organisation_choices" in snapshot.figures:
        return [tuple(choice) for choice in snapshot.figures["organisation_choices"]]
    ids = (
        PathRecord.objects.filter(region=region)
        .exclude(training_organisation=None)
        .values("training_organisation")
    )
    return list(TrainingOrganisation.objects.filter(pk__in=ids).order_by("name").values_list("pk", "name"))


def _filters(request, region, snapshot=None):
    """(form, scope, status): an invalid filter is a 400 with the form's French messages, and no figures."""
    form = StatsFilterForm(
        request.GET or None,
        region=region,
        years=_years(region),
        organisations=_organisations(region, snapshot),
    )
    if not form.is_bound:
        return form, Scope(region=region), 200
    if not form.is_valid():
        return form, None, 400
    return form, form.scope(), 200


class StoredRows(Sequence):
    """A snapshot's long table as the paginator sees it: its length, and the stored page of a slice."""

    def __init__(self, scope_key, table, count):
        self.scope_key, self.table, self.count = scope_key, table, count

    def __len__(self):
        return self.count

    def __getitem__(self, index):
        if isinstance(index, slice):
            return snapshots.stored_page(
                self.scope_key, self.table, (index.start or 0) // snapshots.PAGE_ROWS + 1
            )
        raise TypeError("StoredRows is read by pages")


def _figures(scope, snapshot=None):
    """(figures, computed_at or None when computed now, {table: rows}) — rows lazily paged for a snapshot."""
    if scope.is_default and snapshot is not None:
        counts = snapshot.figures.get("table_counts", {})
        tables = {name: StoredRows(snapshot.scope, name, counts.get(name, 0)) for name in snapshots.TABLES}
        return snapshot.figures, snapshot.computed_at, tables
    data = figures.compute(scope)
    return data, None, {name: data.get(name, []) for name in snapshots.TABLES}


def _page(request, rows, param):
    return Paginator(rows, TABLE_ROWS).get_page(request.GET.get(param))


@login_required
def region_stats(request, code):
    region = _region(request, code)
    snapshot = snapshots.snapshot_of(Scope(region=region))
    form, scope, status = _filters(request, region, snapshot)
    context = {"region": region, "form": form, "figures": None, "filtered": False}
    if scope is not None:
        data, computed_at, tables = _figures(scope, snapshot)
        context.update(
            figures=data,
            computed_at=computed_at,
            as_of=datetime.date.fromisoformat(data["as_of"]),
            filters=scope.query(),
            filtered=not scope.is_default,
            charts={
                "funnel": charts.funnel(data),
                "cohorts": charts.cohorts(data),
                "promises": charts.promises(data),
            },
            sessions=_page(request, tables["sessions"], "p_sessions"),
            sessions_query=query_without(request, "p_sessions"),
            organisations=_page(request, tables["organisations"], "p_organismes"),
            organisations_query=query_without(request, "p_organismes"),
            query=urlencode(scope.query()),
            situations=Employment.choices,
        )
    return render(request, "spaces/region_stats.html", context, status=status)


def _csv_response(text, filename):
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def region_stats_csv(request, code, table):
    region = _region(request, code)
    if table not in exports.TABLES:
        raise Http404("Tableau inconnu")
    snapshot = snapshots.snapshot_of(Scope(region=region))
    form, scope, status = _filters(request, region, snapshot)
    if scope is None:
        context = {"region": region, "form": form, "figures": None, "filtered": False}
        return render(request, "spaces/region_stats.html", context, status=status)
    data, _, tables = _figures(scope, snapshot)
    data = {**data, **{name: list(rows) if isinstance(rows, list) else snapshots.stored_table(snapshot.scope, name)
                       for name, rows in tables.items()}}  # fmt: skip
    _, writer = exports.TABLES[table]
    return _csv_response(writer(data), f"trait-d-union-{region.code}-{table}-{data['as_of']}.csv")


@login_required
def region_open_data(request, code):
    """The region's published figures, by department too, secrecy applied: ready for data.gouv.fr."""
    region = _region(request, code)
    entries = [
        (
            region.code,
            region.name,
            secrecy.public(_figures(Scope(region=region), snapshots.snapshot_of(Scope(region=region)))[0]),
        )
    ]
    for department in region.departments.order_by("code"):
        data = figures.compute(Scope(region=region, department=department.code), tables=False)
        entries.append((department.code, department.name, secrecy.public(data)))
    as_of = entries[0][2]["as_of"]
    return _csv_response(
        exports.open_data_csv(entries), f"trait-d-union-{region.code}-donnees-ouvertes-{as_of}.csv"
    )


@login_required
def region_stats_list(request, code):
    """The candidatures behind one figure of the dashboard (its filters kept)."""
    region = _region(request, code)
    form, scope, status = _filters(request, region)
    context = {
        "region": region,
        "form": form,
        "title": "",
        "problem": None,
        "page_obj": None,
        "back_query": "",
    }
    if scope is None:
        return render(request, "spaces/region_stats_list.html", context, status=status)
    today = timezone.localdate()
    try:
        condition, title, base = drilldown.parse(request.GET, today)
    except drilldown.UnknownFigure:
        context["problem"] = (
            "Ce chiffre n'existe pas au tableau de bord : revenez au tableau et choisissez-en un."
        )
        return render(request, "spaces/region_stats_list.html", context, status=400)
    records = scope.cohort_records() if base == "cohort" else scope.period_records()
    candidatures = (
        region_candidatures_of(request.user)
        .filter(pk__in=records.filter(condition).values("candidature_id"))
        .select_related("job_seeker", "offer", "offer__commune", "company", "record__session__training")
        .order_by("-state_changed_at", "-pk")
    )
    context.update(
        title=title,
        page_obj=paginate(request, candidatures),
        page_query=query_without(request, "page"),
        back_query=urlencode(scope.query()),
    )
    return render(request, "spaces/region_stats_list.html", context)


# --- Each actor's own view ------------------------------------------------------------------------------------


@login_required
def training_stats(request, siret):
    """A training organisation: its sessions' fill rate and what became of the people it trained."""
    organisation = get_object_or_404(training_organisations_of(request.user), siret=siret)
    today = timezone.localdate()
    scope = Scope(organisation_id=organisation.pk)
    sessions = TrainingSession.objects.funded().filter(training__organisation=organisation)
    rows = figures.session_table(scope, today, sessions=sessions)
    cohort_rows, cohort_figures = figures.cohorts(scope, today)
    context = {
        "organisation": organisation,
        "sessions": _page(request, rows, "page"),
        "page_query": query_without(request, "page"),
        "totals": _totals(rows),
        "employment": cohort_figures["employment"],
        "cohorts": cohort_rows,
        "as_of": today,
    }
    return render(request, "spaces/training_stats.html", context)


def _totals(rows):
    keys = ("places", "used", "promises", "enrolled", "completed", "certified", "hired", "lasting_6", "due_6")
    totals = {key: sum(row[key] or 0 for row in rows) for key in keys}
    totals["fill_rate"] = figures.rate(totals["used"], totals["places"])
    totals["rate_6"] = figures.rate(totals["lasting_6"], totals["due_6"])
    return totals


@login_required
def company_stats(request, siret):
    """A company: for each of its offers, the candidatures, immersions, promises and hires."""
    company = get_object_or_404(companies_of(request.user), siret=siret)
    today = timezone.localdate()
    scope = Scope(company_id=company.pk)
    outcomes = figures.offer_table(scope, today)
    cohort_rows, cohort_figures = figures.cohorts(scope, today)
    context = {
        "company": company,
        "offers": _page(request, outcomes, "page"),
        "page_query": query_without(request, "page"),
        "employment": cohort_figures["employment"],
        "funnel": figures.funnel(scope, today)[0],
        "as_of": today,
    }
    return render(request, "spaces/company_stats.html", context)


@login_required
def prescriber_follow(request):
    """A prescriber: the people her organisations follow, where each path stands and who it waits for."""
    if not prescriber_organisations_of(request.user).exists():
        raise Http404("Aucune structure d'accompagnement")
    people = followed_job_seekers_of(request.user).values("user_id")
    candidatures = (
        Candidature.objects.visible_to(request.user)
        .filter(job_seeker__in=people)
        .exclude(state__in=FINAL_STATES)
        .with_documents()
        .select_related("job_seeker", "offer", "company", "offer__commune__department__region")
        .order_by("state_changed_at", "pk")
    )
    rows, waiting = [], {}
    for candidature in candidatures:
        who, what = waiting_for(candidature)
        waiting[who] = waiting.get(who, 0) + 1
        rows.append((candidature, who, what, (timezone.now() - candidature.state_changed_at).days))
    stages = {}
    for candidature, *_ in rows:
        stages[candidature.state] = stages.get(candidature.state, 0) + 1
    context = {
        "page_obj": paginate(request, rows),
        "page_query": query_without(request, "page"),
        "waiting": sorted(waiting.items(), key=lambda item: -item[1]),
        "stages": [(State(state).label, n) for state, n in stages.items()],
        "total": len(rows),
    }
    return render(request, "spaces/prescriber_follow.html", context)
