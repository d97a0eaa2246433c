"""Training: the enrolment asked of the organisation (one funded place when accepted), entry, completion."""

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from tdu.candidatures.engine import perform
from tdu.candidatures.enums import EnrolmentStatus
from tdu.candidatures.models import Absence, Enrolment
from tdu.candidatures.services.exits import accepted_enrolment, exit_path
from tdu.matching import links, romes
from tdu.trainings.models import TrainingSession
from tdu.utils.claims import claim_each
from tdu.utils.dates import add_business_days
from tdu.utils.errors import DomainError, NotAllowed

ORGANISATION_REMINDER_BUSINESS_DAYS = 3


def session_problem(candidature, session):
    """Why this session cannot carry the commitment, or None."""
    wanted = romes.match_code(candidature.offer.rome_id)
    codes = session.training.rome_codes.values_list("code", flat=True)
    if wanted not in {romes.match_code(code) for code in codes}:
        return "Cette session ne prépare pas au métier de l'offre."
    if session.funding_region_id is None:
        return "Cette session n'est pas financée par une Région."
    if not session.funding_confirmed:
        return "Le financement de cette session n'est pas encore confirmé par la Région."
    if not session.recruitment_open:
        return "Le recrutement de cette session est fermé."
    if session.places_left <= 0:
        return "Cette session n'a plus de place financée."
    if session.start_date <= timezone.localdate():
        return "Cette session a déjà commencé : choisissez une session qui commence plus tard."
    return None


def eligible_sessions(candidature):
    """Sessions that may carry the commitment: same job, funded, recruiting, places left, starting later, and not
    one that already refused this person."""
    codes = romes.codes_matching({romes.match_code(candidature.offer.rome_id)})
    sessions = (
        TrainingSession.objects.funded()
        .with_places_left()
        .filter(recruitment_open=True, start_date__gt=timezone.localdate(), training__rome_codes__in=codes)
        .exclude(enrolments__candidature=candidature, enrolments__status=EnrolmentStatus.REFUSED)
        .select_related("training", "training__organisation", "commune")
        .distinct()
    )
    return sessions.near(candidature.offer, 100)


def request_enrolment(candidature, commitment, session, user, actor_role=None):
    perform(candidature, "request_enrolment", user, actor_role=actor_role)
    return Enrolment.objects.create(candidature=candidature, commitment=commitment, session=session)


def choose_other_session(candidature, user, session):
    """After a refused enrolment, the company or the person picks another session for the same commitment."""
    problem = session_problem(candidature, session)
    if problem:
        raise DomainError(problem)
    if candidature.enrolments.filter(session=session, status=EnrolmentStatus.REFUSED).exists():
        raise DomainError(
            "Cet organisme a déjà refusé l'inscription à cette session : choisissez-en une autre."
        )
    commitment = candidature.current_commitment
    if commitment and session.end_date >= commitment.planned_start_date:
        raise DomainError("Cette session finit après la date d'embauche promise.")
    with transaction.atomic():
        return request_enrolment(candidature, commitment, session, user)


def _pending_enrolment(candidature, user):
    """The enrolment waiting for a decision, which only the organisation of its session may take."""
    enrolment = (
        candidature.enrolments.filter(status=EnrolmentStatus.REQUESTED)
        .select_related("session__training")
        .select_for_update()
        .first()
    )
    if enrolment is None:
        raise DomainError("Aucune inscription en attente.")
    if not enrolment.session.training.organisation.memberships.filter(user=user).exists():
        raise NotAllowed("Cette demande d'inscription concerne la session d'un autre organisme.")
    return enrolment


def accept_enrolment(candidature, user):
    """Takes one funded place: never more enrolments than places, even when requests arrive together."""
    with transaction.atomic():
        perform(candidature, "accept_enrolment", user)
        enrolment = _pending_enrolment(candidature, user)
        taken = (
            TrainingSession.objects.filter(pk=enrolment.session_id, enrolled_count__lt=F("funded_places"))
            .funded()
            .update(enrolled_count=F("enrolled_count") + 1)
        )
        if not taken:
            raise DomainError(
                "Il n'y a plus de place financée sur cette session : l'inscription n'est pas possible."
            )
        enrolment.status = EnrolmentStatus.ACCEPTED
        enrolment.decided_at, enrolment.decided_by = timezone.now(), user
        enrolment.save(update_fields=["status", "decided_at", "decided_by"])
        links.refresh_sessions([enrolment.session_id])  # the queryset update sent no signal


def refuse_enrolment(candidature, user, reason):
    with transaction.atomic():
        perform(candidature, "refuse_enrolment", user, reason=reason)
        enrolment = _pending_enrolment(candidature, user)
        enrolment.status = EnrolmentStatus.REFUSED
        enrolment.decided_at, enrolment.decided_by, enrolment.refusal_reason = timezone.now(), user, reason
        enrolment.save(update_fields=["status", "decided_at", "decided_by", "refusal_reason"])


# A training may end a little after the session's planned end (a make-up day, an exam).
COMPLETION_MARGIN = datetime.timedelta(days=30)


