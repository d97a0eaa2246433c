"""Region space: the sessions a training organisation says the region funds, waiting for the region's answer."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from tdu.organisations import funding
from tdu.utils.errors import DomainError
from tdu.www.forms import TduForm
from tdu.www.spaces.permissions import regions_of
from tdu.www.spaces.views import paginate, posted

DECISIONS = {"confirmer", "refuser"}


class RefusalForm(TduForm):
    reason = forms.CharField(
        label="Motif (envoyé à l'organisme)",
        required=False,
        max_length=funding.REASON_MAX_LENGTH,
        widget=forms.TextInput,
    )


def _region(request, code):
    return get_object_or_404(regions_of(request.user), code=code)


@login_required
def region_fundings(request, code):
    region = _region(request, code)
    context = {
        "region": region,
        "page": paginate(request, funding.pending_for_region(region)),
        "refusal_form": RefusalForm(),
        "current": "financements",
    }
    return render(request, "spaces/region_fundings.html", context)


@login_required
@require_POST
def region_funding_decide(request, code, pk, decision):
    region = _region(request, code)
    session = get_object_or_404(funding.pending_for_region(region), pk=pk)
    if decision not in DECISIONS:
        raise Http404("Décision inconnue")
    form = RefusalForm(posted(request))
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("reason", ["Motif invalide."])))
        return redirect("spaces:region_fundings", region.code)
    label = f"« {session.training.title} » ({session.training.organisation.name}, {session.commune.name})"
    try:
        if decision == "confirmer":
            funding.confirm_funding(session, region, user=request.user)
        else:
            funding.refuse_funding(session, region, user=request.user, reason=form.cleaned_data["reason"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"Financement confirmé pour la session {label} : ses offres apparaissent dans la recherche dès "
            "maintenant ; l'organisme est prévenu par courriel."
            if decision == "confirmer"
            else f"Financement refusé pour la session {label} : elle reste sans financement régional ; "
            "l'organisme est prévenu par courriel.",
        )
    return redirect("spaces:region_fundings", region.code)
