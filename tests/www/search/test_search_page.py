"""The HTML search works without JavaScript; errors show next to their field."""

import re
from html import unescape

import pytest

from tdu.references.models import Commune
from tests.factories import METZ, PASSWORD, FundedSessionFactory, OfferFactory, job_seeker, real_commune, rome

pytestmark = pytest.mark.django_db


def test_search_page_without_a_commune_shows_the_form_and_explains_the_rules(client):
    response = client.get("/recherche/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="commune"' in html
    assert "Quelles offres sont affichées&nbsp;?" in html
    assert "financée par une Région" in html


def test_search_by_name_or_postal_code_lists_offers_and_sessions(client):
    offer = OfferFactory()
    session = FundedSessionFactory()
    for typed in ["Metz", "metz", "57000", "Metz (57000)"]:
        html = client.get("/recherche/", {"commune": typed, "rayon": "30"}).content.decode()
        assert "1 offre à moins de 30 km de Metz" in html, typed
        assert f"/offres/{offer.pk}/" in html
        assert f"/formations/sessions/{session.pk}/" in html
        assert "0,0 km" in html  # French decimal comma


def test_search_errors_are_shown_next_to_the_field_with_a_400(client):
    real_commune(METZ)
    response = client.get("/recherche/", {"commune": "Metz", "rayon": "500"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="rayon-erreur"' in html
    assert "entre 1 et 200 km" in html
    response = client.get("/recherche/", {"commune": "Atlantide"})
    assert response.status_code == 400
    assert "Aucune commune ne correspond à « Atlantide »" in response.content.decode()
    # A job typed far too long (SQLite refuses such a LIKE pattern: it was a 500 when saving the search).
    for url in ("/recherche/", "/api/v1/offres"):
        response = client.get(url, {"commune": "57463" if "api" in url else "Metz", "q": "soudeur " * 20_000})
        assert response.status_code == 400, url
        text = response.json()["erreur"] if "api" in url else response.content.decode()
        assert "Le métier cherché est trop long : 200 caractères au plus." in text, url


def test_ambiguous_commune_offers_choices(client, references):
    response = client.get("/recherche/", {"commune": "Saint-Denis"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "communes s&#x27;appellent « Saint-Denis »" in html
    assert "Saint-Denis (93200, Seine-Saint-Denis)" in html


def test_every_homonym_is_listed_with_its_department_the_regions_first(client, references):
    homonyms = Commune.objects.filter(name="Saint-Julien").select_related("department__region")
    assert homonyms.count() > 2
    html = unescape(client.get("/recherche/", {"commune": "Saint-Julien"}).content.decode())
    listed = re.findall(r"Saint-Julien \((\d{5}), ([^)]+)\)", html)
    assert len(dict(listed)) == homonyms.count()
    assert {name for _, name in listed} == {c.department.name for c in homonyms}
    first_region = Commune.objects.get(name="Saint-Julien", department__name=listed[0][1]).department.region
    assert first_region.is_deployed == any(c.department.region.is_deployed for c in homonyms)
    # A choice names one commune: the search runs.
    chosen = client.get("/recherche/", {"commune": f"Saint-Julien ({listed[-1][0]}, {listed[-1][1]})"})
    assert chosen.status_code == 200


def test_htmx_gets_the_results_fragment_only(client):
    OfferFactory()
    FundedSessionFactory()
    response = client.get("/recherche/", {"commune": "Metz"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    # The page's title (htmx sets it), then the results.
    assert html.lstrip().startswith("<title>Offres près de Metz")
    assert html.split("</title>", 1)[1].lstrip().startswith('<div id="resultats"')
    assert "<html" not in html


def test_commune_suggestions_fragment(client):
    real_commune(METZ)
    html = client.get("/recherche/communes/", {"commune": "met"}).content.decode()
    assert '<option value="Metz (57000)">' in html


def test_a_job_seeker_s_search_starts_from_her_profile_with_the_job_she_looks_for(client):
    amelie = job_seeker(mobility_radius_km=25)
    amelie.job_seeker_profile.jobs_wanted.add(rome("H2913", "Soudeur / Soudeuse"))
    client.login(email=amelie.email, password=PASSWORD)
    html = unescape(client.get("/recherche/").content.decode())
    assert 'value="Metz (57000)"' in html and 'value="Soudeur / Soudeuse"' in html
