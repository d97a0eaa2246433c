"""Which roles a person holds relative to one candidature."""

from tdu.candidatures.enums import Actor


def roles_of(user, candidature) -> set[str]:
    if not user or not user.is_authenticated:
        return set()
    roles = set()
    if candidature.job_seeker_id == user.pk:
        roles.add(Actor.JOB_SEEKER)
    if candidature.company.memberships.filter(user=user).exists():
        roles.add(Actor.COMPANY)
    if (
        candidature.prescriber_organisation_id
        and candidature.prescriber_organisation.memberships.filter(user=user).exists()
    ):
        roles.add(Actor.PRESCRIBER)
    if candidature.enrolments.filter(session__training__organisation__memberships__user=user).exists():
        roles.add(Actor.TRAINING_ORGANISATION)
    if user.region_memberships.filter(region__departments__communes=candidature.offer.commune_id).exists():
        roles.add(Actor.REGION)
    return roles


def acting_role(user, candidature, transition) -> str | None:
    """The role in which `user` may perform `transition`, if any (a deterministic choice)."""
    allowed = roles_of(user, candidature) & set(transition.actors)
    for role in Actor:
        if role in allowed:
            return role
    return None
