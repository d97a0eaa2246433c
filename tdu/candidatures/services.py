"""One function per action on a candidature: check, write, log, then notify after commit."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from tdu.candidatures import notifications
from tdu.candidatures.engine import SYSTEM, log_creation, perform
from tdu.candidatures.enums import FINAL_STATES, Actor, RefusalReason, Signatory, State
from tdu.candidatures.errors import Conflict, DomainError, NotAllowed
from tdu.candidatures.models import (
    Candidature,
    ConventionSignature,
    ImmersionAssessment,
    ImmersionConvention,
    MeetingSlot,
)

MAX_SLOTS = 3
MAX_IMMERSION_DAYS = 31
MAX_WEEKLY_HOURS = Decimal(35)
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


def _after_commit(function, *args):
    transaction.on_commit(lambda: function(*args))


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
            _after_commit(notifications.candidature_sent, candidature.pk)
    except IntegrityError:
        raise DomainError("Une candidature est déjà en cours pour cette offre.") from None
    return candidature


def open_candidature(candidature, user):
    """A company member opens a new candidature: it is now under review."""
    with transaction.atomic():
        perform(candidature, "open", user)
        _after_commit(notifications.state_changed, candidature.pk, "open")


def propose_meeting(candidature, user, slots):
    """`slots`: 1 to 3 dicts with starts_at (aware datetime), duration_minutes, place or video_link."""
    if not 1 <= len(slots) <= MAX_SLOTS:
        raise DomainError(f"Proposez de 1 à {MAX_SLOTS} créneaux.")
    now = timezone.now()
    for slot in slots:
        if slot["starts_at"] <= now:
            raise DomainError("Chaque créneau doit être dans le futur.")
        if not (slot.get("place") or slot.get("video_link")):
            raise DomainError("Indiquez un lieu ou un lien de visioconférence pour chaque créneau.")
    with transaction.atomic():
        perform(candidature, "propose_meeting", user)
        candidature.meeting_slots.filter(withdrawn_at__isnull=True).update(withdrawn_at=now)
        MeetingSlot.objects.bulk_create(MeetingSlot(candidature=candidature, **slot) for slot in slots)
        _after_commit(notifications.meeting_proposed, candidature.pk)


def choose_slot(candidature, user, slot_id):
    with transaction.atomic():
        slot = candidature.pending_slots.filter(pk=slot_id, starts_at__gt=timezone.now()).first()
        if slot is None:
            raise DomainError("Ce créneau n'est plus disponible.")
        perform(candidature, "choose_slot", user)
        slot.chosen_at = timezone.now()
        slot.save(update_fields=["chosen_at"])
        candidature.meeting_slots.exclude(pk=slot.pk).filter(withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now()
        )
        _after_commit(notifications.meeting_planned, candidature.pk, slot.pk)


def ask_other_slots(candidature, user, reason=""):
    with transaction.atomic():
        role = perform(candidature, "ask_other_slots", user, reason=reason)
        candidature.meeting_slots.filter(withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
        _after_commit(notifications.other_slots_asked, candidature.pk, role)


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
    prescriber = candidature.prescriber_organisation or data.get("prescriber_organisation")
    if prescriber is None:
        raise DomainError("Choisissez la structure d'accompagnement qui validera la convention.")
    if candidature.prescriber_organisation_id is None:
        candidature.prescriber_organisation = prescriber
        candidature.save(update_fields=["prescriber_organisation"])
    seeker, company = candidature.job_seeker, candidature.company
    profile = seeker.job_seeker_profile
    convention = ImmersionConvention(
        candidature=candidature,
        beneficiary_name=seeker.full_name,
        beneficiary_email=seeker.email,
        beneficiary_phone=seeker.phone,
        beneficiary_birth_date=profile.birth_date,
        company_name=company.name,
        company_siret=company.siret,
        company_address=f"{company.address}, {company.commune.label}".strip(", "),
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
    convention.content_hash = convention.compute_hash()
    convention.save()
    return convention


def propose_immersion(candidature, user, data):
    with transaction.atomic():
        perform(candidature, "propose_immersion", user)
        convention = _issue_convention(candidature, user, data)
        _after_commit(notifications.immersion_proposed, candidature.pk, convention.pk)
    return convention


def amend_convention(candidature, user, data, reason):
    """A correction is a cancellation plus a new convention: every signature must be given again."""
    with transaction.atomic():
        old = candidature.current_convention
        perform(candidature, "amend_convention", user, reason=reason)
        old.cancelled_at = timezone.now()
        old.cancellation_reason = reason
        old.save(update_fields=["cancelled_at", "cancellation_reason"])
        convention = _issue_convention(candidature, user, data)
        _after_commit(notifications.immersion_proposed, candidature.pk, convention.pk)
    return convention


SIGNATORY_ROLE = {
    Signatory.BENEFICIARY: Actor.JOB_SEEKER,
    Signatory.COMPANY: Actor.COMPANY,
    Signatory.TUTOR: Actor.TUTOR,
}


def sign_convention(candidature, signatory, name, user=None, *, convention_id=None):
    """Record one signature on the current convention. The tutor signs through an emailed link (no user)."""
    if not (name or "").strip():
        raise DomainError("Écrivez votre nom pour signer.")
    with transaction.atomic():
        convention = candidature.current_convention
        if convention is None or (convention_id and convention.pk != convention_id):
            raise Conflict("Cette convention a été remplacée : relisez la nouvelle version avant de signer.")
        if convention.signatures.filter(signatory=signatory).exists():
            raise DomainError("Cette signature a déjà été donnée.")
        role = SIGNATORY_ROLE[signatory]
        if role == Actor.TUTOR:
            perform(candidature, "sign_convention", None, actor_role=Actor.TUTOR, actor_name=name)
        else:
            from tdu.candidatures.roles import roles_of

            if role not in roles_of(user, candidature):
                raise NotAllowed("Vous ne pouvez pas signer pour cette partie.")
            perform(candidature, "sign_convention", user, actor_role=role, actor_name=name)
        ConventionSignature.objects.create(
            convention=convention,
            signatory=signatory,
            name=name.strip(),
            user=user if user and user.is_authenticated else None,
            content_hash=convention.compute_hash(),
        )
        if not convention.missing_signatures():
            perform(candidature, "complete_signatures", None, actor_role=SYSTEM)
            _after_commit(notifications.convention_signed, candidature.pk)


def validate_immersion(candidature, user):
    with transaction.atomic():
        perform(candidature, "validate_immersion", user)
        _after_commit(notifications.state_changed, candidature.pk, "validate_immersion")


def reject_immersion(candidature, user, reason):
    with transaction.atomic():
        convention = candidature.current_convention
        perform(candidature, "reject_immersion", user, reason=reason)
        convention.cancelled_at = timezone.now()
        convention.cancellation_reason = f"Refusée par la structure d'accompagnement : {reason}"
        convention.save(update_fields=["cancelled_at", "cancellation_reason"])
        _after_commit(notifications.state_changed, candidature.pk, "reject_immersion")


def record_assessment(candidature, user, data):
    with transaction.atomic():
        perform(candidature, "record_assessment", user)
        ImmersionAssessment.objects.create(candidature=candidature, author=user, **data)
        _after_commit(notifications.state_changed, candidature.pk, "record_assessment")


def give_feedback(candidature, user, text):
    if not (text or "").strip():
        raise DomainError("Écrivez votre avis.")
    with transaction.atomic():
        perform(candidature, "give_feedback", user)
        assessment = candidature.assessment
        assessment.seeker_view = text.strip()
        assessment.seeker_view_at = timezone.now()
        assessment.save(update_fields=["seeker_view", "seeker_view_at"])


def refuse(candidature, user, reason_code, text):
    if reason_code not in RefusalReason.values:
        raise DomainError("Choisissez un motif de refus.")
    label = RefusalReason(reason_code).label
    with transaction.atomic():
        perform(candidature, "refuse", user, reason=f"{label}. {text}".strip())
        candidature.refusal_reason = reason_code
        candidature.exit_reason = text
        candidature.save(update_fields=["refusal_reason", "exit_reason"])
        _after_commit(notifications.state_changed, candidature.pk, "refuse")


def _exit(candidature, user, name, reason):
    with transaction.atomic():
        perform(candidature, name, user, reason=reason)
        candidature.exit_reason = reason
        candidature.save(update_fields=["exit_reason"])
        _after_commit(notifications.state_changed, candidature.pk, name)


def withdraw(candidature, user, reason):
    _exit(candidature, user, "withdraw", reason)


def cancel(candidature, user, reason):
    _exit(candidature, user, "cancel", reason)


def expire(candidature):
    with transaction.atomic():
        perform(
            candidature,
            "expire",
            None,
            actor_role=SYSTEM,
            reason="Sans réponse de l'entreprise après 30 jours.",
        )
        _after_commit(notifications.state_changed, candidature.pk, "expire")


def states_waiting_for(role):
    """States where the next move belongs to `role` (dashboards list these first)."""
    return {
        Actor.COMPANY: {State.SENT, State.UNDER_REVIEW, State.IMMERSION_PROPOSED, State.IMMERSION_VALIDATED},
        Actor.JOB_SEEKER: {State.UNDER_REVIEW, State.IMMERSION_PROPOSED, State.IMMERSION_DONE},
        Actor.PRESCRIBER: {State.CONVENTION_SIGNED},
    }.get(role, set())


def immersion_schedule_text(schedule):
    return "; ".join(
        f"{day} " + ", ".join(f"{a}–{b}" for a, b in ranges) for day, ranges in schedule.items() if ranges
    )
