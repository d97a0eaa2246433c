"""Carry out one transition of the table: check, change the state atomically, log, notify after commit."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from tdu.candidatures.enums import Actor
from tdu.candidatures.models import Candidature, TransitionLog
from tdu.candidatures.rights import acting_role
from tdu.candidatures.signals import path_changed
from tdu.candidatures.workflow import BY_NAME
from tdu.utils.errors import Conflict, DomainError, NotAllowed


def check(candidature, name, user=None, *, actor_role=None):
    """Who acts (her role), or the domain error the transition would raise now: rights, state, precondition.

    Read-only: the pages and the API ask it before they even read a form, so that a wrong state or role is
    answered as such (403, 409) whatever was sent."""
    transition = BY_NAME[name]
    if actor_role is None:
        actor_role = acting_role(user, candidature, transition)
        if actor_role is None:
            raise NotAllowed("Vous ne pouvez pas faire cette action sur cette candidature.")
    elif actor_role not in transition.actors:
        raise NotAllowed("Cette action n'est pas permise.")
    if candidature.state not in transition.sources:
        raise Conflict(
            f"Action impossible : la candidature est « {candidature.get_state_display()} ». "
            "Rechargez la page pour voir son état actuel."
        )
    if transition.precondition:
        problem = transition.precondition(candidature)
        if problem:
            raise DomainError(problem)
    return actor_role


def perform(candidature, name, user=None, *, reason="", actor_role=None, actor_name=""):
    """Apply transition `name` to `candidature`, inside the caller's transaction; return the log entry.

    `actor_role` is given for actions without a logged-in person (Actor.SYSTEM, or a tutor signing through a
    link) or to say in which capacity a person signs; otherwise it is derived from `user`'s rights. Raises
    NotAllowed, Conflict or DomainError (French). The transition's notifications leave after commit.
    """
    transition = BY_NAME[name]
    actor_role = check(candidature, name, user, actor_role=actor_role)
    if transition.needs_reason and not (reason or "").strip():
        raise DomainError("Indiquez un motif.")
    previous_state, previous_version = candidature.state, candidature.version
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("perform() must run inside transaction.atomic()")
    now = timezone.now()
    changes: dict[str, object] = {"version": F("version") + 1}
    if transition.target != previous_state:
        changes.update(state=transition.target, state_changed_at=now)
    # The conditional UPDATE is the arbiter between concurrent actions: only one matches the version.
    updated = Candidature.objects.filter(
        pk=candidature.pk, version=previous_version, state=previous_state
    ).update(**changes)
    if updated != 1:
        raise Conflict(
            "Quelqu'un a agi sur cette candidature au même moment : votre action n'a pas été enregistrée. "
            "Rechargez la page pour voir son état actuel."
        )
    candidature.state = transition.target
    candidature.version = previous_version + 1
    if transition.target != previous_state:
        candidature.state_changed_at = now
    entry = TransitionLog.objects.create(
        candidature=candidature,
        transition=name,
        from_state=previous_state,
        to_state=transition.target,
        actor=user if user and user.is_authenticated else None,
        actor_name=actor_name or (user.full_name if user and user.is_authenticated else ""),
        actor_role=actor_role,
        reason=reason or "",
        created_at=now,
    )
    _notify(transition, entry)
    return entry


def log_creation(candidature, user, actor_role):
    """The first entry of the log (`apply` has no source state: no UPDATE to arbitrate)."""
    entry = TransitionLog.objects.create(
        candidature=candidature,
        transition="apply",
        from_state="",
        to_state=candidature.state,
        actor=user,
        actor_name=user.full_name,
        actor_role=actor_role,
    )
    _notify(BY_NAME["apply"], entry)
    return entry


def _notify(transition, entry):
    path_changed.send(sender=TransitionLog, candidature_id=entry.candidature_id, entry_id=entry.pk)
    for notification in transition.notifications:
        notification.on_commit(entry.pk)


SYSTEM = Actor.SYSTEM
