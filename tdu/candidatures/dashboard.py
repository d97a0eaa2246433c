"""What waits for whom: the next step on a candidature for a person, given her roles on it."""

from django.utils import timezone

from tdu.candidatures.enums import Actor, Signatory, State
from tdu.candidatures.models import Candidature
from tdu.candidatures.roles import roles_of


def next_step(candidature, roles) -> str | None:
    """A French sentence naming what this person should do now, or None."""
    state = candidature.state
    convention = candidature.current_convention if state in {State.IMMERSION_PROPOSED} else None
    missing = set(convention.missing_signatures()) if convention else set()
    now = timezone.now()
    if Actor.JOB_SEEKER in roles:
        if state == State.UNDER_REVIEW and candidature.pending_slots.filter(starts_at__gt=now).exists():
            return "Choisir un créneau de rencontre"
        if state == State.IMMERSION_PROPOSED and Signatory.BENEFICIARY in missing:
            return "Signer la convention d'immersion"
        if state == State.IMMERSION_DONE and not candidature.assessment.seeker_view:
            return "Donner votre avis sur l'immersion"
    if Actor.COMPANY in roles:
        if state == State.SENT:
            return "Nouvelle candidature à étudier"
        if state == State.UNDER_REVIEW and not candidature.pending_slots.exists():
            return "Répondre : proposer une rencontre, une immersion, ou refuser"
        if state == State.MEETING_PLANNED:
            return "Après la rencontre : proposer une immersion ou répondre"
        if state == State.IMMERSION_PROPOSED and Signatory.COMPANY in missing:
            return "Signer la convention d'immersion"
        if state == State.IMMERSION_VALIDATED:
            ended = candidature.current_convention
            if ended and ended.end_date < timezone.localdate():
                return "Remplir le bilan de l'immersion"
    promise_missing = set()
    if state == State.COMMITMENT_PROPOSED:
        from tdu.candidatures.workflow import current_promise

        promise = current_promise(candidature)
        promise_missing = {s.value for s in promise.missing_signatures()} if promise else set()
    if Actor.JOB_SEEKER in roles and "beneficiary" in promise_missing:
        return "Signer votre engagement à suivre la formation"
    if Actor.COMPANY in roles:
        if "company" in promise_missing:
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


def pending_follow_ups(user):
    """Follow-up questions sent to this person and not answered yet (she may answer from her dashboard)."""
    from django.db.models import Q

    from tdu.commitments.models import FollowUp, Respondent

    return (
        FollowUp.objects.filter(sent_at__isnull=False, answered_at__isnull=True)
        .filter(
            Q(respondent=Respondent.JOB_SEEKER, candidature__job_seeker=user)
            | Q(respondent=Respondent.COMPANY, candidature__company__memberships__user=user)
        )
        .select_related("candidature__company", "candidature__job_seeker")
    )


def for_user(user, limit=200):
    """(to do, the rest): lists of (candidature, next step) visible to the user, newest first."""
    candidatures = (
        Candidature.objects.visible_to(user)
        .select_related("offer", "company", "job_seeker", "prescriber_organisation", "offer__commune")
        .order_by("-state_changed_at")[:limit]
    )
    todo, rest = [], []
    for candidature in candidatures:
        step = next_step(candidature, roles_of(user, candidature))
        (todo if step else rest).append((candidature, step))
    return todo, rest
