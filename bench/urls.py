"""The project's URLs, plus /bench/trivial: one indexed query through the whole middleware stack."""

from django.http import JsonResponse
from django.urls import path

from config.urls import handler400, handler403, handler404, handler500  # noqa: F401  (French error pages)
from config.urls import urlpatterns as project_urls
from tdu.references.models import Commune


def trivial(request):
    """The framework's ceiling: what any Django view of this server costs at least."""
    return JsonResponse({"communes": Commune.objects.filter(pk=1).count()})


urlpatterns = [path("bench/trivial", trivial), *project_urls]
