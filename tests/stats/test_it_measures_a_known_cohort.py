"""Every indicator of the known cohort (tests/stats/conftest.py) against numbers counted by hand."""

import datetime

import pytest

from tdu.references.models import Region
from tdu.stats import figures, snapshots
from tdu.stats.models import Snapshot
from tdu.stats.scopes import Scope
from tests.factories import STRASBOURG, real_commune

pytestmark = pytest.mark.django_db


def region_figures():
    """The region's snapshot, with its long tables read back from their pages."""
    data = Snapshot.objects.get(scope="44").figures
    return {**data, **{name: snapshots.stored_table("44", name) for name in snapshots.TABLES}}


def step(data, key):
    return next(s for s in data["funnel"] if s["key"] == key)


def test_the_funnel_counts_each_step_and_its_conversion(cohort):
    data = region_figures()
    counts = {s["key"]: s["count"] for s in data["funnel"]}
    # Ten applied; Jules was refused before meeting; nine went through the immersion and signed; Inès
    # abandoned after entering; eight completed; six were hired.
    assert counts == {
        "offers": counts["offers"],
        "candidatures": 10,
        "met": 9,
        "convention_signed": 9,
        "immersion_validated": 9,
        "immersion_done": 9,
        "committed": 9,
        "enrolled": 9,
        "entered": 9,
        "completed": 8,
        "hired": 6,
        "employed_6": 3,  # Amélie, Bastien, Céline
        "employed_12": 1,  # Amélie
    }
    assert step(data, "met")["rate"] == 90.0
    assert step(data, "completed")["rate"] == round(100 * 8 / 9, 1)
    assert step(data, "hired")["rate"] == 75.0
    # The employment steps are rates over the people whose date has passed: the eight who completed.
    assert (step(data, "employed_6")["base"], step(data, "employed_6")["rate"]) == (8, 37.5)
    assert (step(data, "employed_12")["base"], step(data, "employed_12")["rate"]) == (8, 12.5)
    assert data["certified"] == 8


def test_lasting_employment_counts_the_unanswered_as_unknown_never_employed(cohort):
    six, twelve = region_figures()["employment"]["m6"], region_figures()["employment"]["m12"]
    assert six == {
        "due": 8,
        "lasting": 3,
        "lasting_same": 2,  # Amélie, and Céline by her company's answer
        "lasting_other": 1,  # Bastien
        "short": 0,
        "none": 1,  # Émilie
        "left": 1,  # Damien, by the company: whether she works elsewhere is not known
        "unknown": 3,  # Farid, Gaëlle, Hugo
        "answered": 5,
        "rate": 37.5,
        "same_rate": 25.0,
        "response_rate": 62.5,
        "fragile": False,
    }
    assert (twelve["due"], twelve["lasting"], twelve["unknown"], twelve["rate"]) == (8, 1, 7, 12.5)
    assert twelve["response_rate"] == 12.5 and twelve["fragile"] is True


