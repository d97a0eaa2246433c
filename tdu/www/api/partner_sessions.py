"""A training organisation's sessions through its token: the same rules as the session form."""

from typing import Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status

from tdu.matching.params import SearchInputError
from tdu.organisations import funding
from tdu.partners import access
from tdu.partners.scopes import Kind
from tdu.references.models import Commune, Region
from tdu.trainings import services
from tdu.trainings.models import FundingConfirmation, Training, TrainingSession
from tdu.utils.errors import NotAllowed
from tdu.www.api import pagination
from tdu.www.api.auth import BEARER, need
from tdu.www.api.partner_schemas import FinancementIn, PlacesIn, SessionIn, SessionPartnerOut, SessionsOut
from tdu.www.api.schemas import ErreurOut, Since

router = Router(tags=["Organismes de formation : sessions"], auth=BEARER)
ERRORS = {400: ErreurOut, 401: ErreurOut, 403: ErreurOut, 404: ErreurOut, 409: ErreurOut}
FIELD_NAMES = {"training": "formation", "commune": "commune", "address": "adresse", "start_date": "debut",
               "end_date": "fin", "funding_region": "region", "funded_places": "places_financees",
               "recruitment_open": "recrutement_ouvert", "external_id": "identifiant"}  # fmt: skip


class ListQuery(Schema):
    curseur: str | None = None
    limite: int | None = None
    modifiees_depuis: Since | None = None
    financement: Literal["a_confirmer"] | None = None


def out(session):
    return {
        "id": session.pk,
        "identifiant_externe": services.partner_id_of(session),
        "formation": session.training_id,
        "intitule": session.training.title,
        "commune": session.commune.code,
        "debut": session.start_date,
        "fin": session.end_date,
        "region": session.funding_region_id,
        "financement": "a_confirmer"
        if session.funding_to_confirm
        else "confirme"
        if session.funding_region_id
        else None,
        "places_financees": session.funded_places,
        "places_occupees": session.enrolled_count,
        "recrutement_ouvert": session.recruitment_open,
        "modifiee_le": session.updated_at,
    }


def _organisation(request, scope):
    token = need(request, scope)
    if token.kind != Kind.TRAINING and scope != "sessions:lecture":
        raise NotAllowed("Seul le jeton d'un organisme de formation écrit des sessions.")
    return token


def invalid(error):
    field, messages = next(iter(error.errors.items()))
    return SearchInputError(FIELD_NAMES.get(field, field or None), messages[0])


def _fields(token, body: SessionIn):
    training = Training.objects.filter(pk=body.formation, organisation=token.organisation).first()
    if training is None:
        raise SearchInputError("formation", "Cette formation n'est pas une formation de votre organisme.")
    commune = Commune.objects.filter(code=body.commune.upper()).first()
    if commune is None:
        raise SearchInputError("commune", f"Code INSEE de commune inconnu : « {body.commune} ».")
    region = None
    if body.region:
        region = Region.objects.filter(code=body.region).first()
        if region is None:
            raise SearchInputError("region", f"Code de Région inconnu : « {body.region} ».")
    return {
        "training": training,
        "commune": commune,
        "address": body.adresse,
        "start_date": body.debut,
        "end_date": body.fin,
        "funding_region": region,
        "funded_places": body.places_financees,
        "recruitment_open": body.recrutement_ouvert,
    }


def _sessions(token):
    return access.sessions(token).select_related("training", "commune")


@router.get("/organisme/sessions", response={200: SessionsOut, **ERRORS}, summary="Lister ses sessions")
def list_sessions(request: HttpRequest, filters: Query[ListQuery]):
    """Les sessions de l'organisme du jeton (ou celles que finance la Région), dans l'ordre des numéros. Droit :
    `sessions:lecture`."""
    token = need(request, "sessions:lecture")
    sessions = _sessions(token)
    if filters.modifiees_depuis:
        sessions = sessions.filter(updated_at__gte=filters.modifiees_depuis)
    if filters.financement:
        sessions = sessions.funding_to_confirm()
    rows, cursor = pagination.page(sessions, filters.curseur, pagination.limit_of(filters.limite))
    return {"resultats": [out(s) for s in rows], "suivant": cursor}


@router.put(
    "/organisme/sessions/externe/{identifiant}",
    response={200: SessionPartnerOut, 201: SessionPartnerOut, **ERRORS},
    summary="Créer ou modifier une session par son identifiant externe",
)
def upsert_session(request: HttpRequest, identifiant: str, body: SessionIn):
    """Idempotent. Mêmes règles que le formulaire (dates, places financées au moins égales aux places occupées) ;
    une session financée, ouverte et à venir apparaît aussitôt dans la recherche. Droit : `sessions:ecriture`."""
    token = _organisation(request, "sessions:ecriture")
    try:
        session, created = services.upsert_partner_session(
            token.organisation, identifiant, **_fields(token, body)
        )
    except services.InvalidTraining as error:
        raise invalid(error) from None
    session = _sessions(token).get(pk=session.pk)
    return Status(201 if created else 200, out(session))


@router.get(
    "/organisme/sessions/{session_id}",
    response={200: SessionPartnerOut, **ERRORS},
    summary="Lire une session",
)
def read_session(request: HttpRequest, session_id: int):
    """Droit : `sessions:lecture`."""
    return out(get_object_or_404(_sessions(need(request, "sessions:lecture")), pk=session_id))


@router.post(
    "/organisme/sessions/{session_id}/fermer",
    response={200: SessionPartnerOut, **ERRORS},
    summary="Fermer le recrutement",
)
def close_session(request: HttpRequest, session_id: int):
    """La session ne recrute plus : elle disparaît de la recherche. Droit : `sessions:ecriture`."""
    token = _organisation(request, "sessions:ecriture")
    session = get_object_or_404(_sessions(token), pk=session_id)
    services.set_recruitment(session, False)
    return out(_sessions(token).get(pk=session.pk))


@router.put(
    "/organisme/sessions/{session_id}/places",
    response={200: SessionPartnerOut, **ERRORS},
    summary="Mettre à jour les places financées",
)
def set_places(request: HttpRequest, session_id: int, body: PlacesIn):
    """Jamais moins que les places déjà occupées. Droit : `sessions:ecriture`."""
    token = _organisation(request, "sessions:ecriture")
    session = get_object_or_404(_sessions(token), pk=session_id)
    try:
        services.set_funded_places(session, body.places_financees)
    except services.InvalidTraining as error:
        raise invalid(error) from None
    return out(_sessions(token).get(pk=session.pk))


@router.post(
    "/region/sessions/{session_id}/financement",
    response={200: SessionPartnerOut, **ERRORS},
    summary="Confirmer ou refuser le financement d'une session",
)
def decide_funding(request: HttpRequest, session_id: int, body: FinancementIn):
    """Une session qu'un organisme dit financée par la Région n'entre dans la recherche qu'une fois le financement
    confirmé ; refusé, elle reste sans financement régional. L'organisme est prévenu par courriel. Seules les
    sessions « a_confirmer » de la Région du jeton (`?financement=a_confirmer`). Droit : `sessions:financement`."""
    token = need(request, "sessions:financement")
    region = token.organisation
    session = get_object_or_404(funding.pending_for_region(region), pk=session_id)
    if body.decision == "confirmer":
        funding.confirm_funding(session, region, user=token.created_by, through=FundingConfirmation.TOKEN)
    else:
        funding.refuse_funding(session, region, user=token.created_by, reason=body.motif)
    return out(TrainingSession.objects.select_related("training", "commune").get(pk=session.pk))
