"""Chloé, of the training organisation: she accepts Amélie's enrolment (a funded place is taken), then, on the
first day of the session, records her entry into training."""

import datetime
import re

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


def test_sees_the_people_of_a_session_and_records_the_entry_from_the_list(journeys, site):
    cast = make_cast()
    candidature = candidature_at(cast, "enrolled")
    journey = journeys()
    page = journey.page
    organisation = cast.session.training.organisation
    first_day = cast.session.start_date
    with time_machine.travel(timezone.make_aware(datetime.datetime.combine(first_day, datetime.time(9)))):
        journey.login(cast.chloe)
        journey.goto(f"/espace/organisme/{organisation.siret}/sessions/", "sessions")
        main = page.get_by_role("main")
        # The creation buttons carry their words at every width, not an icon alone.
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 900})
            for name in ("Créer une formation", "Créer une session"):
                button = main.get_by_role("link", name=name, exact=True)
                expect(button).to_be_visible()
                expect(button).to_have_text(name)
                assert button.bounding_box()["width"] > 100, (name, width)
        page.set_viewport_size({"width": 1280, "height": 900})
        with page.expect_navigation():
            main.get_by_role("link", name=re.compile("Voir la personne inscrite")).click()
        journey.check("personnes-inscrites")
        expect(main).to_contain_text("Amélie Martin")
        expect(main.get_by_label("Date d'entrée en formation")).to_have_value(first_day.isoformat())
        with page.expect_navigation():
            main.get_by_role("button", name=re.compile("Confirmer l'entrée")).click()
        journey.check("entree-enregistree-depuis-la-liste")
        expect(page.get_by_role("heading", level=1)).to_contain_text("En formation")
    candidature.refresh_from_db()
    assert candidature.state == "in_training"
