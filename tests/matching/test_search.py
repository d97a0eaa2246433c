"""The three conditions of the search, through the JSON API."""

import datetime
import math

import pytest
from django.utils import timezone

from tdu.offers.enums import OfferStatus
from tdu.references.models import RomeCode
from tdu.utils.geo import distance_km
from tests.factories import (
    METZ,
    NANCY,
    REIMS,
    THIONVILLE,
    WOIPPY,
    FundedSessionFactory,
    OfferFactory,
    TrainingFactory,
    real_commune,
    real_region,
    rome,
)

pytestmark = pytest.mark.django_db


def api(client, **params):
    params.setdefault("commune", METZ)
    real_commune(params["commune"])  # the seeker's home exists in the references
    return client.get("/api/v1/offres", params)


def found_ids(client, **params):
    response = api(client, **params)
    assert response.status_code == 200, response.content
    return [r["id"] for r in response.json()["resultats"]]


def km(a, b):
    a, b = real_commune(a), real_commune(b)
    return distance_km(a.latitude, a.longitude, b.latitude, b.longitude)


def test_an_offer_with_a_funded_session_nearby_is_listed_with_distances(client):
    offer = OfferFactory(commune=real_commune(METZ))
    session = FundedSessionFactory(commune=real_commune(THIONVILLE))
    data = api(client, commune=WOIPPY, rayon=30).json()
    assert data["total"] == 1
    assert data["page"] == 1
    [result] = data["resultats"]
    assert result["id"] == offer.pk
    assert result["intitule"] == offer.title
    assert result["entreprise"] == offer.company.name
    assert result["commune"] == {"code": METZ, "nom": "Metz"}
    assert result["distance_km"] == round(km(WOIPPY, METZ), 1)
    assert result["type_contrat"] == "cdi"
    assert result["rome"] == "H2913"
    [training] = result["formations"]
    assert training == {
        "session_id": session.pk,
        "intitule": session.training.title,
        "commune": {"code": THIONVILLE, "nom": "Thionville"},
        "distance_km": round(km(WOIPPY, THIONVILLE), 1),
        "date_debut": session.start_date.isoformat(),
        "places_restantes": 12,
    }


def test_condition_1_only_published_offers_not_expired(client):
    FundedSessionFactory()
    listed = OfferFactory()
    OfferFactory(draft=True)
    OfferFactory(expired=True)
    OfferFactory(status=OfferStatus.FILLED)
    OfferFactory(status=OfferStatus.CLOSED)
    OfferFactory(expires_on=timezone.localdate())  # expires tonight: still visible today
    ids = found_ids(client)
    assert listed.pk in ids
    assert len(ids) == 2


def test_condition_2_offer_within_the_job_radius(client):
    FundedSessionFactory(commune=real_commune(METZ))
    in_nancy = OfferFactory(commune=real_commune(NANCY))
    d = km(METZ, NANCY)
    assert in_nancy.pk not in found_ids(client, rayon=math.floor(d), rayon_formation=100)
    assert in_nancy.pk in found_ids(client, rayon=math.ceil(d), rayon_formation=100)


def test_condition_3_session_just_outside_the_training_radius(client):
    offer = OfferFactory(commune=real_commune(METZ))
    FundedSessionFactory(commune=real_commune(NANCY))
    d = km(METZ, NANCY)
    assert found_ids(client, rayon=10, rayon_formation=math.floor(d)) == []
    assert found_ids(client, rayon=10, rayon_formation=math.ceil(d)) == [offer.pk]
    # T defaults to R
    assert found_ids(client, rayon=10) == []


@pytest.mark.parametrize("situation", ["full", "started", "recruitment_closed", "unfunded"])
def test_condition_3_sessions_that_do_not_count(client, situation):
    OfferFactory()
    FundedSessionFactory(**{situation: True})
    assert found_ids(client) == []


def test_condition_3_another_job_does_not_count(client):
    OfferFactory(rome=rome("F1703", "Maçon / Maçonne"))
    FundedSessionFactory()  # prepares H2913
    assert found_ids(client) == []


def test_condition_3_same_parent_code_counts_once_the_referentiel_is_imported(client):
    offer = OfferFactory(rome=rome("H2914", "Soudeur / Soudeuse spécialisé"))
    FundedSessionFactory()  # H2913
    assert found_ids(client) == []
    RomeCode.objects.filter(code__in=["H2913", "H2914"]).update(parent_code="H2913")
    from tdu.matching import links

    links.rebuild_all()
    assert found_ids(client) == [offer.pk]


def test_session_starting_today_counts_and_late_entry_window_is_per_region(client):
    offer = OfferFactory()
    FundedSessionFactory(start_date=timezone.localdate())
    assert found_ids(client) == [offer.pk]

    started = OfferFactory(rome=rome("F1703", "Maçon / Maçonne"))
    FundedSessionFactory(
        started=True, training=TrainingFactory(rome_codes=[rome("F1703")])
    )  # started 20 days ago
    assert started.pk not in found_ids(client)
    region = real_region()
    region.late_entry_days = 30
    region.save()
    assert started.pk in found_ids(client)


