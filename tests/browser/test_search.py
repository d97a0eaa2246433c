"""The search with JavaScript: htmx swaps the results; the errors and their choices, the page title, the focus
and the map follow the swap."""

import pytest
from playwright.sync_api import expect

from tests import factories as f


@pytest.fixture
def catalogue(site):
    offer = f.OfferFactory(title="Soudeur / Soudeuse TIG H/F")
    f.FundedSessionFactory()
    return offer


def search(page, commune, **fields):
    page.get_by_label("Ma commune").fill(commune)
    for label, value in fields.items():
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name="Rechercher").click()


def expected_400(journey):
    """The browser logs every 4xx it receives: a mistyped commune answers 400 on purpose."""
    journey.console = [e for e in journey.console if "status of 400" not in e]


def test_an_unknown_or_ambiguous_commune_shows_the_error_and_the_choices(journeys, catalogue):
    journey = journeys()
    page = journey.page
    journey.goto("/recherche/", "recherche")
    search(page, "Metz")
    results = page.locator("#resultats")
    expect(results.get_by_role("heading", level=2)).to_have_text("1 offre à moins de 30 km de Metz")
    search(page, "Atlantide")
    expect(results).to_contain_text("Aucune commune ne correspond à « Atlantide »")
    expect(results.get_by_role("heading", level=2)).to_have_count(0)  # the old results are gone
    expected_400(journey)
    journey.check("commune inconnue")
    search(page, "Saint-Denis")
    expect(results).to_contain_text("communes s'appellent « Saint-Denis »")
    choice = results.get_by_role("link", name="Saint-Denis (93200, Seine-Saint-Denis)")
    expect(choice).to_be_visible()
    expected_400(journey)
    journey.check("homonymes")
    choice.click()
    expect(results.get_by_role("heading", level=2)).to_have_text(
        "Aucune offre à moins de 30 km de Saint-Denis"
    )
    journey.check("un homonyme choisi")


def test_the_page_title_follows_the_search(journeys, catalogue):
    journey = journeys()
    page = journey.page
    journey.goto("/recherche/", "recherche")
    expect(page).to_have_title("Trouver un emploi près de chez moi — Trait d'union")
    search(page, "Metz")
    expect(page).to_have_title("Offres près de Metz — Trait d'union")
    search(page, "Atlantide")
    expect(page).to_have_title("Erreur dans la recherche — Trait d'union")
    expected_400(journey)
    journey.check("erreur")


def test_on_a_phone_the_results_come_into_view_with_the_focus_on_their_heading(journeys, catalogue):
    journey = journeys()
    page = journey.page
    journey.goto("/recherche/", "recherche")
    page.set_viewport_size({"width": 375, "height": 812})
    search(page, "Metz")
    heading = page.locator("#resultats").get_by_role("heading", level=2)
    expect(heading).to_have_text("1 offre à moins de 30 km de Metz")
    expect(heading).to_be_focused()
    expect(heading).to_be_in_viewport()
    journey.check("resultats")


def test_the_map_is_drawn_once_through_searches_and_history(journeys, catalogue):
    journey = journeys()
    page = journey.page
    journey.goto("/recherche/", "recherche")
    search(page, "Metz")
    heading = page.locator("#resultats").get_by_role("heading", level=2)
    expect(heading).to_have_text("1 offre à moins de 30 km de Metz")
    search(page, "Metz", **{"Distance maximale jusqu'à l'emploi (km)": "40"})
    expect(heading).to_have_text("1 offre à moins de 40 km de Metz")
    page.go_back()  # htmx restores its snapshot of the page
    expect(heading).to_have_text("1 offre à moins de 30 km de Metz")
    expect(page.locator("#carte .leaflet-marker-pane, #carte .leaflet-overlay-pane path")).not_to_have_count(
        0
    )
    page.get_by_label("Ma commune").fill("Metzer")  # the suggestions settle: the map stays as it is
    page.wait_for_timeout(600)
    page.go_forward()
    expect(heading).to_have_text("1 offre à moins de 40 km de Metz")
    expect(page.locator("#carte.leaflet-container")).to_have_count(1)
    journey.check(
        "historique"
    )  # no console error: no CSP violation, no « Map container is already initialized »


def test_a_job_seeker_saves_a_search_stops_its_alert_and_deletes_it(journeys, catalogue):
    from tdu.alerts import services
    from tdu.alerts.models import SavedSearch

    amelie = f.job_seeker()
    journey = journeys("amelie")
    page = journey.page
    journey.login(amelie)
    journey.goto("/recherche/?commune=Metz&rayon=30", "resultats")
    page.get_by_role("button", name="Recevoir les nouvelles offres de cette recherche par e-mail").click()
    page.wait_for_load_state()
    expect(page.locator(".fr-alert--success")).to_contain_text("Recherche enregistrée")
    journey.check("enregistree")
    journey.goto("/compte/recherches/", "mes recherches")
    token = services.unsubscribe_token(SavedSearch.objects.get())
    journey.goto(f"/recherche/alerte/arreter/{token}/", "desabonnement")
    page.get_by_role("button", name="Ne plus recevoir de courriel pour cette recherche").click()
    page.wait_for_load_state()
    expect(page.get_by_text("C'est fait")).to_be_visible()
    journey.check("desabonne")
    journey.goto("/compte/recherches/", "mes recherches apres")
    page.get_by_role("button", name="Ne plus recevoir").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Aucune recherche enregistrée.")).to_be_visible()
    journey.check("supprimee")
