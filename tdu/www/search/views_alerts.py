"""Saved searches and their email alert: save the current search, list and delete hers, stop an alert from the
signed link of its email (without logging in). Every write goes through tdu.alerts.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from tdu.alerts import services
from tdu.alerts.models import MAX_PER_PERSON, SavedSearch
from tdu.utils.errors import Conflict, DomainError, NotAllowed

PROBLEM = "search/saved_search_problem.html"


def _status(error):
    return 403 if isinstance(error, NotAllowed) else 409 if isinstance(error, Conflict) else 400


@require_POST
@login_required
def save(request):
    """From the results of a search: its parameters come as hidden fields of the button's form."""
    try:
        saved, created = services.save_search(request.user, request.POST)
    except DomainError as error:
        return render(request, PROBLEM, {"problem": error.message}, status=_status(error))
    if created:
        messages.success(
            request,
            f"Recherche enregistrée\u00a0: chaque matin où une nouvelle offre y apparaît, vous recevez un "
            f"courriel à {request.user.email}. Chaque courriel a un lien pour ne plus le recevoir.",
        )
    else:
        messages.info(
            request, "Cette recherche était déjà enregistrée\u00a0: son alerte par courriel est active."
        )
    return redirect(reverse("search:search") + "?" + urlencode(saved.query()))


@login_required
def saved_searches(request):
    mine = SavedSearch.objects.filter(user=request.user).select_related("commune")
    rows = [{"search": saved, "query": urlencode(saved.query())} for saved in mine]
    return render(
        request,
        "search/saved_searches.html",
        {"rows": rows, "max_count": MAX_PER_PERSON, "may_save": services.may_save(request.user)},
    )


@require_POST
@login_required
def delete(request, pk):
    saved = get_object_or_404(SavedSearch.objects.filter(user=request.user).select_related("commune"), pk=pk)
    label = saved.label
    services.delete_search(saved)
    messages.success(
        request, f"Recherche supprimée\u00a0: {label}. Vous ne recevrez plus de courriel pour elle."
    )
    return redirect("search:saved_searches")


def unsubscribe(request, token):
    """GET shows what the link stops and a button; only the POST stops the alert."""
    try:
        saved = services.search_of_token(token)
        if request.method == "POST":
            saved = services.unsubscribe(token)
            return render(request, "search/unsubscribe.html", {"saved": saved, "done": True})
    except DomainError as error:
        return render(request, PROBLEM, {"problem": error.message}, status=_status(error))
    return render(request, "search/unsubscribe.html", {"saved": saved, "done": not saved.active})
