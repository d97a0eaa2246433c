"""One structured log line per request (tdu.request) and per Huey task (tdu.job); JSON with LOG_FORMAT=json."""

import json
import logging
import os
import subprocess
import sys

import pytest

from tests.factories import job_seeker
from tests.helpers import login
from tests.paths import PROJECT

pytestmark = pytest.mark.django_db


class Records(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def records():
    handler = Records()
    loggers = [logging.getLogger(name) for name in ("tdu.request", "tdu.job")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.INFO)
    yield handler.records
    for lg, level in zip(loggers, levels, strict=True):
        lg.removeHandler(handler)
        lg.setLevel(level)


def test_each_request_is_one_line_with_its_id_user_route_status_duration_and_queries(client, records):
    response = client.get("/recherche/", HTTP_X_REQUEST_ID="platform-id-42")
    assert response["X-Request-ID"] == "platform-id-42"
    (line,) = [r for r in records if r.name == "tdu.request"]
    assert line.request_id == "platform-id-42"
    assert line.user_id == "anonymous"
    assert line.route == "search:search"
    assert (line.method, line.path, line.status) == ("GET", "/recherche/", 200)
    assert line.duration_ms > 0 and isinstance(line.sql_queries, int)


def test_the_request_id_is_made_when_missing_or_malformed_and_the_user_is_named(client, records):
    person = job_seeker()
    login(client, person)
    records.clear()
    response = client.get("/tableau-de-bord/", HTTP_X_REQUEST_ID="bad id\nwith newline")
    made = response["X-Request-ID"]
    assert len(made) == 32 and made != "bad id\nwith newline"
    (line,) = [r for r in records if r.name == "tdu.request"]
    assert line.request_id == made and line.user_id == person.pk
    assert line.route == "dashboard:home" and line.sql_queries >= 1


def test_a_not_found_page_is_logged_without_a_route(client, records):
    client.get("/nulle-part/")
    (line,) = [r for r in records if r.name == "tdu.request"]
    assert (line.status, line.route) == (404, None)


def test_probes_are_not_logged(client, records):
    client.get("/healthz")
    client.get("/readyz")
    assert not [r for r in records if r.name == "tdu.request"]


def test_each_huey_task_is_one_line_with_its_name_duration_and_outcome(records):
    from huey.contrib.djhuey import HUEY

    @HUEY.task()
    def probe_ok():
        return 1

    @HUEY.task()
    def probe_fails():
        raise ValueError("boom")

    probe_ok()
    probe_fails()
    jobs = {r.job.rsplit(".", 1)[-1]: r for r in records if r.name == "tdu.job"}
    assert jobs["probe_ok"].outcome == "complete" and jobs["probe_ok"].duration_ms >= 0
    assert jobs["probe_fails"].outcome == "error" and jobs["probe_fails"].error == "ValueError"
    assert jobs["probe_fails"].levelno == logging.ERROR


def test_with_log_format_json_each_request_is_one_json_object(tmp_path):
    code = (
        "import django; django.setup(); from django.test import Client; "
        "Client().get('/recherche/', HTTP_X_REQUEST_ID='abc')"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "LOG_FORMAT": "json",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "TDU_VAR_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120
    )
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    (line,) = [x for x in lines if x["logger"] == "tdu.request"]
    assert line["request_id"] == "abc" and line["user_id"] == "anonymous" and line["method"] == "GET"
    assert {"time", "level", "route", "status", "duration_ms", "sql_queries"} <= set(line)
