"""Webhooks: each transition an organisation may see is POSTed to its subscriptions, signed, retried for 24 h.

Every delivery carries the event as JSON and four headers:
- `X-TDU-Event` (the transition, or « test »), `X-TDU-Idempotency-Key` (the same on every retry of one delivery),
- `X-TDU-Timestamp` (Unix seconds) and `X-TDU-Signature: sha256=<hex>`, the HMAC-SHA256 of
  `<timestamp>.<body>` with the subscription's secret.
The receiver recomputes the HMAC and compares it in constant time (README: « Vérifier une signature »). Deliveries
leave after commit through the task queue; a failure is retried with exponential backoff (30 s, 1 min, 2 min, …,
at most 4 h apart) for 24 h, then abandoned; an abandoned delivery pauses the subscription and emails its owner.
"""

import datetime
import hashlib
import hmac
import ipaddress
import json
import secrets
import socket
import time
import uuid
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tdu.candidatures.models import TransitionLog
from tdu.partners import access, events
from tdu.partners.models import ORGANISATION_FIELDS, DeliveryStatus, WebhookDelivery, WebhookSubscription
from tdu.utils.errors import DomainError

RETRY_FOR = 24 * 3600
FIRST_DELAY, MAX_DELAY = 30, 4 * 3600
TIMEOUT = 10
LEASE = 3 * TIMEOUT
USER_AGENT = "TraitDUnion-Webhooks/1"


class InvalidUrl(DomainError):
    pass


def check_url(url: str) -> str:
    """https only (plain http and loopback in development and tests), and never a private address."""
    url = (url or "").strip()
    parts = urlsplit(url)
    allow_local = settings.WEBHOOKS_ALLOW_LOOPBACK
    if parts.scheme not in ({"https", "http"} if allow_local else {"https"}) or not parts.hostname:
        raise InvalidUrl("L'adresse doit commencer par https:// et nommer un serveur.")
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, parts.port or 443)}
    except (socket.gaierror, UnicodeError):
        raise InvalidUrl(f"Le serveur « {parts.hostname} » est introuvable.") from None
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if ip.is_loopback and allow_local:
            continue
        if ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast:
            raise InvalidUrl("Cette adresse mène à un réseau privé : choisissez une adresse publique.")
    return url


def subscribe(kind, organisation, creator, *, url, events_wanted=()):
    url = check_url(url)
    from tdu.candidatures.workflow import BY_NAME

    unknown = [name for name in events_wanted if name not in BY_NAME]
    if unknown:
        raise DomainError(f"Événements inconnus : {', '.join(unknown)}.")
    return WebhookSubscription.objects.create(
        **{ORGANISATION_FIELDS[kind]: organisation},
        created_by=creator,
        url=url,
        events=sorted(set(events_wanted)),
        secret=secrets.token_hex(32),
    )