def test_filters_contract_level_and_job(client):
    cdi = OfferFactory()
    cdd = OfferFactory(contract_type="cdd", contract_duration_months=6)
    FundedSessionFactory(training=TrainingFactory(entry_level=4))
    assert set(found_ids(client)) == {cdi.pk, cdd.pk}
    assert found_ids(client, contrat="cdi") == [cdi.pk]
    assert found_ids(client, contrat="cdd") == [cdd.pk]
    assert found_ids(client, niveau=3) == []
    assert set(found_ids(client, niveau=4)) == {cdi.pk, cdd.pk}
    assert set(found_ids(client, rome="H2913")) == {cdi.pk, cdd.pk}
    rome("F1703", "Maçon / Maçonne")
    assert found_ids(client, rome="F1703") == []
    assert set(found_ids(client, q="SOUDEUSE")) == {cdi.pk, cdd.pk}
    assert found_ids(client, q="boulanger") == []


def test_sort_by_distance_then_by_soonest_training(client):
    today = timezone.localdate()
    near_late = OfferFactory(commune=real_commune(METZ))
    far_soon = OfferFactory(commune=real_commune(THIONVILLE), rome=rome("F1703", "Maçon / Maçonne"))
    FundedSessionFactory(start_date=today + datetime.timedelta(days=90))
    FundedSessionFactory(
        start_date=today + datetime.timedelta(days=10), training=TrainingFactory(rome_codes=[rome("F1703")])
    )
    assert found_ids(client, rayon=40) == [near_late.pk, far_soon.pk]
    assert found_ids(client, rayon=40, tri="date") == [far_soon.pk, near_late.pk]


def test_linked_sessions_are_best_first(client):
    OfferFactory()
    far = FundedSessionFactory(commune=real_commune(NANCY))
    near = FundedSessionFactory(
        commune=real_commune(WOIPPY), start_date=far.start_date + datetime.timedelta(days=30)
    )
    [result] = api(client, rayon=60).json()["resultats"]
    assert [s["session_id"] for s in result["formations"]] == [near.pk, far.pk]
    [result] = api(client, rayon=60, tri="date").json()["resultats"]
    assert [s["session_id"] for s in result["formations"]] == [far.pk, near.pk]


def test_links_follow_changes_to_sessions_trainings_and_offers(client):
    offer = OfferFactory()
    session = FundedSessionFactory(funded_places=1)
    assert found_ids(client) == [offer.pk]

    session.enrolled_count = 1  # the last place is taken
    session.save()
    assert found_ids(client) == []
    session.enrolled_count = 0
    session.recruitment_open = False
    session.save()
    assert found_ids(client) == []
    session.recruitment_open = True
    session.save()
    assert found_ids(client) == [offer.pk]

    session.training.rome_codes.set([rome("F1703", "Maçon / Maçonne")])
    assert found_ids(client) == []
    session.training.rome_codes.add(rome())
    assert found_ids(client) == [offer.pk]

    session.commune = real_commune(REIMS)
    session.save()
    assert found_ids(client) == []
    session.commune = real_commune(METZ)
    session.save()

    offer.status = OfferStatus.FILLED
    offer.save()
    assert found_ids(client) == []
    offer.status = OfferStatus.PUBLISHED
    offer.save()
    new_offer = OfferFactory()
    assert set(found_ids(client)) == {offer.pk, new_offer.pk}
    session.delete()
    assert found_ids(client) == []


def test_count_is_exact_up_to_100_then_more_than_what_the_page_read(client):
    from tdu.offers.models import JobOffer

    FundedSessionFactory()
    template = OfferFactory()
    metz = real_commune(METZ)

    def add(n):
        JobOffer.objects.bulk_create(
            JobOffer(
                company=template.company,
                title=f"Soudeur {i}",
                rome_id="H2913",
                commune=metz,
                latitude=metz.latitude,
                longitude=metz.longitude,
                contract_type="cdi",
                status=OfferStatus.PUBLISHED,
                published_at=timezone.now(),
            )
            for i in range(n)
        )

    add(99)
    assert api(client).json()["total"] == 100  # exact up to 100
    add(1)
    data = api(client).json()
    assert (
        data["total"] == "100+"
    )  # « plus de 100 offres »: what the first page knows for the price of itself
    assert len(data["resultats"]) == 20
    add(899)
    assert api(client, page=7).json()["total"] == "140+"  # a later page knows more
    assert api(client, page=50).json()["total"] == 1000  # the last page one may reach counts exactly
    assert api(client, page=51).status_code == 400
    add(1)
    data = api(client, page=50).json()
    assert data["total"] == "1000+"
    assert len(data["resultats"]) == 20
    assert api(client, page=51).status_code == 400
