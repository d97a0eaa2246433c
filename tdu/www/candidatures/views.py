"""Candidature pages: apply, the candidature's page (GET reads only), its actions (POST), documents, and the
pages reached from emailed links without an account (the tutor's signature, the follow-up)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from tdu.accounts.models import User
from tdu.candidatures import rights, steps, workflow
from tdu.candidatures.documents.commitment import commitment_sections, render_commitment_pdf
from tdu.candidatures.documents.convention import convention_sections, render_convention_pdf
from tdu.candidatures.enums import Signatory, State
from tdu.candidatures.models import Candidature
from tdu.candidatures.services import application, hiring, immersion
from tdu.offers.models import JobOffer
from tdu.organisations.models import PrescriberMembership
from tdu.privacy import access
from tdu.privacy.models import Access
from tdu.utils.errors import Conflict, DomainError, NotAllowed
from tdu.utils.page_rates import limited
from tdu.www.path import actions, forms


def followed_job_seekers(user):
    organisations = PrescriberMembership.objects.filter(user=user).values("organisation")
    return User.objects.filter(job_seeker_profile__prescriber_organisation__in=organisations).order_by(
        "last_name"
    )


@login_required
@limited("apply", key="user")
def apply(request, pk):
    offer = get_object_or_404(JobOffer.objects.visible().select_related("company", "commune"), pk=pk)
    is_seeker = hasattr(request.user, "job_seeker_profile")
    followed = None if is_seeker else followed_job_seekers(request.user)
    if not is_seeker and not followed.exists():
        return render(request, "candidatures/apply_forbidden.html", {"offer": offer}, status=403)
    form = forms.ApplyForm(request.POST or None, request.FILES or None, followed=followed)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            seeker = request.user if is_seeker else form.cleaned_data["job_seeker"]
            try:
                candidature = application.apply(
                    offer, seeker, request.user, form.cleaned_data["message"], form.cleaned_data["cv"]
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request, "Votre candidature est envoyée. L'entreprise est prévenue par courriel."
                )
                return redirect("candidatures:detail", candidature.pk)
        status = 400
    return render(request, "candidatures/apply.html", {"offer": offer, "form": form}, status=status)


def visible_candidature(user, pk):
    queryset = Candidature.objects.visible_to(user).select_related(
        "job_seeker", "offer", "offer__commune__department__region", "company", "prescriber_organisation"
    )
    return get_object_or_404(queryset, pk=pk)


def render_detail(request, candidature, *, bound=None, error=None, status=200):
    roles = rights.roles_of(request.user, candidature)
    available = workflow.available(candidature, roles)
    panels = actions.panels(candidature, available, roles, request.user, bound)
    convention = candidature.current_convention
    commitment = candidature.current_commitment
    context = {
        "candidature": candidature,
        "step": steps.tracker(candidature, roles),
        "roles": roles,
        "available": {transition.name for transition in available},
        "panels": panels,
        "main_panels": [panel for panel in panels if not panel[1].destructive],
        "ending_panels": [panel for panel in panels if panel[1].destructive],
        "error": error,
        "convention": convention,
        "signatures": list(convention.signatures.all()) if convention else [],
        "missing": convention.missing_signatures() if convention else [],
        "past_conventions": candidature.conventions.filter(cancelled_at__isnull=False),
        "slots": candidature.pending_slots,
        "chosen_slot": candidature.meeting_slots.filter(
            chosen_at__isnull=False, withdrawn_at__isnull=True
        ).first(),
        "log": candidature.log.select_related("actor"),
        "assessment": getattr(candidature, "assessment", None),
        "commitment": commitment,
        "past_commitments": candidature.commitments.filter(cancelled_at__isnull=False),
        "enrolments": list(
            candidature.enrolments.select_related("session__training__organisation", "session__commune")
        ),
        "hiring": getattr(candidature, "hiring", None),
        "follow_ups": list(candidature.follow_ups.all()),
        "can_read_contact": rights.may(request.user, candidature, "read_contact")
        or access.has_shown_contact(request.user, candidature),
        "can_read_cv": bool(candidature.cv) and rights.may(request.user, candidature, "read_cv"),
        "company_has_account": candidature.company.has_account,
        "can_read_convention": rights.may(request.user, candidature, "read_convention"),
        "can_read_commitment": rights.may(request.user, candidature, "read_commitment"),
        "convention_sections": convention_sections(convention) if convention else [],
        "commitment_sections": commitment_sections(commitment) if commitment else [],
        # The document is open on the page when this person has it to sign.
        "must_sign_convention": any(key.startswith("sign_convention") for key, *_ in panels),
        "must_sign_commitment": any(key.startswith("sign_commitment") for key, *_ in panels),
    }
    return render(request, "candidatures/detail.html", context, status=status)


@login_required
def detail(request, pk):
    """Reading never changes anything: opening a new candidature is the company's explicit action."""
    return render_detail(request, visible_candidature(request.user, pk))


