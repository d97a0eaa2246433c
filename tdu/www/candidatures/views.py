from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from tdu.accounts.models import User
from tdu.candidatures import services, workflow
from tdu.candidatures.documents import render_convention_pdf
from tdu.candidatures.enums import Actor, Signatory, State
from tdu.candidatures.errors import Conflict, DomainError, NotAllowed
from tdu.candidatures.models import Candidature, ImmersionConvention
from tdu.candidatures.notifications import TUTOR_SIGNING_SALT
from tdu.candidatures.roles import roles_of
from tdu.candidatures.workflow import current_promise
from tdu.commitments import services as commitments
from tdu.commitments.models import EnrolmentStatus
from tdu.offers.models import JobOffer
from tdu.organisations.models import PrescriberMembership
from tdu.www.candidatures import forms

TUTOR_LINK_MAX_AGE = 30 * 24 * 3600


def followed_job_seekers(user):
    organisations = PrescriberMembership.objects.filter(user=user).values("organisation")
    return User.objects.filter(job_seeker_profile__prescriber_organisation__in=organisations).order_by(
        "last_name"
    )


@login_required
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
                candidature = services.apply(
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
        "job_seeker", "offer", "offer__commune", "company", "prescriber_organisation"
    )
    return get_object_or_404(queryset, pk=pk)


def action_forms(candidature, roles, user):
    available = {t.name for t in workflow.available(candidature, roles)}
    built = {}
    if "propose_meeting" in available:
        built["propose_meeting"] = forms.MeetingForm()
    if "propose_immersion" in available:
        built["propose_immersion"] = forms.ImmersionForm(candidature=candidature)
    if "amend_convention" in available:
        built["amend_convention"] = forms.ImmersionForm(candidature=candidature, amending=True)
    if "reject_immersion" in available:
        built["reject_immersion"] = forms.ReasonForm()
    if "refuse" in available:
        built["refuse"] = forms.RefuseForm()
    for name in ("withdraw", "cancel"):
        if name in available:
            built[name] = forms.ReasonForm()
    if "ask_other_slots" in available and candidature.pending_slots.exists():
        built["ask_other_slots"] = forms.OptionalReasonForm()
    if "record_assessment" in available:
        built["record_assessment"] = forms.AssessmentForm()
    if "give_feedback" in available and not candidature.assessment.seeker_view:
        built["give_feedback"] = forms.FeedbackForm()
    if "propose_commitment" in available:
        built["propose_commitment"] = forms.CommitmentForm(
            sessions=commitments.eligible_sessions(candidature),
            initial={"job_title": candidature.offer.title, "workplace": candidature.offer.commune.label},
        )
    promise = current_promise(candidature)
    if "sign_commitment" in available and promise:
        signed = set(promise.signatures.values_list("signatory", flat=True))
        for signatory, role in (("company", Actor.COMPANY), ("beneficiary", Actor.JOB_SEEKER)):
            if role in roles and signatory not in signed:
                built[f"commit_{signatory}"] = forms.SignCommitmentForm(
                    initial={"signatory": signatory, "promise": promise.pk, "name": user.full_name}
                )
    if (
        "request_enrolment" in available
        and candidature.enrolments.filter(status=EnrolmentStatus.REFUSED).exists()
    ):
        built["request_enrolment"] = forms.OtherSessionForm(
            sessions=commitments.eligible_sessions(candidature)
        )
    for name, form_class in (
        ("refuse_enrolment", forms.ReasonForm),
        ("confirm_entry", forms.EntryForm),
        ("complete_training", forms.CompletionForm),
        ("confirm_hiring", forms.HiringForm),
        ("abandon_training", forms.ReasonForm),
        ("break_commitment", forms.ReasonForm),
        ("not_hired", forms.ReasonForm),
    ):
        if name in available:
            built[name] = form_class()
    convention = candidature.current_convention
    if "sign_convention" in available and convention:
        signed = set(convention.signatures.values_list("signatory", flat=True))
        for signatory, role in (
            (Signatory.BENEFICIARY, Actor.JOB_SEEKER),
            (Signatory.COMPANY, Actor.COMPANY),
        ):
            if role in roles and signatory not in signed:
                built[f"sign_{signatory}"] = forms.SignForm(
                    initial={"signatory": signatory, "convention": convention.pk, "name": user.full_name}
                )
    return available, built


