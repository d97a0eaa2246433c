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
    if Actor.PRESCRIBER in roles and state == State.CONVENTION_SIGNED:
        return "Valider la convention d'immersion"
    if roles & {Actor.PRESCRIBER, Actor.REGION} and candidature.immersion_started_unvalidated:
        return "Immersion commencée sans validation : à régulariser"
    return None


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
