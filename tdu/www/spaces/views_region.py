"""Region space: the region's candidatures (with cancellation), its organisations (RegionMembership only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from tdu.candidatures.enums import FINAL_STATES, State
from tdu.candidatures.services import application
from tdu.companies.models import Company
from tdu.offers.enums import OfferStatus
from tdu.organisations import joining
from tdu.organisations.models import PrescriberOrganisation
from tdu.organisations.services import create_prescriber_organisation
from tdu.trainings.models import TrainingOrganisation
from tdu.utils.errors import DomainError
from tdu.www.spaces.forms import CancelForm, PrescriberOrganisationForm, StateFilterForm
from tdu.www.spaces.permissions import region_candidatures_of, regions_of
from tdu.www.spaces.views import paginate, posted, query_without


def _region(request, code):
    return get_object_or_404(regions_of(request.user), code=code)


def _candidatures(request, region):
    return region_candidatures_of(request.user).filter(offer__commune__department__region=region)


@login_required
def region_home(request, code):
    region = _region(request, code)
    candidatures = _candidatures(request, region)
    counts = dict(candidatures.order_by().values_list("state").annotate(n=Count("id")))
    filter_form = StateFilterForm(request.GET or None)
    status = 200
    if filter_form.is_bound and not filter_form.is_valid():
        status = 400
        candidatures = candidatures.none()
    elif filter_form.is_bound and filter_form.cleaned_data["etat"]:
        candidatures = candidatures.filter(state=filter_form.cleaned_data["etat"])
    candidatures = candidatures.select_related(
        "job_seeker", "offer", "offer__commune", "company", "prescriber_organisation"
    ).order_by("-state_changed_at", "-id")
    page = paginate(request, candidatures)
    for candidature in page:
        candidature.can_cancel = candidature.state not in FINAL_STATES
    context = {
        "region": region,
        "counts": [(state, label, counts.get(state, 0)) for state, label in State.choices],
        "total": sum(counts.values()),
        "filter_form": filter_form,
        "page_obj": page,
        "page_query": query_without(request, "page"),
    }
    return render(request, "spaces/region_home.html", context, status=status)


@login_required
def region_cancel(request, code, pk):
    region = _region(request, code)
    candidature = get_object_or_404(
        _candidatures(request, region).select_related("job_seeker", "offer", "offer__commune", "company"),
        pk=pk,
    )
    form = CancelForm(posted(request))
    if form.is_valid():
        try:
            application.cancel(candidature, request.user, form.cleaned_data["reason"].strip())
        except DomainError as error:
            form.add_error("reason", error.message)
        else:
            messages.success(request, f"Le parcours de {candidature.job_seeker.full_name} est annulé.")
            return redirect("spaces:region_home", region.code)
    context = {"region": region, "candidature": candidature, "form": form}
    return render(request, "spaces/region_cancel.html", context, status=400 if form.is_bound else 200)


@login_required
def region_organisations(request, code):
    region = _region(request, code)
    published = Q(offers__status=OfferStatus.PUBLISHED, offers__commune__department__region=region)
    companies = (
        Company.objects.filter(offers__commune__department__region=region)
        .annotate(published_offers=Count("offers", filter=published, distinct=True))
        .select_related("commune")
        .order_by("name", "pk")
        .distinct()
    )
    funded = Q(trainings__sessions__funding_region=region)
    training_organisations = (
        TrainingOrganisation.objects.filter(funded)
        .annotate(funded_sessions=Count("trainings__sessions", filter=funded, distinct=True))
        .select_related("commune")
        .order_by("name", "pk")
        .distinct()
    )
    prescribers = (
        PrescriberOrganisation.objects.filter(region=region)
        .annotate(followed=Count("job_seekers", distinct=True))
        .select_related("commune")
        .order_by("name", "pk")
    )
    context = {
        "region": region,
        "companies": paginate(request, companies, "p_entreprises"),
        "companies_query": query_without(request, "p_entreprises"),
        "training_organisations": paginate(request, training_organisations, "p_organismes"),
        "training_organisations_query": query_without(request, "p_organismes"),
        "prescribers": paginate(request, prescribers, "p_prescripteurs"),
        "prescribers_query": query_without(request, "p_prescripteurs"),
    }
    return render(request, "spaces/region_organisations.html", context)


@login_required
def region_prescriber_create(request, code):
    region = _region(request, code)
    form = PrescriberOrganisationForm(posted(request), region=region)
    if form.is_valid():
        data = dict(form.cleaned_data)
        first_member = data.pop("first_member_email")
        organisation = create_prescriber_organisation(region, request.user, first_member=first_member, **data)
        invited = f" Une invitation est envoyée à {first_member}." if first_member else ""
        messages.success(request, f"La structure « {organisation.name} » est créée.{invited}")
        return redirect("spaces:region_organisations", region.code)
    context = {"region": region, "form": form}
    return render(
        request, "spaces/region_prescriber_form.html", context, status=400 if form.is_bound else 200
    )


@login_required
def region_join_requests(request, code):
    """People who signed up with the SIRET of a known organisation without members, and no address to prove it."""
    region = _region(request, code)
    context = {"region": region, "requests": joining.pending_for_region(region), "current": "demandes"}
    return render(request, "spaces/region_join_requests.html", context)


@login_required
@require_POST
def region_join_decide(request, code, pk, decision):
    region = _region(request, code)
    join_request = get_object_or_404(joining.pending_for_region(region), pk=pk)
    if decision not in {"accepter", "refuser"}:
        raise Http404("Décision inconnue")
    try:
        joining.decide(join_request, request.user, approved=decision == "accepter")
    except DomainError as error:
        messages.error(request, error.message)
    else:
        who, where = join_request.user.full_name, join_request.organisation.name
        messages.success(
            request,
            f"{who} administre désormais {where} ; nous l'avons prévenue par courriel."
            if decision == "accepter"
            else f"La demande de {who} pour {where} est refusée ; nous l'avons prévenue par courriel.",
        )
    return redirect("spaces:region_join_requests", region.code)