def render_detail(request, candidature, *, bound=None, error=None, status=200):
    roles = roles_of(request.user, candidature)
    available, built = action_forms(candidature, roles, request.user)
    if bound:
        built.update(bound)
    convention = candidature.current_convention
    context = {
        "candidature": candidature,
        "roles": roles,
        "is_company": Actor.COMPANY in roles,
        "available": available,
        "forms": built,
        "error": error,
        "convention": convention,
        "signatures": list(convention.signatures.all()) if convention else [],
        "missing": convention.missing_signatures() if convention else [],
        "past_conventions": candidature.conventions.filter(cancelled_at__isnull=False),
        "slots": list(candidature.pending_slots),
        "chosen_slot": candidature.meeting_slots.filter(
            chosen_at__isnull=False, withdrawn_at__isnull=True
        ).first(),
        "log": candidature.log.select_related("actor"),
        "assessment": getattr(candidature, "assessment", None),
        "promise": current_promise(candidature),
        "past_promises": candidature.promises.filter(cancelled_at__isnull=False),
        "enrolments": list(
            candidature.enrolments.select_related("session__training__organisation", "session__commune")
        ),
        "hiring": getattr(candidature, "hiring", None),
        "follow_ups": list(candidature.follow_ups.all()),
        "can_read_cv": bool(candidature.cv)
        and bool(roles & {Actor.JOB_SEEKER, Actor.COMPANY, Actor.PRESCRIBER}),
    }
    return render(request, "candidatures/detail.html", context, status=status)


@login_required
def detail(request, pk):
    candidature = visible_candidature(request.user, pk)
    if candidature.state == State.SENT and Actor.COMPANY in roles_of(request.user, candidature):
        try:
            services.open_candidature(candidature, request.user)
        except DomainError:
            candidature.refresh_from_db()
    return render_detail(request, candidature)


def _propose_meeting(request, candidature, data):
    form = forms.MeetingForm(data)
    if not form.is_valid():
        return form
    services.propose_meeting(candidature, request.user, form.slots())


def _choose_slot(request, candidature, data):
    form = forms.ChooseSlotForm(data)
    if not form.is_valid():
        raise DomainError("Choisissez un créneau.")
    services.choose_slot(candidature, request.user, form.cleaned_data["slot"])


def _with_form(form_class, call, **form_kwargs):
    def handler(request, candidature, data):
        form = form_class(data, **({k: v(candidature) for k, v in form_kwargs.items()}))
        if not form.is_valid():
            return form
        call(request, candidature, form)

    return handler


def _sign(request, candidature, data):
    form = forms.SignForm(data)
    if not form.is_valid():
        return form
    services.sign_convention(
        candidature,
        form.cleaned_data["signatory"],
        form.cleaned_data["name"],
        request.user,
        convention_id=form.cleaned_data["convention"],
    )


def _sign_commitment(request, candidature, data):
    form = forms.SignCommitmentForm(data)
    if not form.is_valid():
        return form
    commitments.sign_commitment(
        candidature,
        form.cleaned_data["signatory"],
        form.cleaned_data["name"],
        request.user,
        promise_id=form.cleaned_data["promise"],
    )


def _sessions(candidature):
    return commitments.eligible_sessions(candidature)


