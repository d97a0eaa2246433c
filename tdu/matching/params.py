"""Search parameters, read and checked once for the HTML page, the JSON API and the forms, with French messages."""

import re

from django.db.models import Case, When

from tdu.matching import romes
from tdu.matching.communes import Place, commune_index
from tdu.matching.search import SearchParams, Sort
from tdu.offers.enums import ContractType
from tdu.references.enums import EducationLevel
from tdu.references.models import Commune, RomeCode
from tdu.utils.text import search_key

MIN_RADIUS, MAX_RADIUS, DEFAULT_RADIUS = 1, 200, 30
MAX_PAGE = 1000
ROME_PATTERN = re.compile(r"^[A-Z]\d{4}$")
# « Metz (57000) », or a homonym's choice « Saint-Julien (21490, Côte-d'Or) ».
LABELLED_COMMUNE = re.compile(r"^(?P<name>.+?)\s*\((?P<postal>\d{5})(?:,[^)]*)?\)\s*$")


class SearchInputError(Exception):
    def __init__(self, field, message, choices=None):
        super().__init__(message)
        self.field = field
        self.message = message
        self.choices = choices or []


def place_of(commune) -> Place:
    return commune_index(commune.id).by_id.get(commune.id) or Place(
        commune.id, commune.code, commune.name, commune.latitude, commune.longitude
    )


def commune_by_insee(code: str) -> Place:
    code = (code or "").strip().upper()
    if not code:
        raise SearchInputError(
            "commune", "Indiquez la commune où vous habitez (code INSEE, ex. 57463 pour Metz)."
        )
    place = commune_index().by_code.get(code)
    if place is None:
        commune = Commune.objects.filter(code=code).first()
        if commune is None:
            raise SearchInputError("commune", f"Commune inconnue : aucun code INSEE « {code} ».")
        place = place_of(commune)
    return place


def commune_from_text(text: str) -> Place:
    """What a person types: 'Metz', 'metz (57000)', '57000' (postal code) or an INSEE code."""
    text = (text or "").strip()
    if not text:
        raise SearchInputError("commune", "Indiquez la commune où vous habitez, ou son code postal.")
    labelled = LABELLED_COMMUNE.match(text)
    if labelled:
        candidates = list(
            Commune.objects.search(labelled["postal"]).filter(search_name=search_key(labelled["name"]))[:2]
        )
        if len(candidates) == 1:
            return place_of(candidates[0])
        text = labelled["name"]
    key = search_key(text)
    # Every commune of exactly that name (homonyms: each with its department), the deployed regions' first.
    exact = (
        list(
            Commune.objects.filter(search_name=key)
            .select_related("department")
            .annotate(elsewhere=Case(When(department__region__is_deployed=True, then=0), default=1))
            .order_by("elsewhere", "-population", "code")
        )
        if key
        else []
    )
    if len(exact) == 1:
        return place_of(exact[0])
    if len(exact) > 1:
        raise SearchInputError(
            "commune",
            f"{len(exact)} communes s'appellent « {exact[0].name} » : choisissez la vôtre.",
            choices=[f"{c.label[:-1]}, {c.department.name})" for c in exact],
        )
    candidates = list(Commune.objects.search(text).order_by("-population", "code")[:20])
    if not candidates and (text.isdigit() or text[:2].upper() in {"2A", "2B"}):
        return commune_by_insee(text)
    if len(candidates) == 1:
        return place_of(candidates[0])
    if not candidates:
        raise SearchInputError(
            "commune", f"Aucune commune ne correspond à « {text} ». Vérifiez l'orthographe ou le code postal."
        )
    raise SearchInputError(
        "commune",
        f"Plusieurs communes correspondent à « {text} » : précisez laquelle.",
        choices=[c.label for c in candidates[:10]],
    )


def _radius(value, field, label, default):
    if value in (None, ""):
        return default
    try:
        number = int(str(value).strip())
    except ValueError:
        raise SearchInputError(field, f"{label} doit être un nombre entier de kilomètres.") from None
    if not MIN_RADIUS <= number <= MAX_RADIUS:
        raise SearchInputError(field, f"{label} doit être compris entre {MIN_RADIUS} et {MAX_RADIUS} km.")
    return number


MAX_WORDS = 200  # the job typed: beyond, no job name is that long (and SQLite refuses too long a LIKE)


def parse(data, *, commune_field_is_text=False) -> SearchParams:
    """Read the search parameters from a QueryDict-like mapping; raise SearchInputError on bad input."""
    get = lambda name: (data.get(name) or "").strip()  # noqa: E731
    home = commune_from_text(get("commune")) if commune_field_is_text else commune_by_insee(get("commune"))
    radius = _radius(get("rayon"), "rayon", "Le rayon de recherche", DEFAULT_RADIUS)
    training_radius = _radius(get("rayon_formation"), "rayon_formation", "Le rayon des formations", None)

    rome_codes = None
    rome = get("rome").upper()
    if rome:
        if not ROME_PATTERN.match(rome):
            raise SearchInputError(
                "rome", f"Code ROME « {rome} » mal formé : une lettre suivie de 4 chiffres (ex. H2913)."
            )
        if rome not in romes.parents() and not RomeCode.objects.filter(code=rome).exists():
            raise SearchInputError("rome", f"Code ROME inconnu : « {rome} ».")
        rome_codes = romes.codes_matching({romes.match_code(rome)})
    words = get("q")
    if len(words) > MAX_WORDS:
        raise SearchInputError("q", f"Le métier cherché est trop long : {MAX_WORDS} caractères au plus.")
    if words:
        found = romes.codes_for_words(words)
        rome_codes = found if rome_codes is None else rome_codes & found
    contract = get("contrat").lower() or None
    if contract and contract not in ContractType.values:
        raise SearchInputError("contrat", "Type de contrat inconnu : choisissez « cdi » ou « cdd ».")
    level = get("niveau")
    if level:
        if not level.isdigit() or int(level) not in EducationLevel.values:
            choices = ", ".join(f"{v} ({label})" for v, label in EducationLevel.choices)
            raise SearchInputError("niveau", f"Niveau d'études inconnu. Valeurs possibles : {choices}.")
        level = int(level)
    sort = get("tri") or Sort.DISTANCE
    if sort not in {Sort.DISTANCE, Sort.DATE}:
        raise SearchInputError("tri", "Tri inconnu : choisissez « distance » ou « date ».")
    page = get("page") or "1"
    if not page.isdigit() or not 1 <= int(page) <= MAX_PAGE:
        raise SearchInputError("page", "Numéro de page invalide : un nombre entier à partir de 1.")
    return SearchParams(
        home=home,
        radius_km=radius,
        training_radius_km=training_radius,
        rome_codes=frozenset(rome_codes) if rome_codes is not None else None,
        contract=contract,
        level=level if level != "" else None,
        sort=sort,
        page=int(page),
    )
