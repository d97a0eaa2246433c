"""The job suggestions and the search's words read a trigram index on both databases (references migration 0004),
which follows every write to the ROME codes and job titles, whoever makes it."""

import pytest
from django.db import connection

from tdu.matching.suggestions import suggest_jobs
from tdu.references.models import RomeAppellation, RomeCode

pytestmark = pytest.mark.django_db


@pytest.fixture
def welder():
    code = RomeCode.objects.create(code="H2913", label="Soudage manuel")
    RomeAppellation.objects.create(ogr_code=11, label="Soudeur / Soudeuse TIG", rome=code)
    RomeAppellation.objects.create(
        ogr_code=12, label="Chaudronnier-soudeur / Chaudronnière-soudeuse", rome=code
    )
    return code


def labels(text):
    return [s["libelle"] for s in suggest_jobs(text)]


def raw(sql, params=()):
    """As another instance or a bulk load writes: no save(), no signal."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A few rows: show that the index can serve it. Without plain index scans too, or the planner may walk
            # the primary key in the ORDER BY's order and filter each row (seen once in CI, on a fresh table).
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return " ".join(str(row) for row in cursor.fetchall())


def test_the_words_are_found_anywhere_in_the_labels_through_the_index(welder):
    assert labels("soud") == [
        "Soudage manuel",
        "Chaudronnier-soudeur / Chaudronnière-soudeuse",
        "Soudeur / Soudeuse TIG",
    ]
    assert labels("SOUDEUSE chaudron") == ["Chaudronnier-soudeur / Chaudronnière-soudeuse"]
    assert labels("tig soudeur") == ["Soudeur / Soudeuse TIG"]
    assert labels("so") == labels("soud")  # two letters: no trigram, the same answer by a scan of the index
    assert labels("fraiseur") == [] and labels("  ") == []
    # Several words, one shorter than a trigram, one twice: SQLite 3.40's FTS5 crashed the process on such a query.
    assert labels("<script>alert(1)</script>") == [] and labels("tig 1 soudeur tig") == []
    assert labels("tig so soudeur tig") == ["Soudeur / Soudeuse TIG"]
    for queryset, index in (
        (RomeAppellation.objects.containing(["soudeu"]), "references_romeappellation_search_trgm"),
        (RomeCode.objects.containing(["souda"]), "references_romecode_search_trgm"),
    ):
        found = plan(queryset)
        assert (index if connection.vendor == "postgresql" else "VIRTUAL TABLE") in found, found


def test_titles_written_without_the_models_are_found_changed_and_forgotten(welder):
    raw(
        "INSERT INTO references_romeappellation (ogr_code, label, short_label, rome_id, search_label) "
        "VALUES (13, 'Braseur / Braseuse', '', 'H2913', 'braseur braseuse')"
    )
    assert labels("brase") == ["Braseur / Braseuse"]
    raw("UPDATE references_romeappellation SET label = 'Riveur', search_label = 'riveur' WHERE ogr_code = 13")
    assert labels("brase") == [] and labels("rive") == ["Riveur"]
    raw(
        "UPDATE references_romecode SET label = 'Assemblage', search_label = 'assemblage' WHERE code = 'H2913'"
    )
    assert labels("soudage") == [] and labels("assembl") == ["Assemblage"]
    raw("DELETE FROM references_romeappellation WHERE ogr_code = 13")
    assert labels("rive") == []


def test_the_search_s_words_use_the_same_index(welder):
    from tdu.matching.romes import codes_for_words

    assert codes_for_words("chaudronniere") == {"H2913"}
    assert codes_for_words("tig") == {"H2913"} and codes_for_words("menuisier") == set()
