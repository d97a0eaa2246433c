"""« Vérifier ce document »: public, no account; a POST reads only (the fingerprint is typed, rate-limited)."""

from django import forms
from django.shortcuts import render

from tdu.candidatures.documents import verification
from tdu.utils.errors import DomainError
from tdu.utils.page_rates import limited
from tdu.www.forms import TduForm


class VerifyForm(TduForm):
    fingerprint = forms.CharField(
        label="Empreinte du document",
        max_length=200,
        help_text="64 caractères, en bas du document, rubrique « Intégrité du document ».",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


@limited("verify_document")
def verify_document(request):
    form = VerifyForm(request.POST or None)
    context = {"form": form, "checked": False, "document": None}
    if request.method != "POST":
        return render(request, "candidatures/verify_document.html", context)
    if not form.is_valid():
        return render(request, "candidatures/verify_document.html", context, status=400)
    try:
        document = verification.verify(form.cleaned_data["fingerprint"])
    except DomainError as error:
        form.add_error("fingerprint", error.message)
        return render(request, "candidatures/verify_document.html", context, status=400)
    context.update(checked=True, document=document)
    return render(request, "candidatures/verify_document.html", context, status=200 if document else 404)
