"""Second-factor pages: set up an authentication application, check a code at login, turn it off."""

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from tdu.accounts import two_factor
from tdu.utils.errors import DomainError
from tdu.www.forms import TduForm

CODES_SESSION_KEY = "accounts:backup_codes"


class CodeForm(TduForm):
    code = forms.CharField(
        label="Code",
        help_text="Les 6 chiffres affichés par votre application, ou l'un de vos codes de secours.",
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return "/tableau-de-bord/"


def _with_next(name, request):
    return f"{reverse(name)}?{urlencode({'next': _next(request)})}"


def _qr_svg(device) -> str:
    # segno writes a plain SVG (paths and attributes, no script, no style): safe inline under the strict CSP.
    return segno.make(device.config_url, error="m").svg_inline(scale=4, title="Code QR à scanner")


@login_required
def setup(request):
    """Scan the QR code (or type the key), then give the first code: the application is confirmed."""
    if two_factor.enabled_for(request.user) and not request.user.is_verified():
        return redirect(_with_next("accounts:two_factor_verify", request))
    device = two_factor.pending_application(request.user)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            device, codes = two_factor.confirm_application(request.user, form.cleaned_data["code"])
        except DomainError as error:
            form.add_error("code", error.message)
        else:
            otp_login(request, device)
            request.session[CODES_SESSION_KEY] = codes
            return redirect("accounts:two_factor_codes")
    context = {
        "form": form,
        "qr": _qr_svg(device),
        "secret": device.config_url.split("secret=")[1].split("&")[0],
        "required": two_factor.required_for(request.user),
        "next": _next(request),
    }
    return render(request, "accounts/two_factor_setup.html", context, status=400 if form.is_bound else 200)


@login_required
def verify(request):
    """At login: the password was right, the code proves the second factor."""
    if not two_factor.enabled_for(request.user):
        return redirect(_with_next("accounts:two_factor_setup", request))
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            device = two_factor.check(request.user, form.cleaned_data["code"])
        except DomainError as error:
            form.add_error("code", error.message)
        else:
            otp_login(request, device)
            if device.name == two_factor.BACKUP:
                left = two_factor.backup_codes_left(request.user)
                messages.warning(
                    request,
                    f"Code de secours utilisé : il vous en reste {left}. Créez-en de nouveaux depuis « Mon compte » "
                    "si besoin.",
                )
            return redirect(_next(request))
    context = {"form": form, "next": _next(request)}
    return render(request, "accounts/two_factor_verify.html", context, status=400 if form.is_bound else 200)


@login_required
def codes(request):
    """The backup codes, shown once after they are made."""
    shown = request.session.pop(CODES_SESSION_KEY, None)
    if not shown:
        return redirect("accounts:profile")
    return render(request, "accounts/two_factor_codes.html", {"codes": shown})


@login_required
@require_POST
def new_codes(request):
    if not request.user.is_verified():
        return redirect("accounts:two_factor_verify")
    request.session[CODES_SESSION_KEY] = two_factor.new_backup_codes(request.user)
    return redirect("accounts:two_factor_codes")


@login_required
@require_POST
def disable(request):
    form = CodeForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError("Saisissez un code pour désactiver la double authentification.")
        two_factor.disable(request.user, form.cleaned_data["code"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            "Double authentification désactivée : la connexion ne demande plus que votre mot de passe.",
        )
    return redirect("accounts:profile")
