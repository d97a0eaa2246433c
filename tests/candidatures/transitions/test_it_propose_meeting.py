"""`propose_meeting`: the company proposes one to three slots; the person and her adviser are asked to pick one."""

import datetime

from django.utils import timezone

from tdu.candidatures.enums import State
from tests.helpers import act, addresses, assert_nobody_else_may, html, last_entry, login, post_action
from tests.situations import candidature_at


def slot(number, day, time="10:00", **fields):
    values = {"date": day.isoformat(), "time": time, "duration_minutes": "45", **fields}
    return {f"creneau-{number}-{name}": value for name, value in values.items()}


def two_slots():
    day = timezone.localdate() + datetime.timedelta(days=4)
    return {
        **slot(1, day, place="12 rue des Forges, Metz"),
        **slot(2, day, "14:30", video_link="https://visio.example.org/abc"),
    }


def test_it_proposes_the_slots(client, cast, emails):
    candidature = candidature_at(cast, "under_review")
    login(client, cast.bruno)
    with emails as sent:
        act(client, candidature, "propose_meeting", **two_slots())

    assert candidature.state == State.UNDER_REVIEW
    day = timezone.localdate() + datetime.timedelta(days=4)
    assert [
        (timezone.localtime(s.starts_at).strftime("%H:%M"), s.where) for s in candidature.pending_slots
    ] == [
        ("10:00", "12 rue des Forges, Metz"),
        ("14:30", "https://visio.example.org/abc"),
    ]
    assert all(timezone.localdate(s.starts_at) == day for s in candidature.pending_slots)
    entry = last_entry(candidature)
    assert (entry.transition, entry.from_state, entry.to_state) == (
        "propose_meeting",
        "under_review",
        "under_review",
    )
    assert (entry.actor, entry.actor_role) == (cast.bruno, "company")
    assert addresses(sent) == sorted([cast.amelie.email, cast.david.email])
    assert sent[0].subject == f"[Trait d'union] Rencontre proposée : {cast.offer.title}"
    assert (
        f"{cast.offer.company.name} vous propose de vous rencontrer. Choisissez un créneau :" in sent[0].body
    )
    assert f"- {day:%d/%m/%Y} à 14:30 (https://visio.example.org/abc)" in sent[0].body
    assert "Choisir un créneau : http://testserver/candidatures/" in sent[0].body


def test_a_new_candidature_may_be_answered_by_a_meeting_at_once(client, cast):
    candidature = candidature_at(cast, "sent")
    login(client, cast.bruno)
    act(client, candidature, "propose_meeting", **two_slots())
    assert candidature.state == State.UNDER_REVIEW
    assert last_entry(candidature).from_state == "sent"


def test_new_slots_replace_the_planned_meeting(client, cast, emails):
    candidature = candidature_at(cast, "meeting_planned")
    chosen = candidature.meeting_slots.get(chosen_at__isnull=False)
    login(client, cast.bruno)
    with emails as sent:
        act(client, candidature, "propose_meeting", **two_slots())
    assert candidature.state == State.UNDER_REVIEW
    chosen.refresh_from_db()
    assert chosen.withdrawn_at is not None
    assert len(candidature.pending_slots) == 2
    assert chosen not in candidature.pending_slots
    assert addresses(sent) == sorted([cast.amelie.email, cast.david.email])


def test_it_is_the_company_s_alone(client, cast):
    candidature = candidature_at(cast, "under_review")
    assert_nobody_else_may(client, candidature, "propose_meeting", two_slots(), cast.everyone_but(cast.bruno))
    assert candidature.meeting_slots.count() == 0


def test_it_refuses_slots_that_cannot_be_met(client, cast, emails):
    candidature = candidature_at(cast, "under_review")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    later = timezone.localdate() + datetime.timedelta(days=2)
    login(client, cast.bruno)
    with emails as sent:
        none = post_action(client, candidature, "propose_meeting")
        past = post_action(client, candidature, "propose_meeting", **slot(1, yesterday, place="Metz"))
        nowhere = post_action(client, candidature, "propose_meeting", **slot(1, later))
    assert none.status_code == 400 and "Proposez au moins un créneau." in html(none)
    assert past.status_code == 400 and "Chaque créneau doit être dans le futur." in html(past)
    assert nowhere.status_code == 400
    assert "Indiquez un lieu ou un lien de visioconférence pour chaque créneau." in html(nowhere)
    assert candidature.meeting_slots.count() == 0
    assert (candidature.log.count(), sent) == (2, [])


def test_it_is_too_late_once_an_immersion_is_proposed(client, cast):
    candidature = candidature_at(cast, "immersion_proposed")
    login(client, cast.bruno)
    response = post_action(client, candidature, "propose_meeting", **two_slots())
    assert response.status_code == 409
    assert "Action impossible : la candidature est « Immersion proposée »." in html(response)
    assert candidature.pending_slots[0].chosen_at is not None  # the planned meeting stays as it was
