"""Applying, opening, and the exits before the commitment: refusal, withdrawal, cancellation, expiry."""

import datetime
import logging

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from tdu.candidatures import notifications
from tdu.candidatures.engine import log_creation, perform
from tdu.candidatures.enums import FINAL_STATES, Actor, RefusalReason, State
from tdu.candidatures.models import Candidature, TransitionLog
from tdu.candidatures.services.exits import exit_path
from tdu.utils.claims import claim_each
from tdu.utils.dates import add_business_days
from tdu.utils.errors import DomainError, NotAllowed

logger = logging.getLogger(__name__)
REMINDER_BUSINESS_DAYS = 5
EXPIRY_DAYS = 30
UNANSWERED = [State.SENT, State.UNDER_REVIEW]


def apply(offer, job_seeker, by_user, message, cv=None):
    """The job seeker, or her prescriber on her behalf, applies to a published offer."""
    if not offer.is_visible:
        raise DomainError("Cette offre n'est plus ouverte aux candidatures.")
    if not hasattr(job_seeker, "job_seeker_profile"):
        raise DomainError("Seule une personne inscrite comme demandeuse d'emploi peut postuler.")
    profile = job_seeker.job_seeker_profile
    if by_user == job_seeker:
        role = Actor.JOB_SEEKER
    elif (
        profile.prescriber_organisation
        and profile.prescriber_organisation.memberships.filter(user=by_user).exists()
    ):
        role = Actor.PRESCRIBER
    else:
        raise NotAllowed(
            "Vous ne pouvez postuler que pour vous-même ou pour une personne que vous accompagnez."
        )
    if not (message or "").strip():
        raise DomainError("Écrivez quelques mots pour l'entreprise.")
    active = Candidature.objects.filter(job_seeker=job_seeker, offer=offer).exclude(state__in=FINAL_STATES)
    if active.exists():
        raise DomainError("Une candidature est déjà en cours pour cette offre.")
    try:
        with transaction.atomic():
            candidature = Candidature.objects.create(
                job_seeker=job_seeker,
                offer=offer,
                company=offer.company,
                prescriber_organisation=profile.prescriber_organisation,
                applied_by=by_user,
                message=message.strip(),
                cv=cv or "",
            )
            log_creation(candidature, by_user, role)
    except IntegrityError:
        raise DomainError("Une candidature est déjà en cours pour cette offre.") from None
    return candidature


def open_candidature(candidature, user):
    """A company member takes up a new candidature: it is under review, and the person is told."""
    with transaction.atomic():
        perform(candidature, "open", user)


def refuse(candidature, user, reason_code, text):
    if reason_code not in RefusalReason.values:
        raise DomainError("Choisissez un motif de refus.")
    label = RefusalReason(reason_code).label
    with transaction.atomic():
        perform(candidature, "refuse", user, reason=f"{label}. {text}".strip())
        candidature.refusal_reason = reason_code
        candidature.exit_reason = text
        candidature.save(update_fields=["refusal_reason", "exit_reason"])


def withdraw(candidature, user, reason):
    exit_path(candidature, user, "withdraw", reason)


def cancel(candidature, user, reason):
    exit_path(candidature, user, "cancel", reason)


def expire(candidature):
    with transaction.atomic():
        perform(
            candidature,
            "expire",
            None,
            actor_role=Actor.SYSTEM,
            reason="Sans réponse de l'entreprise après 30 jours.",
        )


# --- Periodic job: reminders and expiry of unanswered candidatures ---------------------------------------


# The company's answers: once it gave one, the candidature is not "without answer" even back under review.
ANSWERS = ("propose_meeting", "propose_immersion", "propose_commitment")


def unanswered():
    answered = TransitionLog.objects.filter(candidature=OuterRef("pk"), transition__in=ANSWERS)
    return Candidature.objects.filter(state__in=UNANSWERED).exclude(Exists(answered))


def process_deadlines(now=None):
    """Remind the company after 5 business days, expire after 30 days. Returns (reminders sent, expired).

    Idempotent: each reminder is claimed by a conditional UPDATE before it is sent, so that two runs at once
    send it once.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    expired = 0
    for candidature in unanswered().filter(created_at__lte=now - datetime.timedelta(days=EXPIRY_DAYS)):
        try:
            expire(candidature)
            expired += 1
        except DomainError as error:  # someone acted in the meantime
            logger.info("candidature %s not expired: %s", candidature.pk, error.message)
    due = [
        candidature
        for candidature in unanswered().filter(company_reminded_at__isnull=True)
        if add_business_days(timezone.localdate(candidature.created_at), REMINDER_BUSINESS_DAYS) <= today
    ]
    reminded = claim_each(
        due, "company_reminded_at", now, lambda c: notifications.CompanyReminder.on_commit(c.pk)
    )
    return reminded, expired
