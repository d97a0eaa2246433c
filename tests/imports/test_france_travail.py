"""import_france_travail: saved responses (the real samples of ../shared, skipped when absent, and our own) and
the API itself, against the suite's local server (OAuth2, paging, 206, 429 and 503)."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from tdu.companies.models import Company
from tdu.demo.feeds import france_travail_offer, france_travail_response
from tdu.offers.enums import OfferSource, OfferStatus
from tdu.offers.models import JobOffer
from tests.factories import FundedSessionFactory, real_commune, real_region, rome
from tests.imports.servers import CLIENT_ID, CLIENT_SECRET, FakeFranceTravail
from tests.paths import SHARED_DATA

SAMPLES = SHARED_DATA / "france-travail"
pytestmark = pytest.mark.django_db


@pytest.fixture
def territory(db):
    for code in ["57463", "54395", "67482", "74010", "51454"]:  # Metz, Nancy, Strasbourg, Annecy, Reims
        real_commune(code)
    for code, label in [
        ("H2913", "Soudeur / Soudeuse"),
        ("D1102", "Boulanger / Boulangère"),
        ("I1401", "Maintenance"),
    ]:
        rome(code, label)
    return real_region("44")


def run(*args):
    out = io.StringIO()
    call_command("import_france_travail", *map(str, args), "--no-progress", stdout=out)
    return out.getvalue()


def write(tmp_path, offers, name="offres.json"):
    path = tmp_path / name
    path.write_bytes(france_travail_response(offers))
    return path


def snapshot():
    return [list(model.objects.order_by("pk").values()) for model in (Company, JobOffer)]


@pytest.mark.skipif(not SAMPLES.exists(), reason="../shared/data/france-travail absent")
def test_the_real_samples_import_once(territory, tmp_path):
    out = run(SAMPLES / "search_response_doc_example.json")
    assert "1 créé(s)" in out
    offer = JobOffer.objects.get(external_id="048KLTP")
    assert (offer.source, offer.commune.code, offer.contract_type, offer.contract_duration_months) == (
        OfferSource.FRANCE_TRAVAIL,
        "74010",
        "cdd",
        6,
    )
    assert offer.salary_text == "Mensuel de 1923.00 Euros sur 12 mois"
    assert offer.application_url == "https://boulanger-austral.net/carrieres"
    assert offer.contact_email == "etienne@boulanger-austral.net"
    assert offer.naf_code == "10.71C" and offer.experience_text == "Débutant accepté"
    assert offer.published_at.isoformat() == "2022-10-23T08:15:42+00:00"
    company = offer.company
    assert (company.name, company.siret, company.has_account) == ("Le boulanger austral", None, False)

    out = run(SAMPLES / "search_response_passemploi_mock_2021.json")
    assert "1 créé(s)" in out and "1 rejeté(s)" in out
    assert (
        "offre 4162319 : lieuTravail : Lieu de travail limité au département (« 49 - Maine et Loire »)" in out
    )
    before = snapshot()
    assert "0 créé(s), 0 mis à jour, 1 inchangé(s)" in run(
        SAMPLES / "search_response_passemploi_mock_2021.json"
    )
    assert snapshot() == before


def test_only_work_contracts_of_six_months_or_more_are_kept(territory, tmp_path):
    offers = [
        france_travail_offer("CDI1"),
        france_travail_offer("CDD12", contract="CDD", contract_label="CDD - 12 Mois"),
        france_travail_offer("CDD3", contract="CDD", contract_label="Contrat à durée déterminée - 3 Mois"),
        france_travail_offer("MIS", contract="MIS", contract_label="Mission intérimaire - 18 Mois"),
        france_travail_offer("APP", nature="Contrat apprentissage"),
        france_travail_offer("ROME", rome="Z9999"),
        france_travail_offer("DEPT", commune=None, place_label="57 - Moselle"),
    ]
    rejects = tmp_path / "rejets.csv"
    out = run(write(tmp_path, offers), "--rejects", rejects)
    assert "2 créé(s)" in out and "5 rejeté(s)" in out
    assert sorted(JobOffer.objects.values_list("external_id", "contract_type")) == [
        ("CDD12", "cdd"),
        ("CDI1", "cdi"),
    ]
    report = rejects.read_text(encoding="utf-8")
    assert (
        "offre CDD3;typeContrat;Contrat à durée déterminée - 3 Mois : Trait d'union ne retient que les CDD"
        in report
    )
    assert "offre MIS;typeContrat;Contrat « Mission intérimaire - 18 Mois »" in report
    assert "offre APP;typeContrat;Contrat « Contrat apprentissage » : seuls les contrats de travail" in report
    assert "offre ROME;romeCode;Code ROME inconnu : « Z9999 »." in report
    assert "offre DEPT;lieuTravail;Lieu de travail limité au département (« 57 - Moselle »)" in report
    with pytest.raises(CommandError, match="rien n'a été importé"):
        run(write(tmp_path, offers, "autre.json"), "--all-or-nothing")


def test_a_duplicate_id_in_one_file_is_reported(territory, tmp_path):
    out = run(write(tmp_path, [france_travail_offer("X"), france_travail_offer("X", title="Autre")]))
    assert "1 créé(s)" in out and "Identifiant en double" in out
    assert JobOffer.objects.get().title == "Soudeur / Soudeuse TIG (H/F)"


def test_not_a_search_response_is_refused_in_french(territory, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2", encoding="utf-8")
    with pytest.raises(CommandError, match="Ce fichier n'est pas une réponse de recherche d'offres"):
        run(bad)
    bad.write_text('{"resultats": [', encoding="utf-8")
    with pytest.raises(CommandError, match="n'est pas du JSON valide"):
        run(bad)


def test_an_imported_offer_is_in_the_search_and_its_page_says_where_to_apply(territory, tmp_path, client):
    FundedSessionFactory()  # welding, in Metz
    run(write(tmp_path, [france_travail_offer("FT1")]))
    offer = JobOffer.objects.get()
    hits = client.get("/api/v1/offres", {"commune": "57463"}).json()["resultats"]
    assert [hit["id"] for hit in hits] == [offer.pk]
    page = client.get(f"/offres/{offer.pk}/").content.decode()
    assert "Mensuel de 1900.00 Euros sur 12 mois" in page and "35H Horaires normaux" in page
    assert "Entreprise non inscrite sur Trait d" in page
    assert "Votre candidature est transmise par courriel au recruteur (Service recrutement)" in page
    assert "Offre publiée par France Travail (n° FT1)" in page


def test_the_api_sync_asks_each_department_for_the_funded_jobs_pages_and_closes_what_vanished(
    territory, settings
):
    FundedSessionFactory()  # H2913, funded by Grand Est
    moselle = [france_travail_offer(f"57-{n}") for n in range(160)]  # two pages
    nancy = [france_travail_offer("54-1", commune="54395", postcode="54000", place_label="54 - NANCY")]
    other_job = [france_travail_offer("57-BAKER", rome="D1102")]
    with FakeFranceTravail({"57": moselle + other_job, "54": nancy}) as api:
        settings.FRANCE_TRAVAIL_CLIENT_ID, settings.FRANCE_TRAVAIL_CLIENT_SECRET = CLIENT_ID, CLIENT_SECRET
        settings.FRANCE_TRAVAIL_TOKEN_URL = f"{api.base}/token"
        settings.FRANCE_TRAVAIL_API_URL = f"{api.base}/v2"
        api.faults = [503, 429]  # the token call fails once, then the first search: both retried
        out = run("--api", "--region", "44")
        assert "161 créé(s)" in out
        asked = {(r["departement"], r["range"]) for r in api.requests}
        assert {("57", "0-149"), ("57", "150-299"), ("54", "0-149"), ("67", "0-149")} <= asked
        assert all(r["codeROME"] == "H2913" for r in api.requests)  # only jobs with a funded session
        assert api.tokens_issued == 1
        assert not JobOffer.objects.filter(external_id="57-BAKER").exists()

        before = snapshot()
        assert "0 créé(s), 0 mis à jour, 161 inchangé(s), 0 fermé(s)" in run("--api", "--region", "44")
        assert snapshot() == before

        api.offers["57"] = moselle[:100]
        assert "60 fermé(s)" in run("--api", "--region", "44")
        assert JobOffer.objects.filter(status=OfferStatus.CLOSED).count() == 60


def test_the_api_without_credentials_or_refusing_them_fails_cleanly(territory, settings):
    FundedSessionFactory()
    settings.FRANCE_TRAVAIL_CLIENT_ID = ""
    with pytest.raises(CommandError, match="FRANCE_TRAVAIL_CLIENT_ID"):
        run("--api", "--region", "44")
    with FakeFranceTravail({}) as api:
        settings.FRANCE_TRAVAIL_CLIENT_ID, settings.FRANCE_TRAVAIL_CLIENT_SECRET = CLIENT_ID, "faux"
        settings.FRANCE_TRAVAIL_TOKEN_URL = f"{api.base}/token"
        settings.FRANCE_TRAVAIL_API_URL = f"{api.base}/v2"
        with pytest.raises(CommandError, match="Authentification France Travail refusée \\(401\\)"):
            run("--api", "--region", "44")
    from tdu.imports.models import ImportRun

    assert ImportRun.objects.filter(status="failed").count() == 2


def test_a_saved_response_is_the_same_json_as_the_api_gives(tmp_path):
    body = json.loads(france_travail_response([france_travail_offer("A")]))
    assert set(body) == {"resultats"} and body["resultats"][0]["lieuTravail"]["commune"] == "57463"
