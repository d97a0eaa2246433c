"""The API remembers its search answers (tdu.matching.answers) and gives them an ETag: an answer is served again
only while nothing it depends on has moved — whoever writes, through whatever path (another instance's raw SQL,
a bulk update, a service)."""

import datetime
import gzip

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from tdu.companies.models import Company
from tdu.matching.models import SessionLink
from tdu.offers.enums import OfferStatus
from tdu.offers.jobs import expire_offers
from tdu.offers.models import JobOffer
from tdu.trainings.models import TrainingSession
from tests.factories import METZ, FundedSessionFactory, OfferFactory

pytestmark = pytest.mark.django_db

SEARCH = {"commune": METZ, "rayon": "30"}


def ids(client, **extra):
    response = client.get("/api/v1/offres", SEARCH, **extra)
    assert response.status_code == 200
    return [hit["id"] for hit in response.json()["resultats"]]


def raw(sql, params=()):
    """As another instance writes: no model signal, no cache of this process cleared."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def listed_offer():
    FundedSessionFactory()
    return OfferFactory()


def test_the_same_search_again_is_one_statement_and_the_same_bytes(
    client, listed_offer, django_assert_num_queries
):
    first = client.get("/api/v1/offres", SEARCH)
    with django_assert_num_queries(1):  # the versions; the answer is remembered
        again = client.get("/api/v1/offres", SEARCH)
    assert again.content == first.content and listed_offer.pk in ids(client)
    assert again["ETag"] == first["ETag"] and again["Cache-Control"] == "public, no-cache"


def test_asked_again_with_its_etag_the_answer_is_a_304_without_a_body(client, listed_offer):
    etag = client.get("/api/v1/offres", SEARCH)["ETag"]
    response = client.get("/api/v1/offres", SEARCH, headers={"If-None-Match": etag})
    assert response.status_code == 304 and response.content == b"" and response["ETag"] == etag
    OfferFactory()  # the catalogue moves: the same ETag now gets the new answer
    response = client.get("/api/v1/offres", SEARCH, headers={"If-None-Match": etag})
    assert response.status_code == 200 and response["ETag"] != etag and len(response.json()["resultats"]) == 2


def test_a_client_that_accepts_gzip_gets_the_remembered_answer_compressed_with_its_own_etag(
    client, listed_offer
):
    plain = client.get("/api/v1/offres", SEARCH)
    packed = client.get("/api/v1/offres", SEARCH, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert "Content-Encoding" not in plain and packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in plain["Vary"] and plain["Vary"] == packed["Vary"]
    assert gzip.decompress(packed.content) == plain.content and len(packed.content) < len(plain.content)
    assert packed["ETag"] == plain["ETag"][:-1] + '.gz"'
    again = client.get(
        "/api/v1/offres", SEARCH, headers={"Accept-Encoding": "gzip", "If-None-Match": packed["ETag"]}
    )
    assert again.status_code == 304 and again["ETag"] == packed["ETag"]
    for path, params in (("/api/v1/communes", {"q": "metz"}), ("/api/v1/metiers", {"q": "cuis"})):
        unpacked = client.get(path, params)
        assert gzip.decompress(client.get(path, params, headers={"Accept-Encoding": "gzip"}).content) == (
            unpacked.content
        )


def test_an_offer_published_by_another_instance_is_in_the_next_answer(client, listed_offer):
    draft = OfferFactory(draft=True)
    assert ids(client) == [listed_offer.pk]
    raw(f"UPDATE {JobOffer._meta.db_table} SET status = %s WHERE id = %s", [OfferStatus.PUBLISHED, draft.pk])
    assert sorted(ids(client)) == sorted([listed_offer.pk, draft.pk])


def test_offers_expired_by_the_daily_bulk_update_leave_the_next_answer(client, listed_offer):
    assert ids(client) == [listed_offer.pk]
    JobOffer.objects.filter(pk=listed_offer.pk).update(expires_on=timezone.localdate())
    assert ids(client) == [listed_offer.pk]  # still valid today: moved version, same answer
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        assert ids(client) == []  # the next day the answer is computed again (the day is in the key)
        assert expire_offers() == 1
        assert ids(client) == []


def test_a_deleted_offer_leaves_the_next_answer(client, listed_offer):
    assert ids(client) == [listed_offer.pk]
    raw(f"DELETE FROM {JobOffer._meta.db_table} WHERE id = %s", [listed_offer.pk])
    assert ids(client) == []


def test_a_company_renamed_by_another_instance_shows_its_new_name(client, listed_offer):
    client.get("/api/v1/offres", SEARCH)
    raw(
        f"UPDATE {Company._meta.db_table} SET name = %s WHERE id = %s",
        ["Forges de Lorraine", listed_offer.company_id],
    )
    assert client.get("/api/v1/offres", SEARCH).json()["resultats"][0]["entreprise"] == "Forges de Lorraine"


def test_a_session_closed_leaves_the_offer_out_of_the_next_answer(client, listed_offer):
    assert ids(client) == [listed_offer.pk]
    session = TrainingSession.objects.get()
    session.recruitment_open = False
    session.save()  # the links are rewritten and their version moves (tdu.matching.signals)
    assert ids(client) == []


def test_control_links_removed_without_a_version_change_would_have_kept_the_answer(client, listed_offer):
    """The control: the memory is real, and the versions are what keep it right."""
    assert ids(client) == [listed_offer.pk]
    raw(f"DELETE FROM {SessionLink._meta.db_table}")
    assert ids(client) == [listed_offer.pk]


def test_suggestions_typed_again_are_one_statement_and_follow_the_reference_tables(
    client, django_assert_num_queries
):
    from tdu.references.models import Commune, RomeAppellation
    from tests.factories import real_commune, rome

    welder = rome("H2913", "Soudeur / Soudeuse")
    metz = real_commune(METZ)
    assert [j["code"] for j in client.get("/api/v1/metiers", {"q": "chaudron"}).json()] == []
    client.get("/api/v1/communes", {"q": "metz"})
    with django_assert_num_queries(2):  # the versions, twice
        assert client.get("/api/v1/metiers", {"q": "chaudron"}).json() == []
        assert client.get("/api/v1/communes", {"q": "metz"}).json()[0]["nom"] == "Metz"

    RomeAppellation.objects.create(ogr_code=1, label="Chaudronnier / Chaudronnière", rome=welder)
    assert [j["code"] for j in client.get("/api/v1/metiers", {"q": "chaudron"}).json()] == ["H2913"]
    raw(f"UPDATE {Commune._meta.db_table} SET name = %s WHERE id = %s", ["Metz-Ville", metz.pk])
    assert client.get("/api/v1/communes", {"q": "metz"}).json()[0]["nom"] == "Metz-Ville"


def test_ready_json_of_suggestions_is_exactly_the_declared_schema(client, references):
    from pydantic import TypeAdapter

    from tdu.www.api.schemas import CommuneSuggestion, MetierSuggestion
    from tests.factories import rome

    rome("H2913", "Soudeur / Soudeuse")
    for path, q, schema in (
        ("/api/v1/communes", "saint", CommuneSuggestion),
        ("/api/v1/communes", "57000", CommuneSuggestion),
        ("/api/v1/metiers", "soud", MetierSuggestion),
    ):
        data = client.get(path, {"q": q}).json()
        assert data
        assert TypeAdapter(list[schema]).dump_python(TypeAdapter(list[schema]).validate_python(data)) == data
