"""One function per action on a job offer: check the rules, then write, all or nothing.

Errors are French and shown as is: InvalidOffer (field by field) for contents, DomainError for status changes.
"""

import re

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tdu.offers.enums import ContractType, OfferSource, OfferStatus
from tdu.offers.models import JobOffer
from tdu.utils.errors import DomainError
from tdu.utils.text import single_line

# What a company writes; everything else (status, source, coordinates) is the service's business.
EDITABLE_FIELDS = (
    "title",
    "rome",
    "commune",
    "address",
    "description",
    "contract_type",
    "contract_duration_months",
    "positions",
    "immersion_possible",
    "immersion_from",
    "immersion_until",
    "expires_on",
)
EDITABLE_STATUSES = {OfferStatus.DRAFT, OfferStatus.PUBLISHED, OfferStatus.EXPIRED}

# action -> (label shown on the button, statuses it applies to, resulting status)
STATUS_ACTIONS = {
    "publish": ("Publier", {OfferStatus.DRAFT, OfferStatus.EXPIRED}, OfferStatus.PUBLISHED),
    "fill": ("Marquer comme pourvue", {OfferStatus.PUBLISHED}, OfferStatus.FILLED),
    "close": (
        "Clôturer",
        {OfferStatus.DRAFT, OfferStatus.PUBLISHED, OfferStatus.EXPIRED},
        OfferStatus.CLOSED,
    ),
}


class InvalidOffer(DomainError):
    """The offer breaks a rule; `errors` maps each field (None: the whole offer) to its French messages."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__(" ".join(message for messages in errors.values() for message in messages))


def _errors_of(validation_error):
    return {
        (None if field == NON_FIELD_ERRORS else field): list(messages)
        for field, messages in validation_error.message_dict.items()
    }


def _check(offer, today=None):
    today = today or timezone.localdate()
    errors = {}
    try:
        offer.full_clean(exclude=["latitude", "longitude"])
    except ValidationError as error:
        errors = _errors_of(error)
    if offer.expires_on and offer.expires_on < today and "expires_on" not in errors:
        errors["expires_on"] = [f"La date d'expiration ({offer.expires_on:%d/%m/%Y}) est déjà passée."]
    if errors:
        raise InvalidOffer(errors)


def _apply(offer, fields):
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Champs non modifiables : {', '.join(sorted(unknown))}")
    previous_commune = offer.commune_id
    for name, value in fields.items():
        setattr(offer, name, value)
    offer.title = single_line(offer.title)
    if offer.contract_type == ContractType.CDI:
        offer.contract_duration_months = None  # a CDI has no duration: the field only concerns CDDs
    if not offer.immersion_possible:
        offer.immersion_from = offer.immersion_until = None
    if offer.commune_id != previous_commune:  # the place follows the commune's coordinates
        offer.latitude = offer.longitude = None


def create_offer(company, *, publish=False, external_id="", source=OfferSource.PLATFORM, **fields):
    """A new offer of `company`, saved as a draft or published at once."""
    offer = JobOffer(
        company=company,
        status=OfferStatus.PUBLISHED if publish else OfferStatus.DRAFT,
        external_id=external_id,
        source=source,
    )
    _apply(offer, fields)
    _check(offer)
    with transaction.atomic():
        offer.save()
    return offer


def update_offer(offer, *, publish=False, **fields):
    """Change an offer's contents; `publish` also publishes a draft (or an expired offer)."""
    with transaction.atomic():
        offer = JobOffer.objects.select_for_update().get(pk=offer.pk)
        if offer.status not in EDITABLE_STATUSES:
            raise DomainError(
                f"Cette offre est « {offer.get_status_display()} » : elle ne peut plus être modifiée."
            )
        _apply(offer, fields)
        if publish and offer.status != OfferStatus.PUBLISHED:
            offer.status = OfferStatus.PUBLISHED
            offer.published_at = timezone.now()
        _check(offer)
        offer.save()
    return offer


def actions_for(offer):
    """The status changes possible now, as (action, label) pairs."""
    return [
        (action, label) for action, (label, sources, _) in STATUS_ACTIONS.items() if offer.status in sources
    ]


def change_status(offer, action):
    """Apply one of STATUS_ACTIONS; raise DomainError (French) when the offer's status does not allow it."""
    if action not in STATUS_ACTIONS:
        raise DomainError("Action inconnue.")
    _, sources, target = STATUS_ACTIONS[action]
    with transaction.atomic():
        offer = JobOffer.objects.select_for_update().get(pk=offer.pk)
        if offer.status not in sources:
            raise DomainError(
                f"Action impossible : l'offre est « {offer.get_status_display()} ». "
                "Rechargez la page pour voir son état actuel."
            )
        if target == OfferStatus.PUBLISHED:
            try:
                _check(offer)
            except InvalidOffer as error:
                raise DomainError(f"Publication impossible : {error.message} Modifiez l'offre.") from None
            offer.published_at = timezone.now()
        offer.status = target
        offer.save(update_fields=["status", "published_at", "updated_at"])
    return offer


# --- Partners (the API): the same rules, idempotent on the partner's own identifier ---------------------------

PARTNER_ID = re.compile(r"^[A-Za-z0-9._-]{1,48}$")


def partner_key(company, external_id: str) -> str:
    if not PARTNER_ID.match(external_id or ""):
        raise InvalidOffer(
            {"external_id": ["Identifiant externe : 1 à 48 lettres, chiffres, points, tirets ou soulignés."]}
        )
    return f"{company.pk}-{external_id}"


def partner_id_of(offer) -> str:
    prefix = f"{offer.company_id}-"
    if offer.source != OfferSource.API or not offer.external_id.startswith(prefix):
        return ""
    return offer.external_id.removeprefix(prefix)


def upsert_partner_offer(company, external_id, *, publish=False, **fields):
    """(offer, created): the company's offer known by the partner's id, created or updated."""
    key = partner_key(company, external_id)
    for _ in range(2):
        existing = JobOffer.objects.filter(source=OfferSource.API, external_id=key, company=company).first()
        if existing is not None:
            return update_offer(existing, publish=publish, **fields), False
        try:
            return create_offer(
                company, publish=publish, external_id=key, source=OfferSource.API, **fields
            ), True
        except IntegrityError:
            continue  # created meanwhile by a concurrent request: update it
    raise DomainError("L'offre a changé pendant l'envoi : renvoyez la requête.")
