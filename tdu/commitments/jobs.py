"""Periodic jobs. Each one claims its row (a timestamp set by a conditional UPDATE) before sending, so that
running it twice, or twice at once, sends nothing twice."""

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from tdu.accounts.models import User
from tdu.candidatures import dashboard
from tdu.candidatures.deadlines import add_business_days, process_deadlines
from tdu.candidatures.enums import State
from tdu.candidatures.models import ImmersionConvention
from tdu.candidatures.notifications import candidature_url, company_members
from tdu.commitments import emails
from tdu.commitments.models import DigestLog, Enrolment, EnrolmentStatus, FollowUp, HiringPromise

logger = logging.getLogger(__name__)
SIGNATURE_REMINDER_DAYS = 3
ORGANISATION_REMINDER_BUSINESS_DAYS = 3
FOLLOW_UP_REMINDER_DAYS = 7


def _claim(queryset, pk, field, now):
    return queryset.model.objects.filter(pk=pk, **{f"{field}__isnull": True}).update(**{field: now}) == 1


def send_follow_ups(now=None):
    """Questions due today, then one reminder 7 days later if unanswered. Returns (sent, reminded)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = reminded = 0
    due = FollowUp.objects.filter(sent_at__isnull=True, due_on__lte=today, candidature__state=State.HIRED)
    for follow_up in due:
        with transaction.atomic():
            if _claim(FollowUp.objects, follow_up.pk, "sent_at", now):
                transaction.on_commit(lambda pk=follow_up.pk: emails.follow_up_request(pk))
                sent += 1
    late = FollowUp.objects.filter(
        answered_at__isnull=True,
        reminded_at__isnull=True,
        sent_at__lte=now - datetime.timedelta(days=FOLLOW_UP_REMINDER_DAYS),
    )
    for follow_up in late:
        with transaction.atomic():
            if _claim(FollowUp.objects, follow_up.pk, "reminded_at", now):
                transaction.on_commit(lambda pk=follow_up.pk: emails.follow_up_request(pk, reminder=True))
                reminded += 1
    return sent, reminded


def remind_signatures(now=None):
    """Conventions and commitments still missing a signature after 3 days: one reminder to those who must sign."""
    now = now or timezone.now()
    limit = now - datetime.timedelta(days=SIGNATURE_REMINDER_DAYS)
    count = 0
    conventions = ImmersionConvention.objects.filter(
        cancelled_at__isnull=True,
        signature_reminded_at__isnull=True,
        created_at__lte=limit,
        candidature__state=State.IMMERSION_PROPOSED,
    )
    for convention in conventions:
        with transaction.atomic():
            if _claim(ImmersionConvention.objects, convention.pk, "signature_reminded_at", now):
                c = convention.candidature
                missing = convention.missing_signatures()
                recipients = []
                if any(s.value == "beneficiary" for s in missing):
                    recipients.append(c.job_seeker)
                if any(s.value == "company" for s in missing):
                    recipients += company_members(c)
                if any(s.value == "tutor" for s in missing):
                    recipients.append(convention.tutor_email)
                transaction.on_commit(
                    lambda r=recipients, c=c: emails.signature_reminder(
                        r,
                        f"Rappel : convention d'immersion à signer ({c.offer.title})",
                        ["La convention d'immersion attend encore votre signature."],
                        candidature_url(c),
                    )
                )
                count += 1
    promises = HiringPromise.objects.filter(
        cancelled_at__isnull=True,
        signature_reminded_at__isnull=True,
        created_at__lte=limit,
        candidature__state=State.COMMITMENT_PROPOSED,
    )
    for promise in promises:
        with transaction.atomic():
            if _claim(HiringPromise.objects, promise.pk, "signature_reminded_at", now):
                c = promise.candidature
                signed = set(promise.signatures.values_list("signatory", flat=True))
                recipients = ([] if "beneficiary" in signed else [c.job_seeker]) + (
                    [] if "company" in signed else company_members(c)
                )
                transaction.on_commit(
                    lambda r=recipients, c=c: emails.signature_reminder(
                        r,
                        f"Rappel : engagement réciproque à signer ({c.offer.title})",
                        ["L'engagement réciproque attend encore votre signature."],
                        candidature_url(c),
                    )
                )
                count += 1
    return count


def remind_training_organisations(now=None):
    """Enrolment requests unanswered after 3 business days: one reminder to the organisation."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    count = 0
    pending = Enrolment.objects.filter(
        status=EnrolmentStatus.REQUESTED, organisation_reminded_at__isnull=True
    )
    for enrolment in pending.select_related("session__training__organisation", "candidature"):
        if (
            add_business_days(timezone.localdate(enrolment.requested_at), ORGANISATION_REMINDER_BUSINESS_DAYS)
            > today
        ):
            continue
        with transaction.atomic():
            if _claim(Enrolment.objects, enrolment.pk, "organisation_reminded_at", now):
                c = enrolment.candidature
                transaction.on_commit(
                    lambda e=enrolment, c=c: emails.signature_reminder(
                        emails.organisation_members(e.session),
                        f"Rappel : une demande d'inscription attend votre réponse ({c.job_seeker.full_name})",
                        ["Une demande d'inscription à une de vos sessions attend votre réponse."],
                        candidature_url(c),
                    )
                )
                count += 1
    return count


def daily_digest(now=None):
    """One email a day to each person who has something to do and accepts non-essential emails."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    count = 0
    for user in User.objects.filter(is_active=True, wants_non_essential_emails=True):
        todo, _ = dashboard.for_user(user)
        if not todo:
            continue
        with transaction.atomic():
            _, created = DigestLog.objects.get_or_create(user=user, day=day)
            if created:
                transaction.on_commit(lambda u=user, t=todo: emails.digest(u, t))
                count += 1
    return count


def expire_offers(now=None):
    """Published offers past their expiry date become expired (the search also checks the date itself)."""
    from tdu.offers.enums import OfferStatus
    from tdu.offers.models import JobOffer

    today = timezone.localdate(now or timezone.now())
    return JobOffer.objects.filter(status=OfferStatus.PUBLISHED, expires_on__lt=today).update(
        status=OfferStatus.EXPIRED
    )


def run_all(now=None):
    """Everything, in order; what the worker runs and what `manage.py run_jobs` runs by hand."""
    return {
        "expired_offers": expire_offers(now),
        "deadlines": process_deadlines(now),
        "follow_ups": send_follow_ups(now),
        "signature_reminders": remind_signatures(now),
        "organisation_reminders": remind_training_organisations(now),
    }
