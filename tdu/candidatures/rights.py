"""Who may do what on a candidature, declared once.

A person holds roles relative to one candidature (she is the job seeker, a member of the company, of the
prescriber organisation, of a training organisation with an enrolment, of the offer's region's staff). What each
role may read is declared in PERMISSIONS; what each role may do is the workflow table (tdu.candidatures.workflow).
`visible_to`, `roles_of` and the views all derive from this module.
"""

from django.db.models import Exists, OuterRef, Q, Value

from tdu.candidatures.enums import Actor, EnrolmentStatus

# Platform operators (Django staff): they read the path and its documents, never act on it nor read a CV.
STAFF = "staff"
PATH_ROLES = frozenset(
    {Actor.JOB_SEEKER, Actor.COMPANY, Actor.PRESCRIBER, Actor.TRAINING_ORGANISATION, Actor.REGION}
)
PERMISSIONS = {
    "view": PATH_ROLES | {STAFF},
    # The CV is the parties' business only: not even the platform's operators read it.
    "read_cv": frozenset({Actor.JOB_SEEKER, Actor.COMPANY, Actor.PRESCRIBER}),
    # Phone and email: the people who work with her. The region's staff see them only to act (logged).
    "read_contact": frozenset(
        {Actor.JOB_SEEKER, Actor.COMPANY, Actor.PRESCRIBER, Actor.TRAINING_ORGANISATION}
    ),
    # The convention: its parties, the prescriber who validates it and the region; not the training organisation.
    "read_convention": frozenset({Actor.JOB_SEEKER, Actor.COMPANY, Actor.PRESCRIBER, Actor.REGION, STAFF}),
    "read_commitment": PATH_ROLES | {STAFF},
}
CURRENT_ENROLMENT = (EnrolmentStatus.REQUESTED, EnrolmentStatus.ACCEPTED)
ANNOTATIONS = {
    Actor.JOB_SEEKER: "role_job_seeker",
    Actor.COMPANY: "role_company",
    Actor.PRESCRIBER: "role_prescriber",
    Actor.TRAINING_ORGANISATION: "role_training_organisation",
    Actor.REGION: "role_region",
}


def _role_conditions(user):
    """For each role, a condition on a candidature row that says whether `user` holds it."""
    from tdu.candidatures.models import Enrolment
    from tdu.organisations.models import CompanyMembership, PrescriberMembership, RegionMembership

    return {
        Actor.JOB_SEEKER: Q(job_seeker_id=user.pk),
        Actor.COMPANY: Exists(CompanyMembership.objects.filter(company_id=OuterRef("company_id"), user=user)),
        Actor.PRESCRIBER: Exists(
            PrescriberMembership.objects.filter(
                organisation_id=OuterRef("prescriber_organisation_id"), user=user
            )
        ),
        # Only the organisation of the enrolment in progress: one that refused it has nothing more to do here.
        Actor.TRAINING_ORGANISATION: Exists(
            Enrolment.objects.filter(
                candidature_id=OuterRef("pk"),
                status__in=CURRENT_ENROLMENT,
                session__training__organisation__memberships__user=user,
            )
        ),
        Actor.REGION: Exists(
            RegionMembership.objects.filter(
                user=user, region__departments__communes=OuterRef("offer__commune_id")
            )
        ),
    }


def with_roles(queryset, user):
    """Annotate each candidature with the roles `user` holds on it (five booleans, computed by the database)."""
    conditions = _role_conditions(user)
    return queryset.annotate(
        roles_for=Value(user.pk),
        **{ANNOTATIONS[role]: condition for role, condition in conditions.items()},
    )


def visible_to(queryset, user):
    if not user.is_authenticated:
        return queryset.none()
    annotated = with_roles(queryset, user)
    if user.is_staff:
        return annotated
    any_role = Q()
    for name in ANNOTATIONS.values():
        any_role |= Q(**{name: True})
    return annotated.filter(any_role)


def roles_of(user, candidature) -> set[str]:
    """The roles `user` holds on `candidature`; free when it was fetched through `visible_to(user)`."""
    if not user or not user.is_authenticated:
        return set()
    if getattr(candidature, "roles_for", None) != user.pk:
        row = with_roles(type(candidature).objects.filter(pk=candidature.pk), user).values(
            *ANNOTATIONS.values()
        )
        values = row.first() or {}
        for name in ANNOTATIONS.values():
            setattr(candidature, name, bool(values.get(name)))
        candidature.roles_for = user.pk
    roles: set[str] = {role for role, name in ANNOTATIONS.items() if getattr(candidature, name)}
    if user.is_staff:
        roles.add(STAFF)
    return roles


def forget_roles(candidature):
    """Roles change with the path (an enrolment adds the training organisation): read them again next time."""
    candidature.roles_for = None


# What a prescriber reads only when her structure is the seeker's own (the one that registered her or that she
# chose in her profile), not one the company picked to validate a convention.
SEEKERS_OWN_PRESCRIBER_ONLY = frozenset({"read_cv"})


def chosen_by_the_seeker(candidature) -> bool:
    profile = getattr(candidature.job_seeker, "job_seeker_profile", None)
    return bool(
        candidature.prescriber_organisation_id
        and profile is not None
        and profile.prescriber_organisation_id == candidature.prescriber_organisation_id
    )


def may(user, candidature, permission: str) -> bool:
    roles = roles_of(user, candidature)
    if permission in SEEKERS_OWN_PRESCRIBER_ONLY and not chosen_by_the_seeker(candidature):
        roles = roles - {Actor.PRESCRIBER}
    return bool(roles & PERMISSIONS[permission])


def acting_role(user, candidature, transition) -> str | None:
    """The role in which `user` may perform `transition`, if any (a deterministic choice)."""
    allowed = roles_of(user, candidature) & set(transition.actors)
    for role in Actor:
        if role in allowed:
            return role
    return None
