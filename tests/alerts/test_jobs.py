"""The daily alert: the offers that the search lists and that are new since her last alert, one email per
person, nothing when nothing is new, never twice."""

import datetime

import pytest
from django.http import QueryDict
from django.utils import timezone

from tdu.alerts import jobs, services
from tdu.alerts.jobs import send_alerts
from tdu.alerts.models import SavedSearch
from tdu.jobs.schedule import JOBS
from tdu.matching import communes
from tdu.offers.enums import OfferStatus
from tests.factories import FundedSessionFactory, OfferFactory, job_seeker, real_commune
from tests.helpers import take_mails

pytestmark = pytest.mark.django_db
NANCY = "54395"


def save(user, **values):
    data = QueryDict(mutable=True)
    data.update({"commune": "Metz", "rayon": "30", **values})
    return services.save_search(user, data)[0]


def tomorrow():
    return timezone.now() + datetime.timedelta(days=1)


@pytest.fixture
def amelie():
    FundedSessionFactory()  # a funded welding session in Metz: the welders' offers near Metz are listed
    real_commune(NANCY)
    communes.clear_cache()  # the grid of communes knows Nancy
    take_mails()
    return job_seeker()


def test_a_new_offer_sends_one_email_and_a_second_run_nothing(amelie, django_capture_on_commit_callbacks):
    OfferFactory(title="Soudeur d'avant")  # there before she saved her search: not new
    saved = save(amelie)
    OfferFactory(title="Soudeur TIG de nuit")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_alerts(tomorrow()) == 1
    (mail,) = take_mails()
    assert mail.to == [amelie.email]
    assert mail.subject == "[Trait d'union] Une nouvelle offre pour votre recherche enregistrée"
    assert "Soudeur TIG de nuit" in mail.body and "Soudeur d'avant" not in mail.body
    assert "Tous les métiers à moins de 30 km de Metz" in mail.body
    assert "/recherche/alerte/arreter/" in mail.body
    saved.refresh_from_db()
    assert saved.last_notified_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        assert send_alerts(tomorrow() + datetime.timedelta(minutes=1)) == 0
    assert take_mails() == []


def test_nothing_new_sends_nothing_but_moves_the_watermark(amelie, django_capture_on_commit_callbacks):
    saved = save(amelie)
    later = tomorrow()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_alerts(later) == 0
    assert take_mails() == []
    saved.refresh_from_db()
    assert saved.notified_until == later and saved.last_notified_at is None


def test_an_offer_outside_the_radius_or_a_draft_sends_nothing(amelie, django_capture_on_commit_callbacks):
    save(amelie, rayon="10")
    OfferFactory(commune=real_commune(NANCY))  # about 50 km from Metz
    OfferFactory(draft=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_alerts(tomorrow()) == 0
    assert take_mails() == []


def test_a_stopped_alert_sends_nothing(amelie, django_capture_on_commit_callbacks):
    saved = save(amelie)
    services.unsubscribe(services.unsubscribe_token(saved))
    OfferFactory()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_alerts(tomorrow()) == 0
    assert take_mails() == []


def test_two_saved_searches_one_email(amelie, django_capture_on_commit_callbacks):
    save(amelie)
    save(amelie, rayon="60")
    zoe = job_seeker(email="zoe@example.org", first_name="Zoé")
    save(zoe, rayon="5")
    OfferFactory(title="Soudeur à Metz")
    OfferFactory(title="Soudeur à Nancy", commune=real_commune(NANCY))
    with django_capture_on_commit_callbacks(execute=True):
        assert send_alerts(tomorrow()) == 2
    mails = {mail.to[0]: mail for mail in take_mails()}
    assert set(mails) == {amelie.email, zoe.email}
    body = mails[amelie.email].body
    assert (
        mails[amelie.email].subject
        == "[Trait d'union] Nouvelles offres dans 2 de vos recherches enregistrées"
    )
    assert "Tous les métiers à moins de 30 km de Metz\u00a0: une nouvelle offre" in body
    assert "Tous les métiers à moins de 60 km de Metz\u00a0: 2 nouvelles offres" in body
    assert body.count("/recherche/alerte/arreter/") == 2


def test_a_search_claimed_by_another_worker_is_not_sent_again(
    amelie, monkeypatch, django_capture_on_commit_callbacks
):
    saved = save(amelie)
    OfferFactory()
    real = jobs.new_offers

    def another_worker_claims_first(params, since, until, limit):
        found = real(params, since, until, limit)
        SavedSearch.objects.filter(pk=saved.pk).update(notified_until=until)  # the other worker's claim
        return found

    monkeypatch.setattr(jobs, "new_offers", another_worker_claims_first)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_alerts(tomorrow()) == 0
    assert take_mails() == []


def test_an_offer_published_after_the_watermark_is_new(amelie, django_capture_on_commit_callbacks):
    draft = OfferFactory(draft=True, title="Soudeur publié plus tard")
    save(amelie)
    draft.status, draft.published_at = OfferStatus.PUBLISHED, timezone.now()
    draft.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_alerts(tomorrow()) == 1
    assert "Soudeur publié plus tard" in take_mails()[0].body


def test_the_job_is_scheduled_every_morning():
    assert ("saved_search_alerts", send_alerts, "chaque matin à 7 h") in JOBS
