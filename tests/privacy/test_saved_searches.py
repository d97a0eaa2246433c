"""Saved searches are personal data: in her export, and erased with her account."""

import pytest
from django.http import QueryDict

from tdu.alerts import services
from tdu.alerts.models import SavedSearch
from tdu.privacy.erasure import close_account
from tdu.privacy.export import data_of
from tests.factories import job_seeker

pytestmark = pytest.mark.django_db


def saved_for(user, **values):
    data = QueryDict(mutable=True)
    data.update({"commune": "Metz", "rayon": "30", **values})
    return services.save_search(user, data)[0]


def test_the_export_lists_her_saved_searches():
    amelie = job_seeker()
    saved_for(amelie, q="soudeur", rayon="20")
    (exported,) = data_of(amelie)["recherches enregistrées"]
    assert exported["recherche"] == "« soudeur » à moins de 20 km de Metz"
    assert exported["commune"] == "Metz (57000)" or exported["commune"].startswith("Metz")
    assert exported["distance maximale jusqu'à l'emploi (km)"] == 20
    assert exported["alerte par courriel active"] is True


def test_closing_the_account_deletes_them_rather_than_moving_them(django_capture_on_commit_callbacks):
    amelie, zoe = job_seeker(), job_seeker(email="zoe@example.org", first_name="Zoé")
    saved_for(amelie)
    kept = saved_for(zoe)
    with django_capture_on_commit_callbacks(execute=True):
        close_account(amelie)
    assert list(SavedSearch.objects.all()) == [kept]
