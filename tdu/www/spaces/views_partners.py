"""An organisation's API tokens and webhooks, managed by its administrators (any kind of organisation)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tdu.companies.models import Company
from tdu.organisations.models import PrescriberOrganisation
from tdu.partners import access, tokens, webhooks
from tdu.partners.models import ORGANISATION_FIELDS, ApiToken, WebhookSubscription
from tdu.partners.scopes import SCOPES, Kind
from tdu.partners.spaces import reference_of
from tdu.references.models import Region
from tdu.trainings.models import TrainingOrganisation
from tdu.utils.errors import DomainError
from tdu.www.spaces.forms import TokenForm, WebhookForm
from tdu.www.spaces.views import paginate, posted, query_without

LOOKUPS = {
    Kind.COMPANY: (Company, "siret"),
    Kind.TRAINING: (TrainingOrganisation, "siret"),
    Kind.PRESCRIBER: (PrescriberOrganisation, "pk"),
    Kind.REGION: (Region, "code"),
}


def _organisation(request, kind, ref):
    """(kind, organisation) administered by the person; anything else is not found."""
    try:
        kind = Kind(kind)
    except ValueError:
        raise Http404("Type d'organisation inconnu") from None
    model, field = LOOKUPS[kind]
    if field == "pk" and not ref.isdigit():
        raise Http404
    organisation = get_object_or_404(model, **{field: ref})
    if not access.is_member(request.user, kind, organisation, admin=True):
        raise Http404("Réservé aux administrateurs de l'organisation")
    return kind, organisation


def _owned(model, kind, organisation):
    return model.objects.filter(**{ORGANISATION_FIELDS[kind]: organisation})


def _page(
    request,
    kind,
    organisation,
    *,
    token_form=None,
    webhook_form=None,
    new_token=None,
    new_secret=None,
    status=200,
):
    context = {
        "kind": kind,
        "organisation": organisation,
        "ref": reference_of(kind, organisation),
        "tokens": _owned(ApiToken, kind, organisation).select_related("created_by"),
        "subscriptions": _owned(WebhookSubscription, kind, organisation),
        "token_form": token_form or TokenForm(kind=kind),
        "webhook_form": webhook_form or WebhookForm(),
        "new_token": new_token,
        "new_secret": new_secret,
        "scope_labels": SCOPES,
        "now": timezone.now(),
    }
    return render(request, "spaces/partner_api.html", context, status=status)


@login_required
def partner_api(request, kind, ref):
    kind, organisation = _organisation(request, kind, ref)
    return _page(request, kind, organisation)


@login_required
@require_POST
def token_create(request, kind, ref):
    kind, organisation = _organisation(request, kind, ref)
    form = TokenForm(posted(request), kind=kind)
    if not form.is_valid():
        return _page(request, kind, organisation, token_form=form, status=400)
    expires = form.cleaned_data["expires_on"]
    expires_at = (
        timezone.make_aware(datetime.datetime.combine(expires, datetime.time(23, 59))) if expires else None
    )
    try:
        token, raw = tokens.create_token(
            kind,
            organisation,
            request.user,
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            expires_at=expires_at,
        )
    except DomainError as error:
        form.add_error(None, error.message)
        return _page(request, kind, organisation, token_form=form, status=400)
    return _page(request, kind, organisation, new_token=(token, raw))


@login_required
@require_POST
def token_revoke(request, kind, ref, pk):
    kind, organisation = _organisation(request, kind, ref)
    token = get_object_or_404(_owned(ApiToken, kind, organisation), pk=pk)
    try:
        tokens.revoke(token)
    except DomainError as error:
        messages.info(request, error.message)
    else:
        messages.success(request, f"Le jeton « {token.name} » est révoqué : il ne permet plus rien.")
    return redirect("spaces:partner_api", kind.value, reference_of(kind, organisation))


@login_required
@require_POST
def webhook_create(request, kind, ref):
    kind, organisation = _organisation(request, kind, ref)
    form = WebhookForm(posted(request))
    if not form.is_valid():
        return _page(request, kind, organisation, webhook_form=form, status=400)
    try:
        subscription = webhooks.subscribe(
            kind,
            organisation,
            request.user,
            url=form.cleaned_data["url"],
            events_wanted=form.cleaned_data["events"],
        )
    except DomainError as error:
        form.add_error("url", error.message)
        return _page(request, kind, organisation, webhook_form=form, status=400)
    return _page(request, kind, organisation, new_secret=subscription)


def _subscription(request, kind, ref, pk):
    kind, organisation = _organisation(request, kind, ref)
    return kind, organisation, get_object_or_404(_owned(WebhookSubscription, kind, organisation), pk=pk)


@login_required
@require_POST
def webhook_action(request, kind, ref, pk, action):
    kind, organisation, subscription = _subscription(request, kind, ref, pk)
    if action == "test":
        webhooks.send_test(subscription)
        messages.success(
            request, "Un événement de test part vers votre adresse : son résultat s'affiche ci-dessous."
        )
        return redirect(
            "spaces:webhook_deliveries", kind.value, reference_of(kind, organisation), subscription.pk
        )
    if action == "reprendre":
        webhooks.resume(subscription)
        messages.success(request, "L'abonnement reprend : les prochains événements seront envoyés.")
    elif action == "supprimer":
        subscription.delete()
        messages.success(request, f"L'abonnement vers {subscription.url} est supprimé.")
    else:
        raise Http404("Action inconnue")
    return redirect("spaces:partner_api", kind.value, reference_of(kind, organisation))


@login_required
def webhook_deliveries(request, kind, ref, pk):
    kind, organisation, subscription = _subscription(request, kind, ref, pk)
    context = {
        "kind": kind,
        "organisation": organisation,
        "ref": reference_of(kind, organisation),
        "subscription": subscription,
        "page_obj": paginate(request, subscription.deliveries.all()),
        "page_query": query_without(request, "page"),
    }
    return render(request, "spaces/webhook_deliveries.html", context)
