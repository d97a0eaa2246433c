"""Region space: the imports of the region's data (LHEO feed, France Travail, files) and their reports."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from tdu.imports.models import ImportRun
from tdu.www.spaces.permissions import regions_of
from tdu.www.spaces.views import paginate


@login_required
def region_imports(request, code):
    region = get_object_or_404(regions_of(request.user), code=code)
    runs = ImportRun.objects.filter(region=region).select_related("triggered_by")
    context = {
        "region": region,
        "page_obj": paginate(request, runs),
        "feed_url": region.lheo_feed_url,
        "france_travail_sync": region.france_travail_sync,
    }
    return render(request, "spaces/region_imports.html", context)


@login_required
def region_import_rejects(request, code, pk):
    region = get_object_or_404(regions_of(request.user), code=code)
    run = get_object_or_404(ImportRun, region=region, pk=pk)
    if not run.rejects_report:
        raise Http404("Aucun rejet pour cet import")
    with run.rejects_report.open("rb") as file:
        response = HttpResponse(file.read(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rejets-import-{run.pk}.csv"'
    return response
