"""Periodic job of the offers (scheduled in tdu.jobs.tasks)."""

from django.utils import timezone

from tdu.offers.enums import OfferStatus
from tdu.offers.models import JobOffer


def expire_offers(now=None):
    """Published offers past their expiry date become expired (the search also checks the date itself)."""
    today = timezone.localdate(now or timezone.now())
    return JobOffer.objects.filter(status=OfferStatus.PUBLISHED, expires_on__lt=today).update(
        status=OfferStatus.EXPIRED
    )
