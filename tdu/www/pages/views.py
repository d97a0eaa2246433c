from django.conf import settings
from django.shortcuts import render
from django.utils import timezone

from tdu.offers.models import JobOffer
from tdu.references.models import Region
from tdu.trainings.models import TrainingSession


def home(request):
    context = {
        "offer_count": JobOffer.objects.visible().count(),
        "session_count": TrainingSession.objects.open_for_entry(timezone.localdate()).count(),
        "regions": Region.objects.filter(is_deployed=True),
    }
    return render(request, "pages/home.html", context)


def privacy(request):
    context = {
        "controller": settings.DATA_CONTROLLER,
        "contact": settings.DATA_PROTECTION_CONTACT,
        "idle_minutes": settings.SESSION_IDLE_MINUTES,
        "staff_idle_minutes": settings.SESSION_IDLE_MINUTES_STAFF,
        "retention": {
            "candidature": settings.RETENTION_CANDIDATURE_DAYS,
            "cv": settings.RETENTION_CV_DAYS,
            "inactive": settings.RETENTION_INACTIVE_ACCOUNT_DAYS,
            "warning": settings.RETENTION_WARNING_DAYS,
        },
    }
    return render(request, "pages/privacy.html", context)


def accessibility(request):
    return render(request, "pages/accessibility.html")


def bad_request(request, exception=None, message=""):
    return render(request, "pages/400.html", {"message": message, "title": "Requête invalide"}, status=400)


def permission_denied(request, exception=None):
    return render(request, "pages/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "pages/404.html", status=404)


def server_error(request):
    return render(request, "pages/500.html", status=500)
