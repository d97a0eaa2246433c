"""Candidatures through a token: read those the organisation is party to, act through the page's own actions
(tdu.www.path.actions: the same forms, services and workflow table), follow the events."""

import json

from django.http import Http404, HttpRequest, QueryDict
from ninja import Query, Router, Schema
from pydantic import ConfigDict

from tdu.candidatures import workflow
from tdu.candidatures.enums import State
from tdu.candidatures.rights import roles_of
from tdu.matching.params import SearchInputError
from tdu.partners import access, events
from tdu.utils.errors import Conflict, NotAllowed
from tdu.www.api import pagination
from tdu.www.api.auth import BEARER, need
from tdu.www.api.partner_schemas import CandidatureDetailOut, CandidaturesOut, EvenementsOut
from tdu.www.api.schemas import ErreurOut, Since
from tdu.www.path import actions

router = Router(tags=["Candidatures et événements"], auth=BEARER)
ERRORS = {400: ErreurOut, 401: ErreurOut, 403: ErreurOut, 404: ErreurOut, 409: ErreurOut}


class ListQuery(Schema):
    etat: str | None = None
    offre: int | None = None
    modifiees_depuis: Since | None = None
    curseur: str | None = None
    limite: int | None = None


class ActionIn(Schema):
    """The fields of the action's form, as the candidature page names them (any other field is ignored)."""

    model_config = ConfigDict(extra="allow")


class EventsQuery(Schema):
    depuis: str | None = None
    limite: int | None = None


def _fields(request) -> dict:
    """The JSON object sent (the schema above documents it; ninja keeps no undeclared field, so read it here)."""
    try:
        sent = json.loads(request.body or b"{}")
    except ValueError:
        raise SearchInputError(None, "Le corps de la requête n'est pas du JSON valide.") from None
    if not isinstance(sent, dict):
        raise SearchInputError(None, "Le corps de la requête doit être un objet JSON.")
    return sent


def possible_actions(token, candidature):
    role = access.ROLE[token.kind]
    roles = roles_of(token.created_by, candidature) & {role}
    return [t.name for t in workflow.available(candidature, roles) if t.name in actions.ACTIONS]


def out(token, candidature, with_log=False):
    data = {
        "id": candidature.pk,
        "etat": candidature.state,
        "etat_libelle": candidature.get_state_display(),
        "offre": candidature.offer_id,
        "offre_intitule": candidature.offer.title,
        "entreprise": candidature.company.name,
        "personne": candidature.job_seeker.full_name,
        "structure_accompagnement": (
            candidature.prescriber_organisation.name if candidature.prescriber_organisation else None
        ),
        "envoyee_le": candidature.created_at,
        "modifiee_le": candidature.state_changed_at,
        "actions_possibles": possible_actions(token, candidature),
    }
    if with_log:
        data["journal"] = [events.event_of(entry) for entry in candidature.log.select_related("candidature")]
    return data


def _candidatures(token):
    return access.candidatures(token).select_related(
        "offer", "company", "job_seeker", "prescriber_organisation"
    )


def _one(token, candidature_id):
    candidature = _candidatures(token).with_documents().filter(pk=candidature_id).first()
    if candidature is None:
        raise Http404
    return candidature


@router.get("/candidatures", response={200: CandidaturesOut, **ERRORS}, summary="Lister ses candidatures")
def list_candidatures(request: HttpRequest, filters: Query[ListQuery]):
    """Les candidatures dont l'organisation du jeton est partie (entreprise, organisme de formation, structure
    d'accompagnement, Région), dans l'ordre des numéros. Filtres : `etat`, `offre`, `modifiees_depuis`. Droit :
    `candidatures:lecture`."""
    token = need(request, "candidatures:lecture")
    candidatures = _candidatures(token)
    if filters.etat:
        if filters.etat not in State.values:
            raise SearchInputError("etat", f"État inconnu : « {filters.etat} ».")
        candidatures = candidatures.filter(state=filters.etat)
    if filters.offre:
        candidatures = candidatures.filter(offer_id=filters.offre)
    if filters.modifiees_depuis:
        candidatures = candidatures.filter(state_changed_at__gte=filters.modifiees_depuis)
    rows, cursor = pagination.page(candidatures, filters.curseur, pagination.limit_of(filters.limite))
    return {"resultats": [out(token, c) for c in rows], "suivant": cursor}


