"""The recruiter of an imported offer, without an account: her emailed link shows the candidature (and the CV),
and she answers in one click; the page invites her to create her company's space."""

from django.http import Http404, HttpResponse
from django.shortcuts import render

from tdu.candidatures.enums import State
from tdu.candidatures.services import application
from tdu.privacy import access
from tdu.privacy.models import Access
from tdu.utils.errors import DomainError
from tdu.www.path import forms

TEMPLATE = "candidatures/recruiter.html"


def recruiter(request, token):
    try:
        candidature = application.candidature_for_recruiter(token)
    except DomainError as error:
        return render(request, TEMPLATE, {"problem": error.message, "candidature": None}, status=400)
    form = forms.RecruiterAnswerForm(request.POST if request.method == "POST" else None)
    context = {"candidature": candidature, "token": token, "form": form, "problem": None, "answered": None}
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                application.recruiter_answers(
                    token, form.cleaned_data["answer"] == "oui", form.cleaned_data["reason"]
                )
                candidature.refresh_from_db()
                context["answered"] = form.cleaned_data["answer"]
            except DomainError as error:
                context["problem"], status = error.message, 409
        else:
            status = 400
    context["waiting"] = candidature.state == State.SENT and not context["answered"]
    return render(request, TEMPLATE, context, status=status)


def recruiter_cv(request, token):
    try:
        candidature = application.candidature_for_recruiter(token)
    except DomainError:
        raise Http404("Lien invalide") from None
    if not candidature.cv:
        raise Http404("Pas de CV")
    access.record(
        Access.CV, candidature, actor_label=f"{candidature.recruiter_email} (recruteur, par son lien)"
    )
    with candidature.cv.open("rb") as file:
        response = HttpResponse(file.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="cv-{candidature.pk}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
