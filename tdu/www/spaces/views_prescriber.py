"""Prescriber space: the job seekers her organisations follow, and registering one with her consent."""

from collections import Counter
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from tdu.accounts.services import AccountError, create_job_seeker
from tdu.candidatures.models import Candidature
from tdu.www.spaces.forms import JobSeekerForm
from tdu.www.spaces.permissions import followed_job_seekers_of, prescriber_organisations_of
from tdu.www.spaces.views import paginate, posted


def _organisations(request):
    """Her prescriber organisations; someone who belongs to none has no prescriber space (404)."""
    organisations = prescriber_organisations_of(request.user).order_by("name")
    if not organisations.exists():
        raise Http404("Aucune structure d'accompagnement")
    return organisations


@login_required
def prescriber_home(request):
    organisations = _organisations(request)
    people = (
        followed_job_seekers_of(request.user)
        .select_related("user", "commune", "prescriber_organisation")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    page = paginate(request, people)
    active = Counter(
        Candidature.objects.visible_to(request.user)
        .active()
        .filter(job_seeker__in=[profile.user_id for profile in page])
        .values_list("job_seeker_id", flat=True)
    )
    for profile in page:
        profile.active_candidatures = active[profile.user_id]
    context = {"organisations": organisations, "page_obj": page}
    return render(request, "spaces/prescriber_home.html", context)


def _register(data, prescriber):
    """Create the account (consent recorded, password link emailed after commit)."""
    profile = {
        name: data[name]
        for name in (
            "birth_date",
            "commune",
            "mobility_radius_km",
            "education_level",
            "situation",
            "jobs_wanted",
        )
    }
    return create_job_seeker(
        email=data["email"],
        first_name=data["first_name"],
        last_name=data["last_name"],
        phone=data["phone"],
        registered_by=prescriber,
        organisation=data["organisation"],
        **profile,
    )


@login_required
def prescriber_register(request):
    organisations = _organisations(request)
    form = JobSeekerForm(posted(request), organisations=organisations)
    if form.is_valid():
        try:
            person = _register(form.cleaned_data, request.user)
        except AccountError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                f"Le compte de {person.full_name} est créé. Un courriel lui a été envoyé à {person.email} "
                "pour choisir son mot de passe.",
            )
            return redirect("spaces:prescriber_job_seeker", person.pk)
    context = {"form": form}
    return render(request, "spaces/prescriber_register.html", context, status=400 if form.is_bound else 200)


@login_required
def prescriber_job_seeker(request, pk):
    """`pk` is the job seeker's user id."""
    _organisations(request)
    profile = get_object_or_404(
        followed_job_seekers_of(request.user).select_related(
            "user", "commune", "prescriber_organisation", "registered_by"
        ),
        user_id=pk,
    )
    candidatures = (
        Candidature.objects.visible_to(request.user)
        .filter(job_seeker=profile.user)
        .select_related("offer", "offer__commune", "company")
        .order_by("-created_at")
    )
    search_url = (
        reverse("search:search")
        + "?"
        + urlencode({"commune": profile.commune.label, "rayon": profile.mobility_radius_km})
    )
    context = {
        "profile": profile,
        "person": profile.user,
        "jobs_wanted": profile.jobs_wanted.order_by("code"),
        "candidatures": candidatures,
        "offers_search_url": search_url,
    }
    return render(request, "spaces/prescriber_job_seeker.html", context)
