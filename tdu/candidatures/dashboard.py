"""What waits for whom: the next step on a candidature for a person, given her roles on it."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tdu.candidatures import notifications
from tdu.candidatures.enums import Actor, CommitmentSignatory, EnrolmentStatus, Respondent, Signatory, State
from tdu.candidatures.models import Candidature, DigestLog, Enrolment, FollowUp
from tdu.candidatures.rights import roles_of


def next_step(candidature, roles) -> str | None:
    """A French sentence naming what this person should do now, or None.

    Reads only what `Candidature.objects.with_documents()` prefetches, so that a list costs no query per row.
    """
    state = candidature.state
    convention = candidature.current_convention if state == State.IMMERSION_PROPOSED else None
    missing = set(convention.missing_signatures()) if convention else set()
    now = timezone.now()
    if Actor.JOB_SEEKER in roles:
        if state == State.UNDER_REVIEW and any(s.starts_at > now for s in candidature.pending_slots):
            return "Choisir un créneau de rencontre"
        if state == State.IMMERSION_PROPOSED and Signatory.BENEFICIARY in missing:
            return "Signer la convention d'immersion"
        if state == State.IMMERSION_DONE and not candidature.assessment.seeker_view:
            return "Donner votre avis sur l'immersion"
    if Actor.COMPANY in roles:
        if state == State.SENT:
            return "Nouvelle candidature à étudier"
        if state == State.UNDER_REVIEW and not candidature.pending_slots:
            return "Répondre : proposer une rencontre, une immersion, ou refuser"
        if state == State.MEETING_PLANNED:
            return "Après la rencontre : proposer une immersion ou répondre"
        if state == State.IMMERSION_PROPOSED and Signatory.COMPANY in missing:
            return "Signer la convention d'immersion"
        if state == State.IMMERSION_VALIDATED:
            ended = candidature.current_convention
            if ended and ended.end_date < timezone.localdate():
                return "Remplir le bilan de l'immersion"
        if state == State.IMMERSION_DONE:
            return "Proposer l'engagement réciproque (promesse d'embauche), ou répondre"
    commitment_missing = set()
    if state == State.COMMITMENT_PROPOSED:
        commitment = candidature.current_commitment
        commitment_missing = set(commitment.missing_signatures()) if commitment else set()
    if Actor.JOB_SEEKER in roles and CommitmentSignatory.BENEFICIARY in commitment_missing:
        return "Signer votre engagement à suivre la formation"
    if Actor.COMPANY in roles:
        if CommitmentSignatory.COMPANY in commitment_missing:
            return "Signer la promesse d'embauche"
        if state == State.COMMITMENT_SIGNED:
            return "L'inscription a été refusée : choisir une autre session"
        if state == State.TRAINING_COMPLETED:
            return "Confirmer l'embauche"
    if Actor.TRAINING_ORGANISATION in roles:
        if state == State.ENROLMENT_REQUESTED:
            return "Répondre à la demande d'inscription"
        if state == State.ENROLLED:
            return "Confirmer l'entrée en formation"
        if state == State.IN_TRAINING:
            return "Enregistrer la fin de formation, le moment venu"
    if Actor.PRESCRIBER in roles and state == State.CONVENTION_SIGNED:
        return "Valider la convention d'immersion"
    if roles & {Actor.PRESCRIBER, Actor.REGION} and candidature.immersion_started_unvalidated:
        return "Immersion commencée sans validation : à régulariser"
    return None


# Whom a path waits for, asked in this order (a person may hold several roles on a candidature).
PARTIES = [
    (Actor.COMPANY, "l'entreprise"),
    (Actor.JOB_SEEKER, "la personne"),
    (Actor.TRAINING_ORGANISATION, "l'organisme de formation"),
    (Actor.PRESCRIBER, "le prescripteur"),
]


def waiting_for(candidature) -> tuple[str, str]:
    """(who the path waits for, what she should do) — ('personne', '') when nobody has a step to take."""
    for actor, who in PARTIES:
        step = next_step(candidature, {actor})
        if step:
            return who, step
    if candidature.state == State.IMMERSION_PROPOSED:
        return "le tuteur ou la tutrice", "Signer la convention d'immersion"
    return "personne pour l'instant", ""


def pending_follow_ups(user):
    """Follow-up questions sent to this person and not answered yet (she may answer from her dashboard)."""
    return (
        FollowUp.objects.filter(sent_at__isnull=False, answered_at__isnull=True)
        .filter(
            Q(respondent=Respondent.JOB_SEEKER, candidature__job_seeker=user)
            | Q(respondent=Respondent.COMPANY, candidature__company__memberships__user=user)
        )
        .select_related("candidature__company", "candidature__job_seeker")
    )


def for_user(user, limit=200):
    """(to do, the rest): (candidature, her next step) and (candidature, whom it waits for), newest moves first.

    A constant number of queries whatever the number of rows: roles are annotated, documents prefetched.
    """
    candidatures = (
        Candidature.objects.visible_to(user)
        .with_documents()
        .select_related(
            "offer", "company", "job_seeker", "prescriber_organisation", "offer__commune__department__region"
        )
        .order_by("-state_changed_at")[:limit]
    )
    todo: list[tuple[Candidature, str]] = []
    rest: list[tuple[Candidature, str]] = []
    for candidature in candidatures:
        step = next_step(candidature, roles_of(user, candidature))
        if step:
            todo.append((candidature, step))
        else:
            who, what = waiting_for(candidature)
            rest.append((candidature, f"À faire par {who} : {what[0].lower()}{what[1:]}" if what else ""))
    return todo, rest


# --- Periodic job -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DigestItem:
    """One line of the daily digest: what to do, on which candidature, by when if it is a reminder."""

    candidature: Candidature
    step: str
    reminder: bool = False
    by: datetime.date | None = None

    @property
    def what(self) -> str:
        if not self.reminder:
            return self.step
        text = f"Rappel : {self.step[0].lower()}{self.step[1:]}"
        return f"{text}, avant le {self.by:%d/%m/%Y}" if self.by else text

    @property
    def link(self) -> str:
        return notifications.candidature_url(self.candidature)


def reminded_at(candidature, roles, enrolment_reminders):
    """When a periodic job recorded a reminder about the step this person has to take, or None.

    The jobs only record reminders (tdu.candidatures.services: process_deadlines, remind_*); the digest says
    them. `enrolment_reminders`: {candidature pk: organisation_reminded_at} of its requested enrolments.
    """
    state = candidature.state
    if state in (State.SENT, State.UNDER_REVIEW) and Actor.COMPANY in roles:
        return candidature.company_reminded_at
    if state == State.IMMERSION_PROPOSED and roles & {Actor.JOB_SEEKER, Actor.COMPANY}:
        convention = candidature.current_convention
        return convention.signature_reminded_at if convention else None
    if state == State.COMMITMENT_PROPOSED and roles & {Actor.JOB_SEEKER, Actor.COMPANY}:
        commitment = candidature.current_commitment
        return commitment.signature_reminded_at if commitment else None
    if state == State.ENROLMENT_REQUESTED and Actor.TRAINING_ORGANISATION in roles:
        return enrolment_reminders.get(candidature.pk)
    return None


def digest_items(user, since, now):
    """Her to-do list; a step is a reminder when a job recorded one since her last digest (`since`, or ever).

    Reading « since the last digest », not « today », loses no reminder whatever the order of the jobs: one
    recorded after a digest is in the next one.
    """
    from tdu.candidatures.steps import deadline

    todo, _ = for_user(user)
    requested = Enrolment.objects.filter(
        candidature__in=[c for c, _ in todo],
        status=EnrolmentStatus.REQUESTED,
        organisation_reminded_at__isnull=False,
    ).values_list("candidature_id", "organisation_reminded_at")
    enrolment_reminders = dict(requested)
    today = timezone.localdate(now)
    items = []
    for candidature, step in todo:
        when = reminded_at(candidature, roles_of(user, candidature), enrolment_reminders)
        if when and (since is None or when > since):
            by, _ = deadline(candidature)
            items.append(DigestItem(candidature, step, reminder=True, by=by if by and by >= today else None))
        else:
            items.append(DigestItem(candidature, step))
    return items


def send_daily_digests(now=None):
    """One email a day to each person who has something to do and accepts non-essential emails.

    It carries the reminders recorded since her previous digest (a person who refuses non-essential emails gets
    neither, as before). `sent_at` is the job's start: a reminder recorded while it runs is said next time.
    """
    from tdu.accounts.models import User

    now = now or timezone.now()
    day = timezone.localdate(now)
    count = 0
    for user in User.objects.filter(is_active=True, wants_non_essential_emails=True):
        if DigestLog.objects.filter(user=user, day=day).exists():
            continue
        previous = DigestLog.objects.filter(user=user, day__lt=day).order_by("-day").first()
        items = digest_items(user, previous.sent_at if previous else None, now)
        if not items:
            continue
        with transaction.atomic():
            _, created = DigestLog.objects.get_or_create(user=user, day=day, defaults={"sent_at": now})
            if created:
                notifications.DailyDigest.on_commit(user, items)
                count += 1
    return count
