"""Reminders and expiry of unanswered candidatures. Idempotent: running twice sends nothing twice."""

import datetime
import logging

import holidays
from django.db import transaction
from django.utils import timezone

from tdu.candidatures import notifications, services
from tdu.candidatures.enums import State
from tdu.candidatures.errors import DomainError
from tdu.candidatures.models import Candidature

logger = logging.getLogger(__name__)
REMINDER_BUSINESS_DAYS = 5
EXPIRY_DAYS = 30
UNANSWERED = [State.SENT, State.UNDER_REVIEW]


def add_business_days(day: datetime.date, count: int) -> datetime.date:
    """`count` working days after `day`: weekends and French public holidays excluded."""
    public_holidays = holidays.France(years=range(day.year, day.year + 2))
    while count > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5 and day not in public_holidays:
            count -= 1
    return day


def unanswered():
    # A meeting proposal is an answer.
    return Candidature.objects.filter(state__in=UNANSWERED, meeting_slots__isnull=True)


def process_deadlines(now=None):
    """Returns (reminders sent, candidatures expired)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    reminded = expired = 0
    for candidature in unanswered().filter(created_at__lte=now - datetime.timedelta(days=EXPIRY_DAYS)):
        try:
            services.expire(candidature)
            expired += 1
        except DomainError as error:  # someone acted in the meantime
            logger.info("candidature %s not expired: %s", candidature.pk, error.message)
    for candidature in unanswered().filter(company_reminded_at__isnull=True):
        sent_day = timezone.localdate(candidature.created_at)
        if add_business_days(sent_day, REMINDER_BUSINESS_DAYS) > today:
            continue
        with transaction.atomic():
            # Claim the reminder first: a concurrent run finds it claimed and sends nothing.
            claimed = Candidature.objects.filter(pk=candidature.pk, company_reminded_at__isnull=True).update(
                company_reminded_at=now
            )
            if claimed:
                transaction.on_commit(lambda pk=candidature.pk: notifications.company_reminder(pk))
                reminded += 1
    return reminded, expired
