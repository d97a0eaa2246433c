"""`cancel`: the region's team cancels an active path, with a reason; everyone on the path is told."""

import datetime

from django.utils import timezone

from tdu.candidatures.enums import EnrolmentStatus, State
from tdu.candidatures.services import application, training
from tests.helpers import act, addresses, assert_nobody_else_may, html, last_entry, login, post_action
from tests.situations import candidature_at

REASON = "Offre retirée : l'entreprise a fermé son site de Metz."


def test_the_region_cancels_the_path(client, cast, emails):
    candidature = candidature_at(cast, "immersion_proposed")
    login(client, cast.elise)
    with emails as sent:
        act(client, candidature, "cancel", reason=REASON)

    assert candidature.state == State.CANCELLED
    assert candidature.exit_reason == REASON
    entry = last_entry(candidature)
    assert (entry.transition, entry.from_state, entry.to_state) == (
        "cancel",
        "immersion_proposed",
        "cancelled",
    )
    assert (entry.actor, entry.actor_role, entry.reason) == (cast.elise, "region", REASON)
    assert addresses(sent) == sorted([cast.amelie.email, cast.bruno.email, cast.david.email])
    assert sent[0].subject == f"[Trait d'union] Annulée : {cast.offer.title}"
    assert (
        f"Le parcours de Amélie Martin pour « {cast.offer.title} » a été annulé par l'équipe de la Région."
        in sent[0].body
    )
    assert f"Motif : {REASON}" in sent[0].body


def test_it_is_the_region_s_alone(client, cast):
    candidature = candidature_at(cast, "under_review")
    assert_nobody_else_may(client, candidature, "cancel", {"reason": REASON}, cast.everyone_but(cast.elise))


def test_it_needs_a_reason(client, cast, emails):
    candidature = candidature_at(cast, "sent")
    login(client, cast.elise)
    with emails as sent:
        response = post_action(client, candidature, "cancel", reason="")
    assert response.status_code == 400 and "Ce champ est obligatoire." in html(response)
    candidature.refresh_from_db()
    assert (candidature.state, sent) == (State.SENT, [])


def test_a_path_that_has_ended_is_not_cancelled(client, cast, emails):
    candidature = candidature_at(cast, "under_review")
    application.withdraw(candidature, cast.amelie, "J'ai trouvé ailleurs.")
    login(client, cast.elise)
    with emails as sent:
        response = post_action(client, candidature, "cancel", reason=REASON)
    assert response.status_code == 409
    assert "Action impossible : la candidature est « Retirée »." in html(response)
    assert (candidature.log.filter(transition="cancel").exists(), sent) == (False, [])


def test_cancelling_before_the_training_starts_frees_the_funded_place(client, cast):
    candidature = candidature_at(cast, "enrolled")
    cast.session.refresh_from_db()
    assert cast.session.enrolled_count == 1
    login(client, cast.elise)
    act(client, candidature, "cancel", reason=REASON)
    cast.session.refresh_from_db()
    assert cast.session.enrolled_count == 0


def test_cancelling_withdraws_the_pending_enrolment_request(client, cast, emails):
    candidature = candidature_at(cast, "enrolment_requested")
    login(client, cast.elise)
    act(client, candidature, "cancel", reason=REASON)
    assert candidature.enrolments.get().status == EnrolmentStatus.CANCELLED
    with emails as sent:
        training.remind_training_organisations(now=timezone.now() + datetime.timedelta(days=10))
    assert sent == []
