"""France Travail "Offres d'emploi v2": read a search response (a saved file, or the API itself) into plain offer
records. Only work contracts that Trait d'union accepts are kept: a CDI, or a CDD of 6 months or more.

The API: OAuth2 client credentials, then `GET /offres/search` by department and ROME codes, paged with the
`range` parameter (150 per page, first index at most 3000); 206 means more pages follow, 204 nothing found;
429 and 5xx are retried with a growing delay (Retry-After honoured).
"""

import datetime
import re
import time
from dataclasses import dataclass

import ijson
import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from tdu.offers.enums import MIN_CDD_MONTHS
from tdu.utils.errors import DomainError

PAGE = 150
MAX_START = 3000  # the API refuses a range starting later
ROME_BATCH = 20
WORK_CONTRACT = {"contrat travail", "e1"}
DURATION = re.compile(r"(\d+)\s*(mois|an|ans|année|années|jour|jours|semaine|semaines)", re.I)
DEPARTMENT_ONLY = re.compile(r"^\s*(\d{2,3}|2[AB])\s*-\s*(.+)$")
CONTENT_RANGE = re.compile(r"(\d+)-(\d+)/(\d+)")


class FranceTravailError(DomainError):
    pass


@dataclass
class OfferRecord:
    external_id: str
    title: str = ""
    description: str = ""
    rome: str = ""
    commune_insee: str = ""
    postcode: str = ""
    latitude: float | None = None
    longitude: float | None = None
    place_label: str = ""
    contract_type: str = ""
    duration_months: int | None = None
    company_name: str = ""
    company_description: str = ""
    naf_code: str = ""
    salary_text: str = ""
    working_hours_text: str = ""
    experience_text: str = ""
    application_url: str = ""
    contact_name: str = ""
    contact_email: str = ""
    positions: int = 1
    published_at: datetime.datetime | None = None
    problems: tuple = ()  # ((field, French message), …): the offer is rejected

    @property
    def key(self):
        return f"offre {self.external_id}" if self.external_id else "offre sans identifiant"


def _months(label):
    """'CDD - 6 Mois', 'Contrat à durée déterminée - 18 Mois', 'CDD - 2 Ans' → months; days/weeks → under a month."""
    match = DURATION.search(label or "")
    if not match:
        return None
    number, unit = int(match[1]), match[2].lower()
    if unit.startswith("an") or unit.startswith("ann"):
        return number * 12
    if unit.startswith("jour") or unit.startswith("semaine"):
        return 0
    return number


def _contract(offer):
    """(contract type, months) or a French reason why the offer is not eligible."""
    nature = (offer.get("natureContrat") or "").strip()
    if nature and nature.lower() not in WORK_CONTRACT:
        return None, None, f"Contrat « {nature} » : seuls les contrats de travail (CDI, CDD) sont repris."
    kind = (offer.get("typeContrat") or "").strip().upper()
    label = offer.get("typeContratLibelle") or kind
    if kind == "CDI":
        return "cdi", None, None
    if kind == "CDD":
        months = _months(label)
        if months is None:
            return None, None, f"CDD sans durée lisible (« {label} »)."
        if months < MIN_CDD_MONTHS:
            return (
                None,
                None,
                f"{label} : Trait d'union ne retient que les CDD d'au moins {MIN_CDD_MONTHS} mois.",
            )
        return "cdd", months, None
    return (
        None,
        None,
        f"Contrat « {label or 'non précisé'} » : seuls les CDI et les CDD de {MIN_CDD_MONTHS} mois ou plus.",
    )


def _datetime(value):
    if not value:
        return None
    try:
        return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def record(offer: dict) -> OfferRecord:
    """One search result → an OfferRecord (with its problems, if any)."""
    problems = []
    external_id = str(offer.get("id") or "").strip()
    if not external_id:
        problems.append(("id", "Offre sans identifiant."))
    place = offer.get("lieuTravail") or {}
    insee, postcode = str(place.get("commune") or "").strip(), str(place.get("codePostal") or "").strip()
    latitude, longitude = place.get("latitude"), place.get("longitude")
    label = place.get("libelle") or ""
    if not insee and not postcode:
        only = DEPARTMENT_ONLY.match(label)
        reason = (
            f"Lieu de travail limité au département (« {label} ») : on ne peut pas mesurer la distance au domicile."
            if only
            else "Lieu de travail absent."
        )
        problems.append(("lieuTravail", reason))
    kind, months, contract_problem = _contract(offer)
    if contract_problem:
        problems.append(("typeContrat", contract_problem))
    if not (offer.get("romeCode") or "").strip():
        problems.append(("romeCode", "Offre sans code ROME : elle ne peut être reliée à aucune formation."))
    salary = offer.get("salaire") or {}
    contact = offer.get("contact") or {}
    origin = offer.get("origineOffre") or {}
    company = offer.get("entreprise") or {}
    hours = " – ".join(
        part for part in (offer.get("dureeTravailLibelle"), offer.get("dureeTravailLibelleConverti")) if part
    )
    positions = offer.get("nombrePostes")
    return OfferRecord(
        external_id=external_id[:64],
        title=" ".join((offer.get("intitule") or "").split())[:255],
        description=(offer.get("description") or "")[:20000],
        rome=(offer.get("romeCode") or "").strip().upper(),
        commune_insee=insee,
        postcode=postcode,
        latitude=float(latitude) if isinstance(latitude, int | float) else None,
        longitude=float(longitude) if isinstance(longitude, int | float) else None,
        place_label=label,
        contract_type=kind or "",
        duration_months=months,
        company_name=" ".join((company.get("nom") or "").split())[:255],
        company_description=(company.get("description") or "")[:5000],
        naf_code=(offer.get("codeNAF") or "").strip()[:6],
        salary_text=(salary.get("libelle") or salary.get("commentaire") or "")[:255],
        working_hours_text=hours[:255],
        experience_text=(offer.get("experienceLibelle") or "")[:255],
        application_url=(contact.get("urlPostulation") or origin.get("urlOrigine") or "")[:500],
        contact_name=(contact.get("nom") or "")[:255],
        contact_email=(contact.get("courriel") or "").strip()[:254],
        positions=positions if isinstance(positions, int) and 1 <= positions <= 500 else 1,
        published_at=_datetime(offer.get("dateActualisation")) or _datetime(offer.get("dateCreation")),
        problems=tuple(problems),
    )


