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


def test_sees_an_offers_candidates_and_checks_a_new_offers_visibility(journeys, site):
    cast = make_cast()
    candidature = candidature_at(cast, "sent")
    journey = journeys()
    page = journey.page
    company = cast.offer.company
    journey.login(cast.bruno)
    journey.goto(f"/espace/entreprise/{company.siret}/offres/", "offres")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Visible")
    with page.expect_navigation():
        main.get_by_role("link", name=re.compile("Voir la candidature")).click()
    journey.check("candidatures-de-l-offre")
    expect(main).to_contain_text("Nouvelle candidature à étudier")
    with page.expect_navigation():
        main.get_by_role("link", name=re.compile("Amélie Martin")).click()
    page.wait_for_url(f"**/candidatures/{candidature.pk}/")

    # A new offer: the job typed in words, its visibility checked before publishing (htmx, then without it).
    journey.goto(f"/espace/entreprise/{company.siret}/offres/nouvelle/", "nouvelle-offre")
    main.get_by_label(re.compile("^Métier")).fill("Soudeur / Soudeuse")
    main.get_by_label(re.compile("^Commune du lieu de travail")).fill("Metz")
    main.get_by_role("button", name="Vérifier la visibilité").click()
    expect(main.locator("#visibilite")).to_contain_text("Visible dans la recherche")
    journey.check("visibilite-verifiee")
    button = main.get_by_role("button", name="Vérifier la visibilité")
    assert button.bounding_box()["width"] > 100  # its words, not an icon alone

    # Without JavaScript, the same button sends the form and shows the answer; nothing is saved.
    plain = journeys("sans-javascript", javascript=False)
    plain.login(cast.bruno)
    plain.goto(f"/espace/entreprise/{company.siret}/offres/nouvelle/", "nouvelle-offre")
    form = plain.page.get_by_role("main")
    form.get_by_label(re.compile("^Intitulé du poste")).fill("Soudeur TIG")
    form.get_by_label(re.compile("^Métier")).fill("Soudeur / Soudeuse")
    form.get_by_label(re.compile("^Commune du lieu de travail")).fill("Metz")
    with plain.page.expect_navigation():
        form.get_by_role("button", name="Vérifier la visibilité").click()
    plain.check("visibilite-sans-javascript")
    expect(form.locator("#visibilite")).to_contain_text("Visible dans la recherche")
