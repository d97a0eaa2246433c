"""PostgreSQL: the search's statements that plan alike for every home are prepared once per connection; those
whose plan depends on the communes asked (the offers') never are, so that PostgreSQL never swaps their plan for
a generic one (measured: half a second instead of a tenth of a millisecond)."""

import os
import subprocess
import sys

import pytest
from django.db import connection

from tdu.matching import answers, search
from tests.factories import FundedSessionFactory, OfferFactory
from tests.paths import PROJECT

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements"),
]


def prepared():
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE NOT from_sql")
        return [row[0] for row in cursor.fetchall()]


def test_repeated_searches_reuse_prepared_statements_except_the_offers_ones(client):
    offer = OfferFactory()
    FundedSessionFactory()
    connection.ensure_connection()
    assert connection.connection.prepare_threshold == 5  # the settings' default
    for _ in range(connection.connection.prepare_threshold + 2):
        search.clear_cache()
        answers.clear_cache()  # each request computes its answer again
        response = client.get("/api/v1/offres", {"commune": offer.commune.code, "rayon": "30"})
        assert response.status_code == 200
        assert [hit["id"] for hit in response.json()["resultats"]] == [offer.pk]

    statements = prepared()
    assert any("SELECT DISTINCT match_code" in s for s in statements)
    assert any("UNION ALL SELECT 's'" in s for s in statements)  # the page's details
    assert not any("rome_id, CAST(expires_on" in s for s in statements)  # the offers'


def test_offers_rome_statistics_are_short(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.attstattarget FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
            "WHERE c.relname = 'offers_joboffer' AND a.attname = 'rome_id'"
        )
        assert cursor.fetchone()[0] == 10


def test_db_prepare_threshold_0_turns_preparing_off():
    """Behind a pooler that does not carry prepared statements: DB_PREPARE_THRESHOLD=0."""
    code = (
        "import django; django.setup(); from django.db import connection; "
        "connection.ensure_connection(); print(connection.connection.prepare_threshold)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    printed = {}
    for value in ("0", "3"):
        answer = subprocess.run(
            [sys.executable, "-c", code],
            cwd=PROJECT,
            env={**env, "DB_PREPARE_THRESHOLD": value},
            capture_output=True,
            text=True,
            timeout=60,
        )
        printed[value] = answer.stdout.strip() or answer.stderr
    assert printed == {"0": "None", "3": "3"}
