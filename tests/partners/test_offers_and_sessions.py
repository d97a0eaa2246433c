"""A company's token publishes offers, a training organisation's token upserts sessions: the pages' rules."""

import datetime

import pytest
from django.utils import timezone

from tdu.offers.models import JobOffer
from tdu.partners.scopes import Kind
from tdu.trainings.models import TrainingSession
from tests.factories import OfferFactory, real_commune
from tests.partners.conftest import bearer

pytestmark = pytest.mark.django_db
OFFER = {
    "intitule": "Chaudronnier / Chaudronnière H/F",
    "rome": "H2913",
    "commune": "57463",
    "type_contrat": "cdd",
    "duree_mois": 12,
    "description": "Atelier de chaudronnerie.",
}


def put(client, url, data, raw):
    return client.put(url, data, content_type="application/json", **bearer(raw))


def test_a_company_token_publishes_an_offer_idempotently(client, cast, token_for):
    _, raw = token_for(Kind.COMPANY)
    url = "/api/v1/entreprise/offres/externe/RH-2026-17"
    created = put(client, url, OFFER, raw)
    assert created.status_code == 201, created.content
    offer = JobOffer.objects.get(pk=created.json()["id"])
    assert (offer.company_id, offer.status, offer.contract_duration_months) == (
        cast.offer.company_id,
        "published",
        12,
    )
    assert created.json()["identifiant_externe"] == "RH-2026-17"
    again = put(client, url, {**OFFER, "intitule": "Chaudronnier H/F"}, raw)
    assert again.status_code == 200 and again.json()["id"] == offer.pk
    assert JobOffer.objects.filter(company=cast.offer.company).count() == 2  # the cast's offer and this one
    listed = client.get("/api/v1/entreprise/offres", {"limite": 1}, **bearer(raw)).json()
    assert len(listed["resultats"]) == 1 and listed["suivant"]
    second = client.get(
        "/api/v1/entreprise/offres", {"limite": 1, "curseur": listed["suivant"]}, **bearer(raw)
    ).json()
    assert second["resultats"][0]["id"] != listed["resultats"][0]["id"] and second["suivant"] is None
    closed = client.post(f"/api/v1/entreprise/offres/{offer.pk}/cloturer", **bearer(raw))
    assert closed.status_code == 200 and closed.json()["statut"] == "closed"


def test_the_offer_rules_of_the_form_hold_through_the_api(client, cast, token_for):
    _, raw = token_for(Kind.COMPANY)
    url = "/api/v1/entreprise/offres/externe/court"
    short = put(client, url, {**OFFER, "duree_mois": 3}, raw)
    assert short.status_code == 400 and short.json()["champ"] == "duree_mois"
    assert "6 mois" in short.json()["erreur"]
    assert put(client, url, {**OFFER, "rome": "Z9999"}, raw).json()["champ"] == "rome"
    assert put(client, url, {**OFFER, "commune": "00000"}, raw).json()["champ"] == "commune"
    assert put(client, "/api/v1/entreprise/offres/externe/pas bon", OFFER, raw).status_code == 400
    assert not JobOffer.objects.filter(source="api").exists()


def test_another_company_cannot_touch_the_offer(client, cast, token_for):
    _, mine = token_for(Kind.COMPANY)
    _, theirs = token_for(Kind.COMPANY, other=True)
    offer_id = put(client, "/api/v1/entreprise/offres/externe/a", OFFER, mine).json()["id"]
    assert client.get(f"/api/v1/entreprise/offres/{offer_id}", **bearer(theirs)).status_code == 404
    assert client.post(f"/api/v1/entreprise/offres/{offer_id}/cloturer", **bearer(theirs)).status_code == 404
    # The same external id is the other company's own offer, not this one.
    other = put(client, "/api/v1/entreprise/offres/externe/a", OFFER, theirs).json()["id"]
    assert other != offer_id