def _fr(day):
    return day.strftime("%d/%m/%Y")


def _check_entry_date(entered_on, session):
    """Not in the future, not before the session starts, not after its region's late-entry window."""
    if entered_on > timezone.localdate():
        raise DomainError(
            "La date d'entrée ne peut pas être dans le futur : confirmez l'entrée le jour venu."
        )
    if entered_on < session.start_date:
        raise DomainError(
            f"La session commence le {_fr(session.start_date)} : l'entrée ne peut pas être avant."
        )
    late_days = session.funding_region.late_entry_days if session.funding_region_id else 0
    latest = session.start_date + datetime.timedelta(days=late_days)
    if entered_on > latest:
        window = f"dans les {late_days} jours qui suivent son début" if late_days else "le jour de son début"
        raise DomainError(
            f"Cette Région permet d'entrer dans une session {window} : au plus tard le {_fr(latest)}."
        )


def _check_completion_date(completed_on, enrolment):
    session = enrolment.session
    if completed_on > timezone.localdate():
        raise DomainError("La date de fin ne peut pas être dans le futur : enregistrez la fin le jour venu.")
    if enrolment.entered_on and completed_on < enrolment.entered_on:
        raise DomainError(f"La formation ne peut pas finir avant l'entrée, le {_fr(enrolment.entered_on)}.")
    if completed_on > session.end_date + COMPLETION_MARGIN:
        raise DomainError(
            f"La session se termine le {_fr(session.end_date)} : la fin ne peut pas dépasser le "
            f"{_fr(session.end_date + COMPLETION_MARGIN)}."
        )


def confirm_entry(candidature, user, entered_on, internship_start=None, internship_end=None):
    with transaction.atomic():
        perform(candidature, "confirm_entry", user)
        enrolment = accepted_enrolment(candidature)
        session = enrolment.session
        if bool(internship_start) != bool(internship_end):
            raise DomainError("Indiquez le début et la fin du stage en entreprise, ou aucun des deux.")
        if internship_start and internship_end:
            if internship_end < internship_start:
                raise DomainError("Le stage se termine avant de commencer.")
            if internship_start < session.start_date or internship_end > session.end_date:
                raise DomainError("Le stage en entreprise doit se situer pendant la session.")
        _check_entry_date(entered_on, session)
        enrolment.entered_on = entered_on
        enrolment.internship_start, enrolment.internship_end = internship_start, internship_end
        enrolment.save(update_fields=["entered_on", "internship_start", "internship_end"])


def record_absence(candidature, user, first_day, last_day, justified, note=""):
    """Days missed during the training: within the training, never in the future; the path goes on."""
    days = f"le {_fr(first_day)}" if first_day == last_day else f"du {_fr(first_day)} au {_fr(last_day)}"
    note = (note or "").strip()
    summary = f"Absence {days}, {'justifiée' if justified else 'non justifiée'}." + (
        f" {note}" if note else ""
    )
    with transaction.atomic():
        perform(candidature, "record_absence", user, reason=summary)
        enrolment = accepted_enrolment(candidature)
        session = enrolment.session
        if last_day < first_day:
            raise DomainError("Le dernier jour d'absence est avant le premier.")
        if last_day > timezone.localdate():
            raise DomainError("Une absence à venir ne se signale pas encore : enregistrez-la le jour venu.")
        if enrolment.entered_on and first_day < enrolment.entered_on:
            raise DomainError(
                f"La personne est entrée en formation le {_fr(enrolment.entered_on)} : "
                "l'absence ne peut pas être avant."
            )
        if last_day > session.end_date:
            raise DomainError(
                f"La session se termine le {_fr(session.end_date)} : l'absence ne peut pas être après."
            )
        return Absence.objects.create(
            enrolment=enrolment,
            first_day=first_day,
            last_day=last_day,
            justified=justified,
            note=note,
            recorded_by=user,
        )


def complete_training(candidature, user, completed_on, certification_obtained):
    with transaction.atomic():
        perform(candidature, "complete_training", user)
        enrolment = accepted_enrolment(candidature)
        _check_completion_date(completed_on, enrolment)
        enrolment.completed_on, enrolment.certification_obtained = completed_on, certification_obtained
        enrolment.save(update_fields=["completed_on", "certification_obtained"])


def abandon_training(candidature, user, reason):
    exit_path(candidature, user, "abandon_training", reason)


# --- Periodic job -------------------------------------------------------------------------------------------


def remind_training_organisations(now=None):
    """Enrolment requests unanswered after 3 business days: one reminder to the organisation."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    pending = Enrolment.objects.filter(
        status=EnrolmentStatus.REQUESTED, organisation_reminded_at__isnull=True
    )
    due = [
        enrolment
        for enrolment in pending
        if add_business_days(timezone.localdate(enrolment.requested_at), ORGANISATION_REMINDER_BUSINESS_DAYS)
        <= today
    ]
    # Recorded only: the organisation's daily digest says « Rappel » (dashboard.send_daily_digests).
    return claim_each(due, "organisation_reminded_at", now, lambda e: None)
