"""Amélie, who looks for a job near Metz: she signs up, confirms her address, finds the welder's offer from
her dashboard and applies with her CV; later she signs her immersion convention on her candidature page."""

import re

from playwright.sync_api import expect

from tests import factories as f
from tests.factories import PASSWORD
from tests.helpers import cv_pdf
from tests.situations import candidature_at, make_cast

AMELIE = "amelie.martin@example.org"


def test_signs_up_searches_and_applies(journeys, site):
    offer = f.OfferFactory(title="Soudeur / Soudeuse TIG H/F")
    f.company_member(company=offer.company)  # the company receives candidatures on Trait d'union
    f.FundedSessionFactory()
    journey = journeys()
    page = journey.page

    journey.goto("/", "accueil")
    page.get_by_role("banner").get_by_role("link", name="Créer un compte").click()
    journey.check("choix-du-compte")
    page.get_by_role("link", name="Je cherche un emploi").click()
    journey.check("inscription")
    page.get_by_label("Date de naissance").fill("1995-04-12")
    page.get_by_label("Commune où vous habitez").fill("Metz")
    page.get_by_label("Distance maximale pour aller travailler").fill("30")
    page.get_by_label("Niveau d'études").select_option(label="CAP, BEP (niveau 3)")
    page.get_by_label("Situation").select_option(label="Inscrit·e à France Travail")
    page.get_by_label("Prénom").fill("Amélie")
    page.get_by_label("Nom", exact=True).fill("Martin")
    page.get_by_label("Adresse électronique").fill(AMELIE)
    page.get_by_label(re.compile(r"^Mot de passe")).fill(PASSWORD)
    page.get_by_label("Confirmez le mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_url("**/compte/inscription/lien-envoye/")
    journey.check("lien-envoye")

    journey.goto(journey.emailed_link(AMELIE, "/compte/verifier/"), "adresse-confirmee")
    expect(page.get_by_role("main")).to_contain_text(AMELIE)
    journey.login(AMELIE)
    journey.check("tableau-de-bord")

    page.get_by_role("link", name="Trouver un emploi près de chez moi").last.click()
    results = page.locator("#resultats")
    expect(results.get_by_role("heading", level=2)).to_have_text("1 offre à moins de 30 km de Metz")
    journey.check("resultats")
    results.get_by_role("link", name=offer.title).click()
    journey.check("offre")
    page.get_by_role("link", name="Postuler à cette offre").click()
    journey.check("postuler")
    page.get_by_label("Message à l'entreprise").fill("Je soude depuis 3 ans et j'habite à Metz.")
    page.get_by_label("CV (facultatif)").set_input_files(
        {"name": "cv.pdf", "mimeType": "application/pdf", "buffer": cv_pdf()}
    )
    page.get_by_role("button", name="Envoyer ma candidature").click()
    page.wait_for_url("**/candidatures/*/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(offer.title)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Envoyée")
    journey.check("candidature")


def test_signs_the_immersion_convention(journeys, site):
    cast = make_cast()
    candidature = candidature_at(cast, "immersion_proposed")
    journey = journeys()
    page = journey.page

    journey.login(cast.amelie)
    journey.check("tableau-de-bord")
    page.get_by_role("main").get_by_role("link", name=cast.offer.title).first.click()
    page.wait_for_url(f"**/candidatures/{candidature.pk}/")
    journey.check("candidature")
    expect(page.get_by_role("main")).to_contain_text("Bénéficiaire : en attente de signature")
    journey.act(
        "Signer la convention (bénéficiaire)",
        "convention-signee",
        **{"J'ai lu la convention et je l'accepte.": True},
    )
    expect(page.get_by_role("main")).to_contain_text("signé par Amélie Martin")
