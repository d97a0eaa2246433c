"""Retention, as a periodic job (durations in settings, shown in the privacy notice):

- a finished candidature is anonymised RETENTION_CANDIDATURE_DAYS after its last activity (its last step, or
  its last follow-up for a hire);
- its CV is deleted RETENTION_CV_DAYS after the path ends;
- an account unused for RETENTION_INACTIVE_ACCOUNT_DAYS is warned by email, then closed
  RETENTION_WARNING_DAYS later unless the person logged in since.

Each step selects only rows still to process, so that running it twice does nothing more.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from tdu.candidatures.enums import FINAL_STATES
from tdu.candidatures.models import Candidature, FollowUp
from tdu.privacy import erasure, notifications
from tdu.privacy.models import Closure, InactivityWarning

BATCH = 200


def _days(n):
    return datetime.timedelta(days=n)


def candidatures_to_anonymise(now):
    """Finished before the cutoff, with no follow-up due or answered since, and not yet anonymised."""
    cutoff = now - _days(settings.RETENTION_CANDIDATURE_DAYS)
    recent = FollowUp.objects.filter(Q(due_on__gte=cutoff.date()) | Q(answered_at__gte=cutoff))
    return (
        Candidature.objects.filter(state__in=FINAL_STATES, state_changed_at__lt=cutoff)
        .exclude(job_seeker__email=erasure.CLOSED_EMAIL)
        .exclude(pk__in=recent.values("candidature"))
    )


def cvs_to_delete(now):
    cutoff = now - _days(settings.RETENTION_CV_DAYS)
    return Candidature.objects.filter(state__in=FINAL_STATES, state_changed_at__lt=cutoff).exclude(cv="")


def _inactive(now):
    cutoff = now - _days(settings.RETENTION_INACTIVE_ACCOUNT_DAYS)
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=False, is_superuser=False)
        .filter(Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff))
    )


def apply_retention(now=None):
    """The periodic job. Returns what it did: {"candidatures", "cvs", "warned", "closed"}."""
    now = now or timezone.now()
    placeholder = erasure.closed_account()
    done = {"candidatures": 0, "cvs": 0, "warned": 0, "closed": 0}
    # Small batches, each its own transaction: the site keeps answering on SQLite while the job runs.
    while batch := list(cvs_to_delete(now)[:BATCH]):
        for candidature in batch:
            candidature.cv.delete(save=False)
        done["cvs"] += Candidature.objects.filter(pk__in=[c.pk for c in batch]).update(cv="")
    while batch := list(candidatures_to_anonymise(now)[:BATCH]):
        with transaction.atomic():
            for candidature in batch:
                erasure.anonymise_candidature(candidature, placeholder)
        done["candidatures"] += len(batch)
    # A login since the warning keeps the account: the warning is forgotten.
    InactivityWarning.objects.filter(user__last_login__gt=F("warned_at")).delete()
    due = now - _days(settings.RETENTION_WARNING_DAYS)
    for warning in InactivityWarning.objects.filter(warned_at__lt=due).select_related("user"):
        with transaction.atomic():
            # The claim: the warning is deleted by one run only, so that two at once close and email once.
            if not InactivityWarning.objects.filter(pk=warning.pk).delete()[0]:
                continue
            erasure.close_account(warning.user, Closure.INACTIVITY)
        done["closed"] += 1
    for user in _inactive(now).exclude(inactivity_warning__isnull=False).exclude(email=erasure.CLOSED_EMAIL):
        with transaction.atomic():
            _, created = InactivityWarning.objects.get_or_create(user=user, defaults={"warned_at": now})
            if created:
                notifications.InactivityNotice.on_commit(user.pk)
                done["warned"] += 1
    return done
