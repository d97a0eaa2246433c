"""Webhook subscriptions through a token (scope `webhooks`): create, list, delete, send a test event."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from tdu.matching.params import SearchInputError
from tdu.partners import webhooks
from tdu.partners.models import ORGANISATION_FIELDS, WebhookSubscription
from tdu.utils.errors import DomainError
from tdu.www.api.auth import BEARER, need
from tdu.www.api.partner_schemas import EnvoiOut, WebhookIn, WebhookOut
from tdu.www.api.schemas import ErreurOut

router = Router(tags=["Webhooks"], auth=BEARER)
ERRORS = {400: ErreurOut, 401: ErreurOut, 403: ErreurOut, 404: ErreurOut, 409: ErreurOut}


def _subscriptions(token):
    return WebhookSubscription.objects.filter(**{ORGANISATION_FIELDS[token.kind]: token.organisation})


def out(subscription, secret=False):
    return {
        "id": subscription.pk,
        "url": subscription.url,
        "evenements": subscription.events,
        "en_pause": subscription.paused_at is not None,
        "secret": subscription.secret if secret else None,
    }


@router.get("/webhooks", response={200: list[WebhookOut], **ERRORS}, summary="Lister ses abonnements")
def list_subscriptions(request: HttpRequest):
    """Droit : `webhooks`."""
    return [out(s) for s in _subscriptions(need(request, "webhooks"))]


@router.post("/webhooks", response={201: WebhookOut, **ERRORS}, summary="S'abonner aux événements")
def subscribe(request: HttpRequest, body: WebhookIn):
    """Une adresse https publique ; `evenements` : les transitions voulues (vide : toutes). La réponse donne la clé
    de signature, une seule fois (voir « Vérifier une signature » dans le README). Droit : `webhooks`."""
    token = need(request, "webhooks")
    try:
        subscription = webhooks.subscribe(
            token.kind, token.organisation, token.created_by, url=body.url, events_wanted=body.evenements
        )
    except DomainError as error:
        raise SearchInputError(
            "url" if isinstance(error, webhooks.InvalidUrl) else "evenements", error.message
        ) from None
    return Status(201, out(subscription, secret=True))


@router.delete("/webhooks/{abonnement_id}", response={204: None, **ERRORS}, summary="Se désabonner")
def unsubscribe(request: HttpRequest, abonnement_id: int):
    """Droit : `webhooks`."""
    get_object_or_404(_subscriptions(need(request, "webhooks")), pk=abonnement_id).delete()
    return Status(204, None)


@router.post(
    "/webhooks/{abonnement_id}/test",
    response={202: EnvoiOut, **ERRORS},
    summary="Envoyer un événement de test",
)
def send_test(request: HttpRequest, abonnement_id: int):
    """Un événement `test`, signé comme les autres. Droit : `webhooks`."""
    subscription = get_object_or_404(_subscriptions(need(request, "webhooks")), pk=abonnement_id)
    delivery = webhooks.send_test(subscription)
    return Status(
        202,
        {
            "id": delivery.pk,
            "evenement": delivery.event,
            "statut": delivery.status,
            "essais": delivery.attempts,
            "dernier_code": delivery.last_status_code,
            "cree_le": delivery.created_at,
        },
    )
