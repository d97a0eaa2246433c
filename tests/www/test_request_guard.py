"""A NUL character in a request is refused with a French 400 before any view (PostgreSQL cannot store it: it
was a 500 on the search), in pages and in the API alike."""

import pytest

from tdu.partners.scopes import Kind
from tests.partners.conftest import bearer

pytestmark = pytest.mark.django_db


def test_a_search_with_a_nul_character_is_a_clear_400(client):
    page = client.get("/recherche/", {"commune": "\x00Metz"})
    assert page.status_code == 400
    assert "caractère nul" in page.content.decode()
    api = client.get("/api/v1/offres", {"commune": "\x00HM", "q": "soudeur"})
    assert api.status_code == 400
    assert api.json() == {
        "erreur": "La requête contient un caractère nul : retirez-le et recommencez.",
        "champ": None,
    }


def test_a_json_body_with_a_nul_character_writes_nothing(client, cast, token_for):
    from tdu.offers.models import JobOffer

    _, raw = token_for(Kind.COMPANY)
    before = JobOffer.objects.count()
    response = client.put(
        "/api/v1/entreprise/offres/externe/nul",
        '{"intitule": "Soudeur\\u0000", "rome": "H2913", "commune": "57463", "type_contrat": "cdi"}',
        content_type="application/json",
        **bearer(raw),
    )
    assert response.status_code == 400 and "caractère nul" in response.json()["erreur"]
    assert JobOffer.objects.count() == before
    # An escaped backslash followed by « u0000 » is ordinary text, not a NUL.
    text = client.put(
        "/api/v1/entreprise/offres/externe/barre",
        '{"intitule": "Soudeur \\\\u0000", "rome": "H2913", "commune": "57463", "type_contrat": "cdi",'
        ' "description": "Atelier."}',
        content_type="application/json",
        **bearer(raw),
    )
    assert text.status_code == 201, text.content


def test_a_wrong_method_is_answered_in_french(client):
    api = client.delete("/api/v1/offres", {"commune": "57463"})
    assert api.status_code == 405 and api.json()["erreur"].startswith(
        "La méthode DELETE n'est pas permise ici"
    )
    assert "GET" in api["Allow"]
    page = client.get("/compte/deconnexion/")
    assert page.status_code == 405 and "Méthode non permise" in page.content.decode()
    assert "POST" in page["Allow"]
