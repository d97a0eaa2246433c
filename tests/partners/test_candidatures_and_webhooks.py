"""A prescriber's token follows its people's candidatures, acts on them with the page's rules, and receives a
signed webhook when one moves; failures are retried, then the subscription pauses and its owner is told."""

import datetime
import re
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from tdu.candidatures.services import application
from tdu.partners import webhooks
from tdu.partners.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from tdu.partners.scopes import Kind
from tests.partners.conftest import bearer
from tests.situations import candidature_at

pytestmark = pytest.mark.django_db


def test_a_prescriber_token_lists_the_candidatures_it_follows(client, cast, token_for):
    candidature = candidature_at(cast, "under_review")
    _, raw = token_for(Kind.PRESCRIBER)
    listed = client.get("/api/v1/candidatures", **bearer(raw)).json()
    assert [c["id"] for c in listed["resultats"]] == [candidature.pk]
    assert listed["resultats"][0]["personne"] == "Amélie Martin"
    detail = client.get(f"/api/v1/candidatures/{candidature.pk}", **bearer(raw)).json()
    assert [e["type"] for e in detail["journal"]] == ["apply", "open"]
    assert "withdraw" in detail["actions_possibles"] and "refuse" not in detail["actions_possibles"]
    assert client.get("/api/v1/candidatures", {"etat": "hired"}, **bearer(raw)).json()["resultats"] == []
    assert client.get("/api/v1/candidatures", {"etat": "inconnu"}, **bearer(raw)).status_code == 400
    _, theirs = token_for(Kind.PRESCRIBER, other=True)
    assert client.get("/api/v1/candidatures", **bearer(theirs)).json()["resultats"] == []
    assert client.get(f"/api/v1/candidatures/{candidature.pk}", **bearer(theirs)).status_code == 404


def test_actions_go_through_the_same_forms_and_workflow(client, cast, token_for):
    candidature = candidature_at(cast, "under_review")
    _, prescriber = token_for(Kind.PRESCRIBER)
    url = f"/api/v1/candidatures/{candidature.pk}/actions"
    refused = client.post(f"{url}/refuse", {}, content_type="application/json", **bearer(prescriber))
    assert refused.status_code == 403  # a company's action
    no_reason = client.post(f"{url}/withdraw", {}, content_type="application/json", **bearer(prescriber))
    assert no_reason.status_code == 400 and no_reason.json()["champ"] == "reason"
    done = client.post(
        f"{url}/withdraw",
        {"reason": "Elle a trouvé un emploi."},
        content_type="application/json",
        **bearer(prescriber),
    )
    assert done.status_code == 200, done.json()
    assert done.json()["etat"] == "withdrawn"
    assert done.json()["journal"][-1]["par"] == "prescriber"
    again = client.post(
        f"{url}/withdraw", {"reason": "x"}, content_type="application/json", **bearer(prescriber)
    )
    assert again.status_code == 409
    assert (
        client.post(f"{url}/inconnue", {}, content_type="application/json", **bearer(prescriber)).status_code
        == 400
    )
    _, reader = token_for(Kind.PRESCRIBER, scopes=["candidatures:lecture"])
    assert (
        client.post(
            f"{url}/withdraw", {"reason": "x"}, content_type="application/json", **bearer(reader)
        ).status_code
        == 403
    )


def test_the_events_feed_gives_every_transition_once_in_order(client, cast, token_for):
    _, raw = token_for(Kind.COMPANY)
    candidature = candidature_at(cast, "meeting_planned")
    first = client.get("/api/v1/evenements", {"limite": 2}, **bearer(raw)).json()
    assert [e["type"] for e in first["resultats"]] == ["apply", "open"] and first["a_jour"] is False
    rest = client.get("/api/v1/evenements", {"depuis": first["suivant"]}, **bearer(raw)).json()
    assert [e["type"] for e in rest["resultats"]] == ["propose_meeting", "choose_slot"] and rest[
        "a_jour"
    ] is True
    assert rest["resultats"][0]["candidature"] == candidature.pk
    later = client.get("/api/v1/evenements", {"depuis": rest["suivant"]}, **bearer(raw)).json()
    assert later["resultats"] == [] and later["suivant"] == rest["suivant"]
    assert client.get("/api/v1/evenements", {"depuis": "n'importe quoi"}, **bearer(raw)).status_code == 400


