"""Region space: the access log of the region's people, for its data protection contacts only."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from tdu.organisations.models import RegionMembership
from tdu.privacy import access
from tdu.www.spaces.permissions import regions_of
from tdu.www.spaces.views import paginate


@login_required
def region_access_log(request, code):
    region = get_object_or_404(regions_of(request.user), code=code)
    contacts = RegionMembership.objects.filter(region=region, is_data_protection_contact=True).select_related(
        "user"
    )
    context = {"region": region, "current": "acces", "contacts": [m.user for m in contacts]}
    if request.user not in context["contacts"]:
        # The log says who looked at whom: its readers are named by the region, not every staff member.
        return render(request, "spaces/region_access_log.html", {**context, "page": None}, status=403)
    context["page"] = paginate(request, access.of_region(region))
    return render(request, "spaces/region_access_log.html", context)
