"""The person's own join request: where it stands, and the code that proves she belongs to the organisation."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from tdu.organisations import joining
from tdu.organisations.models import JoinRequest
from tdu.utils.errors import DomainError
from tdu.www.forms import TduForm


class JoinCodeForm(TduForm):
    code = forms.CharField(
        label="Code reçu",
        max_length=6,
        min_length=6,
        help_text="6 chiffres, envoyés à l'adresse que votre entreprise a donnée pour ses offres.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


@login_required
def join_request(request, pk):
    mine = get_object_or_404(JoinRequest.objects.filter(user=request.user), pk=pk)
    form = JoinCodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                joining.confirm_code(mine, request.user, form.cleaned_data["code"])
            except DomainError as error:
                form.add_error("code", error.message)
            else:
                messages.success(
                    request,
                    f"Vous administrez désormais l'espace de {mine.organisation.name} : ses offres, ses "
                    "candidatures et ses membres.",
                )
                return redirect("dashboard:home")
        status = 400
        mine.refresh_from_db()
    return render(request, "accounts/join_request.html", {"join_request": mine, "form": form}, status=status)
