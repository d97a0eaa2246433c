from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render

from tdu.accounts.enums import Role
from tdu.candidatures import dashboard
from tdu.candidatures.notifications import follow_up_url
from tdu.companies.models import Company
from tdu.trainings.models import TrainingOrganisation


def search_link(profile):
    query = {
        "commune": profile.commune.label,
        "rayon": profile.mobility_radius_km,
        "niveau": profile.education_level,
    }
    return "/recherche/?" + urlencode(query)


@login_required
def home(request):
    """Every role the person holds, on one page: first what waits for her, then the rest."""
    user = request.user
    todo, rest = dashboard.for_user(user)
    profile = getattr(user, "job_seeker_profile", None)
    context = {
        "follow_ups": [(item, follow_up_url(item)) for item in dashboard.pending_follow_ups(user)],
        "todo": todo,
        "rest": rest,
        "profile": profile,
        # Only a job seeker: the page speaks of « vos candidatures »; a professional reads the paths she follows.
        "only_seeker": user.roles == {Role.JOB_SEEKER},
        "search_url": search_link(profile) if profile else None,
        "companies": Company.objects.filter(memberships__user=user).annotate(offer_count=Count("offers")),
        "training_organisations": TrainingOrganisation.objects.filter(memberships__user=user).annotate(
            training_count=Count("trainings")
        ),
        "prescriber_organisations": [
            m.organisation for m in user.prescriber_memberships.select_related("organisation")
        ],
        "regions": [m.region for m in user.region_memberships.select_related("region")],
        "join_requests": user.join_requests.filter(decided_at=None).select_related(
            "company", "training_organisation"
        ),
    }
    return render(request, "dashboard/home.html", context)
