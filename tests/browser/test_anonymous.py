"""Anyone, without an account, finds the jobs near Metz: with JavaScript (htmx swaps the results, the map is
drawn) and without (the form is sent, the page comes back with the list)."""

import pytest
from playwright.sync_api import expect

from tests import factories as f
from tests.browser.conftest import NARROW, WIDE


@pytest.fixture
def catalogue(site):
    """A welder's CDI in Metz and a Grand Est-funded session in Metz that leads to it."""
    offer = f.OfferFactory(title="Soudeur / Soudeuse TIG H/F")
    f.FundedSessionFactory()
    return offer


def search_from_the_home_page(journey):
    page = journey.page
    journey.goto("/", "accueil")
    page.get_by_role("main").get_by_role("link", name="Trouver un emploi près de chez moi").click()
    journey.check("recherche")
    page.get_by_label("Ma commune").fill("Metz")
    page.get_by_role("button", name="Rechercher").click()


def test_search_with_javascript(journeys, catalogue):
    journey = journeys()
    page = journey.page
    search_from_the_home_page(journey)
    # htmx swaps the results in place and pushes the address of the search.
    results = page.locator("#resultats")
    expect(results.get_by_role("heading", level=2)).to_have_text("1 offre à moins de 30 km de Metz")
    expect(page).to_have_url(
        f"{journey.base_url}/recherche/?commune=Metz&rayon=30&rayon_formation=&q=&contrat=&niveau=&tri=distance"
    )
    expect(page.locator("#carte")).to_be_visible()  # the map, drawn from the list
    journey.check("resultats")
    results.get_by_role("link", name=catalogue.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(catalogue.title)
    expect(page.get_by_role("link", name="Se connecter pour postuler")).to_be_visible()
    journey.check("offre")


def test_search_without_javascript(journeys, catalogue):
    journey = journeys(javascript=False)
    page = journey.page
    search_from_the_home_page(journey)
    page.wait_for_url("**/recherche/?commune=Metz*")
    results = page.locator("#resultats")
    expect(results.get_by_role("heading", level=2)).to_have_text("1 offre à moins de 30 km de Metz")
    expect(page.locator("#carte")).to_be_hidden()  # no map without JavaScript: the list alone
    journey.check("resultats")
    # On a phone, without JavaScript, the menu cannot open: the navigation and the account links are in place.
    page.set_viewport_size(NARROW)
    header = page.get_by_role("banner")
    expect(header.get_by_role("link", name="Trouver un emploi près de chez moi")).to_be_visible()
    expect(header.get_by_role("link", name="Se connecter")).to_be_visible()
    expect(header.get_by_role("button", name="Menu")).to_be_hidden()
    page.set_viewport_size(WIDE)
    results.get_by_role("link", name=catalogue.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(catalogue.title)
    journey.check("offre")


def test_the_legal_and_help_pages_from_the_footer(journeys, site):
    journey = journeys()
    page = journey.page
    journey.goto("/", "accueil")
    footer = page.locator("#pied-de-page")
    for label, heading, step in (
        ("Mentions légales", "Mentions légales", "mentions-legales"),
        ("Données personnelles", "Données personnelles", "donnees-personnelles"),
        ("Accessibilité : non conforme", "Déclaration d'accessibilité", "accessibilite"),
        ("Contact et aide", "Contact et aide", "aide"),
        ("Plan du site", "Plan du site", "plan-du-site"),
    ):
        footer.get_by_role("link", name=label).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        journey.check(step)
