"""« Mes données »: read everything the service holds about me, download it, close my account."""

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from tdu.privacy import access, erasure, export
from tdu.privacy.models import Access, Closure
from tdu.utils.errors import DomainError
from tdu.www.forms import TduForm


def _registered_by_an_advisor(user) -> bool:
    profile = getattr(user, "job_seeker_profile", None)
    return bool(profile and profile.consent_given_at)


@login_required
def my_data(request):
    context = {
        "tree": export.as_tree(export.data_of(request.user)),
        "accesses": access.of_person(request.user)[:200],
        "registered": _registered_by_an_advisor(request.user),
    }
    return render(request, "accounts/my_data.html", context)


@login_required
@require_POST
def download(request):
    """A file to keep: JSON (to reuse) or a page that opens offline (to read); the export is logged."""
    stamp = timezone.localdate().isoformat()
    if request.POST.get("format") == "html":
        access.record(Access.EXPORT, person=request.user, actor=request.user)
        page = render_to_string(
            "accounts/my_data_export.html", {"tree": export.as_tree(export.data_of(request.user))}
        )
        response = HttpResponse(page, content_type="text/html; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="mes-donnees-trait-d-union-{stamp}.html"'
        return response
    response = HttpResponse(export.export_json(request.user), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mes-donnees-trait-d-union-{stamp}.json"'
    return response


class CloseForm(TduForm):
    password = forms.CharField(
        label="Votre mot de passe", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    confirm = forms.BooleanField(
        label="J'ai compris : mon compte et mes données seront effacés, sans retour possible.",
        error_messages={"required": "Cochez la case pour confirmer."},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            del self.fields[
                "password"
            ]  # registered by an advisor, no password chosen yet: the session suffices

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("Mot de passe incorrect.")
        return password


@login_required
def close(request):
    registered = _registered_by_an_advisor(request.user)
    form = CloseForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            reason = Closure.CONSENT_WITHDRAWN if registered else Closure.REQUEST
            try:
                erasure.close_account(request.user, reason)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                logout(request)
                messages.success(
                    request,
                    "Votre compte est fermé et vos données personnelles sont effacées. "
                    "Un courriel vous le confirme.",
                )
                return redirect("pages:home")
        status = 400
    context = {"form": form, "registered": registered}
    return render(request, "accounts/close_account.html", context, status=status)
