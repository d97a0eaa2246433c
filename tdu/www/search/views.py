from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from tdu.alerts.services import may_save
from tdu.matching.params import DEFAULT_RADIUS, SearchInputError, parse
from tdu.matching.search import MAX_COUNT, PageOutOfRange, search
from tdu.matching.suggestions import suggest_communes, suggest_jobs
from tdu.references.enums import EducationLevel


def search_page(request):
    """The form, and the results when a commune is given. htmx asks for the results fragment only."""
    context = {
        "levels": EducationLevel.choices,
        "values": {
            "commune": request.GET.get("commune", ""),
            "rayon": request.GET.get("rayon", "") or str(DEFAULT_RADIUS),
            "rayon_formation": request.GET.get("rayon_formation", ""),
            "q": request.GET.get("q", ""),
            "contrat": request.GET.get("contrat", ""),
            "niveau": request.GET.get("niveau", ""),
            "tri": request.GET.get("tri", "") or "distance",
        },
        "max_count": MAX_COUNT,
        "error": None,
        "results": None,
        "params": None,
    }
    profile = getattr(request.user, "job_seeker_profile", None)
    if profile and "commune" not in request.GET:
        # Her search starts from her profile: her commune, her radius, her level.
        first_job = profile.jobs_wanted.order_by("code").first()
        context["values"].update(
            commune=profile.commune.label,
            rayon=str(profile.mobility_radius_km),
            niveau=str(profile.education_level),
            q=first_job.label if first_job else "",
        )
    status = 200
    if "commune" in request.GET:
        try:
            params = parse(request.GET, commune_field_is_text=True)
            context["params"] = params
            context["results"] = search(params)
        except SearchInputError as error:
            context["error"] = error
            status = 400
        except PageOutOfRange as exc:
            context["error"] = SearchInputError(
                "page", f"Cette page n'existe pas : il y a {exc.page_count} page(s)."
            )
            status = 400
    query = request.GET.copy()
    query.pop("page", None)
    context["query_without_page"] = query.urlencode()
    context["search_path"] = request.path + "?" + query.urlencode()
    context["may_save"] = may_save(request.user)
    context["first_rank"] = (context["results"].page - 1) * 20 + 1 if context["results"] else 1
    # htmx asks for the results only; its history restore (a cache miss) needs the whole page.
    fragment = bool(request.headers.get("HX-Request")) and not request.headers.get(
        "HX-History-Restore-Request"
    )
    context["fragment"] = fragment
    template = "search/results.html" if fragment else "search/search.html"
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request", "HX-History-Restore-Request"])
    return response


def commune_suggestions(request):
    communes = suggest_communes(request.GET.get("commune", ""))
    return render(request, "search/commune_options.html", {"communes": communes})


def job_suggestions(request):
    return render(request, "search/job_options.html", {"jobs": suggest_jobs(request.GET.get("q", ""))})
