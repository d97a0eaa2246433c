"""The API's limits: requests per token and per address answer 429 with Retry-After, bodies are size-limited."""

import datetime

import pytest
import time_machine
from django.core.cache import cache

from tdu.partners.scopes import Kind
from tdu.www.api.views import api
from tests.partners.conftest import bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def lowered(monkeypatch, settings):
    """The per-address limit at 3 requests a minute, the per-token limit at 4 (both counted in the cache)."""
    settings.RATELIMIT_ENABLE = True  # off in the other tests (config/settings_test.py)
    anonymous, per_token = api.throttle
    monkeypatch.setattr(anonymous, "num_requests", 3)
    monkeypatch.setattr(per_token, "num_requests", 4)
    cache.clear()
    yield
    cache.clear()


def test_an_address_that_searches_too_often_is_told_when_to_come_back(client, lowered):
    answers = [client.get("/api/v1/communes", {"q": "Metz"}) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    refused = answers[-1]
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json() == {
        "erreur": f"Trop de requêtes : réessayez dans {refused['Retry-After']} s.",
        "champ": None,
    }
    # Another address still gets its answers.
    assert client.get("/api/v1/communes", {"q": "Metz"}, REMOTE_ADDR="10.1.2.3").status_code == 200


def test_the_count_starts_again_with_the_next_minute(client, lowered):
    def search():
        return client.get("/api/v1/communes", {"q": "Metz"})

    with time_machine.travel(datetime.datetime(2026, 12, 4, 12, tzinfo=datetime.UTC), tick=False) as clock:
        for _ in range(3):
            search()
        clock.shift(int(search()["Retry-After"]))  # each address has its own minute: to the start of the next
        clock.shift(50)  # 50 s into it
        statuses = [search().status_code for _ in range(3)]
        refused = search()
        assert statuses == [200, 200, 200]
        assert refused.status_code == 429
        assert refused["Retry-After"] == "10"  # the 10 s left in this minute
        assert refused.json()["erreur"] == "Trop de requêtes : réessayez dans 10 s."
        clock.shift(10)
        assert search().status_code == 200


def test_each_token_has_its_own_counter(client, cast, token_for, lowered):
    _, first = token_for(Kind.COMPANY)
    _, second = token_for(Kind.COMPANY)
    statuses = [client.get("/api/v1/entreprise/offres", **bearer(first)).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    assert client.get("/api/v1/entreprise/offres", **bearer(second)).status_code == 200


def test_a_body_too_large_is_refused_before_it_is_read(client, cast, token_for, settings):
    settings.API_MAX_BODY_BYTES = 1024
    _, raw = token_for(Kind.COMPANY)
    response = client.put(
        "/api/v1/entreprise/offres/externe/gros",
        {"intitule": "x" * 2000},
        content_type="application/json",
        **bearer(raw),
    )
    assert response.status_code == 413
    assert response.json() == {"erreur": "Requête trop grosse : 1 Ko au plus.", "champ": None}
