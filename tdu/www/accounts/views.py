"""Account pages: sign-up, address confirmation, login, password, profile, members and invitations."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import urlencode

from tdu.accounts import two_factor
from tdu.accounts.services import (
    AccountError,
    jobs_wanted_text,
    resend_verification_email,
    sign_up_job_seeker,
    update_profile,
    verify_email_token,
)
from tdu.candidatures.services.application import candidature_for_recruiter
from tdu.companies.models import Company
from tdu.imports import claims
from tdu.organisations import services as organisations
from tdu.organisations.models import PrescriberOrganisation
from tdu.trainings.models import TrainingOrganisation
from tdu.utils.errors import DomainError
from tdu.utils.page_rates import limited
from tdu.www.accounts import forms

# Logging someone in without her password (an invitation, a claim link): the backend that holds her account.
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"

SIGNUP_EMAIL_SESSION_KEY = "accounts:signup_email"
ORGANISATION_SIGNUPS = {
    "company": {
        "model": Company,
        "title": "Créer l'espace de mon entreprise",
        "intro": "Vous recrutez : inscrivez votre établissement avec son SIRET.",
        "name_label": "Raison sociale ou enseigne",
    },
    "training": {
        "model": TrainingOrganisation,
        "title": "Créer l'espace de mon organisme de formation",
        "intro": "Vous proposez des formations financées par la Région : inscrivez votre organisme avec son SIRET.",
        "name_label": "Nom de l'organisme",
    },
}


def _invalid(request, template, context):
    return render(request, template, context, status=400)


def _apply_error(form, error):
    form.add_error(error.field if error.field in form.fields else None, error.message)


# --- Sign-up and address confirmation ------------------------------------------------------------------


def signup(request):
    return render(request, "accounts/signup_chooser.html")


@limited("signup")
def signup_job_seeker(request):
    form = forms.JobSeekerSignupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                sign_up_job_seeker(
                    email=data["email"],
                    password=data["password1"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    phone=data["phone"],
                    **form.profile_data(),
                )
            except AccountError as error:
                _apply_error(form, error)
            else:
                request.session[SIGNUP_EMAIL_SESSION_KEY] = data["email"]
                return redirect("accounts:signup_done")
        return _invalid(request, "accounts/signup_job_seeker.html", {"form": form})
    return render(request, "accounts/signup_job_seeker.html", {"form": form})


@limited("signup")
def signup_organisation(request, kind):
    page = ORGANISATION_SIGNUPS[kind]
    form = forms.OrganisationSignupForm(request.POST if request.method == "POST" else None)
    form.fields["name"].label = page["name_label"]
    context = {"form": form, "page": page}
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                organisations.register_organisation_member(
                    page["model"],
                    email=data["email"],
                    password=data["password1"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    phone=data["phone"],
                    siret=data["siret"],
                    name=data["name"],
                    commune=data["commune"],
                )
            except AccountError as error:
                _apply_error(form, error)
            else:
                request.session[SIGNUP_EMAIL_SESSION_KEY] = data["email"]
                return redirect("accounts:signup_done")
        return _invalid(request, "accounts/signup_organisation.html", context)
    return render(request, "accounts/signup_organisation.html", context)


def claim_company(request, token):
    """The recruiter of an imported offer creates her company's space from her emailed link (it proves her
    address): logged in, she gives the SIRET; otherwise she creates her account at the same time."""
    try:
        candidature = candidature_for_recruiter(token)
    except DomainError as error:
        context = {"problem": error.message, "company": None, "candidature": None, "form": None}
        return render(request, "accounts/claim_company.html", context, status=400)
    company = candidature.company
    posted = request.POST if request.method == "POST" else None
    if request.user.is_authenticated:
        form = forms.ClaimSiretForm(posted)
    else:
        form = forms.ClaimWithAccountForm(posted, initial={"email": candidature.recruiter_email})
    context = {"form": form, "company": company, "candidature": candidature, "problem": None}
    if request.method != "POST":
        return render(request, "accounts/claim_company.html", context)
    if not form.is_valid():
        return _invalid(request, "accounts/claim_company.html", context)
    data = form.cleaned_data
    try:
        if request.user.is_authenticated:
            claims.claim_company(company, request.user, data["siret"])
            user = request.user
        else:
            user = claims.register_and_claim(
                company,
                siret=data["siret"],
                proven_email=candidature.recruiter_email,
                email=data["email"],
                password=data["password1"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                phone=data["phone"],
            )
    except DomainError as error:
        form.add_error("siret" if "SIRET" in error.message else None, error.message)
        return _invalid(request, "accounts/claim_company.html", context)
    if user.email_verified_at is None:
        request.session[SIGNUP_EMAIL_SESSION_KEY] = user.email
        return redirect("accounts:signup_done")
    if not request.user.is_authenticated:
        login(request, user, backend=MODEL_BACKEND)
    messages.success(request, f"L'espace de {company.name} est créé : vous y suivez cette candidature.")
    return redirect("candidatures:detail", candidature.pk)


def signup_done(request):
    email = request.session.get(SIGNUP_EMAIL_SESSION_KEY)
    return render(
        request,
        "accounts/signup_done.html",
        {"email": email, "form": forms.EmailForm(initial={"email": email})},
    )


def verify_email(request, token):
    try:
        user = verify_email_token(token)
    except AccountError as error:
        context = {"error": error.message, "form": forms.EmailForm()}
        return render(request, "accounts/verify_email.html", context, status=400)
    return render(request, "accounts/verify_email.html", {"error": None, "verified_email": user.email})


@limited("resend")
def resend_verification(request):
    form = forms.EmailForm(
        request.POST if request.method == "POST" else None, initial={"email": request.GET.get("email", "")}
    )
    if request.method == "POST":
        if not form.is_valid():
            return _invalid(request, "accounts/resend_verification.html", {"form": form, "sent": False})
        resend_verification_email(form.cleaned_data["email"])
        return render(request, "accounts/resend_verification.html", {"form": form, "sent": True})
    return render(request, "accounts/resend_verification.html", {"form": form, "sent": False})


# --- Login, logout, passwords --------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    authentication_form = forms.VerifiedAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        unverified = form.is_bound and form.has_error("__all__", "unverified")
        context["resend_form"] = (
            forms.EmailForm(initial={"email": form.data.get("username", "")}) if unverified else None
        )
        return context


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, "Vous êtes déconnecté·e. À bientôt !")
        return response


@method_decorator(limited("password_reset"), name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    form_class = forms.PasswordResetForm
    template_name = "registration/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = forms.SetPasswordForm
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def render_to_response(self, context, **kwargs):
        if not context["validlink"]:
            kwargs["status"] = 400  # already used, expired or altered
        return super().render_to_response(context, **kwargs)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = forms.PasswordChangeForm
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Votre mot de passe a été modifié.")
        return response

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


# --- Profile --------------------------------------------------------------------------------------------


@login_required
def profile(request):
    user = request.user
    profile = getattr(user, "job_seeker_profile", None)
    form_class = forms.JobSeekerAccountForm if profile else forms.AccountForm
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "phone": user.phone,
        "wants_non_essential_emails": user.wants_non_essential_emails,
    }
    if profile:
        initial |= {
            "birth_date": profile.birth_date,
            "commune": profile.commune.label,
            "address": profile.address,
            "mobility_radius_km": profile.mobility_radius_km,
            "education_level": profile.education_level,
            "situation": profile.situation,
            "france_travail_id": profile.france_travail_id,
            "jobs_wanted": jobs_wanted_text(profile),
            "availability": profile.availability,
            "prescriber_organisation": profile.prescriber_organisation_id,
        }
    form = form_class(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        update_profile(user, form.account_data(), form.profile_data() if profile else None)
        messages.success(request, "Vos informations sont enregistrées.")
        return redirect("accounts:profile")
    context = {
        "form": form,
        "is_job_seeker": profile is not None,
        "memberships": [
            (label, organisation, membership, organisations.members_url(organisation))
            for label, organisation, membership in organisations.memberships_of_user(user)
        ],
        "region_memberships": user.region_memberships.select_related("region"),
        "two_factor": {
            "enabled": two_factor.enabled_for(user),
            "required": two_factor.required_for(user),
            "codes_left": two_factor.backup_codes_left(user),
        },
    }
    return render(request, "accounts/profile.html", context, status=400 if form.is_bound else 200)


# --- Members and invitations ----------------------------------------------------------------------------


def _organisation(kind, siret, pk):
    if kind == "prescriber":
        return get_object_or_404(PrescriberOrganisation, pk=pk)
    if not (siret.isdigit() and len(siret) == 14):
        raise Http404("SIRET mal formé")
    return get_object_or_404(Company if kind == "company" else TrainingOrganisation, siret=siret)


@login_required
def members(request, kind, siret=None, pk=None):
    organisation = _organisation(kind, siret, pk)
    membership = organisations.membership_of(organisation, request.user)
    if membership is None:
        raise Http404("Vous ne faites pas partie de cette structure.")
    invite_form = forms.InviteForm(request.POST if request.POST.get("action") == "inviter" else None)
    error, status = None, 200
    if request.method == "POST":
        try:
            if request.POST.get("action") == "inviter":
                if invite_form.is_valid():
                    invitation = organisations.invite(
                        organisation, invite_form.cleaned_data["email"], request.user
                    )
                    messages.success(request, f"Invitation envoyée à {invitation.email}.")
                    return redirect(request.path)
            elif request.POST.get("action") == "nommer-admin":
                promoted = organisations.make_admin(
                    organisation, request.POST.get("membre", ""), request.user
                )
                messages.success(
                    request, f"{promoted.user} est maintenant administrateur ou administratrice."
                )
                return redirect(request.path)
            else:
                error = "Action inconnue."
        except AccountError as exc:
            if exc.field == "email":
                invite_form.add_error("email", exc.message)
            else:
                error = exc.message
        status = 403 if not membership.is_admin else 400
    context = {
        "organisation": organisation,
        "kind_label": organisations.kind_of(organisation).label,
        "membership": membership,
        "members": organisations.members_of(organisation),
        "invitations": organisations.pending_invitations(organisation) if membership.is_admin else [],
        "invite_form": invite_form,
        "error": error,
    }
    return render(request, "accounts/members.html", context, status=status)


def accept_invitation(request, token):
    try:
        invitation = organisations.usable_invitation(token)
    except organisations.OrganisationError as error:
        status = 404 if error.code == "unknown" else 410
        return render(request, "accounts/invitation_unusable.html", {"error": error.message}, status=status)
    organisation = invitation.organisation
    context = {"invitation": invitation, "organisation": organisation, "form": None, "error": None}
    if request.user.is_authenticated:
        if request.user.email.lower() != invitation.email.lower():
            return render(request, "accounts/invitation_other_account.html", context, status=403)
        if request.method == "POST":
            try:
                organisations.accept_invitation(invitation, request.user)
            except AccountError as error:
                context["error"] = error.message
                return render(request, "accounts/invitation.html", context, status=410)
            messages.success(request, f"Vous avez rejoint {organisation.name}.")
            return redirect(organisations.members_url(organisation))
        return render(request, "accounts/invitation.html", context)
    if organisations.account_for_invitation(invitation) is not None:
        messages.info(
            request,
            f"Un compte existe déjà pour {invitation.email} : connectez-vous pour rejoindre {organisation.name}.",
        )
        return redirect(f"{reverse('accounts:login')}?{urlencode({'next': request.path})}")
    form = forms.PasswordsForm(request.POST if request.method == "POST" else None, email=invitation.email)
    context["form"] = form
    if request.method == "POST":
        if form.is_valid():
            try:
                user = organisations.accept_invitation_as_new_user(
                    invitation,
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                    password=form.cleaned_data["password1"],
                )
            except AccountError as error:
                context["error"] = error.message
            else:
                login(request, user, backend=MODEL_BACKEND)
                messages.success(request, f"Votre compte est créé et vous avez rejoint {organisation.name}.")
                return redirect(organisations.members_url(organisation))
        return render(request, "accounts/invitation.html", context, status=400)
    return render(request, "accounts/invitation.html", context)
