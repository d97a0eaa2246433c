from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from tdu.companies.models import Company
from tdu.matching import romes
from tdu.offers.models import JobOffer
from tdu.references.models import Department
from tdu.trainings.models import TrainingSession

PAGE_SIZE = 20


def offer_list(request):
    offers = (
        JobOffer.objects.visible()
        .select_related("company", "commune", "rome")
        .order_by("-published_at", "-id")
    )
    departments = Department.objects.filter(region__is_deployed=True).order_by("code")
    department = request.GET.get("departement", "")
    error = None
    if department:
        if departments.filter(code=department).exists():
            offers = offers.filter(commune__department_id=department)
        else:
            error = "Ce département n'est pas couvert par le service."
    paginator = Paginator(offers, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {"page_obj": page, "departments": departments, "department": department, "error": error}
    return render(request, "catalogue/offer_list.html", context, status=400 if error else 200)


def offer_detail(request, pk):
    offer = get_object_or_404(
        JobOffer.objects.visible().select_related("company", "company__naf", "commune", "rome"), pk=pk
    )
    sessions = (
        TrainingSession.objects.open_for_entry(timezone.localdate())
        .filter(links__match_code=romes.match_code(offer.rome_id))
        .select_related("training", "training__organisation", "commune")
        .near(offer, 60)[:10]
    )
    context = {"offer": offer, "sessions": sessions, "company_has_account": offer.company.has_account}
    return render(request, "catalogue/offer_detail.html", context)


def session_detail(request, pk):
    session = get_object_or_404(
        TrainingSession.objects.select_related(
            "training",
            "training__organisation",
            "training__organisation__commune",
            "commune",
            "funding_region",
        ),
        pk=pk,
    )
    return render(
        request,
        "catalogue/session_detail.html",
        {
            "session": session,
            "rome_codes": session.training.rome_codes.all(),
            "internship_periods": session.internship_periods.all(),
        },
    )


def company_detail(request, siret):
    if not (siret.isdigit() and len(siret) == 14):
        raise Http404("SIRET mal formé")
    company = get_object_or_404(Company.objects.select_related("commune", "naf"), siret=siret)
    offers = company.offers.visible().select_related("commune", "rome").order_by("-published_at")
    return render(request, "catalogue/company_detail.html", {"company": company, "offers": offers})
