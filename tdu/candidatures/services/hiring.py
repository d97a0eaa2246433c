"""Hiring (the contract as it started, differences from the promise recorded) and the 6/12-month follow-up."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from tdu.candidatures import notifications
from tdu.candidatures.engine import check, perform
from tdu.candidatures.enums import Respondent, State
from tdu.candidatures.models import FollowUp, Hiring
from tdu.candidatures.services.exits import exit_path
from tdu.candidatures.signals import path_changed
from tdu.offers.enums import ContractType
from tdu.offers.models import contract_error
from tdu.utils import signed_links
from tdu.utils.claims import claim_each
from tdu.utils.dates import add_months
from tdu.utils.errors import Conflict, DomainError
from tdu.utils.text import french_number

FOLLOW_UP_MONTHS = (6, 12)
FOLLOW_UP_REMINDER_DAYS = 7


def _differences(commitment, start_date, contract_type, contract_duration_months, weekly_hours):
    differences = []
    message = contract_error(contract_type, contract_duration_months)
    if message:
        differences.append(f"Contrat : {message}")
    if (
        contract_type != commitment.contract_type
        or contract_duration_months != commitment.contract_duration_months
    ):
        differences.append(
            f"Contrat promis : {commitment.contract_label} ; contrat signé : {contract_type.upper()}"
            + (f" de {contract_duration_months} mois" if contract_duration_months else "")
        )
    if Decimal(weekly_hours) != commitment.weekly_hours:
        differences.append(
            f"Heures par semaine promises : {french_number(commitment.weekly_hours)} ; "
            f"réelles : {french_number(weekly_hours)}"
        )
    if start_date != commitment.planned_start_date:
        differences.append(
            f"Début promis le {commitment.planned_start_date:%d/%m/%Y} ; réel le {start_date:%d/%m/%Y}"
        )
    return differences


def _check_start_date(candidature, start_date):
    """The contract has started (confirmed, not planned), and not before the training ended."""
    if start_date > timezone.localdate():
        raise DomainError(
            "Le contrat ne peut pas commencer dans le futur : confirmez l'embauche le jour où il commence."
        )
    enrolment = candidature.enrolments.filter(completed_on__isnull=False).order_by("-completed_on").first()
    if enrolment and start_date < enrolment.completed_on:
        raise DomainError(
            f"La formation s'est terminée le {enrolment.completed_on:%d/%m/%Y} : "
            "le contrat commence à la fin de la formation, pas avant."
        )


def confirm_hiring(candidature, user, start_date, contract_type, contract_duration_months, weekly_hours):
    """The company confirms the contract; the follow-up questions are scheduled at +6 and +12 months."""
    if contract_type == ContractType.CDD and not contract_duration_months:
        raise DomainError("Indiquez la durée du CDD en mois.")
    if contract_type == ContractType.CDI and contract_duration_months:
        raise DomainError("Un CDI n'a pas de durée : laissez la durée vide.")
    with transaction.atomic():
        check(candidature, "confirm_hiring", user)  # rights and state before anything is read
        _check_start_date(candidature, start_date)
        commitment = candidature.current_commitment
        differences = (
            _differences(commitment, start_date, contract_type, contract_duration_months, weekly_hours)
            if commitment
            else []
        )
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
    return differences


def not_hired(candidature, user, reason):
    exit_path(candidature, user, "not_hired", reason)


def follow_up_for_token(token):
    """The follow-up question an emailed signed link names, or DomainError (altered or expired link)."""
    follow_up_id = signed_links.FOLLOW_UP.read(token).get("f")
    follow_up = None
    if isinstance(follow_up_id, int):
        follow_up = (
            FollowUp.objects.select_related("candidature__company", "candidature__job_seeker")
            .filter(pk=follow_up_id)
            .first()
        )
    if follow_up is None:
        raise DomainError(signed_links.FOLLOW_UP.invalid_message)
    return follow_up


def answer_follow_up(follow_up, *, still_in_post, same_company, contract_now):
    """Record the answer once; a second answer (another tab, the other link) is a Conflict."""
    updated = FollowUp.objects.filter(pk=follow_up.pk, answered_at__isnull=True).update(
        answered_at=timezone.now(),
        still_in_post=still_in_post,
        same_company=same_company,
        contract_now=contract_now,
    )
    if not updated:
        raise Conflict("Une réponse avait déjà été enregistrée : merci !")
    path_changed.send(sender=FollowUp, candidature_id=follow_up.candidature_id)
    follow_up.refresh_from_db()
    return follow_up


# --- Periodic job -------------------------------------------------------------------------------------------


def send_follow_ups(now=None):
    """Questions due today, then one reminder 7 days later if unanswered. Returns (sent, reminded)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    due = FollowUp.objects.filter(sent_at__isnull=True, due_on__lte=today, candidature__state=State.HIRED)
    sent = claim_each(due, "sent_at", now, lambda f: notifications.FollowUpRequest.on_commit(f.pk))
    late = FollowUp.objects.filter(
        answered_at__isnull=True,
        reminded_at__isnull=True,
        sent_at__lte=now - datetime.timedelta(days=FOLLOW_UP_REMINDER_DAYS),
    )
    reminded = claim_each(
        late, "reminded_at", now, lambda f: notifications.FollowUpRequest.on_commit(f.pk, reminder=True)
    )
    return sent, reminded
