"""The API contract: bad input gets a 400 with a French message naming the field; autocomplete; OpenAPI."""

import pytest

from tdu.references.models import RomeAppellation
from tests.factories import METZ, FundedSessionFactory, OfferFactory, real_commune, rome

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"commune": "99999"}, "commune", "Commune inconnue"),
        ({"commune": ""}, "commune", "Indiquez la commune"),
        ({"rayon": "0"}, "rayon", "entre 1 et 200 km"),
        ({"rayon": "201"}, "rayon", "entre 1 et 200 km"),
        ({"rayon": "dix"}, "rayon", "nombre entier"),
        ({"rayon_formation": "500"}, "rayon_formation", "entre 1 et 200 km"),
        ({"rome": "H29"}, "rome", "mal formé"),
        ({"rome": "Z9999"}, "rome", "Code ROME inconnu"),
        ({"contrat": "interim"}, "contrat", "cdi"),
        ({"niveau": "9"}, "niveau", "Niveau d'études inconnu"),
        ({"tri": "prix"}, "tri", "distance"),
        ({"page": "0"}, "page", "Numéro de page invalide"),
        ({"page": "2"}, "page", "Cette page n'existe pas"),
    ],
)
def test_bad_input_gets_a_400_in_french(client, params, field, message):
    real_commune(METZ)
    rome()
    response = client.get("/api/v1/offres", {"commune": METZ, **params})
    assert response.status_code == 400
    body = response.json()
    assert body["champ"] == field
    assert message in body["erreur"]


def test_missing_commune_parameter_is_a_400_not_a_422(client):
    response = client.get("/api/v1/offres")
    assert response.status_code == 400
    assert response.json() == {"erreur": "Paramètre obligatoire manquant : « commune ».", "champ": "commune"}


def test_openapi_is_served(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/offres" in schema["paths"]
    assert "/api/v1/communes" in schema["paths"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert "cdn" not in docs.content.decode().lower()


def test_commune_suggestions(client, references):
    names = [c["nom"] for c in client.get("/api/v1/communes", {"q": "saint etienne"}).json()]
    assert names[0] == "Saint-Étienne"
    assert len(names) == 10
    assert client.get("/api/v1/communes", {"q": "SAINT-ÉTIENNE"}).json()[0]["code"] == "42218"
    metz = client.get("/api/v1/communes", {"q": "57000"}).json()
    assert [(c["code"], c["libelle"]) for c in metz] == [("57463", "Metz (57000)")]
    assert client.get("/api/v1/communes", {"q": ""}).json() == []


def test_job_suggestions_use_labels_and_job_titles(client):
    welder = rome("H2913", "Soudeur / Soudeuse")
    RomeAppellation.objects.create(
        ogr_code=1, label="Chaudronnier-soudeur / Chaudronnière-soudeuse", rome=welder
    )
    labels = [j["libelle"] for j in client.get("/api/v1/metiers", {"q": "soudeur"}).json()]
    assert labels == ["Soudeur / Soudeuse", "Chaudronnier-soudeur / Chaudronnière-soudeuse"]
    assert client.get("/api/v1/metiers", {"q": "CHAUDRONNIERE"}).json()[0]["code"] == "H2913"


def test_words_search_also_uses_job_titles(client):
    offer = OfferFactory()
    FundedSessionFactory()
    RomeAppellation.objects.create(ogr_code=2, label="Braseur / Braseuse", rome=rome())
    response = client.get("/api/v1/offres", {"commune": METZ, "q": "braseuse"})
    assert [r["id"] for r in response.json()["resultats"]] == [offer.pk]


def test_search_answer_is_ready_json_in_the_documented_shape(client):
    """The endpoint writes its JSON itself (no second validation): it must still be exactly RechercheOut."""
    from tdu.www.api.schemas import RechercheOut

    OfferFactory(commune=real_commune(METZ))
    FundedSessionFactory(commune=real_commune(METZ))
    response = client.get("/api/v1/offres", {"commune": METZ})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = response.json()
    assert len(data["resultats"]) == 1 and len(data["resultats"][0]["formations"]) == 1
    assert RechercheOut.model_validate(data).model_dump(mode="json") == data