def test_a_webhook_is_signed_and_verifiable(
    client, cast, token_for, receiver, django_capture_on_commit_callbacks
):
    _, raw = token_for(Kind.PRESCRIBER)
    created = client.post(
        "/api/v1/webhooks",
        {"url": receiver.url, "evenements": []},
        content_type="application/json",
        **bearer(raw),
    )
    assert created.status_code == 201
    secret = created.json()["secret"]
    with django_capture_on_commit_callbacks(execute=True):
        candidature = candidature_at(cast, "under_review")
    assert [r["json"]["type"] for r in receiver.received] == ["apply", "open"]
    delivery = receiver.received[1]
    headers = delivery["headers"]
    assert headers["X-Tdu-Event"] == "open" and headers["X-Tdu-Idempotency-Key"].startswith("evt-")
    assert webhooks.verify(secret, headers["X-Tdu-Timestamp"], delivery["body"], headers["X-Tdu-Signature"])
    assert not webhooks.verify(
        secret, headers["X-Tdu-Timestamp"], delivery["body"] + b" ", headers["X-Tdu-Signature"]
    )
    assert delivery["json"]["candidature"] == candidature.pk
    assert WebhookDelivery.objects.filter(status=DeliveryStatus.SUCCEEDED).count() == 2
    # The verification example of the README, as a partner would paste it, accepts it too.
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    example = re.search(r"```python\n(import hashlib.*?def signature_valide.*?)```", readme, re.S).group(1)
    namespace: dict = {}
    exec(example, namespace)
    assert namespace["signature_valide"](secret, headers, delivery["body"])
    assert not namespace["signature_valide"]("autre secret", headers, delivery["body"])


def test_only_the_organisations_that_may_see_it_are_told(
    cast, token_for, receiver, django_capture_on_commit_callbacks
):
    other, _ = token_for(Kind.PRESCRIBER, other=True)  # Paul's structure follows nobody here
    webhooks.subscribe(Kind.PRESCRIBER, other.organisation, cast.paul, url=receiver.url)
    olivier, _ = token_for(Kind.COMPANY, other=True)
    webhooks.subscribe(Kind.COMPANY, olivier.organisation, cast.olivier, url=receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        candidature_at(cast, "under_review")
    assert receiver.received == [] and not WebhookDelivery.objects.exists()


def test_failures_are_retried_then_the_subscription_pauses_and_its_owner_is_told(
    cast, token_for, receiver, django_capture_on_commit_callbacks
):
    token, _ = token_for(Kind.COMPANY)
    subscription = webhooks.subscribe(Kind.COMPANY, token.organisation, cast.bruno, url=receiver.url)
    receiver.answers = [500] * 100
    with django_capture_on_commit_callbacks(execute=True):
        candidature = candidature_at(cast, "sent")
    delivery = WebhookDelivery.objects.get(event="apply")
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        DeliveryStatus.RETRYING,
        1,
        500,
    )
    start = delivery.created_at
    delays = []
    while delivery.status == DeliveryStatus.RETRYING:
        delays.append((delivery.next_attempt_at - (delivery.last_attempt_at or start)).total_seconds())
        with time_machine.travel(delivery.next_attempt_at + datetime.timedelta(seconds=1), tick=False):
            mail.outbox.clear()
            with django_capture_on_commit_callbacks(execute=True):
                webhooks.due_retries()
        delivery.refresh_from_db()
    assert delays[:4] == [30, 60, 120, 240] and max(delays) == 4 * 3600
    assert delivery.status == DeliveryStatus.FAILED
    assert (delivery.last_attempt_at - start) <= datetime.timedelta(hours=24)
    subscription.refresh_from_db()
    assert subscription.paused_at is not None
    assert [m.to for m in mail.outbox] == [[cast.bruno.email]] and "en pause" in mail.outbox[0].subject
    # Paused: the next events are not sent.
    with django_capture_on_commit_callbacks(execute=True):
        application.open_candidature(candidature, cast.bruno)
    assert WebhookDelivery.objects.count() == 1


def test_addresses_must_be_public_https_outside_development(settings, cast, token_for):
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    token, _ = token_for(Kind.COMPANY)
    for url in ["http://example.org/hook", "https://127.0.0.1/hook", "https://10.0.0.1/hook", "ftp://x/y"]:
        with pytest.raises(webhooks.InvalidUrl):
            webhooks.subscribe(Kind.COMPANY, token.organisation, cast.bruno, url=url)
    assert not WebhookSubscription.objects.exists()


def test_a_test_event_from_the_space_reaches_the_receiver(
    client, cast, receiver, django_capture_on_commit_callbacks
):
    from tests.helpers import login

    login(client, cast.bruno)
    siret = cast.offer.company.siret
    client.post(f"/espace/api/company/{siret}/webhooks/", {"url": receiver.url})
    subscription = WebhookSubscription.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/espace/api/company/{siret}/webhooks/{subscription.pk}/test/")
    assert response.status_code == 302
    assert receiver.received[-1]["json"]["type"] == "test"
    log = client.get(f"/espace/api/company/{siret}/webhooks/{subscription.pk}/").content.decode()
    assert "Reçu" in log and "HTTP 200" in log
