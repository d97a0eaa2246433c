import pytest
from django.urls import reverse

from tests.factories import (
    NANCY,
    FundedSessionFactory,
    OfferFactory,
    real_commune,
)

pytestmark = pytest.mark.django_db


def test_home_page_explains_the_service_to_each_user(client):
    OfferFactory()
    FundedSessionFactory()
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr"' in html
    assert 'href="#contenu"' in html  # skip link
    assert "/static/dsfr/dist/dsfr/dsfr.min.css" in html  # served locally, never from a CDN
    for audience in [
        "Vous cherchez un emploi",
        "entreprise qui recrute",
        "organisme de formation",
        "conseiller",
        "Région",
    ]:
        assert audience in html
    assert "<strong>1</strong> offre publiée" in html


def test_offer_list_shows_only_visible_offers_and_filters_by_department(client):
    visible = OfferFactory(title="Soudeur à Metz")
    OfferFactory(title="Soudeur à Nancy", commune=real_commune(NANCY))
    OfferFactory(draft=True, title="Brouillon caché")
    OfferFactory(expired=True, title="Offre expirée")
    html = client.get(reverse("catalogue:offers")).content.decode()
    assert "Soudeur à Metz" in html and "Soudeur à Nancy" in html
    assert "Brouillon caché" not in html and "Offre expirée" not in html
    html = client.get(reverse("catalogue:offers"), {"departement": "57"}).content.decode()
    assert visible.title in html and "Soudeur à Nancy" not in html


def test_offer_list_refuses_an_unknown_department(client):
    response = client.get(reverse("catalogue:offers"), {"departement": "99"})
    assert response.status_code == 400
    assert "pas couvert par le service" in response.content.decode()


def test_offer_page_lists_nearby_funded_sessions_with_distances(client):
    offer = OfferFactory()
    session = FundedSessionFactory(commune=real_commune(NANCY))
    FundedSessionFactory(recruitment_closed=True, training__title="Session fermée")
    html = client.get(offer.get_absolute_url()).content.decode()
    assert offer.title in html
    assert offer.company.name in html
    assert session.get_absolute_url() in html
    assert "Session fermée" not in html
    assert " km" in html


def test_unpublished_or_unknown_offer_is_not_found(client):
    assert client.get(OfferFactory(draft=True).get_absolute_url()).status_code == 404
    assert client.get(OfferFactory(expired=True).get_absolute_url()).status_code == 404
    response = client.get("/offres/987654/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_session_page(client):
    session = FundedSessionFactory()
    session.internship_periods.create(
        start_date=session.start_date, end_date=session.start_date, label="Stage"
    )
    html = client.get(session.get_absolute_url()).content.decode()
    assert session.training.title in html
    assert "Financée par la Région Grand Est" in html
    assert "12 places restantes sur 12" in html
    assert "Stage" in html


def test_company_page_lists_its_published_offers(client):
    offer = OfferFactory()
    OfferFactory(draft=True, company=offer.company, title="Pas encore publiée")
    html = client.get(offer.company.get_absolute_url()).content.decode()
    assert offer.company.siret in html
    assert offer.title in html
    assert "Pas encore publiée" not in html
    assert client.get("/entreprises/12345/").status_code == 404
    assert client.get("/entreprises/73282932000074/").status_code == 404


def test_offer_page_and_home_count_only_sessions_the_search_counts(client):

    offer = OfferFactory()
    open_session = FundedSessionFactory(training__title="Session ouverte")
    FundedSessionFactory(full=True, training__title="Session complète")
    FundedSessionFactory(started=True, training__title="Session commencée")
    html = client.get(offer.get_absolute_url()).content.decode()
    assert open_session.get_absolute_url() in html
    assert "Session complète" not in html and "Session commencée" not in html
    assert "<strong>1</strong> session de formation financée ouverte" in client.get("/").content.decode()
