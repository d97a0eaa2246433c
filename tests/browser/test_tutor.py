"""Jean Muller, the immersion tutor, has no account: he signs the convention through the emailed link."""

from playwright.sync_api import expect

from tdu.candidatures.notifications import tutor_signing_url
from tests.situations import candidature_at, make_cast


def test_signs_the_convention_by_the_emailed_link(journeys, site):
    cast = make_cast()
    candidature = candidature_at(cast, "immersion_proposed")
    journey = journeys()
    page = journey.page

    journey.goto(tutor_signing_url(candidature.current_convention).removeprefix(site), "convention-a-signer")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_label("Votre nom et prénom").fill("Jean Muller")
    page.locator("label", has_text="J'ai lu la convention").click()
    page.get_by_role("button", name="Signer la convention").click()
    expect(page.get_by_role("main")).to_contain_text("Votre signature est enregistrée")
    journey.check("signature-enregistree")
