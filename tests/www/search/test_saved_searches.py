"""Saved searches on the site: the button under the results, « Mes recherches enregistrées », the unsubscribe
link of the emails (no login, a GET changes nothing)."""

import pytest
from django.http import QueryDict

from tdu.alerts import services
from tdu.alerts.models import MAX_PER_PERSON, SavedSearch
from tests.factories import FundedSessionFactory, OfferFactory, company_member, job_seeker
from tests.helpers import html, login

pytestmark = pytest.mark.django_db
SEARCH = {"commune": "Metz", "rayon": "30", "rayon_formation": "", "q": "", "contrat": "", "niveau": ""}
BUTTON = "Recevoir les nouvelles offres de cette recherche par e-mail"


@pytest.fixture
def catalogue():
    OfferFactory()
    FundedSessionFactory()


def saved_for(user, **values):
    data = QueryDict(mutable=True)
    data.update({"commune": "Metz", "rayon": "30", **values})
    return services.save_search(user, data)[0]


def test_a_job_seeker_saves_the_search_from_its_results(client, catalogue):
    amelie = job_seeker()
    login(client, amelie)
    page = html(client.get("/recherche/", SEARCH))
    assert BUTTON in page and 'action="/recherche/enregistrer/"' in page
    response = client.post("/recherche/enregistrer/", {**SEARCH, "rayon": "25"}, follow=True)
    assert response.redirect_chain[0][0] == "/recherche/?commune=Metz+%2857000%29&rayon=25"
    assert "Recherche enregistrée" in html(response)
    saved = SavedSearch.objects.get()
    assert (saved.user, saved.radius_km) == (amelie, 25)
    again = client.post("/recherche/enregistrer/", {**SEARCH, "rayon": "25"}, follow=True)
    assert "déjà enregistrée" in html(again)
    assert SavedSearch.objects.count() == 1


def test_anonymous_is_invited_to_log_in_and_cannot_save(client, catalogue):
    page = html(client.get("/recherche/", SEARCH))
    assert BUTTON not in page
    assert "pour recevoir les nouvelles offres de cette recherche par e-mail" in page
    assert "/compte/connexion/?next=/recherche/%3Fcommune%3DMetz" in page
    response = client.post("/recherche/enregistrer/", SEARCH)
    assert response.status_code == 302 and "/compte/connexion/" in response.url
    assert not SavedSearch.objects.exists()


def test_only_a_job_seeker_saves_and_bad_input_answers_in_french(client, catalogue):
    login(client, company_member())
    assert BUTTON not in html(client.get("/recherche/", SEARCH))
    refused = client.post("/recherche/enregistrer/", SEARCH)
    assert refused.status_code == 403
    assert "Seule une personne qui cherche un emploi" in html(refused)
    login(client, job_seeker())
    bad = client.post("/recherche/enregistrer/", {**SEARCH, "rayon": "500"})
    assert bad.status_code == 400
    assert "Le rayon de recherche doit être compris entre 1 et 200 km." in html(bad)
    unknown = client.post("/recherche/enregistrer/", {**SEARCH, "commune": "Atlantide"})
    assert unknown.status_code == 400 and "Aucune commune ne correspond" in html(unknown)
    assert client.get("/recherche/enregistrer/").status_code == 405
    assert not SavedSearch.objects.exists()


def test_more_than_the_limit_answers_409(client):
    amelie = job_seeker()
    for radius in range(1, MAX_PER_PERSON + 1):
        saved_for(amelie, rayon=str(radius))
    login(client, amelie)
    response = client.post("/recherche/enregistrer/", {**SEARCH, "rayon": "99"})
    assert response.status_code == 409
    assert "supprimez-en une" in html(response)


def test_her_page_lists_hers_only_with_their_links(client):
    amelie, zoe = job_seeker(), job_seeker(email="zoe@example.org", first_name="Zoé")
    saved_for(amelie, q="soudeur", rayon="20")
    saved_for(zoe, rayon="45")
    login(client, amelie)
    page = html(client.get("/compte/recherches/"))
    assert "« soudeur » à moins de 20 km de Metz" in page
    assert "45 km" not in page
    assert "/recherche/?commune=Metz+%2857000%29&amp;rayon=20&amp;q=soudeur" in page
    assert "Ne plus recevoir" in page
    anonymous = client.__class__().get("/compte/recherches/")
    assert anonymous.status_code == 302 and "/compte/connexion/" in anonymous.url


def test_she_deletes_hers_and_nobody_else_can(client):
    amelie, zoe = job_seeker(), job_seeker(email="zoe@example.org", first_name="Zoé")
    mine = saved_for(amelie)
    login(client, zoe)
    assert client.post(f"/compte/recherches/{mine.pk}/supprimer/").status_code == 404
    assert client.post("/compte/recherches/999999/supprimer/").status_code == 404
    login(client, amelie)
    assert client.get(f"/compte/recherches/{mine.pk}/supprimer/").status_code == 405  # a GET changes nothing
    assert SavedSearch.objects.filter(pk=mine.pk).exists()
    response = client.post(f"/compte/recherches/{mine.pk}/supprimer/", follow=True)
    assert "Recherche supprimée" in html(response)
    assert not SavedSearch.objects.filter(pk=mine.pk).exists()


def test_the_emailed_link_stops_the_alert_without_logging_in_and_only_by_post(client):
    saved = saved_for(job_seeker())
    url = f"/recherche/alerte/arreter/{services.unsubscribe_token(saved)}/"
    shown = client.get(url)
    assert shown.status_code == 200
    assert "Ne plus recevoir de courriel pour cette recherche" in html(shown)
    saved.refresh_from_db()
    assert saved.active  # the GET changed nothing
    done = client.post(url)
    assert done.status_code == 200 and "C'est fait" in html(done)
    saved.refresh_from_db()
    assert not saved.active
    forged = client.post("/recherche/alerte/arreter/faux-jeton/")
    assert forged.status_code == 400
    assert "Ce lien n&#x27;est pas valide" in html(forged)
