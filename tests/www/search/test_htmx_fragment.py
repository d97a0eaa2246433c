"""What htmx receives: the results alone, with the page's title, the error and its choices; its history
restore gets the whole page."""

import pytest

from tests.factories import FundedSessionFactory, OfferFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_the_fragment_carries_the_title_of_the_page(client):
    OfferFactory()
    FundedSessionFactory()
    response = client.get("/recherche/", {"commune": "Metz", "rayon": "30"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Offres près de Metz — Trait d&#x27;union</title>" in html
    assert 'id="resultats"' in html
    assert 'id="formulaire-recherche"' not in html  # the results only
    assert "HX-Request" in response["Vary"]


def test_an_ambiguous_commune_answers_400_with_the_choices_in_the_fragment(client, references):
    response = client.get("/recherche/", {"commune": "Saint-Denis", "rayon": "30"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 400
    assert "<title>Erreur dans la recherche — Trait d&#x27;union</title>" in html
    assert "communes s&#x27;appellent « Saint-Denis »" in html
    assert "?commune=Saint-Denis%20%2893200%2C%20Seine-Saint-Denis%29&amp;rayon=30" in html


def test_without_javascript_the_choices_are_listed_once_next_to_the_field(client, references):
    html = client.get("/recherche/", {"commune": "Saint-Denis"}).content.decode()
    assert html.count(">Saint-Denis (93200, Seine-Saint-Denis)</a>") == 1
    assert "<title>Erreur dans la recherche — Trait d&#x27;union</title>" in html


def test_a_history_restore_gets_the_whole_page(client):
    response = client.get("/recherche/", {"commune": "Metz"}, **HTMX, HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    html = response.content.decode()
    assert 'id="formulaire-recherche"' in html
    assert "<!DOCTYPE html>" in html


def test_no_offer_is_said_in_words(client):
    FundedSessionFactory()
    html = client.get("/recherche/", {"commune": "Metz"}, **HTMX).content.decode()
    assert "Aucune offre à moins de 30 km de Metz" in html
    assert "0 offre" not in html
