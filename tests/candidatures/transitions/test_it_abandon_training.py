"""`abandon_training`: the training organisation or the person declares, with a reason, that the training is
abandoned; a place not yet used is freed."""

import datetime

import time_machine
from django.utils import timezone

from tdu.candidatures.enums import State
from tdu.trainings.models import TrainingSession
from tests.helpers import act, addresses, assert_nobody_else_may, html, last_entry, login, post_action
from tests.situations import candidature_at

REASON = "Raisons de santé : la personne ne peut plus suivre les cours."


def places_taken(session):
    return TrainingSession.objects.get(pk=session.pk).enrolled_count


def during(session):
    noon = datetime.datetime.combine(session.start_date + datetime.timedelta(days=10), datetime.time(12))
    return time_machine.travel(timezone.make_aware(noon))


def test_the_organisation_declares_it_during_the_training(client, cast, emails):
    candidature = candidature_at(cast, "in_training")
    with during(cast.session), emails as sent:
        login(client, cast.chloe)
        page = act(client, candidature, "abandon_training", reason=REASON)
    assert "Déclarer un abandon de formation" in html(page)

    assert candidature.state == State.TRAINING_ABANDONED
    assert candidature.exit_reason == REASON
    assert places_taken(cast.session) == 1  # the place was used: it is not given back
    entry = last_entry(candidature)
    assert (entry.transition, entry.from_state, entry.to_state) == (
        "abandon_training",
        "in_training",
        "training_abandoned",
    )
    assert (entry.actor, entry.actor_role, entry.reason) == (cast.chloe, "training_organisation", REASON)
    assert addresses(sent) == sorted([cast.amelie.email, cast.bruno.email, cast.david.email])
    assert {m.subject for m in sent} == {f"[Trait d'union] Formation abandonnée : {cast.offer.title}"}
    assert "La formation de Amélie Martin est abandonnée." in sent[0].body
    assert f"Motif ou précisions : {REASON}" in sent[0].body


def test_before_the_entry_the_place_is_freed(client, cast, emails):
    candidature = candidature_at(cast, "enrolled")
    assert places_taken(cast.session) == 1
    login(client, cast.amelie)
    with emails as sent:
        act(client, candidature, "abandon_training", reason="J'ai trouvé un autre emploi.")

    assert candidature.state == State.TRAINING_ABANDONED
    assert places_taken(cast.session) == 0
    entry = last_entry(candidature)
    assert (entry.from_state, entry.actor, entry.actor_role) == ("enrolled", cast.amelie, "job_seeker")
    assert cast.bruno.email in addresses(sent) and cast.amelie.email not in addresses(sent)


def test_the_organisation_learns_the_person_abandons(client, cast, emails):
    candidature = candidature_at(cast, "enrolled")
    login(client, cast.amelie)
    with emails as sent:
        act(client, candidature, "abandon_training", reason="J'ai trouvé un autre emploi.")
    assert addresses(sent) == sorted([cast.bruno.email, cast.chloe.email, cast.david.email])


def test_it_needs_a_reason(client, cast):
    candidature = candidature_at(cast, "enrolled")
    login(client, cast.chloe)
    response = post_action(client, candidature, "abandon_training", reason="")
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in html(response)
    candidature.refresh_from_db()
    assert candidature.state == State.ENROLLED and places_taken(cast.session) == 1


def test_only_the_organisation_and_the_person_declare_it(client, cast):
    candidature = candidature_at(cast, "in_training")
    people = cast.everyone_but(cast.chloe, cast.amelie)
    assert_nobody_else_may(client, candidature, "abandon_training", {"reason": REASON}, people)


def test_a_completed_training_is_not_abandoned(client, cast):
    candidature = candidature_at(cast, "training_completed")
    login(client, cast.amelie)
    response = post_action(client, candidature, "abandon_training", reason=REASON)
    assert response.status_code == 409
    assert "Action impossible" in html(response)
    candidature.refresh_from_db()
    assert candidature.state == State.TRAINING_COMPLETED and candidature.exit_reason == ""
