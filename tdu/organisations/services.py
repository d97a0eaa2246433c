"""Joining organisations: self sign-up of companies and training organisations, invitations, administrators.

Companies and training organisations register themselves by SIRET; prescribers join only by invitation;
Region teams are created in the administration.
"""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tdu.accounts.models import User
from tdu.accounts.services import (
    AccountError,
    create_account,
    mark_email_verified,
    normalize_email,
)
from tdu.companies.models import Company
from tdu.organisations import joining, notifications
from tdu.organisations.models import (
    CompanyMembership,
    Invitation,
    PrescriberMembership,
    PrescriberOrganisation,
    TrainingOrganisationMembership,
)
from tdu.trainings.models import TrainingOrganisation
from tdu.utils.notifications import absolute
from tdu.utils.validators import normalize_siret, validate_siret

logger = logging.getLogger(__name__)

INVITATION_VALIDITY = datetime.timedelta(days=14)


class OrganisationError(AccountError):
    """A refusal with a French message, the form field it is about (if any) and a short reason code."""

    def __init__(self, message, field=None, code=""):
        super().__init__(message, field=field)
        self.code = code


class Kind:
    """What differs between the three kinds of organisation people belong to."""

    def __init__(self, model, membership, field, invitation_field, label, already_there, members_url):
        self.model = model
        self.membership = membership
        self.field = field  # name of the organisation's foreign key on the membership
        self.invitation_field = invitation_field
        self.label = label
        self.already_there = already_there
        self.members_url = members_url


KINDS = {
    Company: Kind(
        Company,
        CompanyMembership,
        "company",
        "company",
        "l'entreprise",
        "Cette entreprise a déjà un espace sur Trait d'union : "
        "demandez une invitation à son administrateur ou administratrice.",
        lambda org: reverse("accounts:company_members", args=[org.siret]),
    ),
    TrainingOrganisation: Kind(
        TrainingOrganisation,
        TrainingOrganisationMembership,
        "organisation",
        "training_organisation",
        "l'organisme de formation",
        "Cet organisme de formation a déjà un espace sur Trait d'union : "
        "demandez une invitation à son administrateur ou administratrice.",
        lambda org: reverse("accounts:training_members", args=[org.siret]),
    ),
    PrescriberOrganisation: Kind(
        PrescriberOrganisation,
        PrescriberMembership,
        "organisation",
        "prescriber_organisation",
        "la structure",
        "",
        lambda org: reverse("accounts:prescriber_members", args=[org.pk]),
    ),
}


def kind_of(organisation) -> Kind:
    return KINDS[type(organisation)]


def members_url(organisation) -> str:
    return kind_of(organisation).members_url(organisation)


def members_of(organisation):
    kind = kind_of(organisation)
    return (
        kind.membership.objects.filter(**{kind.field: organisation})
        .select_related("user")
        .order_by("-is_admin", "user__last_name", "user__first_name", "user__email")
    )


def membership_of(organisation, user):
    """The person's membership of the organisation, or None."""
    if not user.is_authenticated:
        return None
    kind = kind_of(organisation)
    return kind.membership.objects.filter(**{kind.field: organisation, "user": user}).first()


def memberships_of_user(user):
    """Every membership of the person, with its organisation, as (kind label, organisation, membership)."""
    rows = []
    for membership in user.company_memberships.select_related("company", "company__commune"):
        rows.append(("Entreprise", membership.company, membership))
    for membership in user.training_organisation_memberships.select_related("organisation"):
        rows.append(("Organisme de formation", membership.organisation, membership))
    for membership in user.prescriber_memberships.select_related("organisation"):
        rows.append(("Structure d'accompagnement", membership.organisation, membership))
    return rows


# --- Self sign-up by SIRET -----------------------------------------------------------------------------


def _create_or_join(model, user, siret, name, commune):
    kind = KINDS[model]
    siret = normalize_siret(siret)
    try:
        validate_siret(siret)
    except ValidationError as error:
        raise OrganisationError(error.messages[0], field="siret") from None
    with transaction.atomic():
        organisation = model.objects.select_for_update().filter(siret=siret).first()
        if organisation is None:
            if not (name or "").strip():
                raise OrganisationError(
                    f"Ce SIRET n'est pas encore sur Trait d'union : indiquez le nom de {kind.label}.",
                    field="name",
                )
            if commune is None:
                raise OrganisationError(
                    f"Ce SIRET n'est pas encore sur Trait d'union : indiquez la commune de {kind.label}.",
                    field="commune",
                )
            try:
                with transaction.atomic():
                    organisation = model.objects.create(siret=siret, name=name.strip(), commune=commune)
            except IntegrityError:
                raise OrganisationError(
                    "Ce SIRET vient d'être inscrit par quelqu'un d'autre : réessayez dans un instant.",
                    field="siret",
                ) from None
            return kind.membership.objects.create(user=user, is_admin=True, **{kind.field: organisation})
        if kind.membership.objects.filter(**{kind.field: organisation}).exists():
            raise OrganisationError(kind.already_there, field="siret")
        # Known but without members: knowing its SIRET proves nothing (it is public). A join request.
        return joining.open_request(user, organisation)


def register_organisation_member(
    model, *, email, password, first_name, last_name, phone="", siret, name="", commune=None
):
    """Sign-up page of a company or training organisation: the account and the membership (a new organisation)
    or a join request (one already known without members: tdu.organisations.joining), or nothing.

    The account must still confirm its address (the link is emailed once everything is committed).
    """
    with transaction.atomic():
        user = create_account(
            email=email, password=password, first_name=first_name, last_name=last_name, phone=phone
        )
        _create_or_join(model, user, siret, name, commune)
    return user


