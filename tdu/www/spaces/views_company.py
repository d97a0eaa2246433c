"""Company space: the company's offers and their candidates (members of the company only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from tdu.candidatures.dashboard import next_step, waiting_for
from tdu.candidatures.enums import FINAL_STATES, Actor
from tdu.candidatures.models import Candidature
from tdu.matching.suggestions import suggest_jobs
from tdu.matching.visibility import offer_visibility
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
        # Whether the search lists it (or would, once published): the search's own rule.
        if offer.status in services.EDITABLE_STATUSES:
            offer.visibility = offer_visibility(offer.rome, offer.commune)
    return render(
        request, "spaces/company_offers.html", {"company": company, "page_obj": page}, status=status
    )


def _visibility_of_form(form, offer=None):
    """The visibility of what the form says (once its job and commune are read), else of the saved offer."""
    data = getattr(form, "cleaned_data", {})
    if data.get("rome") and data.get("commune"):
        return offer_visibility(data["rome"], data["commune"])
    if offer is not None and not form.is_bound:
        return offer_visibility(offer.rome, offer.commune)
    return None


def _offer_form_page(request, company, form, offer=None, status=None):
    if status is None:
        status = 400 if form.is_bound else 200
    can_publish = offer is None or offer.status in {OfferStatus.DRAFT, OfferStatus.EXPIRED}
    editable = offer is None or offer.status in services.EDITABLE_STATUSES
    context = {
        "company": company,
        "form": form,
        "offer": offer,
        "can_publish": can_publish,
        "editable": editable,
        "visibility": _visibility_of_form(form, offer) if editable else None,
    }
    return render(request, "spaces/offer_form.html", context, status=status)


def _checking(request):
    """« Vérifier la visibilité » without JavaScript: the form is read and shown again, nothing is saved."""
    return request.method == "POST" and request.POST.get("action") == "check"


def _published_message(offer):
    visibility = offer_visibility(offer.rome, offer.commune)
    if visibility.visible:
        return f"L'offre « {offer.title} » est publiée : elle apparaît dans la recherche."
    return (
        f"L'offre « {offer.title} » est publiée, mais elle n'apparaît pas encore dans la recherche : "
        + " ".join(visibility.reasons)
    )


@login_required
def offer_create(request, siret):
    company = _company(request, siret)
    form = OfferForm(posted(request))
    if form.is_valid() and _checking(request):
        return _offer_form_page(request, company, form, status=200)
    if form.is_valid():
        publish = request.POST.get("action") == "publish"
        try:
            offer = services.create_offer(company, publish=publish, **form.cleaned_data)
        except services.InvalidOffer as error:
            form.add_errors(error.errors)
        else:
            if publish:
                messages.success(request, _published_message(offer))
            else:
                messages.success(request, f"L'offre « {offer.title} » est enregistrée comme brouillon.")
            return redirect("spaces:company_offers", company.siret)
    return _offer_form_page(request, company, form)


@login_required
def offer_edit(request, siret, pk):
    company = _company(request, siret)
    offer = get_object_or_404(offers_of(request.user).filter(company=company), pk=pk)
    form = OfferForm(posted(request), initial=OfferForm.initial_from(offer))
    if form.is_valid() and _checking(request):
        return _offer_form_page(request, company, form, offer, status=200)
    if form.is_valid():
        publish = request.POST.get("action") == "publish"
        try:
            offer = services.update_offer(offer, publish=publish, **form.cleaned_data)
        except services.InvalidOffer as error:
            form.add_errors(error.errors)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if offer.status == OfferStatus.PUBLISHED:
                messages.success(request, _published_message(offer))
            else:
                messages.success(
                    request,
                    f"L'offre « {offer.title} » est enregistrée ({offer.get_status_display().lower()}).",
                )
            return redirect("spaces:company_offers", company.siret)
    return _offer_form_page(request, company, form, offer)


@require_GET
def job_suggestions(request):
    """The search's job suggestions (same function, same options) for the offer form's field, named `rome`."""
    return render(request, "search/job_options.html", {"jobs": suggest_jobs(request.GET.get("rome", ""))})


@login_required
@require_GET
def offer_visibility_check(request, siret):
    """« Vérifier la visibilité » with JavaScript (htmx): the answer for the job and commune typed so far."""
    company = _company(request, siret)
    form = OfferForm(request.GET)
    form.is_valid()  # only the job and the commune matter here
    problems = [message for name in ("rome", "commune") for message in form.errors.get(name, [])]
    rome, commune = form.cleaned_data.get("rome"), form.cleaned_data.get("commune")
    context = {
        "company": company,
        "visibility": offer_visibility(rome, commune) if rome and commune else None,
        "problems": problems,
        "form": form,
    }
    return render(request, "spaces/includes/offer_visibility.html", context)


# --- The candidates of one offer -------------------------------------------------------------------------


def _pipeline(user, offer):
    """[(candidature, the recruiter's step or None, (who, what) the path waits for)], what the recruiter must do
    first (the longest waiting first), then the paths waiting for others, then the finished ones."""
    candidatures = (
        Candidature.objects.visible_to(user)
        .with_documents()
        .filter(offer=offer)
        .select_related("job_seeker")
        .order_by("-state_changed_at", "-id")
    )
    rows = []
    for candidature in candidatures:
        mine = next_step(candidature, {Actor.COMPANY})
        over = candidature.state in FINAL_STATES
        rows.append((candidature, mine, None if over else waiting_for(candidature), over))
    todo = sorted((r for r in rows if r[1]), key=lambda r: (r[0].state_changed_at, r[0].pk))
    others = [r for r in rows if not r[1] and not r[3]]
    over = [r for r in rows if r[3]]
    return todo, others, over


@login_required
def offer_candidatures(request, siret, pk):
    company = _company(request, siret)
    offer = get_object_or_404(
        offers_of(request.user).filter(company=company).select_related("rome", "commune"), pk=pk
    )
    todo, others, over = _pipeline(request.user, offer)
    context = {
        "company": company,
        "offer": offer,
        "todo": todo,
        "others": others,
        "over": over,
        "count": len(todo) + len(others) + len(over),
    }
    return render(request, "spaces/offer_candidatures.html", context)


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