def read_file(path):
    """The offers of a saved search response (`{"resultats": […]}`), one at a time: memory stays flat."""
    with open(path, "rb") as file:
        start = file.read(64).lstrip()
    if not start.startswith(b"{"):
        raise FranceTravailError(
            "Ce fichier n'est pas une réponse de recherche d'offres (un objet JSON attendu)."
        )
    found = False
    with open(path, "rb") as file:
        try:
            for offer in ijson.items(file, "resultats.item", use_float=True):
                found = True
                if isinstance(offer, dict):
                    yield offer
        except ijson.JSONError as error:
            raise FranceTravailError(f"Ce fichier n'est pas du JSON valide ({error}).") from None
    if not found:
        raise FranceTravailError("Aucune offre dans ce fichier (la liste « resultats » est absente ou vide).")


# --- The API ---------------------------------------------------------------------------------------------


class Client:
    """A small client of the API; its base URLs come from the settings (a local test server in the tests)."""

    def __init__(self):
        self.token_url = settings.FRANCE_TRAVAIL_TOKEN_URL
        self.api_url = settings.FRANCE_TRAVAIL_API_URL.rstrip("/")
        self.client_id = settings.FRANCE_TRAVAIL_CLIENT_ID
        self.client_secret = settings.FRANCE_TRAVAIL_CLIENT_SECRET
        if not (self.client_id and self.client_secret):
            raise FranceTravailError(
                "Identifiants de l'API France Travail absents : définissez FRANCE_TRAVAIL_CLIENT_ID et "
                "FRANCE_TRAVAIL_CLIENT_SECRET (compte francetravail.io)."
            )
        retry = Retry(
            total=5,
            backoff_factor=settings.FRANCE_TRAVAIL_BACKOFF_SECONDS,
            status_forcelist=(429, 500, 502, 503, 504),
            allowed_methods=("GET", "POST"),
            respect_retry_after_header=True,
            raise_on_status=False,
        )
        self.session = requests.Session()
        self.session.mount("http://", HTTPAdapter(max_retries=retry))
        self.session.mount("https://", HTTPAdapter(max_retries=retry))
        self._token, self._expires = "", 0.0

    def token(self):
        if self._token and time.monotonic() < self._expires:
            return self._token
        try:
            response = self.session.post(
                self.token_url,
                data={
                    "grant_type": "client_credentials",
                    "client_id": self.client_id,
                    "client_secret": self.client_secret,
                    "scope": "api_offresdemploiv2 o2dsoffre",
                },
                timeout=30,
            )
        except requests.RequestException as error:
            raise FranceTravailError(
                f"Authentification France Travail impossible ({error.__class__.__name__})."
            ) from None
        if response.status_code != 200:
            raise FranceTravailError(f"Authentification France Travail refusée ({response.status_code}).")
        data = response.json()
        self._token = data["access_token"]
        self._expires = time.monotonic() + max(0, int(data.get("expires_in", 1500)) - 60)
        return self._token

    def search(self, department, rome_codes):
        """Every offer of one department for up to 20 ROME codes, page after page. Returns (offers, notes)."""
        offers, notes, start = [], [], 0
        while start <= MAX_START:
            params = {
                "departement": department,
                "codeROME": ",".join(rome_codes),
                "range": f"{start}-{start + PAGE - 1}",
            }
            try:
                response = self.session.get(
                    f"{self.api_url}/offres/search",
                    params=params,
                    headers={"Authorization": f"Bearer {self.token()}", "Accept": "application/json"},
                    timeout=60,
                )
            except requests.RequestException as error:
                raise FranceTravailError(
                    f"API France Travail injoignable ({error.__class__.__name__})."
                ) from None
            if response.status_code == 204:
                break
            if response.status_code not in (200, 206):
                raise FranceTravailError(
                    f"L'API France Travail a répondu {response.status_code} pour le département {department}."
                )
            offers += response.json().get("resultats", [])
            match = CONTENT_RANGE.search(response.headers.get("Content-Range", ""))
            total = int(match[3]) if match else len(offers)
            if response.status_code == 200 or start + PAGE >= total:
                break
            start += PAGE
        else:
            notes.append(
                f"Département {department} : plus de {MAX_START + PAGE} offres pour ces métiers, l'API n'en donne pas "
                "davantage."
            )
        return offers, notes
