"""Bruno, who recruits for the company: he finds Amélie's candidature from his dashboard, proposes a meeting;
after the meeting, he proposes an immersion and signs its convention for the company; after the immersion, he
fills in its assessment, proposes the reciprocal commitment and signs his hiring promise; after the training,
he confirms the hire, and six months later answers the follow-up from his dashboard."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from tdu.candidatures.enums import Respondent
from tdu.candidatures.services import hiring
from tdu.www.path.forms import session_label
from tests.browser.helpers import Choice, shift_training
from tests.situations import candidature_at, make_cast


def open_the_candidature(journey, cast, candidature, checked=True):
    journey.login(cast.bruno, step="connexion" if checked else None)
    if checked:
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
    journey.expect_done(
        "Convention d'immersion envoyée : la personne, le tuteur ou la tutrice et vous-même la signez, puis la "
        "structure d'accompagnement la valide. Signez-la ci-dessous."
    )
    journey.act(
        "Signer la convention (entreprise)",
        "convention-signee",
        button="Je signe",
        **{"J'ai lu la convention et je l'accepte.": True},
    )
    journey.expect_done("Votre signature est enregistrée. Il manque encore : ", step_of_8=3)
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


def test_fills_in_the_assessment_then_proposes_and_signs_the_commitment(journeys, site):
    cast = make_cast()
    candidature = candidature_at(cast, "immersion_ended")
    journey = journeys()
    page = journey.page
    main = page.get_by_role("main")
    open_the_candidature(journey, cast, candidature, checked=False)
    expect(main.locator(".fr-stepper__state")).to_have_text("Étape 4 sur 8")

    journey.act(
        "Remplir le bilan de l'immersion",
        "bilan-enregistre",
        **{
            "Déroulement": Choice("Immersion réalisée en entier"),
            "Compétences observées": "Soudures TIG propres, lecture de plan, respect des consignes.",
            "Souhaitez-vous proposer une promesse d'embauche ?": Choice("Oui"),
        },
    )
    journey.expect_done(
        "Bilan enregistré : la personne peut y répondre. Si l'immersion est concluante, proposez maintenant "
        "l'engagement réciproque.",
        step_of_8=4,
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("Immersion réalisée")

    # Refusing or ending comes last, apart and folded; its button asks for a confirmation in its words.
    ending = main.locator("section", has=page.get_by_role("heading", name="Refuser ou mettre fin"))
    expect(ending).to_be_visible()
    assert ending.evaluate("section => section === section.parentElement.lastElementChild")
    above = main.locator("details").filter(has=page.locator("summary", has_text="Proposer l'engagement"))
    assert above.bounding_box()["y"] < ending.bounding_box()["y"]
    refuse = ending.locator("details").filter(has=page.locator("summary", has_text="Refuser la candidature…"))
    assert not refuse.evaluate("details => details.open")
    expect(refuse.get_by_role("button")).to_be_hidden()
    refuse.locator("summary").click()
    expect(refuse.get_by_role("button")).to_have_text("Oui, refuser la candidature")
    expect(refuse).to_contain_text("Êtes-vous sûr·e ? Cette action est définitive.")
    refuse.locator("summary").click()  # he changes his mind: nothing is sent

    session = cast.session
    journey.act(
        "Proposer l'engagement réciproque (promesse d'embauche)",
        "engagement-propose",
        **{
            "Session de formation dont dépend l'embauche": session_label(session),
            "Type de contrat": "CDI",
            "Heures par semaine": "35",
            "Salaire brut mensuel (€)": "2150",
            "Date d'embauche prévue": (session.end_date + datetime.timedelta(days=7)).isoformat(),
            "L'obtention de la certification est une condition de l'embauche": True,
        },
    )
    journey.expect_done(
        "Engagement réciproque proposé : signez votre promesse d'embauche ci-dessous, puis la personne signera "
        "son engagement à suivre la formation.",
        step_of_8=5,
    )
    document = main.locator("details").filter(
        has=page.locator("summary", has_text="Lisez l'engagement réciproque avant de signer")
    )
    assert document.evaluate("details => details.open")
    expect(document).to_contain_text("2 150,00 € brut par mois")
    journey.act(
        "Signer la promesse d'embauche",
        "promesse-signee",
        button="Je signe",
        **{"J'ai lu l'engagement réciproque et je m'engage.": True},
    )
    journey.expect_done(
        "Votre signature est enregistrée. La personne doit maintenant signer son engagement ; nous vous écrirons.",
        step_of_8=5,
    )
    expect(main.locator("summary", has_text="Lire l'engagement réciproque")).to_be_visible()  # signed: folded


def test_confirms_the_hire_then_answers_the_follow_up_from_the_dashboard(journeys, site):
    cast = make_cast()
    candidature = candidature_at(cast, "training_completed")
    # The contract was promised for today: the training ended a week ago.
    today = timezone.localdate()
    shift_training(candidature, (today - candidature.current_commitment.planned_start_date).days)
    journey = journeys()
    page = journey.page
    main = page.get_by_role("main")
    open_the_candidature(journey, cast, candidature, checked=False)
    expect(main.locator(".fr-stepper__state")).to_have_text("Étape 8 sur 8")

    form = journey.panel("Confirmer l'embauche")
    expect(form.get_by_label("Début du contrat")).to_have_value(today.isoformat())  # as promised
    expect(form.get_by_label("Heures par semaine")).to_have_value(re.compile(r"^35(\.0)?$"))
    journey.act("Confirmer l'embauche", "embauche-confirmee")
    journey.expect_done("Embauche confirmée : bravo ! Nous prendrons des nouvelles dans 6 et 12 mois.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Embauchée")
    expect(main).to_contain_text(f"Contrat commencé le {today.day}")
    expect(main).not_to_contain_text("Écarts avec la promesse")
    expect(main).to_contain_text("Suivi à 6 mois (L'entreprise) — prévu le")

    # Six months later, the daily job asks the question (the due day is brought to today).
    follow_up = candidature.follow_ups.get(milestone_months=6, respondent=Respondent.COMPANY)
    type(follow_up).objects.filter(pk=follow_up.pk).update(due_on=today)
    hiring.send_follow_ups()
    page.get_by_role("banner").get_by_role("link", name="Tableau de bord").click()
    journey.check("tableau-de-bord-suivi")
    item = main.get_by_role("listitem").filter(has_text="Répondre au suivi à 6 mois")
    expect(item).to_contain_text("Amélie Martin")
    with page.expect_navigation():
        item.get_by_role("link", name="répondre aux questions du suivi").click()
    journey.check("suivi")
    expect(main).to_contain_text("6 mois après l'embauche de Amélie Martin")
    journey.fill(
        main.locator("form"),
        {
            "La personne travaille-t-elle toujours chez vous ?": Choice("Oui"),
            "Si oui, avec quel contrat ?": Choice("CDI"),
        },
    )
    with page.expect_navigation():
        main.get_by_role("button", name="Envoyer ma réponse").click()
    journey.check("suivi-repondu")
    expect(main.locator(".fr-alert--success")).to_have_text("Merci, votre réponse est enregistrée.")
    follow_up.refresh_from_db()
    assert follow_up.answered_at is not None and follow_up.still_in_post and follow_up.contract_now == "cdi"
