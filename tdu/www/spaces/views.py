# Placeholder views, replaced by the organisation spaces.
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def company_offers(request, siret):
    return HttpResponse("Offres de l'entreprise")


@login_required
def training_sessions(request, siret):
    return HttpResponse("Sessions")


@login_required
def prescriber_home(request):
    return HttpResponse("Espace prescripteur")


@login_required
def region_home(request, code):
    return HttpResponse("Espace Région")
