"""David, adviser at France Travail Metz: the three parties have signed, he validates the immersion."""

from playwright.sync_api import expect

from tests.situations import candidature_at, make_cast


def test_validates_the_convention(journeys, site):
    cast = make_cast()
    candidature = candidature_at(cast, "convention_signed")
    journey = journeys()
    page = journey.page

    journey.login(cast.david)
    journey.check("tableau-de-bord")
    page.get_by_role("main").get_by_role("link", name=cast.offer.title).first.click()
    page.wait_for_url(f"**/candidatures/{candidature.pk}/")
    journey.check("candidature")
    with page.expect_navigation():
        page.get_by_role("button", name="Valider l'immersion").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Immersion validée")
    journey.check("immersion-validee")
