"""Every write about saved searches: save one from the search page's parameters, delete it, stop its alert
through the signed link of an email (without logging in)."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tdu.alerts.models import MAX_PER_PERSON, SavedSearch
from tdu.matching.params import SearchInputError, parse, place_of
from tdu.matching.search import SearchParams
from tdu.utils import signed_links
from tdu.utils.errors import Conflict, DomainError, NotAllowed
from tdu.utils.notifications import absolute


def may_save(user) -> bool:
    """Saved searches are a job seeker's: she is the one who looks for a job near home."""
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "job_seeker_profile", None))


def save_search(user, data) -> tuple[SavedSearch, bool]:
    """Save the search of these parameters (the page's: commune as typed, rayon, q…); (search, created).

    The same search saved again is the same row (its alert on again); at most MAX_PER_PERSON per person.
    """
    if not may_save(user):
        raise NotAllowed(
            "Seule une personne qui cherche un emploi, connectée, peut enregistrer une recherche."
        )
    try:
        params = parse(data, commune_field_is_text=True)
    except SearchInputError as error:
        raise DomainError(f"Cette recherche ne peut pas être enregistrée\u00a0: {error.message}") from None
    fields = {
        "commune_id": params.home.id,
        "radius_km": params.radius_km,
        "training_radius_km": params.training_radius_km,
        "job_words": (data.get("q") or "").strip()[:200],
        "contract": params.contract or "",
        "level": params.level,
    }
    rome_codes = sorted(params.rome_codes) if params.rome_codes is not None else None
    with transaction.atomic():
        mine = SavedSearch.objects.select_for_update().filter(user=user)
        existing = mine.filter(**fields).first()
        if existing is not None:
            if not existing.active:
                # Her alert on again: from now on, not the offers of the time it was off.
                SavedSearch.objects.filter(pk=existing.pk).update(active=True, notified_until=timezone.now())
                existing.refresh_from_db()
            return existing, False
        if mine.count() >= MAX_PER_PERSON:
            raise Conflict(
                f"Vous avez déjà {MAX_PER_PERSON} recherches enregistrées\u00a0: supprimez-en une pour en "
                "enregistrer une autre."
            )
        now = timezone.now()
        saved = SavedSearch.objects.create(
            user=user, rome_codes=rome_codes, created_at=now, notified_until=now, **fields
        )
    return saved, True


def delete_search(saved: SavedSearch) -> None:
    """The view hands over one of her own searches (fetched through `SavedSearch.objects.filter(user=…)`)."""
    SavedSearch.objects.filter(pk=saved.pk).delete()


def unsubscribe_token(saved: SavedSearch) -> str:
    return signed_links.SAVED_SEARCH_UNSUBSCRIBE.make(search=saved.pk, user=saved.user_id)


def unsubscribe_url(saved: SavedSearch) -> str:
    return absolute(reverse("search:unsubscribe", args=[unsubscribe_token(saved)]))


def search_of_token(token: str) -> SavedSearch:
    """The saved search of an emailed unsubscribe link; a DomainError with the French message otherwise."""
    data = signed_links.SAVED_SEARCH_UNSUBSCRIBE.read(token)
    saved = (
        SavedSearch.objects.select_related("commune")
        .filter(pk=data.get("search"), user_id=data.get("user"))
        .first()
    )
    if saved is None:
        raise DomainError("Cette recherche n'existe plus\u00a0: vous ne recevrez plus de courriel pour elle.")
    return saved


def unsubscribe(token: str) -> SavedSearch:
    """Stop the alert of the link's search (she may not be logged in); doing it twice changes nothing."""
    saved = search_of_token(token)
    SavedSearch.objects.filter(pk=saved.pk).update(active=False)
    saved.active = False
    return saved


def params_of(saved: SavedSearch, today=None) -> SearchParams:
    """The search that the page would run for this saved search."""
    params = SearchParams(
        home=place_of(saved.commune),
        radius_km=saved.radius_km,
        training_radius_km=saved.training_radius_km,
        rome_codes=frozenset(saved.rome_codes) if saved.rome_codes is not None else None,
        contract=saved.contract or None,
        level=saved.level,
    )
    if today is not None:
        params.today = today
    return params
