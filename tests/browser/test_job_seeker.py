"""Amélie, who looks for a job near Metz: she signs up, confirms her address, finds the welder's offer from
her dashboard and applies with her CV; later she signs her immersion convention on her candidature page, then
reads and signs the reciprocal commitment; six months after her hire, she answers the emailed follow-up."""

import datetime
import re

from playwright.sync_api import expect

from tdu.candidatures.enums import Respondent
from tdu.candidatures.services import commitment, hiring
from tests import factories as f
from tests.browser.helpers import Choice
from tests.factories import PASSWORD
from tests.helpers import cv_pdf
from tests.situations import candidature_at, make_cast, on_day

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
        button="Je signe",
        **{"J'ai lu la convention et je l'accepte.": True},
    )
    journey.expect_done("Votre signature est enregistrée. Il manque encore : ", step_of_8=3)
    expect(page.get_by_role("main")).to_contain_text("signé par Amélie Martin")


def test_reads_and_signs_the_commitment_then_answers_the_follow_up(journeys, site):
    cast = make_cast()
    candidature = candidature_at(cast, "commitment_proposed")
    commitment.sign_commitment(candidature, "company", cast.bruno.full_name, cast.bruno)
    journey = journeys()
    page = journey.page
    main = page.get_by_role("main")

    journey.login(cast.amelie, step=None)
    page.get_by_role("main").get_by_role("link", name=cast.offer.title).first.click()
    page.wait_for_url(f"**/candidatures/{candidature.pk}/")
    expect(main.locator(".fr-stepper__state")).to_have_text("Étape 5 sur 8")
    # What she signs is on the page, open: she reads it before signing.
    document = main.locator("details").filter(
        has=page.locator("summary", has_text="Lisez l'engagement réciproque avant de signer")
    )
    assert document.evaluate("details => details.open")
    expect(document).to_contain_text("Ateliers Schmitt")
    expect(document).to_contain_text("35 heures par semaine")
    expect(document.get_by_role("region")).to_be_visible()  # the text scrolls: reachable by the keyboard
    journey.check("engagement-a-signer")
    journey.act(
        "Signer mon engagement à suivre la formation",
        "engagement-signe",
        button="Je signe",
        **{"J'ai lu l'engagement réciproque et je m'engage.": True},
    )
    journey.expect_done(
        "Votre signature est enregistrée : l'engagement est signé des deux côtés. L'organisme de formation doit "
        "maintenant accepter l'inscription ; nous vous écrirons.",
        step_of_8=6,
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("Inscription demandée")

    # The training and the hire, each on its day; six months later, the daily job asks how she is doing.
    from tdu.candidatures.services import training

    session = cast.session
    candidature = type(candidature).objects.get(pk=candidature.pk)  # as she left it
    training.accept_enrolment(candidature, cast.chloe)
    with on_day(session.start_date):
        training.confirm_entry(candidature, cast.chloe, session.start_date)
    with on_day(session.end_date):
        training.complete_training(candidature, cast.chloe, session.end_date, True)
    hired_on = session.end_date + datetime.timedelta(days=7)
    with on_day(hired_on):
        hiring.confirm_hiring(candidature, cast.bruno, hired_on, "cdi", None, 35)
    follow_up = candidature.follow_ups.get(milestone_months=6, respondent=Respondent.JOB_SEEKER)
    type(follow_up).objects.filter(pk=follow_up.pk).update(due_on=datetime.date.today())
    hiring.send_follow_ups()
    journey.goto(journey.emailed_link(cast.amelie.email, "/suivi/"), "suivi")
    expect(main).to_contain_text("6 mois après l'embauche de Amélie Martin")
    journey.fill(
        main.locator("form"),
        {
            "Avez-vous un emploi aujourd'hui ?": Choice("Oui"),
            "Chez Ateliers Schmitt": Choice("Oui"),
            "Quel contrat aujourd'hui ?": Choice("CDI"),
        },
    )
    with page.expect_navigation():
        main.get_by_role("button", name="Envoyer ma réponse").click()
    journey.check("suivi-repondu")
    expect(main.locator(".fr-alert--success")).to_have_text("Merci, votre réponse est enregistrée.")
    journey.goto(f"/candidatures/{candidature.pk}/", "candidature-suivie")
    expect(main.locator(".fr-stepper__state")).to_have_text("Étape 8 sur 8")
    expect(main.get_by_role("listitem").filter(has_text="Suivi à 6 mois (La personne")).to_contain_text(
        "toujours en poste : oui ; même entreprise : oui ; contrat : CDI"
    )
