"""The region confirms the funding that a training organisation declares for its sessions.

A training organisation may say that a region funds a session, with any number of places; until the region
confirms it — through its own LHEO feed or file (tdu.imports), its staff (the queue of its space) or its API
token — the session shows « financement à confirmer » and links no offer in the search (tdu.matching.links).
Another region or more places than confirmed need a new confirmation (tdu.trainings.services).
"""

from django.db import transaction
from django.utils import timezone

from tdu.organisations import notifications
from tdu.trainings.models import FundingConfirmation, TrainingSession
from tdu.utils.errors import DomainError
from tdu.utils.text import single_line

REASON_MAX_LENGTH = 500


def pending_for_region(region):
    """Sessions still to come that say the region funds them and wait for its confirmation, oldest first."""
    return (
        TrainingSession.objects.funding_to_confirm()
        .filter(funding_region=region, closed_at__isnull=True, end_date__gte=timezone.localdate())
        .select_related("training__organisation", "commune")
        .order_by("created_at", "pk")
    )


def _locked(session, region):
    session = TrainingSession.objects.select_for_update().filter(pk=session.pk, funding_region=region).first()
    if session is None or session.funding_confirmation:
        raise DomainError("Ce financement a déjà été traité.")
    return session


def confirm_funding(session, region, *, user=None, through=FundingConfirmation.STAFF):
    """The region funds the session's places: it enters the search at once (post_save refreshes its links)."""
    with transaction.atomic():
        session = _locked(session, region)
        session.funding_confirmation = through
        session.funding_confirmed_at = timezone.now()
        session.funding_confirmed_by = user
        session.save()
        notifications.FundingDecided.on_commit(session.pk, True, "")
    return session


def refuse_funding(session, region, *, user=None, reason=""):
    """The region does not fund this session: it stays in the catalogue, without region funding."""
    reason = single_line(reason or "")[:REASON_MAX_LENGTH]
    with transaction.atomic():
        session = _locked(session, region)
        session.funding_region = None
        session.save()
        notifications.FundingDecided.on_commit(session.pk, False, reason)
    return session
