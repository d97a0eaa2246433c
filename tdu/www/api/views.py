"""Public JSON API (django-ninja). OpenAPI: /api/v1/openapi.json, documentation: /api/v1/docs."""

import gzip
import json
import math

from csp.decorators import csp_exempt
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.middleware.gzip import re_accepts_gzip
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string
from ninja import NinjaAPI, Query, Schema, Status
from ninja.errors import AuthenticationError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from tdu.matching import answers
from tdu.matching.params import SearchInputError, parse
from tdu.matching.search import PageOutOfRange, current_state, search
from tdu.matching.suggestions import suggest_communes, suggest_jobs
from tdu.references.models import Region
from tdu.stats.scopes import Scope
from tdu.stats.snapshots import published, published_regions
from tdu.utils.errors import Conflict, DomainError, NotAllowed
from tdu.www.api.auth import Unauthenticated
from tdu.www.api.limits import AddressRateThrottle, TokenRateThrottle
from tdu.www.api.schemas import CommuneSuggestion, ErreurOut, MetierSuggestion, RechercheOut, StatsOut


class TduApi(NinjaAPI):
    """Every operation may also answer 400 (a refused request, e.g. a NUL character), 413 and 429 — before its
    view runs: the document says so for each, in the API's one error shape."""

    COMMON = {
        "400": "Requête invalide",
        "413": "Requête trop grosse",
        "429": "Trop de requêtes (voir l'en-tête Retry-After)",
    }

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErreurOut"}}}}
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, description in self.COMMON.items():
                    operation["responses"].setdefault(status, {"description": description, **error})
        return schema


api = TduApi(
    title="Trait d'union",
    version="1",
    description=(
        "Offres d'emploi près de chez soi liées à au moins une formation financée par une Région, et les "
        "services des partenaires : chaque organisation (entreprise, organisme de formation, structure "
        "d'accompagnement, Région) crée dans son espace des jetons d'API (`Authorization: Bearer tdu_…`) aux droits "
        "choisis, et s'abonne aux événements (webhooks signés). Les erreurs ont une seule forme : "
        '{"erreur": "message en français", "champ": "nom du paramètre ou null"} — 400 (donnée invalide), '
        "401 (jeton absent, inconnu, révoqué ou expiré), 403 (droit manquant), 404, 409 (état qui ne le permet pas), "
        "413 (requête trop grosse), 429 (trop de requêtes : voir l'en-tête Retry-After)."
    ),
    urls_namespace="api",
    # Swagger UI (served locally by ninja) runs an inline script: its page alone goes without the CSP.
    docs_decorator=csp_exempt(),
    throttle=[
        AddressRateThrottle(settings.API_RATE_ANONYMOUS),
        TokenRateThrottle(settings.API_RATE_TOKEN),
    ],
)


def error(request, status, message, field=None):
    return api.create_response(request, {"erreur": message, "champ": field}, status=status)


@api.exception_handler(Unauthenticated)
def unauthenticated(request, exc):
    return error(request, 401, Unauthenticated.message)


@api.exception_handler(AuthenticationError)
def no_token(request, exc):
    return error(request, 401, "Jeton d'API manquant : en-tête « Authorization: Bearer tdu_… ».")


@api.exception_handler(NotAllowed)
def not_allowed(request, exc):
    return error(request, 403, exc.message)


@api.exception_handler(Conflict)
def conflict(request, exc):
    return error(request, 409, exc.message)


@api.exception_handler(DomainError)
def domain_error(request, exc):
    return error(request, 400, exc.message)


@api.exception_handler(Http404)
def not_found(request, exc):
    return error(request, 404, "Introuvable, ou hors des droits de ce jeton.")


@api.exception_handler(Throttled)
def throttled(request, exc):
    seconds = max(1, math.ceil(exc.wait or 0))  # as ninja's own Retry-After header (RFC 9110: whole seconds)
    response = error(request, 429, f"Trop de requêtes : réessayez dans {seconds} s.")
    response["Retry-After"] = str(seconds)
    return response


@api.exception_handler(SearchInputError)
def search_input_error(request, exc):
    return api.create_response(request, {"erreur": exc.message, "champ": exc.field}, status=400)


