# Placeholder views, replaced by the accounts pages.
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def profile(request):
    return HttpResponse("Mon compte")


def signup(request):
    return HttpResponse("Créer un compte")


def verify_email(request, token):
    return HttpResponse("Vérification")
