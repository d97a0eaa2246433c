"""Public JSON API (django-ninja). OpenAPI: /api/v1/openapi.json, documentation: /api/v1/docs."""

from django.http import HttpRequest
from ninja import NinjaAPI, Query, Schema
from ninja.errors import ValidationError as NinjaValidationError

from tdu.matching.params import SearchInputError, parse
from tdu.matching.search import PageOutOfRange, search
from tdu.matching.suggestions import suggest_communes, suggest_jobs
from tdu.www.api.schemas import CommuneSuggestion, ErreurOut, MetierSuggestion, RechercheOut

api = NinjaAPI(
    title="Trait d'union",
    version="1",
    description=(
        "Offres d'emploi près de chez soi liées à au moins une formation financée par une Région. "
        'Les erreurs sont des réponses 400 : {"erreur": "message en français", "champ": "nom du paramètre"}.'
    ),
    urls_namespace="api",
)


@api.exception_handler(SearchInputError)
def search_input_error(request, exc):
    return api.create_response(request, {"erreur": exc.message, "champ": exc.field}, status=400)


@api.exception_handler(NinjaValidationError)
def validation_error(request, exc):
    first = exc.errors[0] if exc.errors else {}
    field = str(first.get("loc", ["", ""])[-1]) if first else None
    if first.get("type") == "missing":
        message = f"Paramètre obligatoire manquant : « {field} »."
    else:
        message = f"Paramètre « {field} » invalide."
    return api.create_response(request, {"erreur": message, "champ": field}, status=400)


class OffresQuery(Schema):
    commune: str
    rayon: str | None = None
    rayon_formation: str | None = None
    rome: str | None = None
    q: str | None = None
    contrat: str | None = None
    niveau: str | None = None
    tri: str | None = None
    page: str | None = None


@api.get("/offres", response={200: RechercheOut, 400: ErreurOut}, summary="Rechercher des offres")
def offres(request: HttpRequest, filters: Query[OffresQuery]):
    """Offres publiées à moins de `rayon` km de la commune (code INSEE), liées à au moins une session de
    formation financée, ouverte, avec des places, à moins de `rayon_formation` km (par défaut `rayon`)."""
    params = parse(filters.dict())
    try:
        results = search(params)
    except PageOutOfRange as exc:
        raise SearchInputError(
            "page", f"Cette page n'existe pas : il y a {exc.page_count} page(s)."
        ) from None
    return {
        "total": results.total,
        "page": results.page,
        "resultats": [
            {
                "id": hit.id,
                "intitule": hit.title,
                "entreprise": hit.company,
                "commune": {"code": hit.commune.code, "nom": hit.commune.name},
                "distance_km": hit.distance_km,
                "type_contrat": hit.contract_type,
                "rome": hit.rome,
                "formations": [
                    {
                        "session_id": s.session_id,
                        "intitule": s.title,
                        "commune": {"code": s.commune.code, "nom": s.commune.name},
                        "distance_km": s.distance_km,
                        "date_debut": s.start_date,
                        "places_restantes": s.places_left,
                    }
                    for s in hit.sessions
                ],
            }
            for hit in results.hits
        ],
    }


@api.get("/communes", response=list[CommuneSuggestion], summary="Suggestions de communes")
def communes(request: HttpRequest, q: str = ""):
    """Nom (sans tenir compte des accents, majuscules ni tirets) ou code postal ; 10 suggestions au plus."""
    found = suggest_communes(q)
    return [
        {
            "code": c.code,
            "nom": c.name,
            "codes_postaux": c.postal_code_list,
            "departement": c.department_id,
            "libelle": c.label,
        }
        for c in found
    ]


@api.get("/metiers", response=list[MetierSuggestion], summary="Suggestions de métiers")
def metiers(request: HttpRequest, q: str = ""):
    """Libellés ROME et appellations (une fois le référentiel importé) contenant tous les mots ; 10 au plus."""
    return suggest_jobs(q)
