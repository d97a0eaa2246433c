"""/healthz says the process answers (no database); /readyz that the database, the task queue and every migration
are there: 200 or 503, JSON, without login, before the host check and the HTTPS redirect."""

import pytest
from django.db import OperationalError
from django.db.migrations.recorder import MigrationRecorder

from tdu.www.health import checks

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")  # a probe's address, not a site host
    assert response.status_code == 200
    assert response.json() == {"etat": "vivant"}
    assert response["Cache-Control"] == "no-store"


def test_readyz_is_ready_with_the_database_the_queue_and_the_migrations(client, django_assert_num_queries):
    client.get("/readyz")  # the migrations on disk are read once per process
    with django_assert_num_queries(1):
        response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["etat"] == "pret"
    assert body["base_de_donnees"] == {"ok": True}
    assert body["migrations"] == {"ok": True}
    assert body["file_de_taches"]["ok"] is True and body["file_de_taches"]["en_attente"] == 0


def test_readyz_is_not_ready_when_a_migration_is_not_applied(client, monkeypatch):
    nodes, replacements = checks.expected_migrations()
    monkeypatch.setattr(checks, "_expected", (nodes | {("offers", "9999_not_yet")}, replacements))
    response = client.get("/readyz/")
    assert response.status_code == 503
    assert response.json()["etat"] == "indisponible"
    assert response.json()["migrations"] == {"ok": False, "non_appliquees": ["offers.9999_not_yet"]}


def test_readyz_is_not_ready_without_the_database(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(MigrationRecorder, "migration_qs", property(unreachable))
    monkeypatch.setattr(MigrationRecorder, "has_table", unreachable)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["base_de_donnees"] == {"ok": False, "erreur": "base de données injoignable"}
    assert "connection refused" not in response.content.decode()


def test_readyz_is_not_ready_without_the_task_queue(client, monkeypatch):
    from huey.contrib.djhuey import HUEY

    def unreachable():
        raise ConnectionError("redis down")

    monkeypatch.setattr(HUEY.storage, "queue_size", unreachable)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["file_de_taches"] == {"ok": False, "erreur": "file de tâches injoignable"}


def test_probes_only_read(client):
    response = client.post("/readyz")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert "GET et HEAD" in response.json()["erreur"]