# --- Administrators and invitations --------------------------------------------------------------------


def _require_admin(organisation, user):
    membership = membership_of(organisation, user)
    if _is_region_staff_of(organisation, user):
        # Region staff create prescriber organisations and invite their first members.
        return membership
    if membership is None or not membership.is_admin:
        raise OrganisationError(
            "Seuls les administrateurs et administratrices de la structure peuvent faire cela."
        )
    return membership


def _is_region_staff_of(organisation, user):
    return (
        isinstance(organisation, PrescriberOrganisation)
        and user.region_memberships.filter(region_id=organisation.region_id).exists()
    )


def make_admin(organisation, member_id, by):
    """`by`, an administrator, makes another member (membership id) an administrator too."""
    _require_admin(organisation, by)
    if not str(member_id).isdigit():
        raise OrganisationError("Cette personne ne fait pas partie de la structure.", field="member")
    kind = kind_of(organisation)
    membership = (
        kind.membership.objects.filter(**{kind.field: organisation}, pk=member_id)
        .select_related("user")
        .first()
    )
    if membership is None:
        raise OrganisationError("Cette personne ne fait pas partie de la structure.", field="member")
    if not membership.is_admin:
        membership.is_admin = True
        membership.save(update_fields=["is_admin"])
    return membership


def invitation_url(invitation) -> str:
    return absolute(reverse("accounts:accept_invitation", args=[invitation.token]))


def invitation_is_expired(invitation) -> bool:
    return invitation.created_at < timezone.now() - INVITATION_VALIDITY


def pending_invitations(organisation):
    kind = kind_of(organisation)
    return Invitation.objects.filter(
        **{kind.invitation_field: organisation},
        accepted_at__isnull=True,
        created_at__gte=timezone.now() - INVITATION_VALIDITY,
    ).order_by("-created_at")


def create_prescriber_organisation(region, by, *, first_member="", **fields) -> PrescriberOrganisation:
    """Region staff create a prescriber organisation of their region, and may invite its first member."""
    if not by.region_memberships.filter(region=region).exists():
        raise OrganisationError("Seule l'équipe de la Région peut créer une structure d'accompagnement.")
    with transaction.atomic():
        organisation = PrescriberOrganisation.objects.create(region=region, **fields)
        if first_member:
            invite(organisation, first_member, by)
    logger.info("prescriber organisation %s created in region %s by %s", organisation.pk, region.code, by.pk)
    return organisation


def invite(organisation, email, invited_by) -> Invitation:
    """An invitation to join the organisation, emailed with its link (a pending one is sent again)."""
    email = normalize_email(email)
    if not email:
        raise OrganisationError("Indiquez l'adresse électronique de la personne à inviter.", field="email")
    _require_admin(organisation, invited_by)
    kind = kind_of(organisation)
    if kind.membership.objects.filter(**{kind.field: organisation}, user__email__iexact=email).exists():
        raise OrganisationError("Cette personne fait déjà partie de la structure.", field="email")
    with transaction.atomic():
        invitation = pending_invitations(organisation).filter(email__iexact=email).first()
        if invitation is None:
            invitation = Invitation.objects.create(
                email=email, invited_by=invited_by, **{kind.invitation_field: organisation}
            )
        notifications.InvitationToJoin.on_commit(invitation)
    return invitation


def usable_invitation(token):
    """The invitation behind a link, or OrganisationError (unknown, already used or expired)."""
    invitation = (
        Invitation.objects.select_related(
            "company", "training_organisation", "prescriber_organisation", "invited_by"
        )
        .filter(token=token)
        .first()
    )
    if invitation is None:
        raise OrganisationError("Ce lien d'invitation n'existe pas.", code="unknown")
    if invitation.accepted_at is not None:
        raise OrganisationError(
            "Cette invitation a déjà été utilisée. Connectez-vous, ou demandez une nouvelle invitation.",
            code="used",
        )
    if invitation_is_expired(invitation):
        raise OrganisationError(
            "Cette invitation a expiré : demandez-en une nouvelle à la personne qui vous a invité·e.",
            code="expired",
        )
    return invitation


def account_for_invitation(invitation):
    """The existing account of the invited address, if any; opening the emailed link confirms that address."""
    user = User.objects.filter(email__iexact=normalize_email(invitation.email)).first()
    if user is not None:
        mark_email_verified(user)
    return user


def accept_invitation(invitation, user):
    """The invited person joins the organisation; the invitation can't be used again."""
    if normalize_email(user.email) != normalize_email(invitation.email):
        raise OrganisationError("Cette invitation a été envoyée à une autre adresse électronique.")
    kind = kind_of(invitation.organisation)
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.accepted_at is not None:
            raise OrganisationError("Cette invitation a déjà été utilisée.", code="used")
        locked.accepted_at = invitation.accepted_at = timezone.now()
        locked.save(update_fields=["accepted_at"])
        mark_email_verified(user)
        members = kind.membership.objects.filter(**{kind.field: invitation.organisation})
        first_admin = not members.filter(is_admin=True).exists()  # the first member administers it
        membership, _ = kind.membership.objects.get_or_create(
            user=user, **{kind.field: invitation.organisation}, defaults={"is_admin": first_admin}
        )
    return membership


def accept_invitation_as_new_user(invitation, *, first_name, last_name, password):
    """No account yet for the invited address: create it, already verified (the link proves the address)."""
    with transaction.atomic():
        user = create_account(
            email=invitation.email,
            password=password,
            first_name=first_name,
            last_name=last_name,
            verified=True,
        )
        accept_invitation(invitation, user)
    return user
