"""A company's offers through its token: the same rules as the offer form (tdu.offers.services)."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status

from tdu.matching.params import SearchInputError
from tdu.offers import services
from tdu.offers.enums import ContractType
from tdu.partners import access
from tdu.partners.scopes import Kind
from tdu.references.models import Commune, RomeCode
from tdu.utils.errors import NotAllowed
from tdu.www.api import pagination
from tdu.www.api.auth import BEARER, need
from tdu.www.api.partner_schemas import OffreIn, OffrePartnerOut, OffresOut
from tdu.www.api.schemas import ErreurOut, Since

router = Router(tags=["Entreprises : offres"], auth=BEARER)
ERRORS = {400: ErreurOut, 401: ErreurOut, 403: ErreurOut, 404: ErreurOut, 409: ErreurOut}
FIELDS = {"intitule": "title", "rome": "rome", "commune": "commune", "adresse": "address", "description": "description",
          "type_contrat": "contract_type", "duree_mois": "contract_duration_months", "postes": "positions",
          "immersion_possible": "immersion_possible", "expire_le": "expires_on"}  # fmt: skip
FIELD_NAMES = {model: api for api, model in FIELDS.items()}


class ListQuery(Schema):
    curseur: str | None = None
    limite: int | None = None
    modifiees_depuis: Since | None = None


def out(offer):
    return {
        "id": offer.pk,
        "identifiant_externe": services.partner_id_of(offer),
        "intitule": offer.title,
        "rome": offer.rome_id,
        "commune": offer.commune.code,
        "type_contrat": offer.contract_type,
        "duree_mois": offer.contract_duration_months,
        "statut": offer.status,
        "publiee_le": offer.published_at,
        "modifiee_le": offer.updated_at,
    }


def _company(request, scope):
    token = need(request, scope)
    if token.kind != Kind.COMPANY and scope != "offres:lecture":
        raise NotAllowed("Seul le jeton d'une entreprise publie des offres.")
    return token


def _fields(body: OffreIn):
    rome = RomeCode.objects.filter(code=body.rome.upper()).first()
    if rome is None:
        raise SearchInputError("rome", f"Code ROME inconnu : « {body.rome} ».")
    commune = Commune.objects.filter(code=body.commune.upper()).first()
    if commune is None:
        raise SearchInputError("commune", f"Code INSEE de commune inconnu : « {body.commune} ».")
    if body.type_contrat not in ContractType.values:
        raise SearchInputError("type_contrat", "Type de contrat : « cdi » ou « cdd » (de 6 mois ou plus).")
    data = body.dict()
    data["rome"], data["commune"] = rome, commune
    publish = data.pop("publier")
    return {FIELDS[name]: value for name, value in data.items()}, publish


def invalid(error):
    """The first message of an InvalidOffer, named by the API's field."""
    field, messages = next(iter(error.errors.items()))
    return SearchInputError(FIELD_NAMES.get(field, field or None), messages[0])


@router.get("/entreprise/offres", response={200: OffresOut, **ERRORS}, summary="Lister ses offres")
def list_offers(request: HttpRequest, filters: Query[ListQuery]):
    """Les offres de l'entreprise du jeton (ou de la Région, pour un jeton de Région), dans l'ordre des numéros ;
    `modifiees_depuis` (ISO 8601) ne garde que les offres modifiées depuis ce moment. Droit : `offres:lecture`."""
    token = need(request, "offres:lecture")
    offers = access.offers(token).select_related("commune")
    if filters.modifiees_depuis:
        offers = offers.filter(updated_at__gte=filters.modifiees_depuis)
    rows, cursor = pagination.page(offers, filters.curseur, pagination.limit_of(filters.limite))
    return {"resultats": [out(o) for o in rows], "suivant": cursor}


@router.put(
    "/entreprise/offres/externe/{identifiant}",
    response={200: OffrePartnerOut, 201: OffrePartnerOut, **ERRORS},
    summary="Créer ou modifier une offre par son identifiant externe",
)
def upsert_offer(request: HttpRequest, identifiant: str, body: OffreIn):
    """Idempotent : la même requête deux fois donne la même offre. Mêmes règles que le formulaire (CDI, ou CDD de
    6 mois ou plus ; code ROME ; commune). Réponse 201 à la création, 200 à la modification. Droit :
    `offres:ecriture`."""
    token = _company(request, "offres:ecriture")
    fields, publish = _fields(body)
    try:
        offer, created = services.upsert_partner_offer(
            token.organisation, identifiant, publish=publish, **fields
        )
    except services.InvalidOffer as error:
        raise invalid(error) from None
    return Status(201 if created else 200, out(offer))


@router.get(
    "/entreprise/offres/{offre_id}", response={200: OffrePartnerOut, **ERRORS}, summary="Lire une offre"
)
def read_offer(request: HttpRequest, offre_id: int):
    """Droit : `offres:lecture`."""
    token = need(request, "offres:lecture")
    return out(get_object_or_404(access.offers(token).select_related("commune"), pk=offre_id))


@router.post(
    "/entreprise/offres/{offre_id}/cloturer",
    response={200: OffrePartnerOut, **ERRORS},
    summary="Clôturer une offre",
)
def close_offer(request: HttpRequest, offre_id: int):
    """L'offre n'est plus proposée ; les candidatures en cours continuent. Droit : `offres:ecriture`."""
    token = _company(request, "offres:ecriture")
    offer = get_object_or_404(access.offers(token), pk=offre_id)
    return out(services.change_status(offer, "close"))
