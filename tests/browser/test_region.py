"""Élise, of the Grand Est region's team, opens its figures page (the steering of the region)."""

from playwright.sync_api import expect

from tests.situations import candidature_at, make_cast


def test_opens_the_region_figures(journeys, site):
    cast = make_cast()
    candidature_at(cast, "enrolled")
    journey = journeys()
    page = journey.page

    journey.login(cast.elise)
    journey.check("tableau-de-bord")
    page.get_by_role("main").get_by_role("link", name="Région Grand Est").click()
    journey.check("espace-region")
    journey.goto("/espace/region/44/pilotage/", "pilotage")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