def resume(subscription):
    WebhookSubscription.objects.filter(pk=subscription.pk).update(paused_at=None, consecutive_failures=0)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def verify(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    """What a receiver does (also used by the tests): constant-time comparison of the HMAC."""
    expected = "sha256=" + sign(secret, int(timestamp), body)
    return hmac.compare_digest(expected, signature or "")


# --- From a transition to the deliveries ---------------------------------------------------------------------


def subscriptions_for(entry):
    """Active subscriptions of the organisations that may see this candidature."""
    candidature = entry.candidature
    sessions = list(candidature.enrolments.values_list("session__training__organisation_id", flat=True))
    sessions += list(candidature.commitments.values_list("session__training__organisation_id", flat=True))
    owners = (
        Q(company_id=candidature.company_id)
        | Q(region_id=candidature.offer.commune.department.region_id)
        | Q(training_organisation_id__in=[pk for pk in sessions if pk])
    )
    if candidature.prescriber_organisation_id:
        owners |= Q(prescriber_organisation_id=candidature.prescriber_organisation_id)
    candidates = WebhookSubscription.objects.filter(owners, paused_at__isnull=True).select_related(
        "created_by"
    )
    for subscription in candidates:
        visible = access.candidatures(subscription).filter(pk=candidature.pk).exists()
        if subscription.wants(entry.transition) and access.still_valid(subscription) and visible:
            yield subscription


def queue_event(entry_id: int) -> int:
    """Create one delivery per interested subscription and send them (after commit). Returns how many."""
    entry = (
        TransitionLog.objects.select_related("candidature__offer__commune__department")
        .filter(pk=entry_id)
        .first()
    )
    if entry is None:
        return 0
    payload = events.event_of(entry)
    created = [
        WebhookDelivery.objects.create(
            subscription=subscription,
            event=entry.transition,
            idempotency_key=f"evt-{entry.pk}-sub-{subscription.pk}",
            payload=payload,
        )
        for subscription in subscriptions_for(entry)
    ]
    for delivery in created:
        transaction.on_commit(lambda pk=delivery.pk: send_later(pk), robust=True)
    return len(created)


def send_test(subscription):
    delivery = WebhookDelivery.objects.create(
        subscription=subscription,
        event=events.TEST_EVENT,
        idempotency_key=f"test-{uuid.uuid4().hex}",
        payload=events.test_event(subscription),
    )
    transaction.on_commit(lambda: send_later(delivery.pk), robust=True)
    return delivery


def send_later(delivery_id, delay=0):
    from tdu.partners.tasks import deliver_webhook

    if delay:
        deliver_webhook.schedule((delivery_id,), delay=delay)
    else:
        deliver_webhook(delivery_id)


# --- One attempt -----------------------------------------------------------------------------------------------


def attempt(delivery_id: int, now=None) -> str | None:
    """POST the delivery once; on failure schedule the next try or abandon it. Returns the new status."""
    now = now or timezone.now()
    # The claim: one attempt at a time, whoever runs it (the scheduled task or the catch-up job).
    claimed = (
        WebhookDelivery.objects.filter(
            pk=delivery_id, status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING]
        )
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(last_attempt_at=now, next_attempt_at=now + datetime.timedelta(seconds=LEASE))
    )
    if not claimed:
        return None
    delivery = WebhookDelivery.objects.select_related("subscription__created_by").get(pk=delivery_id)
    subscription = delivery.subscription
    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "X-TDU-Event": delivery.event,
        "X-TDU-Idempotency-Key": delivery.idempotency_key,
        "X-TDU-Timestamp": str(timestamp),
        "X-TDU-Signature": "sha256=" + sign(subscription.secret, timestamp, body),
    }
    started = time.perf_counter()
    status_code, excerpt = None, ""
    try:
        check_url(subscription.url)  # the name may point elsewhere since the subscription
        response = requests.post(
            subscription.url, data=body, headers=headers, timeout=TIMEOUT, allow_redirects=False
        )
        status_code, excerpt = response.status_code, response.text[:500]
        ok = 200 <= response.status_code < 300
    except (requests.RequestException, InvalidUrl) as error:
        ok, excerpt = False, str(error)[:500]
    duration = int((time.perf_counter() - started) * 1000)
    attempts = delivery.attempts + 1
    fields = {
        "attempts": attempts,
        "last_status_code": status_code,
        "last_duration_ms": duration,
        "last_response": excerpt,
    }
    if ok:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.SUCCEEDED, next_attempt_at=None, **fields
        )
        WebhookSubscription.objects.filter(pk=subscription.pk).update(consecutive_failures=0)
        return DeliveryStatus.SUCCEEDED
    WebhookSubscription.objects.filter(pk=subscription.pk).update(
        consecutive_failures=subscription.consecutive_failures + 1
    )
    delay = min(MAX_DELAY, FIRST_DELAY * 2 ** (attempts - 1))
    if (now - delivery.created_at).total_seconds() + delay <= RETRY_FOR:
        next_at = now + datetime.timedelta(seconds=delay)
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.RETRYING, next_attempt_at=next_at, **fields
        )
        send_later(delivery.pk, delay=delay)
        return DeliveryStatus.RETRYING
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.FAILED, next_attempt_at=None, **fields
    )
    paused = WebhookSubscription.objects.filter(pk=subscription.pk, paused_at__isnull=True).update(
        paused_at=now
    )
    if paused:
        from tdu.partners.notifications import WebhookPaused

        WebhookPaused.on_commit(subscription.pk)
    return DeliveryStatus.FAILED


def due_retries(now=None):
    """Deliveries whose retry is due but was lost (a worker restart): sent again. For the periodic job."""
    now = now or timezone.now()
    due = WebhookDelivery.objects.filter(status=DeliveryStatus.RETRYING, next_attempt_at__lte=now)
    ids = list(due.values_list("pk", flat=True)[:500])
    for delivery_id in ids:
        attempt(delivery_id, now)
    return len(ids)