@api.exception_handler(NinjaValidationError)
def validation_error(request, exc):
    first = exc.errors[0] if exc.errors else {}
    field = str(first.get("loc", ["", ""])[-1]) if first else None
    kind, limits = first.get("type"), first.get("ctx") or {}
    if kind == "missing":
        message = f"Paramètre obligatoire manquant : « {field} »."
    elif kind == "string_too_long":
        message = f"« {field} » : {limits.get('max_length')} caractères au plus."
    elif kind in {"less_than_equal", "less_than"}:
        message = f"« {field} » : au plus {limits.get('le', limits.get('lt'))}."
    elif kind in {"greater_than_equal", "greater_than"}:
        message = f"« {field} » : au moins {limits.get('ge', limits.get('gt'))}."
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
    formation financée, ouverte, avec des places, à moins de `rayon_formation` km (par défaut `rayon`).

    La réponse porte un `ETag` : redemandée avec `If-None-Match`, elle vaut 304 sans corps tant que ni les offres,
    ni les sessions, ni le jour n'ont changé. Elle est compressée (gzip) pour les clients qui l'acceptent
    (`Accept-Encoding`)."""
    params = parse(filters.dict())
    state = current_state()
    key = answers.key_for(params, state)
    gzipped = accepts_gzip(request)
    etag = f'"{key}.gz"' if gzipped else f'"{key}"'
    if key in request.headers.get("If-None-Match", ""):  # either representation's tag: nothing moved
        return _answer(HttpResponseNotModified(), etag)
    packed = answers.remembered.get(key)
    if packed is None:
        packed = pack(_search_body(params, state))
        answers.remembered.set(key, packed)
    return _answer(unpack(packed, gzipped), etag)


def _answer(response, etag):
    # Anyone may keep the answer, and must ask again each time (it follows every change of the catalogue).
    response["ETag"] = etag
    response["Cache-Control"] = "public, no-cache"
    return response


# Remembered answers are kept compressed (a 16 kB answer weighs 2 kB: eight times as many fit in the same
# bytes) and sent as they are to every client that accepts gzip (browsers, phones); the others get them
# decompressed (55 µs for 16 kB). One representation per encoding, each with its own ETag.
def accepts_gzip(request):
    return bool(re_accepts_gzip.search(request.headers.get("Accept-Encoding", "")))  # as GZipMiddleware


def pack(body: bytes) -> bytes:
    return compress_string(body)  # Django's: gzip level 6, no timestamp (the same bytes every time)


def unpack(packed: bytes, gzipped: bool) -> HttpResponse:
    body = packed if gzipped else gzip.decompress(packed)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    if gzipped:
        response["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def _search_body(params, state):
    try:
        results = search(params, state)
    except PageOutOfRange as exc:
        raise SearchInputError(
            "page", f"Cette page n'existe pas : il y a {exc.page_count} page(s)."
        ) from None
    body = {
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
                        "date_debut": s.start_date.isoformat(),
                        "places_restantes": s.places_left,
                    }
                    for s in hit.sessions
                ],
            }
            for hit in results.hits
        ],
    }
    # Ready JSON: the shape is RechercheOut's (the OpenAPI document, and a test, say so); validating every
    # result again through the schema cost a third of the request.
    return json.dumps(body, ensure_ascii=False).encode()


@api.get("/communes", response=list[CommuneSuggestion], summary="Suggestions de communes")
def communes(request: HttpRequest, q: str = ""):
    """Nom (sans tenir compte des accents, majuscules ni tirets) ou code postal ; 10 suggestions au plus."""
    return _suggestions(request, "communes", q, _commune_suggestions)


def _commune_suggestions(q):
    return [
        {
            "code": c.code,
            "nom": c.name,
            "codes_postaux": c.postal_code_list,
            "departement": c.department_id,
            "libelle": c.label,
        }
        for c in suggest_communes(q)
    ]


@api.get("/metiers", response=list[MetierSuggestion], summary="Suggestions de métiers")
def metiers(request: HttpRequest, q: str = ""):
    """Libellés ROME et appellations (une fois le référentiel importé) contenant tous les mots ; 10 au plus."""
    return _suggestions(request, "metiers", q, suggest_jobs)


def _suggestions(request, kind, q, compute):
    """Typed again and again (2 to 6 letters): remembered until the reference tables change; ready JSON in the
    shape of the declared schema (a test checks it)."""
    q = q.strip()
    key = answers.suggestion_key(kind, q, current_state())
    packed = answers.remembered.get(key)
    if packed is None:
        packed = pack(json.dumps(compute(q), ensure_ascii=False).encode())
        answers.remembered.set(key, packed)
    return unpack(packed, accepts_gzip(request))


def _territory(code, name, figures):
    def milestone(m):
        return {
            "personnes": m["due"],
            "en_emploi_durable": m["lasting"],
            "taux_pourcent": m["rate"],
            "taux_meme_employeur_pourcent": m["same_rate"],
            "taux_reponse_pourcent": m["response_rate"],
            "fragile": m["fragile"],
        }

    return {
        "code": code,
        "nom": name,
        "entonnoir": [
            {"cle": s["key"], "libelle": s["label"], "nombre": s["count"], "taux_pourcent": s["rate"]}
            for s in figures["funnel"]
        ],
        "emploi_durable_6_mois": milestone(figures["employment"]["m6"]),
        "emploi_durable_12_mois": milestone(figures["employment"]["m12"]),
        "promesses": {
            "signees": figures["promises"]["count"],
            "objectif": figures["promises"]["target"],
            "taux_pourcent": figures["promises"]["rate"],
        },
        "reference_emploi_pourcent": figures["baseline"],
    }


@api.get("/stats", response={200: StatsOut, 404: ErreurOut}, summary="Indicateurs publics")
def stats(request: HttpRequest, region: str | None = None):
    """Les indicateurs publics du service, pour la France et chaque Région (ou la seule `region`, code INSEE) :
    entonnoir du parcours, taux d'emploi durable à 6 et 12 mois avec le taux de réponse, promesses d'embauche
    et objectif. Aucune donnée personnelle ; tout effectif de 1 à 4 personnes est remplacé par null."""
    national, computed_at = published(Scope())
    rows = national["regions"]
    if region is not None:
        rows = [row for row in rows if row["code"] == region]
        if not rows:
            return Status(
                404, {"erreur": f"Région « {region} » inconnue ou sans données.", "champ": "region"}
            )
    stored = published_regions()
    regions = []
    for row in rows:
        figures = stored.get(row["code"]) or published(Scope(region=Region.objects.get(code=row["code"])))[0]
        regions.append(_territory(row["code"], row["name"], figures))
    return {
        "donnees_au": national["as_of"],
        "calcule_le": computed_at.isoformat() if computed_at else None,
        "secret_statistique": "Les effectifs de 1 à 4 personnes et les taux calculés à partir d'eux valent null.",
        "methodologie": request.build_absolute_uri(reverse("stats:methodology")),
        "france": _territory("FR", "France", national),
        "regions": regions,
    }


# The partners' endpoints (tokens): registered last, each module with its own router.
from tdu.www.api import partner_candidatures, partner_offers, partner_sessions, partner_webhooks  # noqa: E402

for module in (partner_offers, partner_sessions, partner_candidatures, partner_webhooks):
    api.add_router("/", module.router)
