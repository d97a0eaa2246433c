"""The region's steering dashboard over HTTP: figures, filters, drill-down within the rights, CSV, open data."""

import csv
import io
from html import unescape

import pytest

from tests.helpers import html as raw_html
from tests.helpers import login
from tests.stats.conftest import cohort  # noqa: F401  (the known cohort)

pytestmark = pytest.mark.django_db
URL = "/espace/region/44/pilotage/"


def html(response):
    return unescape(raw_html(response))


def rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_elise_sees_the_snapshot_with_charts_and_tables(client, cohort):  # noqa: F811
    login(client, cohort.cast.elise)
    page = html(client.get(URL))
    assert "Données au" in page and "recalculées toutes les 10 minutes" in page
    assert "<bar-chart" in page and "DSFRChart.js" in page
    assert "Promesses d'embauche signées" in page and "9</strong> signées pour un objectif de 250" in page
    assert "37,5\u202f%" in page  # lasting employment at 6 months
    assert "fragile" in page  # 12 months: one answer out of eight
    assert "15\u202f000\u202f€" in page  # cost per lasting hire
    assert cohort.session.training.title in page


def test_drilling_down_from_hired_lists_the_six(client, cohort):  # noqa: F811
    login(client, cohort.cast.elise)
    page = html(client.get(URL))
    assert f"{URL}parcours/?etape=hired" in page
    listed = html(client.get(f"{URL}parcours/", {"etape": "hired"}))
    assert "6 candidatures" in listed
    for name in ["Amélie", "Bastien", "Céline", "Damien", "Émilie", "Farid"]:
        assert f"{name} Test" in listed
    assert "Gaëlle Test" not in listed
    unknown = html(client.get(f"{URL}parcours/", {"suivi": "6", "situation": "unknown"}))
    assert "3 candidatures" in unknown and "Farid Test" in unknown
    refused = html(client.get(f"{URL}parcours/", {"sortie": "refused", "motif": "position_filled"}))
    assert "1 candidature" in refused and "Jules Test" in refused


def test_filters_compute_the_slice_and_bad_filters_are_a_400(client, cohort):  # noqa: F811
    login(client, cohort.cast.elise)
    filtered = client.get(URL, {"annee": cohort.t0.year, "departement": "57"})
    assert filtered.status_code == 200 and "calculées à l'instant pour ces filtres" in html(filtered)
    for bad in ({"annee": "1900"}, {"departement": "75"}, {"session": "abc"}, {"organisme": "999999"}):
        response = client.get(URL, bad)
        assert response.status_code == 400, bad
        assert "Le formulaire contient des erreurs" in html(response)
    response = client.get(f"{URL}parcours/", {"etape": "inconnue"})
    assert response.status_code == 400 and "Ce chiffre n'existe pas" in html(response)


def test_every_table_exports_to_csv_with_the_filters(client, cohort):  # noqa: F811
    login(client, cohort.cast.elise)
    funnel = rows(client.get(f"{URL}entonnoir.csv"))
    assert {r["etape"]: r["nombre"] for r in funnel}["hired"] == "6"
    (session,) = rows(client.get(f"{URL}sessions.csv"))
    assert (session["promises"], session["hired"], session["rate_6"]) == ("9", "6", "37.5")
    assert rows(client.get(f"{URL}sessions.csv", {"domaine": "K"})) == []
    assert client.get(f"{URL}inconnu.csv").status_code == 404
    situations = {r["situation"]: r["a_6_mois"] for r in rows(client.get(f"{URL}situations.csv"))}
    assert situations["unknown"] == "3" and situations["lasting_other"] == "1"
    places = {r["indicateur"]: r["valeur"] for r in rows(client.get(f"{URL}places.csv"))}
    assert places["cout_par_embauche_durable_euros"] == "15000" and places["places_offertes"] == "12"
    delays = {r["delai"]: r["mediane_jours"] for r in rows(client.get(f"{URL}delais.csv"))}
    assert delays == {"to_commitment": "0", "to_training": "30", "to_contract": "7"}
    exits = rows(client.get(f"{URL}sorties.csv"))
    assert {(r["sortie"], r["nombre"]) for r in exits} >= {("refused", "1"), ("not_hired", "1")}


def test_the_open_data_file_is_anonymised(client, cohort):  # noqa: F811
    login(client, cohort.cast.elise)
    response = client.get(f"{URL}donnees-ouvertes.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    data = rows(response)
    region = {r["indicateur"]: r for r in data if r["territoire_code"] == "44" and r["periode"] == "total"}
    assert region["entonnoir_candidatures"]["valeur"] == "10"
    assert (
        region["entonnoir_employed_6"]["valeur"] == ""
        and region["entonnoir_employed_6"]["statut"] == "secret"
    )
    moselle = {
        r["indicateur"]: r["valeur"] for r in data if r["territoire_code"] == "57" and r["periode"] == "total"
    }
    assert moselle["entonnoir_candidatures"] == "10"
    assert not any("Test" in value for r in data for value in r.values())  # no names


def test_another_region_sees_nothing_of_grand_est(client, cohort):  # noqa: F811
    login(client, cohort.cast.ida)
    assert client.get(URL).status_code == 404
    assert client.get(f"{URL}parcours/", {"etape": "hired"}).status_code == 404
    assert client.get(f"{URL}donnees-ouvertes.csv").status_code == 404


def test_each_actor_sees_its_own_figures_only(client, cohort):  # noqa: F811
    cast = cohort.cast
    login(client, cast.chloe)
    page = html(client.get(f"/espace/organisme/{cast.session.training.organisation.siret}/resultats/"))
    assert "taux de remplissage 75\u202f%" in page and "9 promesses" in page
    login(client, cast.bruno)
    page = html(client.get(f"/espace/entreprise/{cast.offer.company.siret}/resultats/"))
    assert cast.offer.title in page and "Embauchées (contrat commencé)" in page
    # Olivier's company sees none of Bruno's candidatures, and cannot open Bruno's page.
    login(client, cast.olivier)
    olivier_company = cast.olivier.company_memberships.get().company
    assert "Aucune candidature sur vos offres" in html(
        client.get(f"/espace/entreprise/{olivier_company.siret}/resultats/")
    )
    assert client.get(f"/espace/entreprise/{cast.offer.company.siret}/resultats/").status_code == 404
    login(client, cast.odile)
    assert (
        client.get(f"/espace/organisme/{cast.session.training.organisation.siret}/resultats/").status_code
        == 404
    )


def test_the_prescriber_sees_who_each_path_waits_for(client, cohort):  # noqa: F811
    from tests.situations import candidature_at

    cast = cohort.cast
    candidature_at(cast, "sent")
    login(client, cast.david)
    page = html(client.get("/espace/prescripteur/suivi/"))
    # Gaëlle waits for her contract since the end of her training; Amélie's new candidature for an answer.
    assert "2 parcours en cours" in page
    assert (
        "L'entreprise" in page and "Confirmer l'embauche" in page and "Nouvelle candidature à étudier" in page
    )
    login(client, cast.paul)
    assert "0 parcours en cours" in html(client.get("/espace/prescripteur/suivi/"))