ACTIONS = {
    "propose_meeting": _propose_meeting,
    "choose_slot": _choose_slot,
    "ask_other_slots": _with_form(
        forms.OptionalReasonForm,
        lambda r, c, f: services.ask_other_slots(c, r.user, f.cleaned_data["reason"]),
    ),
    "propose_immersion": _with_form(
        forms.ImmersionForm,
        lambda r, c, f: services.propose_immersion(c, r.user, f.service_data()),
        candidature=lambda c: c,
    ),
    "amend_convention": _with_form(
        forms.ImmersionForm,
        lambda r, c, f: services.amend_convention(c, r.user, f.service_data(), f.cleaned_data["reason"]),
        candidature=lambda c: c,
        amending=lambda c: True,
    ),
    "sign_convention": _sign,
    "validate_immersion": lambda r, c, data: services.validate_immersion(c, r.user),
    "reject_immersion": _with_form(
        forms.ReasonForm, lambda r, c, f: services.reject_immersion(c, r.user, f.cleaned_data["reason"])
    ),
    "record_assessment": _with_form(
        forms.AssessmentForm, lambda r, c, f: services.record_assessment(c, r.user, f.cleaned_data)
    ),
    "give_feedback": _with_form(
        forms.FeedbackForm, lambda r, c, f: services.give_feedback(c, r.user, f.cleaned_data["text"])
    ),
    "refuse": _with_form(
        forms.RefuseForm,
        lambda r, c, f: services.refuse(c, r.user, f.cleaned_data["reason_code"], f.cleaned_data["reason"]),
    ),
    "withdraw": _with_form(
        forms.ReasonForm, lambda r, c, f: services.withdraw(c, r.user, f.cleaned_data["reason"])
    ),
    "cancel": _with_form(
        forms.ReasonForm, lambda r, c, f: services.cancel(c, r.user, f.cleaned_data["reason"])
    ),
    "propose_commitment": _with_form(
        forms.CommitmentForm,
        lambda r, c, f: commitments.propose_commitment(c, r.user, f.cleaned_data),
        sessions=_sessions,
    ),
    "sign_commitment": _sign_commitment,
    "request_enrolment": _with_form(
        forms.OtherSessionForm,
        lambda r, c, f: commitments.choose_other_session(c, r.user, f.cleaned_data["session"]),
        sessions=_sessions,
    ),
    "accept_enrolment": lambda r, c, data: commitments.accept_enrolment(c, r.user),
    "refuse_enrolment": _with_form(
        forms.ReasonForm, lambda r, c, f: commitments.refuse_enrolment(c, r.user, f.cleaned_data["reason"])
    ),
    "confirm_entry": _with_form(
        forms.EntryForm,
        lambda r, c, f: commitments.confirm_entry(
            c,
            r.user,
            f.cleaned_data["entered_on"],
            f.cleaned_data["internship_start"],
            f.cleaned_data["internship_end"],
        ),
    ),
    "complete_training": _with_form(
        forms.CompletionForm,
        lambda r, c, f: commitments.complete_training(
            c, r.user, f.cleaned_data["completed_on"], f.cleaned_data["certification_obtained"]
        ),
    ),
    "confirm_hiring": _with_form(
        forms.HiringForm,
        lambda r, c, f: commitments.confirm_hiring(
            c,
            r.user,
            f.cleaned_data["start_date"],
            f.cleaned_data["contract_type"],
            f.cleaned_data["contract_duration_months"],
            f.cleaned_data["weekly_hours"],
        ),
    ),
    "abandon_training": _with_form(
        forms.ReasonForm, lambda r, c, f: commitments.abandon_training(c, r.user, f.cleaned_data["reason"])
    ),
    "break_commitment": _with_form(
        forms.ReasonForm, lambda r, c, f: commitments.break_commitment(c, r.user, f.cleaned_data["reason"])
    ),
    "not_hired": _with_form(
        forms.ReasonForm, lambda r, c, f: commitments.not_hired(c, r.user, f.cleaned_data["reason"])
    ),
}
SUCCESS = {
    "propose_meeting": "Les créneaux sont proposés : la personne est prévenue.",
    "choose_slot": "La rencontre est planifiée : une invitation est envoyée par courriel.",
    "sign_convention": "Votre signature est enregistrée.",
}


@login_required
@require_POST
def act(request, pk, action):
    candidature = visible_candidature(request.user, pk)
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404("Action inconnue")
    try:
        invalid_form = handler(request, candidature, request.POST)
    except NotAllowed as error:
        return render_detail(request, candidature, error=error.message, status=403)
    except Conflict as error:
        candidature.refresh_from_db()
        return render_detail(request, candidature, error=error.message, status=409)
    except DomainError as error:
        candidature.refresh_from_db()
        return render_detail(request, candidature, error=error.message, status=400)
    if invalid_form is not None:
        key = action
        if action == "sign_convention":
            key = f"sign_{request.POST.get('signatory', '')}"
        elif action == "sign_commitment":
            key = f"commit_{request.POST.get('signatory', '')}"
        return render_detail(
            request, candidature, bound={key: invalid_form}, error="Vérifiez le formulaire.", status=400
        )
    messages.success(request, SUCCESS.get(action, "C'est enregistré."))
    return redirect("candidatures:detail", candidature.pk)


