"""Immersion (PMSMP): the convention issued, amended, signed by three parties, validated, then assessed.

The `immersion` transitions produce an ImmersionConvention; a correction cancels it and issues a new one.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from tdu.candidatures import notifications
from tdu.candidatures.engine import perform
from tdu.candidatures.enums import Actor, Signatory, State
from tdu.candidatures.models import ImmersionAssessment, ImmersionConvention
from tdu.candidatures.services.signing import add_signature, check_signer
from tdu.utils import signed_links
from tdu.utils.claims import claim_each
from tdu.utils.errors import DomainError

MAX_IMMERSION_DAYS = 31
MAX_WEEKLY_HOURS = Decimal(35)
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
SIGNATURE_REMINDER_DAYS = 3
SIGNATORY_ROLE = {
    Signatory.BENEFICIARY: Actor.JOB_SEEKER,
    Signatory.COMPANY: Actor.COMPANY,
    Signatory.TUTOR: Actor.TUTOR,
}


def weekly_hours(schedule):
    """Hours per week of a {day: [["09:00", "12:00"], …]} schedule; raise DomainError on bad input."""
    total = Decimal(0)
    if not isinstance(schedule, dict) or not schedule:
        raise DomainError("Indiquez les horaires de la semaine.")
    for day, ranges in schedule.items():
        if day not in WEEKDAYS:
            raise DomainError(f"Jour inconnu dans les horaires : « {day} ».")
        for start, end in ranges:
            try:
                h1, m1 = (int(x) for x in start.split(":"))
                h2, m2 = (int(x) for x in end.split(":"))
            except (ValueError, AttributeError):
                raise DomainError(f"Horaire mal écrit le {day} : utilisez HH:MM.") from None
            minutes = (h2 * 60 + m2) - (h1 * 60 + m1)
            if minutes <= 0:
                raise DomainError(f"Le {day}, une plage horaire se termine avant de commencer.")
            total += Decimal(minutes) / 60
    return total.quantize(Decimal("0.1"))


def _issue_convention(candidature, user, data):
    start, end = data["start_date"], data["end_date"]
    if end < start:
        raise DomainError("L'immersion se termine avant de commencer.")
    if (end - start).days + 1 > MAX_IMMERSION_DAYS:
        raise DomainError("Une immersion dure au plus un mois.")
    if start < timezone.localdate():
        raise DomainError("Le premier jour de l'immersion ne peut pas être passé.")
    hours = weekly_hours(data["schedule"])
    if hours > MAX_WEEKLY_HOURS:
        raise DomainError(f"Les horaires font {hours} h par semaine : 35 h au plus.")
    prescriber = _prescriber(candidature, data.get("prescriber_organisation"))
    seeker, company = candidature.job_seeker, candidature.company
    street = (data.get("company_address") or company.address or "").strip()
    if not street:
        raise DomainError("Indiquez l'adresse de l'établissement (numéro et rue).")
    profile = seeker.job_seeker_profile
    convention = ImmersionConvention(
        candidature=candidature,
        beneficiary_name=seeker.full_name,
        beneficiary_email=seeker.email,
        beneficiary_phone=seeker.phone,
        beneficiary_birth_date=profile.birth_date,
        beneficiary_address=postal_address(profile.address, profile.commune),
        company_name=company.name,
        company_siret=company.siret,
        company_address=postal_address(street, company.commune),
        company_representative=user.full_name,
        prescriber_name=f"{prescriber.name} ({prescriber.get_kind_display()})",
        tutor_name=data["tutor_name"],
        tutor_role=data["tutor_role"],
        tutor_email=data["tutor_email"],
        tutor_phone=data["tutor_phone"],
        start_date=start,
        end_date=end,
        schedule=data["schedule"],
        weekly_hours=hours,
        objective=data["objective"],
        activities=data["activities"],
        skills=data.get("skills", ""),
        place=data["place"],
        risks=data["risks"],
        created_by=user,
    )
    convention.freeze()
    convention.save()
    return convention


def postal_address(street, commune):
    """« 3 rue des Forges, 57000 Metz »; the commune alone when the street is not known."""
    codes = commune.postal_code_list if commune else []
    place = f"{codes[0] if codes else ''} {commune.name}".strip() if commune else ""
    return ", ".join(part for part in ((street or "").strip(), place) if part)


def _prescriber(candidature, suggestion):
    """The structure that validates: the person's own (who registered her, or the one of her profile).

    Only when she has none may the company suggest one; she confirms it when she signs the convention.
    """
    own = candidature.job_seeker.job_seeker_profile.prescriber_organisation
    if candidature.prescriber_organisation_id and not candidature.prescriber_suggested:
        return candidature.prescriber_organisation
    if own is not None:
        chosen, suggested = own, False
    elif suggestion is not None:
        chosen, suggested = suggestion, True
    elif candidature.prescriber_organisation_id:
        return candidature.prescriber_organisation
    else:
        raise DomainError("Suggérez la structure d'accompagnement qui validera la convention.")
    candidature.prescriber_organisation = chosen
    candidature.prescriber_suggested = suggested
    candidature.save(update_fields=["prescriber_organisation", "prescriber_suggested"])
    return chosen


def propose_immersion(candidature, user, data):
    with transaction.atomic():
        perform(candidature, "propose_immersion", user)
        convention = _issue_convention(candidature, user, data)
    return convention


def amend_convention(candidature, user, data, reason):
    """A correction is a cancellation plus a new convention: every signature must be given again."""
    with transaction.atomic():
        old = candidature.current_convention
        perform(candidature, "amend_convention", user, reason=reason)
        old.cancel(reason)
        convention = _issue_convention(candidature, user, data)
    return convention


def sign_convention(
    candidature, signatory, name, user=None, *, convention_id=None, confirms_prescriber=False
):
    """Record one signature on the current convention. The tutor signs through an emailed link (no user).

    When the company suggested the structure that validates, the person confirms it as she signs.
    """
    role = SIGNATORY_ROLE[Signatory(signatory)]
    with transaction.atomic():
        if role != Actor.TUTOR:
            check_signer(candidature, user, role)
        if role == Actor.JOB_SEEKER and candidature.prescriber_suggested:
            if not confirms_prescriber:
                raise DomainError(
                    "Confirmez que cette structure vous accompagne : c'est elle qui validera la convention."
                )
            _confirm_prescriber(candidature)
        complete = add_signature(
            candidature.current_convention,
            signatory,
            name,
            user,
            expected_id=convention_id,
            stale_message="Cette convention a été remplacée : relisez la nouvelle version avant de signer.",
        )
        perform(candidature, "sign_convention", user, actor_role=role, actor_name=name.strip())
        if complete:
            perform(candidature, "complete_signatures", None, actor_role=Actor.SYSTEM)


def _confirm_prescriber(candidature):
    candidature.prescriber_suggested = False
    candidature.save(update_fields=["prescriber_suggested"])
    profile = candidature.job_seeker.job_seeker_profile
    if profile.prescriber_organisation_id is None:
        profile.prescriber_organisation = candidature.prescriber_organisation
        profile.save(update_fields=["prescriber_organisation"])


def convention_for_tutor(token):
    """The convention a tutor's signed link names, or DomainError (altered or expired link)."""
    convention_id = signed_links.TUTOR_SIGNATURE.read(token).get("convention")
    convention = None
    if isinstance(convention_id, int):
        convention = (
            ImmersionConvention.objects.select_related("candidature").filter(pk=convention_id).first()
        )
    if convention is None:
        raise DomainError(signed_links.TUTOR_SIGNATURE.invalid_message)
    return convention


