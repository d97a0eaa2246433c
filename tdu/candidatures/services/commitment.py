"""The « engagement réciproque »: the company's hiring promise, conditional on one funded session, and the
person's commitment to follow it; signed by both, it asks the training organisation for the enrolment."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from tdu.candidatures.engine import perform
from tdu.candidatures.enums import Actor, CommitmentSignatory, State
from tdu.candidatures.models import Commitment
from tdu.candidatures.services.exits import exit_path
from tdu.candidatures.services.signing import add_signature, check_signer
from tdu.candidatures.services.training import request_enrolment, session_problem
from tdu.offers.models import contract_error
from tdu.utils.claims import claim_each
from tdu.utils.errors import DomainError

SIGNATURE_REMINDER_DAYS = 3
SIGNATORY_ROLE = {
    CommitmentSignatory.COMPANY: Actor.COMPANY,
    CommitmentSignatory.BENEFICIARY: Actor.JOB_SEEKER,
}


def _check(candidature, data):
    message = contract_error(data["contract_type"], data.get("contract_duration_months"))
    if message:
        raise DomainError(message)
    session = data["session"]
    problem = session_problem(candidature, session)
    if problem:
        raise DomainError(problem)
    if data["planned_start_date"] <= session.end_date:
        raise DomainError(
            f"L'embauche commence après la fin de la formation (le {session.end_date:%d/%m/%Y}) : "
            "choisissez une date plus tardive."
        )
    if not Decimal(1) <= Decimal(data["weekly_hours"]) <= Decimal(48):
        raise DomainError("La durée hebdomadaire doit être comprise entre 1 et 48 heures.")
    if Decimal(data["gross_monthly_salary"]) <= 0:
        raise DomainError("Indiquez le salaire brut mensuel.")


def propose_commitment(candidature, user, data):
    """The company issues its hiring promise, conditional upon one training session."""
    _check(candidature, data)
    session, offer = data["session"], candidature.offer
    with transaction.atomic():
        perform(candidature, "propose_commitment", user)
        commitment = Commitment(
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
        commitment.freeze()
        commitment.save()
    return commitment


def sign_commitment(candidature, signatory, name, user, *, commitment_id=None):
    """The company signs its promise, the person her commitment; the second signature asks for the enrolment."""
    role = SIGNATORY_ROLE[CommitmentSignatory(signatory)]
    with transaction.atomic():
        check_signer(candidature, user, role)
        commitment = candidature.current_commitment
        complete = add_signature(
            commitment,
            signatory,
            name,
            user,
            expected_id=commitment_id,
            stale_message="Cet engagement a été remplacé : relisez la nouvelle version avant de signer.",
        )
        perform(candidature, "sign_commitment", user, actor_role=role, actor_name=name.strip())
        if complete:
            perform(candidature, "complete_commitment", None, actor_role=Actor.SYSTEM)
            request_enrolment(candidature, commitment, commitment.session, None, Actor.SYSTEM)


def break_commitment(candidature, user, reason):
    """Either party breaks the commitment before the training ends; an unused place is freed."""
    with transaction.atomic():
        commitment = candidature.current_commitment
        exit_path(candidature, user, "break_commitment", reason)
        commitment.cancel(reason)


# --- Periodic job -------------------------------------------------------------------------------------------


def remind_commitment_signatures(now=None):
    """Commitments still missing a signature 3 days after issue: one reminder to those who must sign, recorded in
    `signature_reminded_at` and said by their daily digest (no separate email)."""
    now = now or timezone.now()
    waiting = Commitment.objects.filter(
        cancelled_at__isnull=True,
        signature_reminded_at__isnull=True,
        created_at__lte=now - datetime.timedelta(days=SIGNATURE_REMINDER_DAYS),
        candidature__state=State.COMMITMENT_PROPOSED,
    )
    return claim_each(
        waiting,
        "signature_reminded_at",
        now,
        lambda c: None,  # recorded only: the signatories' daily digest says « Rappel »
    )
