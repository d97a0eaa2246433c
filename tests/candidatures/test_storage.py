"""Private files go through STORAGES["private"]: the backend is chosen by settings (an object store in production),
and nothing private is reachable by a static or media address."""

import io
import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.files.storage import FileSystemStorage, InMemoryStorage
from django.test import override_settings

from tdu.candidatures.models import Candidature
from tdu.candidatures.storage import private_files
from tests.factories import OfferFactory, company_member, job_seeker
from tests.helpers import cv_pdf, login

pytestmark = pytest.mark.django_db

PDF = cv_pdf("Amélie Martin — soudeuse TIG")


def apply_with_cv(client, offer):
    login(client, job_seeker())
    cv = io.BytesIO(PDF)
    cv.name = "mon-cv.pdf"
    response = client.post(f"/offres/{offer.pk}/postuler/", {"message": "Je soude depuis 3 ans.", "cv": cv})
    assert response.status_code == 302
    return Candidature.objects.get()


def test_the_cv_is_written_to_and_read_from_the_configured_private_storage(client):
    offer = OfferFactory()
    company = company_member(company=offer.company)
    in_memory = {**settings.STORAGES, "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    with override_settings(STORAGES=in_memory):
        assert isinstance(private_files, InMemoryStorage)
        candidature = apply_with_cv(client, offer)
        name = candidature.cv.name
        assert private_files.exists(name)
        with private_files.open(name, "rb") as stored:
            assert stored.read() == PDF
        assert not (settings.PRIVATE_MEDIA_ROOT / name).exists()  # nothing on the local disk

        login(client, company)
        response = client.get(f"/candidatures/{candidature.pk}/cv/")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content == PDF
    # Back to the default: local files in PRIVATE_MEDIA_ROOT, where this CV never was.
    assert isinstance(private_files, FileSystemStorage)
    assert private_files.location == str(settings.PRIVATE_MEDIA_ROOT)
    assert not private_files.exists(name)


def test_by_default_a_cv_lands_outside_every_web_root_and_no_address_serves_it(client):
    offer = OfferFactory()
    candidature = apply_with_cv(client, offer)
    path = (settings.PRIVATE_MEDIA_ROOT / candidature.cv.name).resolve()
    assert path.read_bytes() == PDF
    for root in (settings.STATIC_ROOT, settings.MEDIA_ROOT, *settings.STATICFILES_DIRS):
        assert not path.is_relative_to(os.path.realpath(root))
    client.logout()
    for prefix in ("/media/", "/static/", "/private/", "/"):
        assert client.get(f"{prefix}{candidature.cv.name}").status_code == 404
    # Only the rights-checking view reads it: not the job seeker of another candidature, not anonymous.
    assert client.get(f"/candidatures/{candidature.pk}/cv/").status_code in (302, 403, 404)
    login(client, job_seeker(email="autre.personne@example.org"))
    assert client.get(f"/candidatures/{candidature.pk}/cv/").status_code in (403, 404)


def settings_under(environ):
    """config.settings read in a fresh interpreter with these variables: its STORAGES["private"]."""
    code = "import json, config.settings as s; print(json.dumps(s.STORAGES['private'], default=str))"
    env = {name: value for name, value in os.environ.items() if not name.startswith("S3_")} | environ
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_an_s3_compatible_store_is_chosen_by_environment_variables():
    local = settings_under({"PRIVATE_MEDIA_ROOT": "/srv/tdu/private"})
    assert local == {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": "/srv/tdu/private"},
    }
    s3 = settings_under(
        {
            "S3_BUCKET_NAME": "tdu-prive",
            "S3_ENDPOINT_URL": "https://s3.example.org",
            "S3_ACCESS_KEY_ID": "clef",
            "S3_SECRET_ACCESS_KEY": "secret",
        }
    )
    assert s3["BACKEND"] == "storages.backends.s3.S3Storage"
    options = s3["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"]) == ("tdu-prive", "https://s3.example.org")
    assert (options["access_key"], options["secret_key"]) == ("clef", "secret")
    assert options["default_acl"] == "private" and options["file_overwrite"] is False
