"""Chloé, of the training organisation: she accepts Amélie's enrolment (a funded place is taken), then, on the
first day of the session, records her entry into training."""

import datetime

import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from tests.situations import candidature_at, make_cast


def test_accepts_the_enrolment_then_records_the_entry(journeys, site):
    cast = make_cast()
    candidature = candidature_at(cast, "enrolment_requested")
    journey = journeys()
    page = journey.page

    journey.login(cast.chloe)
    journey.check("tableau-de-bord")
    page.get_by_role("main").get_by_role("link", name=cast.offer.title).first.click()
    page.wait_for_url(f"**/candidatures/{candidature.pk}/")
    journey.check("candidature")
    with page.expect_navigation():
        page.get_by_role("button", name="Accepter l'inscription (prend une place financée)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Inscrite")
    journey.check("inscription-acceptee")
    cast.session.refresh_from_db()
    assert cast.session.places_left == 11

    # The first day of the session: the server's clock moves there (the browser's cookies stay valid).
    first_day = cast.session.start_date
    with time_machine.travel(timezone.make_aware(datetime.datetime.combine(first_day, datetime.time(9)))):
        journey.login(cast.chloe, "connexion-premier-jour")
        journey.goto(f"/candidatures/{candidature.pk}/", "candidature-premier-jour")
        journey.act(
            "Confirmer l'entrée en formation",
            "entree-enregistree",
            **{"Date d'entrée en formation": first_day.isoformat()},
        )
        expect(page.get_by_role("heading", level=1)).to_contain_text("En formation")
