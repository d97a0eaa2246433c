"""`choose_slot`: the person (or her adviser) picks one of the proposed slots; the meeting is planned."""

import datetime

from django.utils import timezone
from icalendar import Calendar

from tdu.candidatures.enums import State
from tdu.candidatures.models import MeetingSlot
from tests.helpers import act, addresses, assert_nobody_else_may, html, last_entry, login, post_action
from tests.situations import candidature_at


def test_it_plans_the_meeting_and_sends_the_invitation(client, cast, emails):
    candidature = candidature_at(cast, "meeting_proposed")
    first, second = candidature.pending_slots
    login(client, cast.amelie)
    with emails as sent:
        act(client, candidature, "choose_slot", slot=second.pk)

    assert candidature.state == State.MEETING_PLANNED
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.chosen_at is not None and second.withdrawn_at is None
    assert first.withdrawn_at is not None and first.chosen_at is None
    entry = last_entry(candidature)
    assert (entry.transition, entry.from_state, entry.to_state) == (
        "choose_slot",
        "under_review",
        "meeting_planned",
    )
    assert (entry.actor, entry.actor_role) == (cast.amelie, "job_seeker")
    assert addresses(sent) == sorted([cast.amelie.email, cast.bruno.email])
    when = timezone.localtime(second.starts_at)
    assert sent[0].subject == f"[Trait d'union] Rencontre le {when:%d/%m/%Y à %H:%M} : {cast.offer.title}"
    assert f"est prévue le {when:%d/%m/%Y à %H:%M}." in sent[0].body
    assert "Lieu : https://visio.example.org/abc" in sent[0].body
    name, content, mimetype = sent[0].attachments[0]
    assert (name, mimetype.split(";")[0]) == ("rencontre.ics", "text/calendar")
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == second.starts_at
    page = html(client.get(f"/candidatures/{candidature.pk}/"))
    assert (
        "Rencontre planifiée : une invitation vous est envoyée par courriel, ainsi qu&#x27;à l&#x27;entreprise."
        in page
    )


def test_her_adviser_may_choose_for_her(client, cast, emails):
    candidature = candidature_at(cast, "meeting_proposed")
    login(client, cast.david)
    with emails as sent:
        act(client, candidature, "choose_slot", slot=candidature.pending_slots[0].pk)
    assert candidature.state == State.MEETING_PLANNED
    assert (last_entry(candidature).actor, last_entry(candidature).actor_role) == (cast.david, "prescriber")
    assert addresses(sent) == sorted([cast.amelie.email, cast.bruno.email])


def test_nobody_else_chooses(client, cast):
    candidature = candidature_at(cast, "meeting_proposed")
    data = {"slot": candidature.pending_slots[0].pk}
    assert_nobody_else_may(
        client, candidature, "choose_slot", data, cast.everyone_but(cast.amelie, cast.david)
    )
    assert not candidature.meeting_slots.filter(chosen_at__isnull=False).exists()


def test_a_withdrawn_or_past_slot_cannot_be_chosen(client, cast, emails):
    candidature = candidature_at(cast, "meeting_proposed")
    first, second = candidature.pending_slots
    MeetingSlot.objects.filter(pk=first.pk).update(withdrawn_at=timezone.now())
    MeetingSlot.objects.filter(pk=second.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=1))
    login(client, cast.amelie)
    with emails as sent:
        # Neither is on offer any more: the action itself is refused, before the slot is even read.
        for chosen in (first, second):
            response = post_action(client, candidature, "choose_slot", slot=chosen.pk)
            assert response.status_code == 400
            assert "Aucun créneau à venir n&#x27;a été proposé." in html(response)
        # With one slot still to come, each of those two is refused by name.
        MeetingSlot.objects.create(
            candidature=candidature, starts_at=timezone.now() + datetime.timedelta(days=2), duration_minutes=45,
            place="Dans l'entreprise",
        )  # fmt: skip
        for chosen in (first, second):
            response = post_action(client, candidature, "choose_slot", slot=chosen.pk)
            assert response.status_code == 400
            assert "Ce créneau n&#x27;est plus disponible." in html(response)
        not_a_number = post_action(client, candidature, "choose_slot", slot="le premier")
    assert not_a_number.status_code == 400 and "Vérifiez le formulaire." in html(not_a_number)
    candidature.refresh_from_db()
    assert (candidature.state, sent) == (State.UNDER_REVIEW, [])
    assert not candidature.meeting_slots.filter(chosen_at__isnull=False).exists()


def test_a_planned_meeting_is_not_chosen_again(client, cast):
    candidature = candidature_at(cast, "meeting_planned")
    chosen = candidature.meeting_slots.get(chosen_at__isnull=False)
    login(client, cast.amelie)
    response = post_action(client, candidature, "choose_slot", slot=chosen.pk)
    assert response.status_code == 409
    assert "Action impossible : la candidature est « Rencontre planifiée »." in html(response)
    assert candidature.log.filter(transition="choose_slot").count() == 1
