"""Fewer emails: the day's reminders are items of the day's digest, not separate emails."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from tdu.candidatures import dashboard
from tdu.candidatures.models import Candidature
from tdu.candidatures.services import application, immersion
from tdu.jobs import schedule
from tests.helpers import take_mails
from tests.situations import candidature_at, make_cast

pytestmark = pytest.mark.django_db

TUTOR = "jean.muller@example.org"


@pytest.fixture
def cast(django_capture_on_commit_callbacks):
    """Bruno has Zoé's candidature unanswered for 10 days and Amélie's convention to sign, issued today."""
    cast = make_cast()
    with django_capture_on_commit_callbacks(execute=True):
        with time_machine.travel(timezone.now() - datetime.timedelta(days=10)):
            cast.waiting = application.apply(cast.offer, cast.zoe, cast.zoe, "Bonjour")
        cast.convention = candidature_at(cast, "immersion_proposed")
    take_mails()
    return cast


def to(person, messages):
    return [m for m in messages if m.to == [person.email]]


def morning(days, capture):
    """The digest's task (the day's reminders, then the digest) `days` from now, at 7 h 30."""
    when = timezone.localtime() + datetime.timedelta(days=days)
    with capture(execute=True):
        schedule.DIGEST[1](when.replace(hour=7, minute=30))
    return take_mails()


def test_a_company_gets_one_email_with_both_reminders_and_no_second_one(
    cast, django_capture_on_commit_callbacks
):
    sent = morning(4, django_capture_on_commit_callbacks)
    (digest,) = to(cast.bruno, sent)
    assert digest.subject == "[Trait d'union] Votre récapitulatif du jour, dont 2 rappels"
    expiry = timezone.localtime(cast.waiting.created_at).date() + datetime.timedelta(days=30)
    start = cast.convention.current_convention.start_date
    assert f"- Rappel : nouvelle candidature à étudier, avant le {expiry:%d/%m/%Y}" in digest.body
    assert f"- Rappel : signer la convention d'immersion, avant le {start:%d/%m/%Y}" in digest.body
    for candidature in (cast.waiting, cast.convention):
        assert f"Voir la candidature : http://testserver/candidatures/{candidature.pk}/" in digest.body
    assert "Rappel : signer la convention" in to(cast.amelie, sent)[0].body  # she has not signed either
    (tutor,) = [m for m in sent if m.to == [TUTOR]]  # no account, no digest: her own reminder
    assert "Lire et signer la convention : http://testserver/conventions/signer/" in tutor.body
    assert tutor.subject.startswith("[Trait d'union] Rappel : convention d'immersion à signer")
    assert sorted(m.to[0] for m in sent) == sorted([cast.amelie.email, cast.bruno.email, TUTOR])

    assert morning(4, django_capture_on_commit_callbacks) == []  # run twice: nothing more
    with django_capture_on_commit_callbacks(execute=True):  # the 8 h reminder jobs: all already recorded
        for name in schedule.MORNING_REMINDERS:
            schedule.JOB[name](timezone.now() + datetime.timedelta(days=4, hours=1))
    assert take_mails() == []

    (next_day,) = to(cast.bruno, morning(5, django_capture_on_commit_callbacks))
    assert (
        next_day.subject == "[Trait d'union] Votre récapitulatif du jour"
    )  # still to do, said once as a reminder
    assert "Rappel" not in next_day.body and "- Nouvelle candidature à étudier" in next_day.body
    assert Candidature.objects.get(pk=cast.waiting.pk).state == "sent"  # deadlines unchanged: not expired yet


def test_a_reminder_recorded_after_the_digest_is_in_the_next_one(cast, django_capture_on_commit_callbacks):
    later = timezone.localtime() + datetime.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        dashboard.send_daily_digests(later)  # day 2: the convention is not due for a reminder yet
    assert "Rappel : signer" not in to(cast.bruno, take_mails())[0].body
    with django_capture_on_commit_callbacks(execute=True):  # day 3, after the digest
        immersion.remind_convention_signatures(later + datetime.timedelta(days=1, hours=2))
    assert [m.to for m in take_mails()] == [[TUTOR]]  # nothing to Bruno or Amélie yet
    (digest,) = to(cast.bruno, morning(4, django_capture_on_commit_callbacks))
    assert "- Rappel : signer la convention d'immersion" in digest.body


def test_who_refused_non_essential_emails_gets_no_reminder_and_no_digest(
    cast, django_capture_on_commit_callbacks
):
    cast.bruno.wants_non_essential_emails = False
    cast.bruno.save()
    assert to(cast.bruno, morning(4, django_capture_on_commit_callbacks)) == []
    assert (
        Candidature.objects.get(pk=cast.waiting.pk).company_reminded_at is not None
    )  # recorded all the same


def test_essential_emails_are_unchanged(django_capture_on_commit_callbacks):
    cast = make_cast()
    cast.bruno.wants_non_essential_emails = False
    cast.bruno.save()
    with django_capture_on_commit_callbacks(execute=True):
        application.apply(cast.offer, cast.zoe, cast.zoe, "Bonjour")
    assert [m.subject for m in to(cast.bruno, take_mails())] == [
        f"[Trait d'union] Nouvelle candidature : {cast.offer.title}"
    ]
    with django_capture_on_commit_callbacks(execute=True):
        candidature_at(cast, "immersion_proposed")
    subjects = [m.subject for m in to(cast.bruno, take_mails())]
    assert any("convention" in s.lower() and "Rappel" not in s for s in subjects)
