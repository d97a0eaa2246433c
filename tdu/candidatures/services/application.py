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
from tdu.utils import signed_links
from tdu.utils.claims import claim_each
from tdu.utils.dates import add_business_days
from tdu.utils.errors import DomainError, NotAllowed

logger = logging.getLogger(__name__)
REMINDER_BUSINESS_DAYS = 5
RECRUITER_REMINDER_BUSINESS_DAYS = 3
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
    # An imported offer whose company has no account yet: the candidature goes to the offer's contact.
    recruiter = offer.contact_email if offer.contact_email and not offer.company.has_account else ""
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
                recruiter_email=recruiter,
            )
            log_creation(candidature, by_user, role)
    except IntegrityError:
        raise DomainError("Une candidature est déjà en cours pour cette offre.") from None
    return candidature


def open_candidature(candidature, user):
    """A company member takes up a new candidature: it is under review, and the person is told."""
    with transaction.atomic():
        perform(candidature, "open", user)


def candidature_for_recruiter(token):
    """The candidature a recruiter's signed link names (the link proves her address), or DomainError."""
    data = signed_links.RECRUITER.read(token)
    pk = data.get("c")
    candidature = (
        Candidature.objects.select_related("offer", "company", "job_seeker").filter(pk=pk).first()
        if isinstance(pk, int)
        else None
    )
    if (
        candidature is None
        or not candidature.recruiter_email
        or not signed_links.same(candidature.recruiter_email, data.get("e"))
    ):
        raise DomainError(signed_links.RECRUITER.invalid_message)
    return candidature


def recruiter_answers(token, interested, reason=""):
    """One click from the recruiter's email: « je suis intéressé(e) » takes the candidature up, « pas
    intéressé(e) » refuses it (with her reason, if she gives one). She acts for the company, without an account."""
    candidature = candidature_for_recruiter(token)
    name = f"{candidature.recruiter_email} (recrutement, {candidature.company.name})"
    with transaction.atomic():
        if interested:
            perform(candidature, "open", None, actor_role=Actor.COMPANY, actor_name=name)
        else:
            text = (reason or "").strip()
            perform(
                candidature,
                "refuse",
                None,
                actor_role=Actor.COMPANY,
                actor_name=name,
                reason=f"{RefusalReason.OTHER.label}. {text or 'Le recruteur ne donne pas suite.'}",
            )
            candidature.refusal_reason, candidature.exit_reason = RefusalReason.OTHER, text
            candidature.save(update_fields=["refusal_reason", "exit_reason"])
    return candidature


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
    """Remind the company after 5 business days (recorded for its daily digest; an email to the recruiter of an
    imported offer, who has no account), expire after 30 days. Returns (reminders, expired).

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
    # Recorded only: the company's daily digest says « Rappel » (dashboard.send_daily_digests).
    reminded = claim_each(due, "company_reminded_at", now, lambda c: None)
    recruiters = [
        candidature
        for candidature in unanswered().filter(recruiter_reminded_at__isnull=True).exclude(recruiter_email="")
        if add_business_days(timezone.localdate(candidature.created_at), RECRUITER_REMINDER_BUSINESS_DAYS)
        <= today
    ]
    reminded += claim_each(
        recruiters, "recruiter_reminded_at", now, lambda c: notifications.RecruiterReminder.on_commit(c.pk)
    )
    return reminded, expired
