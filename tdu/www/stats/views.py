"""Public figures (/stats/): the country and each region, no personal data, no cell under 5 people."""

import datetime

from django.http import Http404, HttpResponse
from django.shortcuts import render

from tdu.references.models import Region
from tdu.stats import charts, exports, indicators
from tdu.stats.scopes import Scope
from tdu.stats.snapshots import published


def _context(data, computed_at):
    return {
        "figures": data,
        "computed_at": computed_at,
        "as_of": datetime.date.fromisoformat(data["as_of"]),
        "charts": {
            "funnel": charts.funnel(data),
            "cohorts": charts.cohorts(data),
            "promises": charts.promises(data),
        },
        "public": True,
    }


def national(request):
    data, computed_at = published(Scope())
    return render(request, "stats/national.html", _context(data, computed_at))


def region(request, code):
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise Http404("Région inconnue")
    data, computed_at = published(Scope(region=region))
    return render(request, "stats/region.html", {**_context(data, computed_at), "region": region})


def methodology(request):
    context = {
        "funnel": indicators.FUNNEL,
        "others": indicators.OTHERS,
        "threshold": indicators.SECRECY_THRESHOLD,
        "fragile": indicators.FRAGILE_RESPONSE_PERCENT,
    }
    return render(request, "stats/methodology.html", context)


def open_data(request):
    national_figures, _ = published(Scope())
    entries = [("FR", "France", national_figures)]
    for row in national_figures["regions"]:
        region_figures, _ = published(Scope(region=Region.objects.get(code=row["code"])))
        entries.append((row["code"], row["name"], region_figures))
    response = HttpResponse(exports.open_data_csv(entries), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="trait-d-union-indicateurs-{national_figures["as_of"]}.csv"'
    )
    return response