@router.get(
    "/candidatures/{candidature_id}",
    response={200: CandidatureDetailOut, **ERRORS},
    summary="Lire une candidature",
)
def read_candidature(request: HttpRequest, candidature_id: int):
    """Avec son journal (chaque transition, qui, quand) et les actions que le jeton peut faire maintenant. Droit :
    `candidatures:lecture`."""
    token = need(request, "candidatures:lecture")
    return out(token, _one(token, candidature_id), with_log=True)


@router.post(
    "/candidatures/{candidature_id}/actions/{action}",
    response={200: CandidatureDetailOut, **ERRORS},
    summary="Agir sur une candidature",
)
def act(request: HttpRequest, candidature_id: int, action: str, body: ActionIn | None = None):
    """Une action du parcours (nom de la transition, ex. `open`, `refuse`, `validate_immersion`), avec les champs de
    son formulaire en JSON (ex. `{"reason_code": "position_filled", "reason": "…"}` pour `refuse`). Mêmes règles que
    la page de la candidature : une action impossible dans l'état actuel est un 409, une action d'un autre rôle un
    403. Droit : `candidatures:actions`."""
    token = need(request, "candidatures:actions")
    candidature = _one(token, candidature_id)
    declared = actions.ACTIONS.get(action)
    transition = workflow.BY_NAME.get(action)
    if declared is None or transition is None:
        raise SearchInputError("action", f"Action inconnue : « {action} ».")
    if access.ROLE[token.kind] not in transition.actors:
        raise NotAllowed(f"Un jeton {token.kind.label.lower()} ne peut pas faire l'action « {action} ».")
    if action not in possible_actions(token, candidature):
        raise Conflict(f"Action impossible : la candidature est « {candidature.get_state_display()} ».")
    access.check_acting_role(token, candidature, transition)
    data = QueryDict(mutable=True)
    for name, value in _fields(request).items():
        if isinstance(value, list):
            data.setlist(name, [str(v) for v in value])
        elif value is not None:
            data[name] = (
                value
                if isinstance(value, str)
                else str(value).lower()
                if isinstance(value, bool)
                else str(value)
            )
    form = declared.bind(candidature, data)
    if form is not None and not form.is_valid():
        field, messages = next(iter(form.errors.items()))
        raise SearchInputError(None if field == "__all__" else field, messages[0])
    declared.run(token.created_by, candidature, form.cleaned_data if form is not None else {})
    return out(token, _one(token, candidature_id), with_log=True)


@router.get("/evenements", response={200: EvenementsOut, **ERRORS}, summary="Suivre les événements")
def feed(request: HttpRequest, filters: Query[EventsQuery]):
    """Chaque transition d'une candidature que l'organisation peut voir, dans l'ordre. Redonnez `suivant` en
    `depuis` pour la suite ; `a_jour` vrai : il n'y a rien de plus pour l'instant (revenez plus tard avec le même
    `suivant`). Droit : `candidatures:lecture`."""
    token = need(request, "candidatures:lecture")
    entries = access.events(token).select_related("candidature")
    since = pagination.decode(filters.depuis, "depuis")
    rows, more = pagination.page(entries, filters.depuis, pagination.limit_of(filters.limite), field="depuis")
    last = rows[-1].pk if rows else since
    return {
        "resultats": [events.event_of(e) for e in rows],
        "suivant": pagination.encode(last) if last else None,
        "a_jour": more is None,
    }
