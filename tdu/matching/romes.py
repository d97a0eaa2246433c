"""ROME code equivalences and job words → ROME codes, with a small in-process cache."""

from tdu.references.models import RomeAppellation, RomeCode
from tdu.utils.text import search_key

_parents: dict[str, str] = {}
_signature = None


def refresh_if_changed(signature):
    """Called once per search with the ROME codes' version (moved by a trigger on every write to the table): the
    cache follows the database."""
    global _signature
    if signature != _signature:
        clear_cache()
        _signature = signature


def parents() -> dict[str, str]:
    """{code: match code}: the parent code once the official referentiel is imported, else the code itself."""
    global _parents
    if not _parents:
        _parents = {
            code: parent or code for code, parent in RomeCode.objects.values_list("code", "parent_code")
        }
    return _parents


def clear_cache():
    global _parents, _signature
    _parents, _signature = {}, None


def match_code(code: str) -> str:
    return parents().get(code, code)


def codes_matching(match_codes) -> set[str]:
    """Every ROME code whose match code is in `match_codes`."""
    wanted = set(match_codes)
    # A code unknown to a stale cache is its own match code.
    return wanted | {code for code, parent in parents().items() if parent in wanted}


def codes_for_words(words: str) -> set[str]:
    """ROME codes whose label, or one of whose job titles, contains every word (accents and case ignored)."""
    terms = search_key(words).split()
    if not terms:
        return set()
    codes = set(RomeCode.objects.containing(terms).values_list("code", flat=True))
    codes |= set(RomeAppellation.objects.containing(terms).values_list("rome_id", flat=True))
    return codes
