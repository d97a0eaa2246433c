"""Concurrent transitions, deadlines, and the workflow table against the README diagram."""

import datetime
import re
import threading

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from tdu.candidatures import dashboard, workflow
from tdu.candidatures.enums import State
from tdu.candidatures.models import Candidature
from tdu.candidatures.services import application, meetings
from tdu.candidatures.services.application import process_deadlines
from tdu.utils.dates import add_business_days
from tdu.utils.errors import Conflict, DomainError
from tests.factories import OfferFactory, company_member, job_seeker
from tests.paths import README


@pytest.fixture
def candidature():
    offer = OfferFactory()
    company = company_member(company=offer.company)
    seeker = job_seeker()
    candidature = application.apply(offer, seeker, seeker, "Bonjour")
    return candidature, seeker, company


def race(pk, *actions):
    """Run each action(candidature) in its own thread and connection, released together; return outcomes."""
    barrier = threading.Barrier(len(actions))
    outcomes = []

    def run(action):
        try:
            stale = Candidature.objects.get(pk=pk)  # every thread read the same version
            barrier.wait(timeout=10)
            action(stale)
            outcomes.append("ok")
        except (Conflict, DomainError) as error:
            outcomes.append(error.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_transitions_exactly_one_wins(candidature):
    candidature, seeker, company = candidature
    for round_number in range(3):
        if round_number:
            candidature = application.apply(candidature.offer, seeker, seeker, f"Nouvel essai {round_number}")
        outcomes = race(
            candidature.pk,
            lambda c: application.refuse(c, company, "position_filled", ""),
            lambda c: application.withdraw(c, seeker, "J'ai trouvé ailleurs"),
        )
        assert outcomes.count("ok") == 1, outcomes
        loser = next(o for o in outcomes if o != "ok")
        assert "au même moment" in loser or "Action impossible" in loser
        candidature.refresh_from_db()
        assert candidature.state in {State.REFUSED, State.WITHDRAWN}
        assert candidature.log.filter(transition__in=["refuse", "withdraw"]).count() == 1
        assert candidature.version == 1


@pytest.mark.django_db
def test_business_days_skip_weekends_and_french_public_holidays():
    # Friday 24 Dec 2027 + 5 business days: 27, 28, 29, 30, 31 Dec (25 Dec is a Saturday) → Friday 31 Dec.
    assert add_business_days(datetime.date(2027, 12, 24), 5) == datetime.date(2027, 12, 31)
    # Thursday 29 April 2027 + 5: 30 Apr, (1 May Saturday), 3, 4, 5, 6 May (Ascension is 6 May 2027) → 7 May.
    assert add_business_days(datetime.date(2027, 4, 29), 5) == datetime.date(2027, 5, 7)


@pytest.mark.django_db(transaction=True)
def test_reminder_after_five_business_days_then_expiry_after_thirty_days_idempotent(candidature):
    candidature, seeker, company = candidature
    mail.outbox.clear()
    sent = timezone.localtime(candidature.created_at)
    assert process_deadlines(sent + datetime.timedelta(days=1)) == (0, 0)
    later = datetime.datetime.combine(add_business_days(sent.date(), 5), datetime.time(9), tzinfo=sent.tzinfo)
    assert process_deadlines(later) == (1, 0)
    assert process_deadlines(later) == (0, 0)  # the second run records nothing more
    assert mail.outbox == []  # recorded: the company's daily digest says it
    dashboard.send_daily_digests(later)
    assert [m.to for m in mail.outbox] == [[company.email]]
    assert mail.outbox[0].subject.endswith("récapitulatif du jour, dont un rappel")
    assert "- Rappel : nouvelle candidature à étudier, avant le" in mail.outbox[0].body
    mail.outbox.clear()
    with time_machine.travel(sent + datetime.timedelta(days=31)):
        out = call_command("process_deadlines", "--no-progress")
        assert out is None
        call_command("process_deadlines", "--no-progress")
    candidature.refresh_from_db()
    assert candidature.state == State.EXPIRED
    assert candidature.log.filter(transition="expire").count() == 1
    assert len([m for m in mail.outbox if m.to == [seeker.email]]) == 1
    assert "expiré" in next(m for m in mail.outbox if m.to == [seeker.email]).body


@pytest.mark.django_db
def test_a_company_that_proposed_a_meeting_is_not_reminded(candidature):
    candidature, seeker, company = candidature
    application.open_candidature(candidature, company)
    meetings.propose_meeting(
        candidature,
        company,
        [
            {
                "starts_at": timezone.now() + datetime.timedelta(days=2),
                "duration_minutes": 30,
                "place": "Metz",
                "video_link": "",
            }
        ],
    )
    assert process_deadlines(timezone.now() + datetime.timedelta(days=40)) == (0, 0)


def test_readme_diagram_is_generated_from_the_workflow_table():
    text = README.read_text(encoding="utf-8")
    match = re.search(r"```mermaid\n(.*?)```", text, re.S)
    assert match, "README.md must show the state diagram (manage.py workflow --mermaid)"
    assert match.group(1).strip() == workflow.mermaid().strip(), (
        "Run: manage.py workflow --mermaid, paste into README"
    )


def test_workflow_command_prints_every_transition(capsys):
    call_command("workflow")
    out = capsys.readouterr().out
    for transition in workflow.TRANSITIONS:
        assert transition.name in out
    for state in State:
        assert state.label in out
