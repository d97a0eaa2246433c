"""One function per action of part 2: commitment, enrolment, training, hiring. Emails after commit."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from tdu.candidatures.engine import SYSTEM, perform
from tdu.candidatures.enums import Actor, State
from tdu.candidatures.errors import DomainError, NotAllowed
from tdu.candidatures.roles import roles_of
from tdu.candidatures.workflow import current_promise
from tdu.commitments import emails
from tdu.commitments.models import (
    Enrolment,
    EnrolmentStatus,
    FollowUp,
    Hiring,
    HiringPromise,
    PromiseSignatory,
    PromiseSignature,
    Respondent,
)
from tdu.matching import links, romes
from tdu.offers.models import contract_error
from tdu.trainings.models import TrainingSession

FOLLOW_UP_MONTHS = (6, 12)


def _after_commit(function, *args):
    transaction.on_commit(lambda: function(*args))


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, candidate_day)
        except ValueError:
            continue
    raise ValueError(day)


def session_problem(candidature, session):
    """Why this session cannot carry the promise, or None."""
    wanted = romes.match_code(candidature.offer.rome_id)
    codes = session.training.rome_codes.values_list("code", flat=True)
    if wanted not in {romes.match_code(code) for code in codes}:
        return "Cette session ne prépare pas au métier de l'offre."
    if session.funding_region_id is None:
        return "Cette session n'est pas financée par une Région."
    if not session.recruitment_open:
        return "Le recrutement de cette session est fermé."
    if session.places_left <= 0:
        return "Cette session n'a plus de place financée."
    if session.start_date <= timezone.localdate():
        return "Cette session a déjà commencé : choisissez une session qui commence plus tard."
    return None


def eligible_sessions(candidature):
    """Sessions that may carry the promise: same job, funded, recruiting, places left, starting later."""
    codes = romes.codes_matching({romes.match_code(candidature.offer.rome_id)})
    sessions = (
        TrainingSession.objects.funded()
        .with_places_left()
        .filter(recruitment_open=True, start_date__gt=timezone.localdate(), training__rome_codes__in=codes)
        .select_related("training", "training__organisation", "commune")
        .distinct()
    )
    return sessions.near(candidature.offer, 100)


def _check_promise(candidature, data):
    message = contract_error(data["contract_type"], data.get("contract_duration_months"))
    if message:
        raise DomainError(message)
    session = data["session"]
    problem = session_problem(candidature, session)
    if problem:
        raise DomainError(problem)
    if data["planned_start_date"] <= session.end_date:
        raise DomainError(
            f"L'embauche commence après la fin de la formation (le {session.end_date:%d/%m/%Y}) : choisissez une date plus tardive."
        )
    if not Decimal(1) <= Decimal(data["weekly_hours"]) <= Decimal(48):
        raise DomainError("La durée hebdomadaire doit être comprise entre 1 et 48 heures.")
    if Decimal(data["gross_monthly_salary"]) <= 0:
        raise DomainError("Indiquez le salaire brut mensuel.")


def propose_commitment(candidature, user, data):
    """The company issues its hiring promise, conditional upon one training session."""
    _check_promise(candidature, data)
    with transaction.atomic():
        perform(candidature, "propose_commitment", user)
        session, offer = data["session"], candidature.offer
        promise = HiringPromise(
            candidature=candidature,
            company_name=candidature.company.name,
            company_siret=candidature.company.siret,
            beneficiary_name=candidature.job_seeker.full_name,
            beneficiary_birth_date=candidature.job_seeker.job_seeker_profile.birth_date,
            job_title=data.get("job_title") or offer.title,
            rome_code=offer.rome_id,
            rome_label=offer.rome.label,
            workplace=data.get("workplace") or f"{offer.address}, {offer.commune.label}".strip(", "),
            contract_type=data["contract_type"],
            contract_duration_months=data.get("contract_duration_months"),
            weekly_hours=data["weekly_hours"],
            gross_monthly_salary=data["gross_monthly_salary"],
            planned_start_date=data["planned_start_date"],
            session=session,
            session_title=session.training.title,
            session_organisation=session.training.organisation.name,
            session_place=session.commune.label,
            session_start_date=session.start_date,
            session_end_date=session.end_date,
            certification_required=data.get("certification_required", False),
            created_by=user,
        )
        promise.content_hash = promise.compute_hash()
        promise.save()
        _after_commit(emails.commitment_proposed, candidature.pk)
    return promise


SIGNATORY_ROLE = {PromiseSignatory.COMPANY: Actor.COMPANY, PromiseSignatory.BENEFICIARY: Actor.JOB_SEEKER}


def sign_commitment(candidature, signatory, name, user, *, promise_id=None):
    if not (name or "").strip():
        raise DomainError("Écrivez votre nom pour signer.")
    with transaction.atomic():
        promise = current_promise(candidature)
        if promise is None or (promise_id and promise.pk != promise_id):
            raise DomainError("Cet engagement a été remplacé : relisez la nouvelle version avant de signer.")
        if promise.signatures.filter(signatory=signatory).exists():
            raise DomainError("Cette signature a déjà été donnée.")
        role = SIGNATORY_ROLE[signatory]
        if role not in roles_of(user, candidature):
            raise NotAllowed("Vous ne pouvez pas signer pour cette partie.")
        perform(candidature, "sign_commitment", user, actor_role=role, actor_name=name)
        PromiseSignature.objects.create(
            promise=promise,
            signatory=signatory,
            name=name.strip(),
            user=user,
            content_hash=promise.compute_hash(),
        )
        if not promise.missing_signatures():
            perform(candidature, "complete_commitment", None, actor_role=SYSTEM)
            _request_enrolment(candidature, promise, promise.session, None, SYSTEM)
            _after_commit(emails.commitment_signed, candidature.pk)


def _request_enrolment(candidature, promise, session, user, actor_role):
    perform(candidature, "request_enrolment", user, actor_role=actor_role)
    enrolment = Enrolment.objects.create(candidature=candidature, promise=promise, session=session)
    _after_commit(emails.enrolment_requested, enrolment.pk)
    return enrolment


def choose_other_session(candidature, user, session):
    """After a refused enrolment, the company or the person picks another session for the same promise."""
    problem = session_problem(candidature, session)
    if problem:
        raise DomainError(problem)
    promise = current_promise(candidature)
    if promise and session.end_date >= promise.planned_start_date:
        raise DomainError("Cette session finit après la date d'embauche promise.")
    with transaction.atomic():
        return _request_enrolment(candidature, promise, session, user, None)


def _pending_enrolment(candidature):
    enrolment = candidature.enrolments.filter(status=EnrolmentStatus.REQUESTED).select_for_update().first()
    if enrolment is None:
        raise DomainError("Aucune inscription en attente.")
    return enrolment


def accept_enrolment(candidature, user):
    """Takes one funded place: never more enrolments than places, even when requests arrive together."""
    with transaction.atomic():
        perform(candidature, "accept_enrolment", user)
        enrolment = _pending_enrolment(candidature)
        taken = TrainingSession.objects.filter(
            pk=enrolment.session_id, funding_region__isnull=False, enrolled_count__lt=F("funded_places")
        ).update(enrolled_count=F("enrolled_count") + 1)
        if not taken:
            raise DomainError(
                "Il n'y a plus de place financée sur cette session : l'inscription n'est pas possible."
            )
        enrolment.status = EnrolmentStatus.ACCEPTED
        enrolment.decided_at, enrolment.decided_by = timezone.now(), user
        enrolment.save(update_fields=["status", "decided_at", "decided_by"])
        links.refresh_sessions([enrolment.session_id])  # the queryset update sent no signal
        _after_commit(emails.enrolment_decided, enrolment.pk)


def refuse_enrolment(candidature, user, reason):
    with transaction.atomic():
        perform(candidature, "refuse_enrolment", user, reason=reason)
        enrolment = _pending_enrolment(candidature)
        enrolment.status = EnrolmentStatus.REFUSED
        enrolment.decided_at, enrolment.decided_by, enrolment.refusal_reason = timezone.now(), user, reason
        enrolment.save(update_fields=["status", "decided_at", "decided_by", "refusal_reason"])
        _after_commit(emails.enrolment_decided, enrolment.pk)


def accepted_enrolment(candidature):
    return candidature.enrolments.filter(status=EnrolmentStatus.ACCEPTED).order_by("-decided_at").first()


def confirm_entry(candidature, user, entered_on, internship_start=None, internship_end=None):
    enrolment = accepted_enrolment(candidature)
    session = enrolment.session
    if internship_start and internship_end:
        if internship_end < internship_start:
            raise DomainError("Le stage se termine avant de commencer.")
        if internship_start < session.start_date or internship_end > session.end_date:
            raise DomainError("Le stage en entreprise doit se situer pendant la session.")
    with transaction.atomic():
        perform(candidature, "confirm_entry", user)
        enrolment.entered_on = entered_on
        enrolment.internship_start, enrolment.internship_end = internship_start, internship_end
        enrolment.save(update_fields=["entered_on", "internship_start", "internship_end"])
        _after_commit(emails.state_changed, candidature.pk, "confirm_entry")


def complete_training(candidature, user, completed_on, certification_obtained):
    with transaction.atomic():
        perform(candidature, "complete_training", user)
        enrolment = accepted_enrolment(candidature)
        enrolment.completed_on, enrolment.certification_obtained = completed_on, certification_obtained
        enrolment.save(update_fields=["completed_on", "certification_obtained"])
        _after_commit(emails.state_changed, candidature.pk, "complete_training")


def confirm_hiring(candidature, user, start_date, contract_type, contract_duration_months, weekly_hours):
    message = contract_error(contract_type, contract_duration_months)
    promise = current_promise(candidature)
    differences = []
    if message:
        differences.append(f"Contrat : {message}")
    if contract_type != promise.contract_type or contract_duration_months != promise.contract_duration_months:
        differences.append(
            f"Contrat promis : {promise.contract_label} ; contrat signé : {contract_type.upper()}"
            + (f" de {contract_duration_months} mois" if contract_duration_months else "")
        )
    if Decimal(weekly_hours) != promise.weekly_hours:
        differences.append(f"Heures par semaine promises : {promise.weekly_hours} ; réelles : {weekly_hours}")
    if start_date != promise.planned_start_date:
        differences.append(
            f"Début promis le {promise.planned_start_date:%d/%m/%Y} ; réel le {start_date:%d/%m/%Y}"
        )
    with transaction.atomic():
        perform(candidature, "confirm_hiring", user, reason="\n".join(differences))
        Hiring.objects.create(
            candidature=candidature,
            start_date=start_date,
            contract_type=contract_type,
            contract_duration_months=contract_duration_months,
            weekly_hours=weekly_hours,
            differences=differences,
            confirmed_by=user,
        )
        FollowUp.objects.bulk_create(
            FollowUp(
                candidature=candidature, milestone_months=m, respondent=r, due_on=add_months(start_date, m)
            )
            for m in FOLLOW_UP_MONTHS
            for r in Respondent
        )
        _after_commit(emails.state_changed, candidature.pk, "confirm_hiring")
    return differences


def _release_place(enrolment):
    TrainingSession.objects.filter(pk=enrolment.session_id, enrolled_count__gt=0).update(
        enrolled_count=F("enrolled_count") - 1
    )
    links.refresh_sessions([enrolment.session_id])


def abandon_training(candidature, user, reason):
    with transaction.atomic():
        before_entry = candidature.state == State.ENROLLED
        perform(candidature, "abandon_training", user, reason=reason)
        enrolment = accepted_enrolment(candidature)
        if before_entry and enrolment:
            _release_place(enrolment)  # the place was never used: someone else may take it
        _after_commit(emails.state_changed, candidature.pk, "abandon_training")


def break_commitment(candidature, user, reason):
    with transaction.atomic():
        state = candidature.state
        perform(candidature, "break_commitment", user, reason=reason)
        promise = current_promise(candidature)
        promise.cancelled_at, promise.cancellation_reason = timezone.now(), reason
        promise.save(update_fields=["cancelled_at", "cancellation_reason"])
        candidature.enrolments.filter(status=EnrolmentStatus.REQUESTED).update(
            status=EnrolmentStatus.CANCELLED
        )
        enrolment = accepted_enrolment(candidature)
        if enrolment and state == State.ENROLLED:
            _release_place(enrolment)
        _after_commit(emails.state_changed, candidature.pk, "break_commitment")


def not_hired(candidature, user, reason):
    with transaction.atomic():
        perform(candidature, "not_hired", user, reason=reason)
        _after_commit(emails.state_changed, candidature.pk, "not_hired")