def test_a_training_organisation_token_upserts_a_session_that_the_search_then_finds(client, cast, token_for):
    _, raw = token_for(Kind.TRAINING)
    training = cast.session.training
    TrainingSession.objects.all().delete()  # only the session sent through the API leads to the offer
    seeker_home = "57463"
    assert client.get("/api/v1/offres", {"commune": seeker_home}).json()["total"] == 0
    start = timezone.localdate() + datetime.timedelta(days=20)
    body = {
        "formation": training.pk,
        "commune": "57463",
        "debut": start.isoformat(),
        "fin": (start + datetime.timedelta(days=120)).isoformat(),
        "region": "44",
        "places_financees": 8,
    }
    created = put(client, "/api/v1/organisme/sessions/externe/GRETA-S-42", body, raw)
    assert created.status_code == 201, created.content
    # The organisation says the region funds it: nothing in the search until the region confirms.
    assert created.json()["financement"] == "a_confirmer"
    assert client.get("/api/v1/offres", {"commune": seeker_home}).json()["total"] == 0
    _, region_raw = token_for(Kind.REGION)
    queue = client.get("/api/v1/organisme/sessions", {"financement": "a_confirmer"}, **bearer(region_raw))
    assert [s["id"] for s in queue.json()["resultats"]] == [created.json()["id"]]
    confirmed = client.post(
        f"/api/v1/region/sessions/{created.json()['id']}/financement", {"decision": "confirmer"},
        content_type="application/json", **bearer(region_raw),
    )  # fmt: skip
    assert confirmed.status_code == 200 and confirmed.json()["financement"] == "confirme"
    found = client.get("/api/v1/offres", {"commune": seeker_home}).json()
    assert (
        found["total"] == 1 and found["resultats"][0]["formations"][0]["session_id"] == created.json()["id"]
    )
    again = put(
        client, "/api/v1/organisme/sessions/externe/GRETA-S-42", {**body, "places_financees": 10}, raw
    )
    assert again.status_code == 200 and again.json()["places_financees"] == 10
    assert TrainingSession.objects.count() == 1
    backwards = put(client, "/api/v1/organisme/sessions/externe/b", {**body, "fin": "2000-01-01"}, raw)
    assert backwards.status_code == 400 and backwards.json()["champ"] == "fin"
    session_id = created.json()["id"]
    places = client.put(
        f"/api/v1/organisme/sessions/{session_id}/places", {"places_financees": 3}, content_type="application/json",
        **bearer(raw),
    )  # fmt: skip
    assert places.json()["places_financees"] == 3
    closed = client.post(f"/api/v1/organisme/sessions/{session_id}/fermer", **bearer(raw))
    assert closed.json()["recrutement_ouvert"] is False
    assert client.get("/api/v1/offres", {"commune": seeker_home}).json()["total"] == 0


def test_a_session_of_another_organisation_is_out_of_reach(client, cast, token_for):
    _, theirs = token_for(Kind.TRAINING, other=True)
    assert client.get(f"/api/v1/organisme/sessions/{cast.session.pk}", **bearer(theirs)).status_code == 404
    body = {
        "formation": cast.session.training_id,
        "commune": "57463",
        "debut": "2030-01-01",
        "fin": "2030-06-01",
    }
    response = put(client, "/api/v1/organisme/sessions/externe/x", body, theirs)
    assert response.status_code == 400 and response.json()["champ"] == "formation"


def test_a_company_token_cannot_write_sessions_nor_a_training_token_offers(client, cast, token_for):
    _, company = token_for(Kind.COMPANY)
    assert client.get("/api/v1/organisme/sessions", **bearer(company)).status_code == 403
    _, training = token_for(Kind.TRAINING)
    assert put(client, "/api/v1/entreprise/offres/externe/x", OFFER, training).status_code == 403
    OfferFactory(commune=real_commune("57463"))


def test_a_description_too_long_is_refused_through_the_api_too(client, cast, token_for):
    _, raw = token_for(Kind.COMPANY)
    response = put(
        client, "/api/v1/entreprise/offres/externe/long", {**OFFER, "description": "x" * 20_000}, raw
    )
    assert response.status_code == 400 and response.json()["champ"] == "description"
    assert "10000" in response.json()["erreur"] and not JobOffer.objects.filter(source="api").exists()


@pytest.mark.parametrize(
    "since",
    ["9999-12-31T23:59:59-15:00", "0001-01-01T00:00:00+14:00", "1800-01-01T00:00:00Z", "demain"],
)
def test_a_changed_since_filter_out_of_the_databases_range_is_a_400(client, cast, token_for, since):
    _, raw = token_for(Kind.TRAINING)
    answer = client.get("/api/v1/organisme/sessions", {"modifiees_depuis": since}, **bearer(raw))
    assert answer.status_code == 400, answer.content
    assert answer.json()["erreur"]


def test_an_offset_postgresql_cannot_store_is_read_in_utc(client, cast, token_for):
    _, raw = token_for(Kind.TRAINING)
    # Found by the API fuzzing: PostgreSQL refuses offsets beyond ±15:59 (it was a 500).
    far = {"modifiees_depuis": "6566-06-13T11:14:29.7577-16:14", "financement": "a_confirmer"}
    answer = client.get("/api/v1/organisme/sessions", far, **bearer(raw))
    assert answer.status_code == 200 and answer.json()["resultats"] == []


def test_a_changed_since_filter_with_any_offset_keeps_what_changed_after_that_moment(client, cast, token_for):
    _, raw = token_for(Kind.TRAINING)
    moment = cast.session.updated_at.astimezone(datetime.timezone(datetime.timedelta(hours=-15, minutes=-30)))
    listed = client.get(
        "/api/v1/organisme/sessions", {"modifiees_depuis": moment.isoformat()}, **bearer(raw)
    ).json()
    assert cast.session.pk in [row["id"] for row in listed["resultats"]]
    later = (moment + datetime.timedelta(seconds=1)).isoformat()
    listed = client.get("/api/v1/organisme/sessions", {"modifiees_depuis": later}, **bearer(raw)).json()
    assert cast.session.pk not in [row["id"] for row in listed["resultats"]]
