"""Statistical secrecy: no published cell of 1 to 4 people, nor any rate that would give one away."""

import pytest

from tdu.stats import secrecy
from tdu.stats.models import Snapshot

pytestmark = pytest.mark.django_db


def test_small_counts_and_the_rates_built_on_them_are_hidden(cohort):
    published = secrecy.public(Snapshot.objects.get(scope="44").figures)
    counts = {s["key"]: s["count"] for s in published["funnel"]}
    assert counts["candidatures"] == 10 and counts["hired"] == 6
    assert counts["employed_6"] is None and counts["employed_12"] is None  # 3 and 1 people
    six = published["employment"]["m6"]
    # 3 of 8 in lasting employment: the 3 is secret, so is the rate; 5 answered of 8: the 3 others give it away.
    assert six["rate"] is None and six["lasting"] is None and six["response_rate"] is None
    assert six["due"] == 8
    # Parts of the 8: each of 1 to 4 is hidden (and zero, naming nobody, stays).
    assert all(six[k] in (None, 0) for k in ("lasting_same", "lasting_other", "none", "left", "unknown"))
    assert published["promises"]["count"] == 9


def test_one_hidden_part_hides_the_next_smallest_too():
    parts = secrecy.protect_parts({"a": 2, "b": 7, "c": 11}, ["a", "b", "c"])
    assert parts == {"a": None, "b": None, "c": 11}
    assert secrecy.protect_parts({"a": 0, "b": 7, "c": 11}, ["a", "b", "c"]) == {"a": 0, "b": 7, "c": 11}


def test_a_rate_is_published_only_when_its_part_rest_and_base_are():
    assert secrecy.ratio(20, 25, 80.0) == 80.0
    assert secrecy.ratio(22, 25, 88.0) is None  # three people would be known not employed
    assert secrecy.ratio(0, 3, 0.0) is None


def test_a_single_hidden_region_does_not_show_through_the_country(cohort):
    figures = Snapshot.objects.get(scope="FR").figures
    figures["regions"].append(
        {**figures["regions"][0], "code": "11", "name": "Île-de-France", "promises": 40}
    )
    published = secrecy.public(figures)
    by_code = {row["code"]: row for row in published["regions"]}
    assert by_code["44"]["promises"] == 9 and by_code["11"]["promises"] == 40
    figures["regions"][0]["promises"] = 3
    published = secrecy.public(figures)
    by_code = {row["code"]: row for row in published["regions"]}
    assert by_code["44"]["promises"] is None and by_code["11"]["promises"] is None
