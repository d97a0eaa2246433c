"""Bruno, who recruits for the company: he finds Amélie's candidature from his dashboard, proposes a meeting;
after the meeting, he proposes an immersion and signs its convention for the company."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from tests.situations import candidature_at, make_cast


def open_the_candidature(journey, cast, candidature):
    journey.login(cast.bruno)
    journey.check("tableau-de-bord")
    journey.page.get_by_role("main").get_by_role("link", name=cast.offer.title).first.click()
    journey.page.wait_for_url(f"**/candidatures/{candidature.pk}/")
    journey.check("candidature")


def test_sees_the_candidature_and_proposes_a_meeting(journeys, site):
    cast = make_cast()
    candidature = candidature_at(cast, "sent")
    journey = journeys()
    page = journey.page
    open_the_candidature(journey, cast, candidature)
    expect(page.get_by_role("main")).to_contain_text("Bonjour, je soude depuis trois ans.")

    day = timezone.localdate() + datetime.timedelta(days=3)
    form = journey.panel("Proposer une rencontre")
    first = form.locator("fieldset").filter(has_text="Créneau 1")
    first.get_by_label("Date", exact=True).fill(day.isoformat())
    first.get_by_label("Heure").fill("10:00")
    first.get_by_label(re.compile(r"^Lieu")).fill("12 rue des Forges, Metz")
    with page.expect_navigation():
        form.get_by_role("button", name="Confirmer").click()
    expect(page.get_by_role("main")).to_contain_text("Créneaux proposés")
    journey.check("rencontre-proposee")


def test_proposes_an_immersion_and_signs_the_convention(journeys, site):
    cast = make_cast()
    candidature = candidature_at(cast, "meeting_planned")
    journey = journeys()
    page = journey.page
    open_the_candidature(journey, cast, candidature)

    start = timezone.localdate() + datetime.timedelta(days=7)
    journey.act(
        "Proposer une immersion (convention)",
        "immersion-proposee",
        **{
            "Premier jour": start.isoformat(),
            "Dernier jour": (start + datetime.timedelta(days=4)).isoformat(),
            "Lieu de l'immersion": "Atelier de soudure, 12 rue des Forges, Metz",
            "Activités confiées": "Préparation des pièces, soudage TIG sous contrôle du tuteur.",
            "Risques et mesures de prévention": "Port des EPI obligatoire.",
            "Nom du tuteur ou de la tutrice": "Jean Muller",
            "Sa fonction": "Chef d'atelier",
            "Son adresse électronique": "jean.muller@example.org",
            "Son téléphone": "0387000000",
        },
    )
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Convention d'immersion", exact=True).first).to_be_visible()
    expect(main).to_contain_text("Étape 3 sur 8")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Immersion proposée")
    journey.act(
        "Signer la convention (entreprise)",
        "convention-signee",
        **{"J'ai lu la convention et je l'accepte.": True},
    )
    expect(main).to_contain_text("signé par Bruno Schmitt")
