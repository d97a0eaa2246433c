"""What a token sees and may do: its organisation's objects, within the rights of the member who created it."""

from django.db.models import Q

from tdu.candidatures.enums import Actor
from tdu.candidatures.models import Candidature, TransitionLog
from tdu.candidatures.rights import acting_role
from tdu.offers.models import JobOffer
from tdu.organisations.models import (
    CompanyMembership,
    PrescriberMembership,
    RegionMembership,
    TrainingOrganisationMembership,
)
from tdu.partners.scopes import Kind
from tdu.trainings.models import TrainingSession
from tdu.utils.errors import NotAllowed

ROLE = {
    Kind.COMPANY: Actor.COMPANY,
    Kind.TRAINING: Actor.TRAINING_ORGANISATION,
    Kind.PRESCRIBER: Actor.PRESCRIBER,
    Kind.REGION: Actor.REGION,
}
MEMBERSHIPS = {
    Kind.COMPANY: (CompanyMembership, "company"),
    Kind.TRAINING: (TrainingOrganisationMembership, "organisation"),
    Kind.PRESCRIBER: (PrescriberMembership, "organisation"),
    Kind.REGION: (RegionMembership, "region"),
}


def is_member(user, kind, organisation, *, admin=False) -> bool:
    model, field = MEMBERSHIPS[kind]
    memberships = model.objects.filter(user=user, **{field: organisation})
    return memberships.filter(is_admin=True).exists() if admin else memberships.exists()


def still_valid(owned) -> bool:
    """A token or a subscription works while its creator still belongs to its organisation."""
    return is_member(owned.created_by, owned.kind, owned.organisation)


def _organisation_filter(owned) -> Q:
    organisation = owned.organisation
    return {
        Kind.COMPANY: Q(company=organisation),
        Kind.TRAINING: Q(enrolments__session__training__organisation=organisation)
        | Q(commitments__session__training__organisation=organisation),
        Kind.PRESCRIBER: Q(prescriber_organisation=organisation),
        Kind.REGION: Q(offer__commune__department__region=organisation),
    }[owned.kind]


def candidatures(owned):
    """The candidatures the organisation is party to that its member may see (fetched with her roles)."""
    mine = Candidature.objects.filter(_organisation_filter(owned)).values("pk")
    return Candidature.objects.visible_to(owned.created_by).filter(pk__in=mine)


def events(owned):
    return TransitionLog.objects.filter(candidature__in=candidatures(owned).values("pk"))


def offers(token):
    if token.kind == Kind.COMPANY:
        return JobOffer.objects.filter(company=token.organisation)
    if token.kind == Kind.REGION:
        return JobOffer.objects.filter(commune__department__region=token.organisation)
    return JobOffer.objects.none()


def sessions(token):
    if token.kind == Kind.TRAINING:
        return TrainingSession.objects.filter(training__organisation=token.organisation)
    if token.kind == Kind.REGION:
        return TrainingSession.objects.filter(funding_region=token.organisation)
    return TrainingSession.objects.none()


def check_acting_role(token, candidature, transition):
    """The token acts in its organisation's role only, never in another role its creator may hold."""
    role = acting_role(token.created_by, candidature, transition)
    if role != ROLE[token.kind]:
        raise NotAllowed(
            f"Un jeton {token.kind.label.lower()} ne peut pas faire l'action « {transition.name} »."
        )
