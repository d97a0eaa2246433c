"""Saving a search from the page's parameters, deleting it, stopping its alert by its signed link."""

import pytest
from django.http import QueryDict

from tdu.alerts import services
from tdu.alerts.models import MAX_PER_PERSON, SavedSearch
from tdu.utils.errors import Conflict, DomainError, NotAllowed
from tests.factories import company_member, job_seeker, rome

pytestmark = pytest.mark.django_db


def query(**values):
    data = QueryDict(mutable=True)
    data.update({"commune": "Metz", "rayon": "30", **values})
    return data


def test_a_job_seeker_saves_the_parameters_of_her_search():
    rome()
    amelie = job_seeker()
    saved, created = services.save_search(amelie, query(q="soudeur", rayon="25", contrat="cdi", niveau="3"))
    assert created
    assert (saved.commune.name, saved.radius_km, saved.job_words, saved.contract, saved.level) == (
        "Metz",
        25,
        "soudeur",
        "cdi",
        3,
    )
    assert "H2913" in saved.rome_codes
    assert saved.active and saved.notified_until == saved.created_at
    assert saved.label == "« soudeur » à moins de 25 km de Metz"
    assert saved.query() == {
        "commune": "Metz (57000)",
        "rayon": "25",
        "q": "soudeur",
        "contrat": "cdi",
        "niveau": "3",
    }


def test_the_same_search_twice_is_one_row_and_its_alert_comes_back_on():
    amelie = job_seeker()
    saved, _ = services.save_search(amelie, query())
    services.unsubscribe(services.unsubscribe_token(saved))
    again, created = services.save_search(amelie, query())
    assert (again.pk, created, again.active) == (saved.pk, False, True)
    assert SavedSearch.objects.count() == 1


def test_at_most_ten_per_person():
    amelie = job_seeker()
    for radius in range(1, MAX_PER_PERSON + 1):
        services.save_search(amelie, query(rayon=str(radius)))
    with pytest.raises(Conflict, match="déjà 10 recherches enregistrées"):
        services.save_search(amelie, query(rayon="50"))


def test_only_a_job_seeker_saves_and_bad_input_is_refused_in_french():
    with pytest.raises(NotAllowed):
        services.save_search(company_member(), query())
    with pytest.raises(DomainError, match="Aucune commune ne correspond à « Atlantide »"):
        services.save_search(job_seeker(), query(commune="Atlantide"))
    assert not SavedSearch.objects.exists()


def test_the_unsubscribe_link_stops_that_alert_only_and_a_forged_one_nothing():
    amelie = job_seeker()
    first, _ = services.save_search(amelie, query())
    second, _ = services.save_search(amelie, query(rayon="50"))
    services.unsubscribe(services.unsubscribe_token(first))
    services.unsubscribe(services.unsubscribe_token(first))  # twice: the same
    assert list(SavedSearch.objects.filter(active=True)) == [second]
    with pytest.raises(DomainError):
        services.unsubscribe(services.unsubscribe_token(first) + "x")
    services.delete_search(first)
    with pytest.raises(DomainError, match="Cette recherche n'existe plus"):
        services.unsubscribe(services.unsubscribe_token(first))
