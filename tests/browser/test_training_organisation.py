"""Chloé, of the training organisation: she accepts Amélie's enrolment (a funded place is taken), then, on the
first day of the session, records her entry into training; from the session's list of people, she records an
entry on the first day and, on the last day, the end of the training."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.helpers import Choice, shift_training
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
    expect(page.get_by_role("main").locator(".fr-stepper__state")).to_have_text("Étape 6 sur 8")
    with page.expect_navigation():
        page.get_by_role("button", name="Accepter l'inscription (prend une place financée)").click()
    journey.expect_done(
        "Inscription acceptée : l'entreprise et la personne sont prévenues. Le premier jour, confirmez son "
        "entrée en formation.",
        step_of_8=7,
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("Inscrite")
    journey.check("inscription-acceptee")
    cast.session.refresh_from_db()
    assert cast.session.places_left == 11

    # The first day of the session has come: it starts today.
    today = timezone.localdate()
    shift_training(candidature, (today - cast.session.start_date).days)
    journey.goto(f"/candidatures/{candidature.pk}/", "candidature-premier-jour")
    journey.act(
        "Confirmer l'entrée en formation",
        "entree-enregistree",
        **{"Date d'entrée en formation": today.isoformat()},
    )
    journey.expect_done(
        "Entrée en formation enregistrée. Le dernier jour, enregistrez la fin de formation.", step_of_8=7
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("En formation")


def test_records_the_entry_then_the_end_of_the_training_from_the_list_of_people(journeys, site):
    cast = make_cast()
    candidature = candidature_at(cast, "enrolled")
    today = timezone.localdate()
    shift_training(candidature, (today - cast.session.start_date).days)  # the session starts today
    journey = journeys()
    page = journey.page
    main = page.get_by_role("main")
    organisation = cast.session.training.organisation

    def open_the_list(step):
        page.goto(f"/espace/organisme/{organisation.siret}/sessions/")  # checked once, below
        with page.expect_navigation():
            main.get_by_role("link", name=re.compile("Voir la personne inscrite")).click()
        journey.check(step)
        expect(main).to_contain_text("Amélie Martin")

    journey.login(cast.chloe, step=None)
    journey.goto(f"/espace/organisme/{organisation.siret}/sessions/", "sessions")
    # The creation buttons carry their words at every width, not an icon alone.
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        for name in ("Créer une formation", "Créer une session"):
            button = main.get_by_role("link", name=name, exact=True)
            expect(button).to_be_visible()
            expect(button).to_have_text(name)
            assert button.bounding_box()["width"] > 100, (name, width)
    page.set_viewport_size({"width": 1280, "height": 900})
    open_the_list("personnes-inscrites")
    expect(main.get_by_label("Date d'entrée en formation")).to_have_value(today.isoformat())
    with page.expect_navigation():
        main.get_by_role("button", name=re.compile("Confirmer l'entrée")).click()
    journey.check("entree-enregistree-depuis-la-liste")
    journey.expect_done("Entrée en formation enregistrée. Le dernier jour, enregistrez la fin de formation.")
    expect(page).to_have_url(re.compile(rf"/sessions/{cast.session.pk}/"))  # back to the list
    row = main.get_by_role("row").filter(has_text="Amélie Martin")
    expect(row).to_contain_text("En formation")
    expect(row).to_contain_text("Entrée le")

    # Six months later, the session's last day: it ends today (and began six months ago).
    cast.session.refresh_from_db()
    shift_training(candidature, (today - cast.session.end_date).days)
    open_the_list("personnes-inscrites-dernier-jour")
    expect(main).to_contain_text("Entrée le")
    form = main.locator("form").filter(has=page.get_by_role("button", name=re.compile("Enregistrer la fin")))
    expect(form.get_by_label("Date de fin de formation")).to_have_value(today.isoformat())
    journey.fill(form, {"Certification obtenue ?": Choice("Oui")})
    with page.expect_navigation():
        form.get_by_role("button", name=re.compile("Enregistrer la fin")).click()
    journey.check("fin-enregistree-depuis-la-liste")
    journey.expect_done(
        "Fin de formation enregistrée : l'entreprise doit maintenant confirmer l'embauche ; nous lui écrivons."
    )
    row = main.get_by_role("row").filter(has_text="Amélie Martin")
    expect(row).to_contain_text("Formation terminée")
    expect(row).to_contain_text("certification obtenue")
    expect(row.get_by_role("button")).to_have_count(0)  # nothing more to record
    with page.expect_navigation():
        row.get_by_role("link", name=re.compile("Amélie Martin")).click()
    journey.check("candidature-formation-terminee")
    expect(main.locator(".fr-stepper__state")).to_have_text("Étape 8 sur 8")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Formation terminée")
    expect(main).to_contain_text("À faire par")  # the company, who confirms the hire
    candidature.refresh_from_db()
    assert candidature.state == "training_completed"
