"""Production settings: ENVIRONMENT=production turns DEBUG off and refuses DEBUG on; any process with DEBUG off
refuses to start without SECRET_KEY or ALLOWED_HOSTS. PostgreSQL guards: a web request's statements stop after
10 s (locks 5 s), a management command's after 30 min (locks 1 min)."""

import os
import subprocess
import sys

import pytest
from django.db import connection

from tests.paths import PROJECT

PRINT = "from django.conf import settings; print(settings.DEBUG, settings.LOG_FORMAT, settings.ALLOWED_HOSTS)"
PRODUCTION = {
    "ENVIRONMENT": "production",
    "SECRET_KEY": "x" * 50,
    "ALLOWED_HOSTS": "traitdunion.beta.gouv.fr",
    "SITE_URL": "https://traitdunion.beta.gouv.fr",
}


def settings_of(**env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "ENVIRONMENT", "SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "LOG_FORMAT"}
    }
    answer = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {PRINT}"],
        cwd=PROJECT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    return answer.returncode, answer.stdout.strip() or answer.stderr.strip().splitlines()[-1]


def test_production_turns_debug_off_and_logs_json():
    assert settings_of(**PRODUCTION) == (0, "False json ['traitdunion.beta.gouv.fr']")
    assert settings_of() == (0, "True text ['127.0.0.1', 'localhost']")


def test_production_refuses_debug_and_a_missing_secret_or_host():
    code, message = settings_of(**PRODUCTION, DEBUG="true")
    assert code != 0 and "DEBUG must stay off" in message
    code, message = settings_of(**{**PRODUCTION, "SECRET_KEY": ""})
    assert code != 0 and "SECRET_KEY must be set" in message
    code, message = settings_of(**{**PRODUCTION, "ALLOWED_HOSTS": " "})
    assert code != 0 and "ALLOWED_HOSTS must be set" in message


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the statement and lock timeouts are PostgreSQL settings"
)


def show(cursor, name):
    cursor.execute(f"SHOW {name}")
    return cursor.fetchone()[0]


@postgresql_only
@pytest.mark.django_db
def test_a_web_request_s_connection_stops_statements_after_10_seconds(client):
    assert client.get("/readyz").status_code == 200  # the request's connection, opened with the web settings
    with connection.cursor() as cursor:
        assert show(cursor, "statement_timeout") == "10s"
        assert show(cursor, "lock_timeout") == "5s"


@postgresql_only
@pytest.mark.django_db
def test_a_management_command_s_connection_has_longer_limits():
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    code = (
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('SHOW statement_timeout'); a = c.fetchone()[0]; "
        "c.execute('SHOW lock_timeout'); print(a, c.fetchone()[0])"
    )
    env = {k: v for k, v in os.environ.items() if k != "TDU_PROCESS"}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DATABASE_URL=url)
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-v", "0", "-c", code],
        cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["30min", "1min"]
