"""`break_commitment`: the company or the person breaks the signed commitment before the training ends, with a
reason; the commitment is cancelled, a pending enrolment too, and an unused place is freed."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from tdu.candidatures.enums import EnrolmentStatus, State
from tdu.trainings.models import TrainingSession
from tests.helpers import (
    act,
    addresses,
    assert_nobody_else_may,
    html,
    last_entry,
    login,
    pdf_text,
    post_action,
)
from tests.situations import candidature_at

REASON = "Le poste est supprimé après une réorganisation."


def places_taken(session):
    return TrainingSession.objects.get(pk=session.pk).enrolled_count


def test_the_company_breaks_it_and_the_pending_enrolment_is_cancelled(client, cast, emails):
    candidature = candidature_at(cast, "enrolment_requested")
    promise = candidature.current_commitment
    login(client, cast.bruno)
    with emails as sent:
        act(client, candidature, "break_commitment", reason=REASON)

    assert candidature.state == State.COMMITMENT_BROKEN and candidature.exit_reason == REASON
    promise.refresh_from_db()
    assert promise.cancelled_at is not None and promise.cancellation_reason == REASON
    assert candidature.current_commitment is None
    assert candidature.enrolments.get().status == EnrolmentStatus.CANCELLED
    assert places_taken(cast.session) == 0
    entry = last_entry(candidature)
    assert (entry.transition, entry.from_state, entry.to_state) == (
        "break_commitment",
        "enrolment_requested",
        "commitment_broken",
    )
    assert (entry.actor, entry.actor_role, entry.reason) == (cast.bruno, "company", REASON)
    # The training organisation learns that the request it had to answer is void.
    assert addresses(sent) == sorted([cast.amelie.email, cast.chloe.email, cast.david.email])
    assert {m.subject for m in sent} == {f"[Trait d'union] Engagement rompu : {cast.offer.title}"}
    company = cast.offer.company.name
    assert f"L'engagement réciproque entre {company} et Amélie Martin est rompu." in sent[0].body
    assert f"Motif ou précisions : {REASON}" in sent[0].body
    text = " ".join(
        pdf_text(client.get(f"/candidatures/{candidature.pk}/engagements/{promise.pk}/pdf/")).split()
    )
    assert "ENGAGEMENT ANNULÉ" in text and REASON in text


def test_before_the_entry_the_place_is_freed(client, cast):
    candidature = candidature_at(cast, "enrolled")
    assert places_taken(cast.session) == 1
    login(client, cast.amelie)
    act(client, candidature, "break_commitment", reason="Je déménage à Lyon.")
    assert candidature.state == State.COMMITMENT_BROKEN
    assert places_taken(cast.session) == 0
    entry = last_entry(candidature)
    assert (entry.from_state, entry.actor, entry.actor_role) == ("enrolled", cast.amelie, "job_seeker")


def test_during_the_training_the_place_stays_used(client, cast):
    candidature = candidature_at(cast, "in_training")
    noon = datetime.datetime.combine(cast.session.start_date + datetime.timedelta(days=10), datetime.time(12))
    with time_machine.travel(timezone.make_aware(noon)):
        login(client, cast.bruno)
        act(client, candidature, "break_commitment", reason=REASON)
    assert candidature.state == State.COMMITMENT_BROKEN
    assert places_taken(cast.session) == 1
    assert last_entry(candidature).from_state == "in_training"


def test_the_organisation_learns_its_enrolment_is_void(client, cast, emails):
    candidature = candidature_at(cast, "enrolled")
    login(client, cast.bruno)
    with emails as sent:
        act(client, candidature, "break_commitment", reason=REASON)
    assert cast.chloe.email in addresses(sent)


def test_it_needs_a_reason(client, cast):
    candidature = candidature_at(cast, "commitment_signed")
    login(client, cast.bruno)
    response = post_action(client, candidature, "break_commitment", reason=" ")
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in html(response)
    assert candidature.current_commitment.cancelled_at is None


def test_only_the_two_parties_break_it(client, cast):
    candidature = candidature_at(cast, "enrolled")
    people = cast.everyone_but(cast.bruno, cast.amelie)
    assert_nobody_else_may(client, candidature, "break_commitment", {"reason": REASON}, people)
    assert places_taken(cast.session) == 1 and candidature.current_commitment is not None


@pytest.mark.parametrize("step", ["commitment_proposed", "training_completed"])
def test_it_is_neither_before_the_signatures_nor_after_the_training(client, cast, step):
    candidature = candidature_at(cast, step)
    login(client, cast.bruno)
    response = post_action(client, candidature, "break_commitment", reason=REASON)
    assert response.status_code == 409
    assert "Action impossible" in html(response)
    assert candidature.current_commitment.cancelled_at is None
