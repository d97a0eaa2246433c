"""The step tracker at every step of the path: its number, whom it waits for, by when, and what comes next."""

import datetime
from html import unescape

import pytest

from tdu.candidatures.enums import Actor
from tdu.candidatures.services import application
from tdu.candidatures.steps import tracker
from tests.factories import PASSWORD
from tests.situations import candidature_at, make_cast

pytestmark = pytest.mark.django_db

EXPECTED = {
    # step: (number, title, whom it waits for)
    "sent": (1, "Candidature envoyée", "l'entreprise"),
    "under_review": (1, "Candidature envoyée", "l'entreprise"),
    "meeting_proposed": (2, "Rencontre", "la personne"),
    "meeting_planned": (2, "Rencontre", "l'entreprise"),
    "immersion_proposed": (3, "Convention d'immersion", "l'entreprise"),
    "convention_signed": (3, "Convention d'immersion", "le prescripteur"),
    "immersion_done": (4, "Immersion", "l'entreprise"),
    "commitment_proposed": (5, "Engagement réciproque", "l'entreprise"),
    "enrolment_requested": (6, "Inscription en formation", "l'organisme de formation"),
    "commitment_signed": (6, "Inscription en formation", "l'entreprise"),
    "enrolled": (7, "Formation", "l'organisme de formation"),
    "in_training": (7, "Formation", "l'organisme de formation"),
    "training_completed": (8, "Embauche", "l'entreprise"),
}


@pytest.mark.parametrize("step", sorted(EXPECTED))
def test_each_step_names_its_number_whom_it_waits_for_and_what_follows(step):
    cast = make_cast()
    candidature = candidature_at(cast, step)
    shown = tracker(candidature, {Actor.COMPANY})
    number, title, who = EXPECTED[step]
    assert (shown.number, shown.total, shown.title, shown.who) == (number, 8, title, who)
    assert shown.what and shown.after
    assert (shown.mine != "") == (who == "l'entreprise")  # the company is told when it is her turn


def test_an_unanswered_candidature_says_when_it_expires():
    cast = make_cast()
    candidature = candidature_at(cast, "sent")
    shown = tracker(candidature, {Actor.JOB_SEEKER})
    assert shown.by == candidature.created_at.date() + datetime.timedelta(days=30)
    assert shown.by_label == "sans réponse, la candidature expire le" and shown.mine == ""


def test_the_training_s_dates_are_its_deadlines():
    cast = make_cast()
    enrolled = tracker(candidature_at(cast, "enrolled"), {Actor.TRAINING_ORGANISATION})
    assert (enrolled.by, enrolled.mine) == (cast.session.start_date, "Confirmer l'entrée en formation")


def test_a_hire_waits_for_its_follow_up_and_a_finished_path_says_so():
    cast = make_cast()
    hired = candidature_at(cast, "hired")
    shown = tracker(hired, {Actor.JOB_SEEKER})
    assert shown.number == 8 and shown.by == min(f.due_on for f in hired.follow_ups.all())
    refused = application.apply(cast.offer, cast.zoe, cast.zoe, "Bonjour")
    application.refuse(refused, cast.bruno, "position_filled", "Le poste a été pourvu.")
    over = tracker(refused, {Actor.JOB_SEEKER})
    assert over.over and over.number == 0 and over.title == "Parcours terminé : refusée"


def test_the_candidature_page_shows_the_step_to_each_person(client):
    cast = make_cast()
    candidature = candidature_at(cast, "convention_signed")
    client.login(email=cast.david.email, password=PASSWORD)
    html = unescape(client.get(f"/candidatures/{candidature.pk}/").content.decode())
    assert "Étape 3 sur 8" in html and "C'est à vous : valider la convention d'immersion" in html
    client.logout()
    client.login(email=cast.amelie.email, password=PASSWORD)
    html = unescape(client.get(f"/candidatures/{candidature.pk}/").content.decode())
    assert "Étape 3 sur 8" in html and "À faire par le prescripteur" in html and "C'est à vous" not in html
    assert (
        "Ensuite :</span> l'immersion dans l'entreprise" in html
        and "Avant le premier jour de l'immersion" in html
    )
