"""Company space: the company's offers (members of the company only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from tdu.offers import services
from tdu.offers.enums import OfferStatus
from tdu.utils.errors import DomainError
from tdu.www.spaces.forms import OfferForm
from tdu.www.spaces.permissions import companies_of, offers_of
from tdu.www.spaces.views import paginate, posted


def _company(request, siret):
    return get_object_or_404(companies_of(request.user), siret=siret)


@login_required
def company_offers(request, siret):
    return _offers_page(request, _company(request, siret))


def _offers_page(request, company, status=200):
    offers = (
        offers_of(request.user)
        .filter(company=company)
        .select_related("rome", "commune")
        .annotate(candidatures_count=Count("candidatures"))
        .order_by("-created_at", "-id")
    )
    page = paginate(request, offers)
    for offer in page:
        offer.actions = services.actions_for(offer)
    return render(
        request, "spaces/company_offers.html", {"company": company, "page_obj": page}, status=status
    )


def _offer_form_page(request, company, form, offer=None):
    status = 400 if form.is_bound else 200
    can_publish = offer is None or offer.status in {OfferStatus.DRAFT, OfferStatus.EXPIRED}
    editable = offer is None or offer.status in services.EDITABLE_STATUSES
    context = {
        "company": company,
        "form": form,
        "offer": offer,
        "can_publish": can_publish,
        "editable": editable,
    }
    return render(request, "spaces/offer_form.html", context, status=status)


@login_required
def offer_create(request, siret):
    company = _company(request, siret)
    form = OfferForm(posted(request))
    if form.is_valid():
        publish = request.POST.get("action") == "publish"
        try:
            offer = services.create_offer(company, publish=publish, **form.cleaned_data)
        except services.InvalidOffer as error:
            form.add_errors(error.errors)
        else:
            done = "publiée : elle apparaît dans la recherche" if publish else "enregistrée comme brouillon"
            messages.success(request, f"L'offre « {offer.title} » est {done}.")
            return redirect("spaces:company_offers", company.siret)
    return _offer_form_page(request, company, form)


@login_required
def offer_edit(request, siret, pk):
    company = _company(request, siret)
    offer = get_object_or_404(offers_of(request.user).filter(company=company), pk=pk)
    form = OfferForm(posted(request), initial=OfferForm.initial_from(offer))
    if form.is_valid():
        publish = request.POST.get("action") == "publish"
        try:
            offer = services.update_offer(offer, publish=publish, **form.cleaned_data)
        except services.InvalidOffer as error:
            form.add_errors(error.errors)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, f"L'offre « {offer.title} » est enregistrée ({offer.get_status_display().lower()})."
            )
            return redirect("spaces:company_offers", company.siret)
    return _offer_form_page(request, company, form, offer)


@login_required
@require_POST
def offer_status(request, siret, pk):
    company = _company(request, siret)
    offer = get_object_or_404(offers_of(request.user).filter(company=company), pk=pk)
    try:
        offer = services.change_status(offer, request.POST.get("action", ""))
    except DomainError as error:
        messages.error(request, error.message)
        return _offers_page(request, company, status=400)
    messages.success(request, f"L'offre « {offer.title} » est maintenant « {offer.get_status_display()} ».")
    return redirect("spaces:company_offers", company.siret)
