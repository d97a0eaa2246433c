"""Helpers shared by the organisation spaces' views (views_company, views_training, views_prescriber,
views_region)."""

from django.core.paginator import Paginator

PAGE_SIZE = 50


def posted(request):
    """The form data of a POST, None otherwise (an empty POST is still a bound form)."""
    return request.POST if request.method == "POST" else None


def paginate(request, queryset, param="page", per_page=PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get(param))


def query_without(request, param):
    """The current query string without `param`, for pagination links."""
    query = request.GET.copy()
    query.pop(param, None)
    return query.urlencode()
