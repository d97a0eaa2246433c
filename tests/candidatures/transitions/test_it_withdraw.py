"""`withdraw`: the person (or her adviser) withdraws the candidature before the commitment, with a reason."""

from tdu.candidatures.enums import State
from tests.helpers import act, addresses, assert_nobody_else_may, html, last_entry, login, post_action
from tests.situations import candidature_at

REASON = "J'ai trouvé un emploi plus près de chez moi."


def test_the_person_withdraws_with_her_reason(client, cast, emails):
    candidature = candidature_at(cast, "meeting_planned")
    login(client, cast.amelie)
    with emails as sent:
        act(client, candidature, "withdraw", reason=REASON)

    assert candidature.state == State.WITHDRAWN
    assert candidature.exit_reason == REASON
    entry = last_entry(candidature)
    assert (entry.transition, entry.from_state, entry.to_state) == (
        "withdraw",
        "meeting_planned",
        "withdrawn",
    )
    assert (entry.actor, entry.actor_role, entry.reason) == (cast.amelie, "job_seeker", REASON)
    assert addresses(sent) == sorted([cast.bruno.email, cast.david.email])
    assert sent[0].subject == f"[Trait d'union] Retirée : {cast.offer.title}"
    assert f"La candidature de Amélie Martin à « {cast.offer.title} » a été retirée." in sent[0].body
    assert f"Motif : {REASON}" in sent[0].body
    assert "Rien à faire pour le moment." in html(client.get(f"/candidatures/{candidature.pk}/"))


def test_her_adviser_withdraws_for_her(client, cast, emails):
    candidature = candidature_at(cast, "immersion_validated")
    login(client, cast.david)
    with emails as sent:
        act(client, candidature, "withdraw", reason="Elle entre en formation qualifiante ailleurs.")
    assert candidature.state == State.WITHDRAWN
    entry = last_entry(candidature)
    assert (entry.from_state, entry.actor, entry.actor_role) == (
        "immersion_validated",
        cast.david,
        "prescriber",
    )
    assert addresses(sent) == sorted([cast.amelie.email, cast.bruno.email])


def test_nobody_else_withdraws_it(client, cast):
    candidature = candidature_at(cast, "under_review")
    people = cast.everyone_but(cast.amelie, cast.david)
    assert_nobody_else_may(client, candidature, "withdraw", {"reason": REASON}, people)


def test_it_needs_a_reason(client, cast, emails):
    candidature = candidature_at(cast, "sent")
    login(client, cast.amelie)
    with emails as sent:
        response = post_action(client, candidature, "withdraw", reason="")
    assert response.status_code == 400 and "Ce champ est obligatoire." in html(response)
    candidature.refresh_from_db()
    assert (candidature.state, candidature.exit_reason, sent) == (State.SENT, "", [])


def test_it_is_too_late_once_the_commitment_is_signed(client, cast, emails):
    candidature = candidature_at(cast, "enrolment_requested")
    login(client, cast.amelie)
    with emails as sent:
        response = post_action(client, candidature, "withdraw", reason=REASON)
    assert response.status_code == 409
    assert "Action impossible : la candidature est « Inscription demandée »." in html(response)
    candidature.refresh_from_db()
    assert (candidature.state, sent) == (State.ENROLMENT_REQUESTED, [])