@login_required
@require_POST
def act(request, pk, action):
    candidature = visible_candidature(request.user, pk)
    declared = actions.ACTIONS.get(action)
    if declared is None:
        raise Http404("Action inconnue")
    try:
        declared.check(request.user, candidature)  # a wrong role or state is answered as such, form or not
        form = declared.bind(candidature, request.POST)
        if form is not None and not form.is_valid():
            bound = {actions.panel_key(declared, request.POST): form}
            return render_detail(
                request, candidature, bound=bound, error="Vérifiez le formulaire.", status=400
            )
        declared.run(request.user, candidature, form.cleaned_data if form is not None else {})
    except NotAllowed as error:
        return render_detail(request, candidature, error=error.message, status=403)
    except DomainError as error:  # Conflict included: someone acted first, or the document was replaced
        candidature = visible_candidature(request.user, pk)
        return render_detail(
            request, candidature, error=error.message, status=409 if isinstance(error, Conflict) else 400
        )
    messages.success(request, declared.message(Candidature.objects.get(pk=pk)))  # its state once done
    back = request.POST.get("next", "")
    if back.startswith("/") and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)  # acted from a list (a session's people): back to it
    return redirect("candidatures:detail", candidature.pk)


def pdf_response(content, filename):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def cv(request, pk):
    candidature = visible_candidature(request.user, pk)
    if not candidature.cv or not rights.may(request.user, candidature, "read_cv"):
        raise Http404("Pas de CV")
    access.record(Access.CV, candidature, actor=request.user)
    with candidature.cv.open("rb") as file:  # at most 5 MB: read it and close it at once
        return pdf_response(file.read(), f"cv-{candidature.pk}.pdf")


@login_required
@require_POST
def show_contact(request, pk):
    """The region's staff and the operators see a person's contact details only to act: it is logged."""
    candidature = visible_candidature(request.user, pk)
    if not rights.may(request.user, candidature, "read_contact"):
        access.record(Access.CONTACT, candidature, actor=request.user)
    return redirect(reverse("candidatures:detail", args=[candidature.pk]) + "#la-candidature")


@login_required
def convention_pdf(request, pk, convention_pk):
    candidature = visible_candidature(request.user, pk)
    if not rights.may(request.user, candidature, "read_convention"):
        raise Http404("Document non accessible")
    convention = get_object_or_404(candidature.conventions, pk=convention_pk)
    access.record(Access.CONVENTION, candidature, actor=request.user)
    return pdf_response(render_convention_pdf(convention), f"convention-immersion-{convention.pk}.pdf")


@login_required
def commitment_pdf(request, pk, commitment_pk):
    candidature = visible_candidature(request.user, pk)
    if not rights.may(request.user, candidature, "read_commitment"):
        raise Http404("Document non accessible")
    commitment = get_object_or_404(candidature.commitments, pk=commitment_pk)
    access.record(Access.COMMITMENT, candidature, actor=request.user)
    return pdf_response(render_commitment_pdf(commitment), f"engagement-reciproque-{commitment.pk}.pdf")


def tutor_sign(request, token):
    """The tutor signs through the emailed link: no account needed; the link names one convention."""
    template = "candidatures/tutor_sign.html"
    try:
        convention = immersion.convention_for_tutor(token)
    except DomainError as error:
        return render(request, template, {"problem": error.message}, status=400)
    context = {
        "problem": None,
        "convention": convention,
        "sections": convention_sections(convention),
        "token": token,
        "already": False,
        "form": None,
    }
    if convention.cancelled_at:
        context["problem"] = "Cette convention a été remplacée : un nouveau lien vous a été envoyé."
        return render(request, template, context, status=410)
    if (
        convention.candidature.state != State.IMMERSION_PROPOSED
        and Signatory.TUTOR not in convention.signed_by()
    ):
        context["problem"] = "Cette convention n'est plus à signer : le parcours a pris fin ou a changé."
        return render(request, template, context, status=410)
    if Signatory.TUTOR in convention.signed_by():
        context["already"] = True
        return render(request, template, context)
    form = forms.TutorSignForm(request.POST or None, initial={"name": convention.tutor_name})
    context["form"] = form
    if request.method != "POST":
        return render(request, template, context)
    if not form.is_valid():
        return render(request, template, context, status=400)
    try:
        immersion.sign_as_tutor(token, form.cleaned_data["name"])
    except DomainError as error:
        context["problem"] = error.message
        return render(request, template, context, status=409)
    context["already"] = True
    return render(request, template, context)


def tutor_pdf(request, token):
    try:
        convention = immersion.convention_for_tutor(token)
    except DomainError:
        raise Http404("Lien invalide") from None
    access.record(
        Access.CONVENTION,
        convention.candidature,
        actor_label=f"{convention.tutor_name} (tuteur ou tutrice, par son lien)",
    )
    return pdf_response(render_convention_pdf(convention), f"convention-immersion-{convention.pk}.pdf")


def follow_up(request, token):
    """One-minute follow-up, from an emailed signed link (no login) or from the dashboard."""
    template = "candidatures/follow_up.html"
    try:
        item = hiring.follow_up_for_token(token)
    except DomainError as error:
        return render(request, template, {"problem": error.message}, status=400)
    context = {"problem": None, "item": item, "form": None, "done": item.answered_at is not None}
    if context["done"]:
        return render(request, template, context)
    form = forms.FollowUpForm(
        request.POST or None, respondent=item.respondent, company_name=item.candidature.company.name
    )
    context["form"] = form
    if request.method == "POST":
        if not form.is_valid():
            return render(request, template, context, status=400)
        try:
            hiring.answer_follow_up(item, **form.cleaned_data)
        except Conflict as error:
            context["problem"] = error.message
        context["done"] = True
    return render(request, template, context)
