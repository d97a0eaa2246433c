"""Company space: the candidates of each offer (what waits for the recruiter first), whether an offer will
appear in the search (and why not), and the job chosen among several that match the words typed."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from tdu.matching.visibility import offer_visibility
from tdu.offers.models import JobOffer
from tests.factories import (
    CompanyFactory,
    FundedSessionFactory,
    OfferFactory,
    company_member,
    job_seeker,
    prescriber,
    prescriber_organisation,
    real_commune,
    rome,
)
from tests.situations import to_immersion_done

pytestmark = pytest.mark.django_db


def text(response):
    return html.unescape(response.content.decode())


def offer_data(**overrides):
    data = {
        "title": "Soudeur / Soudeuse TIG",
        "rome": "H2913",
        "commune": "Metz",
        "contract_type": "cdi",
        "positions": "1",
        "immersion_possible": "on",
        "action": "publish",
    }
    data.update(overrides)
    return data


@pytest.fixture
def bruno(client):
    real_commune()
    rome()
    user = company_member(company=CompanyFactory(name="Ateliers Schmitt"))
    client.force_login(user)
    return user


@pytest.fixture
def company(bruno):
    return bruno.company_memberships.get().company


# --- The pipeline -----------------------------------------------------------------------------------------


def test_the_pipeline_lists_the_offers_candidates_what_waits_for_the_recruiter_first(client, bruno, company):
    from tdu.candidatures.services import application

    offer = OfferFactory(company=company, title="Soudeur TIG")
    france_travail = prescriber_organisation()
    adviser = prescriber(organisation=france_travail)
    waiting_for_bruno = application.apply(offer, amelie := job_seeker(), amelie, "Bonjour")
    zoe = job_seeker(
        email="zoe@example.org", first_name="Zoé", last_name="Bernard", prescriber_organisation=france_travail
    )
    further = to_immersion_done(offer, zoe, bruno, adviser)  # the recruiter proposes the commitment next
    paul = job_seeker(email="paul@example.org", first_name="Paul", last_name="Henry")
    withdrawn = application.apply(offer, paul, paul, "Bonjour")
    application.withdraw(withdrawn, paul, "J'ai trouvé un emploi.")
    other_offer = OfferFactory(company=company, title="Chaudronnier")
    elsewhere = job_seeker(email="ines@example.org", first_name="Inès", last_name="Lambert")
    application.apply(other_offer, elsewhere, elsewhere, "Bonjour")

    offers = text(client.get(reverse("spaces:company_offers", args=[company.siret])))
    url = reverse("spaces:offer_candidatures", args=[company.siret, offer.pk])
    assert f'href="{url}"' in offers and "Voir les 3 candidatures" in offers
    response = client.get(url)
    assert response.status_code == 200
    page = text(response)
    assert "Amélie Martin" in page and "Zoé Bernard" in page and "Paul Henry" in page
    assert "Inès Lambert" not in page  # another offer's candidate
    assert f'href="/candidatures/{waiting_for_bruno.pk}/"' in page
    # Both active paths wait for Bruno (the oldest first); the withdrawn one comes last, as finished.
    assert "À vous d'agir (2)" in page and "Parcours terminés (1)" in page
    assert page.index("Amélie Martin") < page.index("Zoé Bernard") < page.index("Paul Henry")
    assert "Nouvelle candidature à étudier" in page and "Proposer l'engagement réciproque" in page
    assert "Envoyée" in page and "Immersion réalisée" in page and "Retirée" in page
    assert further.state == "immersion_done"


def test_an_offer_without_candidates_says_so(client, company):
    offer = OfferFactory(company=company)
    offers = text(client.get(reverse("spaces:company_offers", args=[company.siret])))
    assert "Aucune candidature pour l'instant" in offers
    page = text(client.get(reverse("spaces:offer_candidatures", args=[company.siret, offer.pk])))
    assert "Aucune candidature pour l'instant" in page


def test_another_companys_pipeline_is_not_found(client, company):
    other = OfferFactory(company=CompanyFactory(name="Concurrent"))
    # Neither through the other company's address nor through one's own with the other's offer.
    assert (
        client.get(reverse("spaces:offer_candidatures", args=[other.company.siret, other.pk])).status_code
        == 404
    )
    assert client.get(reverse("spaces:offer_candidatures", args=[company.siret, other.pk])).status_code == 404


# --- Will the offer be visible? ------------------------------------------------------------------------------


def test_an_offer_with_a_funded_open_session_nearby_is_visible(client, company):
    FundedSessionFactory()
    visibility = offer_visibility(rome(), real_commune())
    assert visibility.visible and visibility.sessions
    response = client.post(reverse("spaces:offer_create", args=[company.siret]), offer_data(action="check"))
    assert response.status_code == 200
    page = text(response)
    assert "Visible dans la recherche" in page and "Titre professionnel soudeur" in page
    assert not JobOffer.objects.exists()  # checking saves nothing


def test_the_visibility_agrees_with_the_search(client, company):
    """The same rule as the search: the published offer is found by a person living where the job is."""
    FundedSessionFactory()
    client.post(reverse("spaces:offer_create", args=[company.siret]), offer_data())
    offer = JobOffer.objects.get()
    found = client.get(reverse("search:search"), {"commune": real_commune().code})
    assert offer.title in text(found)
    assert offer_visibility(offer.rome, offer.commune).visible


@pytest.mark.parametrize(
    ("trait", "reason"),
    [
        ({}, "Aucune session de formation financée par la Région ne prépare au métier"),
        ({"funding_to_confirm": True}, "la Région n'a pas encore confirmé son financement"),
        ({"recruitment_closed": True}, "son recrutement est fermé"),
        ({"full": True}, "toutes ses places financées sont prises"),
        ({"unfunded": True}, "elle n'est pas financée par la Région"),
    ],
)
def test_an_offer_without_a_countable_session_is_not_visible_and_says_why(client, company, trait, reason):
    if trait:
        FundedSessionFactory(**trait)
    visibility = offer_visibility(rome(), real_commune())
    assert not visibility.visible
    assert any(reason in line for line in visibility.reasons), visibility.reasons
    response = client.post(reverse("spaces:offer_create", args=[company.siret]), offer_data(action="check"))
    page = text(response)
    assert "Pas encore visible dans la recherche" in page and reason in page and "Que faire" in page
    # Published anyway, the message says it does not appear yet; the list says so too.
    client.post(reverse("spaces:offer_create", args=[company.siret]), offer_data())
    offers = text(client.get(reverse("spaces:company_offers", args=[company.siret])))
    assert "n'apparaît pas encore dans la recherche" in offers and "Pas encore visible" in offers


def test_the_list_tells_a_visible_offer(client, company):
    FundedSessionFactory()
    OfferFactory(company=company)
    OfferFactory(company=company, draft=True, title="Brouillon")
    offers = text(client.get(reverse("spaces:company_offers", args=[company.siret])))
    assert ">Visible<" in offers and "Visible une fois publiée" in offers


def test_the_htmx_check_answers_for_the_job_and_commune_typed(client, company):
    FundedSessionFactory(funding_to_confirm=True)
    url = reverse("spaces:offer_visibility", args=[company.siret])
    page = text(client.get(url, {"rome": "H2913", "commune": "Metz"}, HTTP_HX_REQUEST="true"))
    assert "Pas encore visible" in page and "pas encore confirmé" in page and "<html" not in page
    page = text(client.get(url, {"rome": "", "commune": "Metz"}))
    assert "précisez d'abord le métier" in page


def test_the_edit_form_shows_the_saved_offers_visibility(client, company):
    FundedSessionFactory()
    offer = OfferFactory(company=company)
    page = text(client.get(reverse("spaces:offer_edit", args=[company.siret, offer.pk])))
    assert "Visible dans la recherche" in page and "Vérifier la visibilité" in page


# --- Job words → choices ---------------------------------------------------------------------------------------


def test_job_words_matching_several_jobs_are_offered_as_choices_and_a_click_creates_the_offer(
    client, company
):
    rome("H2914", "Réalisation en soudure")
    rome("H2915", "Soudure manuelle")
    url = reverse("spaces:offer_create", args=[company.siret])
    response = client.post(url, offer_data(rome="soud"))
    assert response.status_code == 400
    page = text(response)
    assert "choisissez le vôtre dans la liste" in page
    for code, label in [("H2914", "Réalisation en soudure"), ("H2915", "Soudure manuelle")]:
        assert f'name="rome_code" value="{code}"' in page and label in page
    response = client.post(url, offer_data(rome="soud", rome_code="H2915"))
    assert response.status_code == 302
    assert JobOffer.objects.get().rome_id == "H2915"


def test_a_choice_not_matching_the_words_is_refused(client, company):
    rome("H2914", "Réalisation en soudure")
    rome("H2915", "Soudure manuelle")
    rome("K2204", "Nettoyage de locaux")
    response = client.post(
        reverse("spaces:offer_create", args=[company.siret]), offer_data(rome="soud", rome_code="K2204")
    )
    assert response.status_code == 400
    assert "ne correspond pas" in text(response) and not JobOffer.objects.exists()


def test_the_job_field_suggests_jobs_as_the_search_does(client, company):
    page = text(client.get(reverse("spaces:offer_create", args=[company.siret])))
    assert f'hx-get="{reverse("spaces:job_suggestions")}"' in page and 'list="metiers-suggestions"' in page
    options = text(client.get(reverse("spaces:job_suggestions"), {"rome": "soudeur"}))
    assert '<option value="Soudeur / Soudeuse">' in options


def test_the_job_is_shown_by_its_label(client, company):
    offer = OfferFactory(company=company)
    page = text(client.get(reverse("spaces:company_offers", args=[company.siret])))
    assert "Soudeur / Soudeuse" in page and "H2913 —" not in page
    edit = text(client.get(reverse("spaces:offer_edit", args=[company.siret, offer.pk])))
    assert 'value="Soudeur / Soudeuse (H2913)"' in edit
    expires = timezone.localdate() + datetime.timedelta(days=30)
    response = client.post(
        reverse("spaces:offer_edit", args=[company.siret, offer.pk]),
        offer_data(rome="Soudeur / Soudeuse (H2913)", expires_on=expires.isoformat()),
    )
    assert response.status_code == 302


def test_an_empty_company_says_what_to_do_first(client, company):
    page = text(client.get(reverse("spaces:company_offers", args=[company.siret])))
    assert "Publiez votre première offre" in page