def test_cohorts_are_the_quarters_of_training_end(cohort):
    data = region_figures()
    end = cohort.session.end_date
    completed = next(c for c in data["cohorts"] if c["cohort"] == end.year * 10 + (end.month - 1) // 3 + 1)
    assert completed["completed"] == 8 and completed["m6"]["rate"] == 37.5
    # Inès's training ended (cut short) a month after its start: she is in that quarter's cohort, not completed.
    assert sum(c["ended"] for c in data["cohorts"]) == 9
    assert sum(c["completed"] for c in data["cohorts"]) == 8


def test_promises_places_cost_and_durations(cohort):
    data = region_figures()
    assert data["promises"] == {"count": 9, "target": 250, "rate": 3.6}
    assert data["baseline"] == 50
    # One funded session of 12 places; the nine people of the service took nine (Inès's stays used).
    assert data["places"] == {
        "sessions": 1,
        "offered": 12,
        "used": 9,
        "tdu": 9,
        "used_rate": 75.0,
        "tdu_rate": 75.0,
    }
    # Nine people entered at 5 000 € a place; three are in lasting employment at 6 months.
    assert data["cost"] == {
        "entered": 9,
        "priced": 9,
        "total": 45000.0,
        "lasting_6": 3,
        "per_lasting_hire": 15000,
    }
    assert data["durations"] == {
        "to_commitment": {"median": 0, "count": 9},  # applied and signed the same day
        "to_training": {"median": 30, "count": 9},
        "to_contract": {"median": 7, "count": 6},
    }


def test_exits_by_kind_and_reason(cohort):
    exits = {(e["exit"], e["reason"]): e["count"] for e in region_figures()["exits"]}
    assert exits == {
        ("refused", "position_filled"): 1,
        ("training_abandoned", "training_organisation"): 1,
        ("not_hired", "job_seeker"): 1,
    }


def test_session_and_organisation_tables(cohort):
    data = region_figures()
    (session,) = data["sessions"]
    assert session["id"] == cohort.session.pk
    assert (
        session["places"],
        session["used"],
        session["promises"],
        session["completed"],
        session["hired"],
    ) == (
        12,
        9,
        9,
        8,
        6,
    )
    assert (session["lasting_6"], session["due_6"], session["rate_6"]) == (3, 8, 37.5)
    (organisation,) = data["organisations"]
    assert organisation["name"] == cohort.session.training.organisation.name
    assert organisation["promises"] == 9 and organisation["fill_rate"] == 75.0


def test_a_configured_region_changes_its_target_and_baseline(cohort, refreshed):
    Region.objects.filter(code="44").update(hiring_promise_target=18, baseline_employment_percent=45)
    refreshed()
    data = region_figures()
    assert data["promises"] == {"count": 9, "target": 18, "rate": 50.0}
    assert data["baseline"] == 45


def test_filters_narrow_every_figure(cohort):
    region = Region.objects.get(code="44")
    # A year with nobody: everything is zero, nothing divides by zero.
    empty = figures.compute(Scope(region=region, year=cohort.t0.year - 3))
    assert step(empty, "candidatures")["count"] == 0 and step(empty, "met")["rate"] is None
    assert empty["employment"]["m6"]["rate"] is None
    # The year they applied: the funnel; the year of the cohort: the employment.
    applied = figures.compute(Scope(region=region, year=cohort.t0.year))
    assert step(applied, "candidatures")["count"] == 10
    ended = figures.compute(Scope(region=region, year=cohort.session.end_date.year))
    assert ended["employment"]["m6"]["due"] == 8
    # Another department, another domain, another organisation: nothing.
    real_commune(STRASBOURG)
    assert step(figures.compute(Scope(region=region, department="67")), "candidatures")["count"] == 0
    assert step(figures.compute(Scope(region=region, domain="K")), "candidatures")["count"] == 0
    by_organisation = figures.compute(
        Scope(region=region, organisation_id=cohort.session.training.organisation_id)
    )
    assert step(by_organisation, "committed")["count"] == 9
    assert step(by_organisation, "offers")["count"] is None  # not attributable to an organisation
    assert step(figures.compute(Scope(region=region, domain="H")), "candidatures")["count"] == 10


def test_the_country_sums_its_regions(cohort):
    national = Snapshot.objects.get(scope="FR").figures
    assert step(national, "candidatures")["count"] == 10
    grand_est = next(r for r in national["regions"] if r["code"] == "44")
    assert (grand_est["candidatures"], grand_est["promises"], grand_est["hired"]) == (10, 9, 6)
    assert grand_est["m6"]["rate"] == 37.5


def test_time_passing_makes_dates_due_without_any_event(cohort):
    later = datetime.date.today() + datetime.timedelta(days=400)
    region = Region.objects.get(code="44")
    data = figures.compute(Scope(region=region), later)
    assert data["employment"]["m12"]["due"] == 8
