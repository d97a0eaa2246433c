"""`expire`: done by the deadlines job when the company has not answered a candidature in 30 days."""

import datetime
import io

import time_machine
from django.core.management import call_command
from django.utils import timezone

from tdu.candidatures.enums import State
from tdu.candidatures.services import immersion
from tdu.candidatures.services.application import process_deadlines
from tests.helpers import addresses, assert_nobody_else_may, last_entry, state
from tests.situations import IMMERSION, candidature_at

DAY = datetime.timedelta(days=1)


def run_the_job():
    out = io.StringIO()
    call_command("process_deadlines", "--no-progress", stdout=out)
    return out.getvalue()


def test_an_unanswered_candidature_expires_after_30_days(cast, emails):
    candidature = candidature_at(cast, "sent")
    with time_machine.travel(candidature.created_at + 30 * DAY + datetime.timedelta(minutes=1)):
        with emails as outbox:
            output = run_the_job()
        sent = list(outbox)
        with emails as sent_again:
            output_again = run_the_job()

    assert (
        "0 relance(s) inscrite(s) au récapitulatif du jour, 1 candidature(s) expirée(s)." in output
    )  # no reminder once expired
    assert state(candidature) == State.EXPIRED
    entry = last_entry(candidature)
    assert (entry.transition, entry.from_state, entry.to_state) == ("expire", "sent", "expired")
    assert (entry.actor, entry.actor_role) == (None, "system")
    assert entry.reason == "Sans réponse de l'entreprise après 30 jours."
    assert addresses(sent) == sorted([cast.amelie.email, cast.bruno.email, cast.david.email])
    assert sent[0].subject == f"[Trait d'union] Expirée : {cast.offer.title}"
    assert f"« {cast.offer.title} » a expiré : l'entreprise n'a pas répondu en 30 jours." in sent[0].body
    assert "Ne vous découragez pas : d'autres entreprises recrutent près de chez vous." in sent[0].body
    assert (
        "0 relance(s) inscrite(s) au récapitulatif du jour, 0 candidature(s) expirée(s)." in output_again
    )  # a second run: nothing
    assert (candidature.log.filter(transition="expire").count(), sent_again) == (1, [])


def test_not_before_30_days(cast, emails):
    candidature = candidature_at(cast, "under_review")
    with emails as sent:
        assert (
            process_deadlines(now=candidature.created_at + 30 * DAY - datetime.timedelta(minutes=1))[1] == 0
        )
    assert state(candidature) == State.UNDER_REVIEW
    assert "Expirée" not in " ".join(m.subject for m in sent)
    with emails as sent:
        assert process_deadlines(now=candidature.created_at + 30 * DAY) == (0, 1)  # opened, still unanswered
        assert process_deadlines(now=candidature.created_at + 31 * DAY) == (0, 0)
    assert state(candidature) == State.EXPIRED
    assert last_entry(candidature).from_state == "under_review"
    assert len(sent) == 3


def test_a_meeting_proposal_is_an_answer(cast, emails):
    candidature = candidature_at(cast, "meeting_proposed")
    with emails as sent:
        assert process_deadlines(now=candidature.created_at + 40 * DAY) == (0, 0)
    assert (state(candidature), sent) == (State.UNDER_REVIEW, [])


def test_a_later_step_never_expires(cast):
    candidature = candidature_at(cast, "immersion_proposed")
    assert process_deadlines(now=candidature.created_at + 40 * DAY) == (0, 0)
    assert state(candidature) == State.IMMERSION_PROPOSED


def test_nobody_expires_a_candidature_by_hand(client, cast):
    candidature = candidature_at(cast, "sent")
    assert_nobody_else_may(client, candidature, "expire", {}, cast.everyone_but())


def test_an_immersion_proposal_is_an_answer(cast, emails):
    candidature = candidature_at(cast, "under_review")
    start = timezone.localdate() + 7 * DAY
    immersion.propose_immersion(
        candidature, cast.bruno, {**IMMERSION, "start_date": start, "end_date": start}
    )
    for signatory, person in [("beneficiary", cast.amelie), ("company", cast.bruno), ("tutor", None)]:
        immersion.sign_convention(candidature, signatory, "Un nom", person)
    immersion.reject_immersion(candidature, cast.david, "Horaires à revoir.")
    with emails as sent:
        assert process_deadlines(now=candidature.created_at + 10 * DAY) == (0, 0)  # no reminder
        assert process_deadlines(now=candidature.created_at + 31 * DAY) == (0, 0)  # no expiry
    assert (state(candidature), sent) == (State.UNDER_REVIEW, [])