@login_required
def cv(request, pk):
    candidature = visible_candidature(request.user, pk)
    if not candidature.cv or not roles_of(request.user, candidature) & {
        Actor.JOB_SEEKER,
        Actor.COMPANY,
        Actor.PRESCRIBER,
    }:
        raise Http404("Pas de CV")
    with candidature.cv.open("rb") as file:  # at most 5 MB: read it and close it at once
        response = HttpResponse(file.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="cv-{candidature.pk}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def convention_pdf(request, pk, convention_pk):
    """Its parties, the prescriber and region staff only (not a training organisation that sees the path)."""
    candidature = visible_candidature(request.user, pk)
    allowed = {Actor.JOB_SEEKER, Actor.COMPANY, Actor.PRESCRIBER, Actor.REGION}
    if not request.user.is_staff and not roles_of(request.user, candidature) & allowed:
        raise Http404("Document non accessible")
    convention = get_object_or_404(candidature.conventions, pk=convention_pk)
    response = HttpResponse(render_convention_pdf(convention), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="convention-immersion-{convention.pk}.pdf"'
    return response


def tutor_sign(request, token):
    """The tutor signs through the emailed link: no account needed; the link names one convention."""
    try:
        data = signing.loads(token, salt=TUTOR_SIGNING_SALT, max_age=TUTOR_LINK_MAX_AGE)
    except signing.BadSignature:
        return render(
            request,
            "candidatures/tutor_sign.html",
            {"problem": "Ce lien n'est pas valide ou a expiré."},
            status=400,
        )
    convention = get_object_or_404(
        ImmersionConvention.objects.select_related("candidature"), pk=data["convention"]
    )
    context = {"problem": None, "convention": convention, "token": token, "already": False, "form": None}
    if convention.cancelled_at:
        context["problem"] = "Cette convention a été remplacée : un nouveau lien vous a été envoyé."
        return render(request, "candidatures/tutor_sign.html", context, status=410)
    if convention.signatures.filter(signatory=Signatory.TUTOR).exists():
        context["already"] = True
        return render(request, "candidatures/tutor_sign.html", context)
    form = forms.TutorSignForm(request.POST or None, initial={"name": convention.tutor_name})
    context["form"] = form
    if request.method == "POST":
        if form.is_valid():
            try:
                services.sign_convention(
                    convention.candidature,
                    Signatory.TUTOR,
                    form.cleaned_data["name"],
                    None,
                    convention_id=convention.pk,
                )
            except DomainError as error:
                context["problem"] = error.message
                return render(request, "candidatures/tutor_sign.html", context, status=409)
            context["already"] = True
            return render(request, "candidatures/tutor_sign.html", context)
        return render(request, "candidatures/tutor_sign.html", context, status=400)
    return render(request, "candidatures/tutor_sign.html", context)


def tutor_pdf(request, token):
    try:
        data = signing.loads(token, salt=TUTOR_SIGNING_SALT, max_age=TUTOR_LINK_MAX_AGE)
    except signing.BadSignature:
        raise Http404("Lien invalide") from None
    convention = get_object_or_404(ImmersionConvention, pk=data["convention"])
    return HttpResponse(render_convention_pdf(convention), content_type="application/pdf")


@login_required
def commitment_pdf(request, pk, promise_pk):
    from tdu.commitments.documents import render_commitment_pdf

    candidature = visible_candidature(request.user, pk)
    promise = get_object_or_404(candidature.promises, pk=promise_pk)
    response = HttpResponse(render_commitment_pdf(promise), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="engagement-reciproque-{promise.pk}.pdf"'
    return response


def follow_up(request, token):
    """One-minute follow-up, from an emailed signed link (no login) or from the dashboard."""
    from tdu.commitments.emails import FOLLOW_UP_MAX_AGE, FOLLOW_UP_SALT
    from tdu.commitments.models import FollowUp

    try:
        data = signing.loads(token, salt=FOLLOW_UP_SALT, max_age=FOLLOW_UP_MAX_AGE)
    except signing.BadSignature:
        return render(
            request,
            "candidatures/follow_up.html",
            {"problem": "Ce lien n'est pas valide ou a expiré."},
            status=400,
        )
    item = get_object_or_404(
        FollowUp.objects.select_related("candidature__company", "candidature__job_seeker"), pk=data["f"]
    )
    context = {"problem": None, "item": item, "form": None, "done": item.answered_at is not None}
    if context["done"]:
        return render(request, "candidatures/follow_up.html", context)
    form = forms.FollowUpForm(request.POST or None)
    context["form"] = form
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "candidatures/follow_up.html", context, status=400)
        from django.utils import timezone

        updated = FollowUp.objects.filter(pk=item.pk, answered_at__isnull=True).update(
            answered_at=timezone.now(), **form.cleaned_data
        )
        context["done"] = True
        if not updated:
            context["problem"] = "Une réponse avait déjà été enregistrée : merci !"
    return render(request, "candidatures/follow_up.html", context)
