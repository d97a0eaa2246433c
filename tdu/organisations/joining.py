"""Joining a company or training organisation that is already on the service but has no member.

Signing up with its SIRET no longer makes anyone its administrator: it opens a join request, and the person sees
nothing of the organisation until she proves she belongs to it — a 6-digit code sent to an address already known
for it (the contact of its offers), valid 24 h, 5 tries — or the staff of its region approve her. Creating a new
organisation by SIRET stays immediate (tdu.organisations.services).
"""

import datetime
import hashlib
import hmac
import secrets

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tdu.companies.models import Company
from tdu.organisations import notifications
from tdu.organisations.models import JoinRequest
from tdu.utils.errors import DomainError, NotAllowed

CODE_VALIDITY = datetime.timedelta(hours=24)
MAX_ATTEMPTS = 5


def _digest(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def known_address(organisation) -> str:
    """An address already known for the organisation, that someone outside it cannot choose: the contact of its
    most recent offer (imported from France Travail or published before). Empty when none is known."""
    if not isinstance(organisation, Company):
        return ""
    from tdu.offers.models import JobOffer

    offer = (
        JobOffer.objects.filter(company=organisation)
        .exclude(contact_email="")
        .order_by("-updated_at")
        .first()
    )
    return offer.contact_email if offer else ""


def region_of(organisation):
    return organisation.commune.department.region


def open_request(user, organisation):
    """The request (created once per person and organisation); the code leaves after commit if an address is
    known, else the region's staff are told."""
    field = "company" if isinstance(organisation, Company) else "training_organisation"
    request, _ = JoinRequest.objects.get_or_create(user=user, decided_at=None, **{field: organisation})
    address = known_address(organisation)
    if address:
        send_code(request, address)
    else:
        notifications.JoinRequestToReview.on_commit(request.pk)
    return request


def send_code(request, address):
    code = f"{secrets.randbelow(1_000_000):06d}"
    request.code_hash = _digest(code)
    request.code_sent_to = address
    request.code_expires_at = timezone.now() + CODE_VALIDITY
    request.attempts = 0
    request.save(update_fields=["code_hash", "code_sent_to", "code_expires_at", "attempts"])
    notifications.JoinCode.on_commit(request.pk, code)


def confirm_code(request, user, code):
    """The person types the code she was given by the holder of the known address: she becomes administrator."""
    if request.user_id != user.pk:
        raise NotAllowed("Cette demande n'est pas la vôtre.")
    with transaction.atomic():
        request = JoinRequest.objects.select_for_update().get(pk=request.pk)
        if not request.pending:
            raise DomainError("Cette demande est déjà traitée.")
        if not request.code_hash or request.code_expires_at < timezone.now():
            raise DomainError("Ce code a expiré : demandez-en un nouveau à l'équipe de la Région.")
        if request.attempts >= MAX_ATTEMPTS:
            raise DomainError("Trop d'essais : l'équipe de la Région examinera votre demande.")
        right = hmac.compare_digest(request.code_hash, _digest((code or "").strip()))
        if right:
            return _decide(request, user, approved=True)
        # A wrong code counts, and the count is kept (the error below does not undo it).
        request.attempts += 1
        request.save(update_fields=["attempts"])
    left = MAX_ATTEMPTS - request.attempts
    plural = "s" if left > 1 else ""
    if left <= 0:
        raise DomainError("Trop d'essais : l'équipe de la Région examinera votre demande.")
    raise DomainError(f"Ce code n'est pas le bon ({left} essai{plural} restant{plural}).")


def decide(request, by, *, approved):
    """The region's staff approve or refuse (never for an organisation outside their region)."""
    if not by.region_memberships.filter(region=region_of(request.organisation)).exists():
        raise NotAllowed("Seule l'équipe de la Région de cette structure peut traiter cette demande.")
    with transaction.atomic():
        request = JoinRequest.objects.select_for_update().get(pk=request.pk)
        if not request.pending:
            raise DomainError("Cette demande est déjà traitée.")
        return _decide(request, by, approved=approved)


def _decide(request, by, *, approved):
    from tdu.organisations.services import kind_of

    organisation = request.organisation
    request.decided_at, request.decided_by, request.approved = timezone.now(), by, approved
    request.save(update_fields=["decided_at", "decided_by", "approved"])
    if approved:
        kind = kind_of(organisation)
        # The first member administers it; someone who joined meanwhile (an invitation) keeps her place.
        kind.membership.objects.get_or_create(
            user=request.user, **{kind.field: organisation}, defaults={"is_admin": True}
        )
    notifications.JoinRequestDecided.on_commit(request.pk)
    return request


def pending_for_region(region):
    return (
        JoinRequest.objects.filter(decided_at=None)
        .filter(
            Q(company__commune__department__region=region)
            | Q(training_organisation__commune__department__region=region)
        )
        .select_related("user", "company", "training_organisation")
        .order_by("created_at")
    )
