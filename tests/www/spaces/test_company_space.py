"""Company space: a company's members manage its offers; nobody else sees them."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from tdu.offers.enums import OfferStatus
from tdu.offers.models import JobOffer
from tests.factories import (
    CompanyFactory,
    FundedSessionFactory,
    OfferFactory,
    company_member,
    real_commune,
    rome,
)

pytestmark = pytest.mark.django_db


def text(response):
    return html.unescape(response.content.decode())


def offer_data(**overrides):
    data = {
        "title": "Soudeur / Soudeuse TIG",
        "rome": "H2913",
        "commune": "Metz",
        "address": "",
        "contract_type": "cdi",
        "contract_duration_months": "",
        "positions": "2",
        "immersion_possible": "on",
        "immersion_from": "",
        "immersion_until": "",
        "description": "Atelier de chaudronnerie.",
        "expires_on": "",
        "action": "publish",
    }
    data.update(overrides)
    return data


@pytest.fixture
def bruno(client):
    """Bruno, logged in, recruits for his company (Metz, the welder ROME code known)."""
    real_commune()
    rome()
    user = company_member(company=CompanyFactory(name="Ateliers Schmitt"))
    client.force_login(user)
    return user


@pytest.fixture
def company(bruno):
    return bruno.company_memberships.get().company


def urls(company, offer):
    return [
        ("get", reverse("spaces:company_offers", args=[company.siret])),
        ("get", reverse("spaces:offer_create", args=[company.siret])),
        ("get", reverse("spaces:offer_edit", args=[company.siret, offer.pk])),
        ("post", reverse("spaces:offer_status", args=[company.siret, offer.pk])),
    ]


def test_anonymous_people_are_sent_to_the_login_page(client):
    offer = OfferFactory(draft=True)
    for method, url in urls(offer.company, offer):
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_someone_outside_the_company_gets_a_404_and_changes_nothing(client, bruno, company):
    other = OfferFactory(draft=True)
    for method, url in urls(other.company, other):
        assert getattr(client, method)(url, {"action": "publish"}).status_code == 404
    # Another company's offer reached through Bruno's own SIRET is not found either.
    own_siret = [
        reverse("spaces:offer_edit", args=[company.siret, other.pk]),
        reverse("spaces:offer_status", args=[company.siret, other.pk]),
    ]
    assert client.get(own_siret[0]).status_code == 404
    assert client.post(own_siret[1], {"action": "publish"}).status_code == 404
    assert client.post(own_siret[0], offer_data()).status_code == 404
    other.refresh_from_db()
    assert other.status == OfferStatus.DRAFT
    assert client.get(reverse("spaces:company_offers", args=["12345678901234"])).status_code == 404


def test_the_list_shows_every_offer_of_the_company_with_its_status(client, company):
    OfferFactory(company=company, title="Soudeur publié")
    OfferFactory(draft=True, company=company, title="Chaudronnier en brouillon")
    OfferFactory(title="Offre d'une autre entreprise")
    response = client.get(reverse("spaces:company_offers", args=[company.siret]))
    page = text(response)
    assert response.status_code == 200
    assert "Soudeur publié" in page and "Publiée" in page
    assert "Chaudronnier en brouillon" in page and "Brouillon" in page
    assert "Offre d'une autre entreprise" not in page
    form = client.get(reverse("spaces:offer_create", args=[company.siret]))
    assert form.status_code == 200
    assert 'name="rome"' in text(form) and "Publier" in text(form)


def test_a_published_offer_is_created_and_found_by_the_search(client, company):
    FundedSessionFactory()
    response = client.post(reverse("spaces:offer_create", args=[company.siret]), offer_data())
    assert response.status_code == 302
    offer = JobOffer.objects.get(company=company)
    assert offer.status == OfferStatus.PUBLISHED and offer.published_at is not None
    assert offer.rome_id == "H2913" and offer.commune == real_commune() and offer.positions == 2
    assert offer.latitude == offer.commune.latitude
    found = client.get("/api/v1/offres", {"commune": "57463"}).json()["resultats"]
    assert [r["id"] for r in found] == [offer.pk]


def test_an_offer_saved_as_draft_is_not_published(client, company):
    response = client.post(
        reverse("spaces:offer_create", args=[company.siret]), offer_data(action="draft", rome="soudeur")
    )
    assert response.status_code == 302
    offer = JobOffer.objects.get(company=company)
    assert offer.status == OfferStatus.DRAFT and offer.published_at is None
    assert offer.rome_id == "H2913"  # found from words


def test_a_cdd_of_less_than_six_months_is_refused_with_the_rule_in_french(client, company):
    response = client.post(
        reverse("spaces:offer_create", args=[company.siret]),
        offer_data(contract_type="cdd", contract_duration_months="3"),
    )
    assert response.status_code == 400
    page = text(response)
    assert "Un CDD de 3 mois n'est pas éligible" in page
    assert 'id="id_contract_duration_months-erreur"' in page
    assert not JobOffer.objects.exists()
    response = client.post(
        reverse("spaces:offer_create", args=[company.siret]),
        offer_data(contract_type="cdd", contract_duration_months=""),
    )
    assert response.status_code == 400
    assert "Indiquez la durée du CDD en mois." in text(response)
    assert not JobOffer.objects.exists()


def test_a_cdd_of_six_months_is_accepted(client, company):
    response = client.post(
        reverse("spaces:offer_create", args=[company.siret]),
        offer_data(contract_type="cdd", contract_duration_months="6"),
    )
    assert response.status_code == 302
    assert JobOffer.objects.get().contract_label == "CDD de 6 mois"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"commune": "Atlantide"}, "Aucune commune ne correspond à « Atlantide »"),
        ({"commune": ""}, "Indiquez la commune du lieu de travail."),
        ({"rome": "Z9999"}, "Code ROME inconnu : « Z9999 »."),
        ({"rome": "astronaute"}, "Aucun métier ne correspond à « astronaute »"),
        ({"title": ""}, "Ce champ est obligatoire."),
        ({"positions": "0"}, "supérieure ou égale à 1"),
        ({"contract_type": "interim"}, "Sélectionnez un choix valide"),
        ({"immersion_from": "2030-03-10", "immersion_until": "2030-03-01"}, "se termine avant de commencer"),
        ({"expires_on": "2020-01-01"}, "La date d'expiration (01/01/2020) est déjà passée."),
        ({"expires_on": "demain"}, "Saisissez une date valide."),
        # Found by testing: a 1 MB description was stored (and shown on every page of the offer).
        ({"description": "x" * 1_000_000}, "au plus 10000 caractères"),
        ({"address": "x" * 300}, "au plus 255 caractères"),
    ],
)
def test_bad_input_gets_a_french_message_and_a_400(client, company, overrides, message):
    response = client.post(reverse("spaces:offer_create", args=[company.siret]), offer_data(**overrides))
    assert response.status_code == 400
    assert message in text(response)
    assert not JobOffer.objects.exists()


def test_several_jobs_matching_the_words_are_listed(client, company):
    rome("H2914", "Réalisation en soudure")
    rome("H2915", "Soudure manuelle")
    response = client.post(reverse("spaces:offer_create", args=[company.siret]), offer_data(rome="soud"))
    assert response.status_code == 400
    page = text(response)
    assert "Plusieurs métiers correspondent" in page and "H2914" in page and "H2915" in page


def test_editing_an_offer(client, company):
    offer = OfferFactory(draft=True, company=company, title="Ancien titre")
    url = reverse("spaces:offer_edit", args=[company.siret, offer.pk])
    page = text(client.get(url))
    assert 'value="Ancien titre"' in page and "Soudeur / Soudeuse (H2913)" in page and "Metz (57000)" in page
    response = client.post(url, offer_data(title="Nouveau titre", action="draft"))
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.title == "Nouveau titre" and offer.status == OfferStatus.DRAFT
    client.post(url, offer_data(action="publish"))
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED


def test_a_bad_edit_changes_nothing(client, company):
    offer = OfferFactory(company=company, title="Titre")
    url = reverse("spaces:offer_edit", args=[company.siret, offer.pk])
    response = client.post(url, offer_data(title="Autre", contract_type="cdd", contract_duration_months="2"))
    assert response.status_code == 400
    offer.refresh_from_db()
    assert offer.title == "Titre" and offer.contract_type == "cdi"


def test_status_changes(client, company):
    offer = OfferFactory(draft=True, company=company)
    url = reverse("spaces:offer_status", args=[company.siret, offer.pk])
    response = client.post(url, {"action": "fill"})
    assert response.status_code == 400
    assert "Action impossible : l'offre est « Brouillon »" in text(response)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.DRAFT

    assert client.post(url, {"action": "publish"}).status_code == 302
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED and offer.published_at is not None
    assert client.post(url, {"action": "fill"}).status_code == 302
    offer.refresh_from_db()
    assert offer.status == OfferStatus.FILLED

    response = client.post(reverse("spaces:offer_edit", args=[company.siret, offer.pk]), offer_data())
    assert response.status_code == 400
    assert "Cette offre est « Pourvue » : elle ne peut plus être modifiée." in text(response)
    assert client.post(url, {"action": "close"}).status_code == 400
    assert client.post(url, {"action": "n'importe quoi"}).status_code == 400
    assert client.get(url).status_code == 405


def test_an_offer_is_closed_and_an_expired_date_blocks_publication(client, company):
    offer = OfferFactory(draft=True, company=company)
    JobOffer.objects.filter(pk=offer.pk).update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    url = reverse("spaces:offer_status", args=[company.siret, offer.pk])
    response = client.post(url, {"action": "publish"})
    assert response.status_code == 400
    assert "Publication impossible : La date d'expiration" in text(response)
    assert client.post(url, {"action": "close"}).status_code == 302
    offer.refresh_from_db()
    assert offer.status == OfferStatus.CLOSED


def test_the_contract_rule_shows_along_with_the_other_errors(client, company):
    response = client.post(
        reverse("spaces:offer_create", args=[company.siret]),
        offer_data(title="", contract_type="cdd", contract_duration_months="3"),
    )
    assert response.status_code == 400
    page = text(response)
    assert "Ce champ est obligatoire." in page and "Un CDD de 3 mois n'est pas éligible" in page
    assert not JobOffer.objects.exists()
