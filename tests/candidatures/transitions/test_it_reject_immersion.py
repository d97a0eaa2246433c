"""`reject_immersion`: the adviser refuses the signed convention, with a reason; the candidature is back in review."""

from tdu.candidatures.enums import State
from tests.helpers import act, addresses, assert_nobody_else_may, html, last_entry, login, post_action
from tests.situations import candidature_at

REASON = "Les horaires dépassent ce que permet son contrat aidé."


def test_the_adviser_rejects_the_convention(client, cast, emails):
    candidature = candidature_at(cast, "convention_signed")
    convention = candidature.current_convention
    login(client, cast.david)
    with emails as sent:
        act(client, candidature, "reject_immersion", reason=REASON)

    assert candidature.state == State.UNDER_REVIEW
    convention.refresh_from_db()
    assert convention.cancelled_at is not None
    assert convention.cancellation_reason == f"Refusée par la structure d'accompagnement : {REASON}"
    assert candidature.current_convention is None
    entry = last_entry(candidature)
    assert (entry.transition, entry.from_state, entry.to_state) == (
        "reject_immersion",
        "convention_signed",
        "under_review",
    )
    assert (entry.actor, entry.actor_role, entry.reason) == (cast.david, "prescriber", REASON)
    assert addresses(sent) == sorted([cast.amelie.email, cast.bruno.email])
    assert sent[0].subject == f"[Trait d'union] En étude : {cast.offer.title}"
    assert (
        f"La convention d'immersion pour « {cast.offer.title} » a été refusée par la structure d'accompagnement."
        in sent[0].body
    )
    assert f"Motif : {REASON}" in sent[0].body


def test_the_company_may_then_propose_another_immersion(client, cast):
    candidature = candidature_at(cast, "convention_signed")
    login(client, cast.david)
    act(client, candidature, "reject_immersion", reason=REASON)
    login(client, cast.bruno)
    page = html(client.get(f"/candidatures/{candidature.pk}/"))
    assert f'action="/candidatures/{candidature.pk}/actions/propose_immersion/"' in page


def test_it_is_the_adviser_s_alone(client, cast):
    candidature = candidature_at(cast, "convention_signed")
    people = cast.everyone_but(cast.david)
    assert_nobody_else_may(client, candidature, "reject_immersion", {"reason": REASON}, people)
    assert candidature.current_convention.cancelled_at is None


def test_it_needs_a_reason(client, cast, emails):
    candidature = candidature_at(cast, "convention_signed")
    login(client, cast.david)
    with emails as sent:
        response = post_action(client, candidature, "reject_immersion", reason="  ")
    assert response.status_code == 400 and "Ce champ est obligatoire." in html(response)
    candidature.refresh_from_db()
    assert (candidature.state, candidature.current_convention.cancelled_at, sent) == (
        State.CONVENTION_SIGNED,
        None,
        [],
    )


def test_a_convention_still_being_signed_is_not_rejected(client, cast):
    candidature = candidature_at(cast, "immersion_proposed")
    login(client, cast.david)
    response = post_action(client, candidature, "reject_immersion", reason=REASON)
    assert response.status_code == 409
    assert "Action impossible : la candidature est « Immersion proposée »." in html(response)
    assert candidature.current_convention.cancelled_at is None
