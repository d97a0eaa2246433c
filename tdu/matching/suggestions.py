"""Suggestions while typing: communes (name or postal code) and jobs (ROME labels and job titles)."""

from tdu.references.models import Commune, RomeAppellation, RomeCode
from tdu.utils.text import search_key

SUGGESTIONS = 10


def suggest_communes(text: str, limit: int = SUGGESTIONS):
    return Commune.objects.search(text).order_by("-population", "code")[:limit]


def suggest_jobs(text: str, limit: int = SUGGESTIONS):
    """[{code, libelle, metier}]: ROME labels then job titles containing every word (accents ignored)."""
    terms = search_key(text).split()
    if not terms:
        return []
    codes = RomeCode.objects.containing(terms)
    titles = RomeAppellation.objects.containing(terms).select_related("rome")
    suggestions = [
        {"code": r.code, "libelle": r.label, "metier": r.label} for r in codes.order_by("code")[:limit]
    ]
    for title in titles.order_by("label")[: limit - len(suggestions)]:
        suggestions.append({"code": title.rome_id, "libelle": title.label, "metier": title.rome.label})
    return suggestions
