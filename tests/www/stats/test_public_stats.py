"""Public figures: /stats/, each region's page, the methodology, the open-data file and /api/v1/stats."""

import csv
import io
from html import unescape

import pytest

from tdu.stats import indicators
from tests.stats.conftest import cohort  # noqa: F401  (the known cohort)

pytestmark = pytest.mark.django_db


def test_the_national_page_shows_figures_without_small_cells(client, cohort):  # noqa: F811
    page = unescape(client.get("/stats/").content.decode())
    assert "Ce que Trait d'union produit" in page and "<bar-chart" in page
    assert "Grand Est" in page
    assert '<abbr title="moins de 5 personnes : non publié">secret</abbr>' in page
    assert "Farid" not in page and "Test" not in page  # no personal data
    region = unescape(client.get("/stats/region/44/").content.decode())
    assert "Trait d'union en Région Grand Est" in region
    assert client.get("/stats/region/99/").status_code == 404


def test_the_methodology_defines_every_indicator(client):
    page = unescape(client.get("/stats/methodologie/").content.decode())
    for indicator in indicators.ALL:
        assert indicator.label in page
        assert indicator.definition in page


def test_the_open_data_file_has_the_country_and_its_regions(client, cohort):  # noqa: F811
    response = client.get("/stats/donnees.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {r["territoire_code"] for r in rows} == {"FR", "44"}
    france = {r["indicateur"]: r for r in rows if r["territoire_code"] == "FR" and r["periode"] == "total"}
    assert france["entonnoir_candidatures"]["valeur"] == "10"
    assert france["entonnoir_employed_12"]["statut"] == "secret"


def test_the_api_gives_the_same_public_figures(client, cohort):  # noqa: F811
    data = client.get("/api/v1/stats").json()
    assert data["france"]["code"] == "FR"
    funnel = {s["cle"]: s["nombre"] for s in data["france"]["entonnoir"]}
    assert funnel["candidatures"] == 10 and funnel["hired"] == 6 and funnel["employed_6"] is None
    assert data["france"]["emploi_durable_6_mois"]["personnes"] == 8
    assert data["france"]["emploi_durable_6_mois"]["taux_pourcent"] is None  # 3 people: secret
    assert data["france"]["promesses"] == {"signees": 9, "objectif": 250, "taux_pourcent": 3.6}
    (grand_est,) = data["regions"]
    assert grand_est["code"] == "44"
    assert client.get("/api/v1/stats", {"region": "44"}).json()["regions"][0]["nom"] == "Grand Est"
    missing = client.get("/api/v1/stats", {"region": "99"})
    assert missing.status_code == 404 and "inconnue" in missing.json()["erreur"]


def test_before_the_first_snapshot_the_pages_compute_the_figures(client, db):
    assert client.get("/stats/").status_code == 200
    assert client.get("/api/v1/stats").json()["calcule_le"] is None
