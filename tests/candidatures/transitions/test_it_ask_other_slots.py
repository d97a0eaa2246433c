"""`ask_other_slots`: the slots do not suit; the pending ones are withdrawn and the other side is told."""

from tdu.candidatures.enums import State
from tests.helpers import act, addresses, assert_nobody_else_may, html, last_entry, login, post_action
from tests.situations import candidature_at

MESSAGE = "Je travaille le matin jusqu'au 15 : l'après-midi me convient mieux."


def test_the_person_asks_the_company_for_other_slots(client, cast, emails):
    candidature = candidature_at(cast, "meeting_proposed")
    login(client, cast.amelie)
    with emails as sent:
        act(client, candidature, "ask_other_slots", reason=MESSAGE)

    assert candidature.state == State.UNDER_REVIEW
    assert candidature.pending_slots == []
    assert candidature.meeting_slots.filter(withdrawn_at__isnull=False).count() == 2
    entry = last_entry(candidature)
    assert (entry.transition, entry.from_state, entry.to_state) == (
        "ask_other_slots",
        "under_review",
        "under_review",
    )
    assert (entry.actor, entry.actor_role, entry.reason) == (cast.amelie, "job_seeker", MESSAGE)
    assert addresses(sent) == [cast.bruno.email]
    assert sent[0].subject == f"[Trait d'union] D'autres créneaux sont demandés : {cast.offer.title}"
    assert "Les créneaux proposés ne conviennent pas : proposez-en d'autres." in sent[0].body


def test_her_adviser_asks_without_a_message(client, cast, emails):
    candidature = candidature_at(cast, "meeting_proposed")
    login(client, cast.david)
    with emails as sent:
        act(client, candidature, "ask_other_slots", reason="")
    entry = last_entry(candidature)
    assert (entry.actor, entry.actor_role, entry.reason) == (cast.david, "prescriber", "")
    assert addresses(sent) == [cast.bruno.email]


def test_the_company_takes_back_a_planned_meeting(client, cast, emails):
    candidature = candidature_at(cast, "meeting_planned")
    login(client, cast.bruno)
    with emails as sent:
        act(client, candidature, "ask_other_slots", reason="Notre atelier sera fermé ce jour-là.")

    assert candidature.state == State.UNDER_REVIEW
    assert candidature.pending_slots == []
    entry = last_entry(candidature)
    assert (entry.from_state, entry.to_state) == ("meeting_planned", "under_review")
    assert (entry.actor, entry.actor_role) == (cast.bruno, "company")
    assert addresses(sent) == [cast.amelie.email]
    assert f"{cast.offer.company.name} vous proposera d'autres créneaux." in sent[0].body


def test_nobody_else_asks(client, cast):
    candidature = candidature_at(cast, "meeting_proposed")
    people = cast.everyone_but(cast.amelie, cast.david, cast.bruno)
    assert_nobody_else_may(client, candidature, "ask_other_slots", {"reason": ""}, people)
    assert len(candidature.pending_slots) == 2


def test_there_must_be_slots_to_decline(client, cast, emails):
    candidature = candidature_at(cast, "meeting_proposed")
    login(client, cast.amelie)
    act(client, candidature, "ask_other_slots", reason="")
    assert 'actions/ask_other_slots/"' not in html(client.get(f"/candidatures/{candidature.pk}/"))
    with emails as sent:
        response = post_action(client, candidature, "ask_other_slots", reason="")
    assert response.status_code == 400
    assert "Aucun créneau n&#x27;a été proposé." in html(response)
    assert (candidature.log.filter(transition="ask_other_slots").count(), sent) == (1, [])


def test_it_is_too_late_once_an_immersion_is_proposed(client, cast):
    candidature = candidature_at(cast, "immersion_proposed")
    login(client, cast.amelie)
    response = post_action(client, candidature, "ask_other_slots", reason="")
    assert response.status_code == 409
    assert "Action impossible : la candidature est « Immersion proposée »." in html(response)
    assert len(candidature.pending_slots) == 1  # the meeting that took place stays


def test_the_company_reads_the_person_s_message(client, cast, emails):
    candidature = candidature_at(cast, "meeting_proposed")
    login(client, cast.amelie)
    with emails as sent:
        act(client, candidature, "ask_other_slots", reason=MESSAGE)
    assert MESSAGE in sent[0].body
