"""Named notifications: one layout in text and HTML, sent after commit through the task queue."""

import pytest
from django.core import mail
from django.db import transaction

from tdu.candidatures.notifications import DailyDigest
from tdu.candidatures.services import application
from tdu.utils import notifications
from tests.factories import OfferFactory, company_member, job_seeker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def candidature():
    offer = OfferFactory(title="Soudeur <TIG>\nH/F")
    company_member(company=offer.company)
    seeker = job_seeker()
    return application.apply(offer, seeker, seeker, "Bonjour")


def test_an_email_has_a_text_and_an_html_part_from_the_same_body(candidature):
    message = next(m for m in mail.outbox if m.to == ["bruno.schmitt@example.org"])
    assert message.subject == "[Trait d'union] Nouvelle candidature : Soudeur <TIG> H/F"  # one line
    assert message.body.startswith(
        "Bonjour Bruno,\n\nAmélie Martin a postulé à votre offre « Soudeur <TIG>\nH/F »"
    )
    assert f"Voir la candidature : http://testserver/candidatures/{candidature.pk}/" in message.body
    (html, mimetype) = message.alternatives[0]
    assert mimetype == "text/html" and '<html lang="fr">' in html
    assert "Soudeur &lt;TIG&gt;" in html and "<TIG>" not in html  # escaped in HTML, plain in text
    assert f'href="http://testserver/candidatures/{candidature.pk}/"' in html


def test_nothing_leaves_when_the_transaction_rolls_back(candidature):
    mail.outbox.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        DailyDigest.on_commit(candidature.company.memberships.get().user, [])
        raise RuntimeError("the action failed")
    assert mail.outbox == []


def test_emails_go_through_the_task_queue(candidature, monkeypatch):
    from huey.api import TaskWrapper

    assert isinstance(notifications.deliver, TaskWrapper)  # run by the worker (at once in tests)
    queued = []
    monkeypatch.setattr(notifications, "deliver", lambda message: queued.append(message))
    mail.outbox.clear()
    DailyDigest.on_commit(candidature.company.memberships.get().user, [])
    assert mail.outbox == []  # the request did not talk to the SMTP server
    assert [m["notification"] for m in queued] == ["candidatures/daily_digest"]


def test_reminders_skip_people_who_turned_them_off(candidature):
    bruno = candidature.company.memberships.get().user
    bruno.wants_non_essential_emails = False
    bruno.save()
    mail.outbox.clear()
    DailyDigest.on_commit(bruno, [])
    assert mail.outbox == []