def sign_as_tutor(token, name):
    """The tutor signs the convention of her link (a replaced convention: Conflict)."""
    convention = convention_for_tutor(token)
    sign_convention(convention.candidature, Signatory.TUTOR, name, None, convention_id=convention.pk)
    return convention


def validate_immersion(candidature, user):
    """The prescriber validates: who and when are recorded on the convention (shown on the page and the PDF)."""
    with transaction.atomic():
        convention = candidature.current_convention
        perform(candidature, "validate_immersion", user)
        organisation = candidature.prescriber_organisation
        convention.validated_at = timezone.now()
        convention.validated_by = user
        convention.validated_by_name = (
            f"{user.full_name} ({organisation.name})" if organisation else user.full_name
        )
        convention.save(update_fields=["validated_at", "validated_by", "validated_by_name"])


def reject_immersion(candidature, user, reason):
    with transaction.atomic():
        convention = candidature.current_convention
        perform(candidature, "reject_immersion", user, reason=reason)
        convention.cancel(f"Refusée par la structure d'accompagnement : {reason}")


def record_assessment(candidature, user, data):
    with transaction.atomic():
        perform(candidature, "record_assessment", user)
        ImmersionAssessment.objects.create(candidature=candidature, author=user, **data)


def give_feedback(candidature, user, text):
    if not (text or "").strip():
        raise DomainError("Écrivez votre avis.")
    with transaction.atomic():
        perform(candidature, "give_feedback", user)
        assessment = candidature.assessment
        assessment.seeker_view = text.strip()
        assessment.seeker_view_at = timezone.now()
        assessment.save(update_fields=["seeker_view", "seeker_view_at"])


# --- Periodic job -------------------------------------------------------------------------------------------


def remind_convention_signatures(now=None):
    """Conventions still missing a signature 3 days after issue: one reminder to those who must sign.

    Recorded in `signature_reminded_at` for the daily digest of the signatories with an account; an email to
    the tutor only, who signs through a signed link and gets no digest.
    """
    now = now or timezone.now()
    waiting = ImmersionConvention.objects.filter(
        cancelled_at__isnull=True,
        signature_reminded_at__isnull=True,
        created_at__lte=now - datetime.timedelta(days=SIGNATURE_REMINDER_DAYS),
        candidature__state=State.IMMERSION_PROPOSED,
    )
    return claim_each(
        waiting,
        "signature_reminded_at",
        now,
        lambda c: notifications.ConventionSignatureReminder.on_commit(c.pk),
    )
