"""Every page carries a strict Content-Security-Policy (no inline script or style allowed, nothing from another
origin but the map tiles), a Permissions-Policy and a Referrer-Policy; pages seen by a logged-in person are never
cached (they carry personal data)."""

import pytest

from tests.factories import job_seeker
from tests.helpers import login

pytestmark = pytest.mark.django_db


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_pages_forbid_inline_scripts_and_foreign_origins(client):
    for url in ("/", "/recherche/", "/compte/connexion/", "/stats/"):
        response = client.get(url)
        policy = directives(response)
        assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"], url
        assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
        assert "camera=()" in response["Permissions-Policy"]
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert "<script>" not in response.content.decode() and 'style="' not in response.content.decode()


def test_the_api_s_answers_forbid_everything_and_its_documentation_keeps_its_exemption(client):
    for url in ("/api/v1/communes?q=metz", "/api/v1/offres?commune=99999", "/api/v1/entreprise/offres"):
        assert directives(client.get(url)) == {"default-src": ["'none'"], "frame-ancestors": ["'none'"]}, url
    docs = client.get("/api/v1/docs")  # ninja's docs_decorator: the page and its openapi.json
    assert docs.status_code == 200 and "Content-Security-Policy" not in docs


def test_a_logged_in_person_s_pages_are_not_stored(client):
    assert "no-store" not in client.get("/recherche/").get("Cache-Control", "")
    login(client, job_seeker())
    assert client.get("/tableau-de-bord/")["Cache-Control"] == "no-store"


def test_the_privacy_notice_is_linked_from_every_page_and_the_sign_up_forms(client):
    notice = client.get("/donnees-personnelles/").content.decode()
    for heading in (
        "Qui est responsable",
        "Pourquoi nous traitons",
        "Qui voit quoi",
        "Combien de temps",
        "Vos droits",
    ):
        assert heading in notice
    for url in (
        "/",
        "/recherche/",
        "/compte/inscription/demandeur-emploi/",
        "/compte/inscription/entreprise/",
    ):
        assert 'href="/donnees-personnelles/"' in client.get(url).content.decode(), url


def test_the_production_settings_pass_django_s_deployment_checks(tmp_path):
    import os
    import secrets
    import subprocess
    import sys

    from tests.paths import PROJECT

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "traitdunion.beta.gouv.fr",
        "SITE_URL": "https://traitdunion.beta.gouv.fr",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }
    checked = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "no issues (0 silenced)" in checked.stdout
