"""Emailed links point to the address the site is served at: SITE_URL, or in development HOST and PORT."""

import os
import subprocess
import sys

from tests.paths import PROJECT

PRINT = "from django.conf import settings; print(settings.SITE_URL)"


def site_url(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "HOST", "PORT", "DEBUG"}}
    answer = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {PRINT}"],
        cwd=PROJECT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    return answer.returncode, answer.stdout.strip() or answer.stderr.strip().splitlines()[-1]


def test_in_development_the_links_follow_host_and_port():
    assert site_url() == (0, "http://127.0.0.1:8000")
    assert site_url(PORT="9001") == (0, "http://127.0.0.1:9001")
    assert site_url(HOST="0.0.0.0", PORT="8080") == (0, "http://localhost:8080")
    assert site_url(SITE_URL="https://metz.example.org", PORT="9001") == (0, "https://metz.example.org")


def test_in_production_the_site_s_https_address_is_required():
    production = {"DEBUG": "false", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "traitdunion.beta.gouv.fr"}
    code, message = site_url(**production)
    assert code != 0 and "SITE_URL must be set" in message
    assert site_url(**production, SITE_URL="https://traitdunion.beta.gouv.fr") == (
        0,
        "https://traitdunion.beta.gouv.fr",
    )
