from datetime import UTC, date, datetime
from typing import Annotated

from django.utils import timezone
from ninja import Field, Schema
from pydantic import AfterValidator


class CommuneOut(Schema):
    code: str
    nom: str


class SessionOut(Schema):
    session_id: int
    intitule: str
    commune: CommuneOut
    distance_km: float
    date_debut: date
    places_restantes: int


class OffreOut(Schema):
    id: int
    intitule: str
    entreprise: str
    commune: CommuneOut
    distance_km: float
    type_contrat: str
    rome: str
    formations: list[SessionOut]


class RechercheOut(Schema):
    total: int | str
    page: int
    resultats: list[OffreOut]


class ErreurOut(Schema):
    erreur: str
    champ: str | None = None


class CommuneSuggestion(Schema):
    code: str
    nom: str
    codes_postaux: list[str]
    departement: str
    libelle: str


class MetierSuggestion(Schema):
    code: str
    libelle: str
    metier: str


class EtapeOut(Schema):
    cle: str
    libelle: str
    nombre: int | None = Field(
        description="Nombre de personnes (null : secret statistique ou non calculable)."
    )
    taux_pourcent: float | None = Field(description="Conversion depuis l'étape précédente.")


class SuiviOut(Schema):
    personnes: int | None = Field(description="Personnes dont la date du suivi est passée.")
    en_emploi_durable: int | None
    taux_pourcent: float | None = Field(description="En CDI ou CDD de 6 mois ou plus, chez tout employeur.")
    taux_meme_employeur_pourcent: float | None
    taux_reponse_pourcent: float | None
    fragile: bool = Field(description="Taux calculé sur 30 % de réponses ou moins.")


class PromessesOut(Schema):
    signees: int | None
    objectif: int
    taux_pourcent: float | None


class TerritoireOut(Schema):
    code: str
    nom: str
    entonnoir: list[EtapeOut]
    emploi_durable_6_mois: SuiviOut
    emploi_durable_12_mois: SuiviOut
    promesses: PromessesOut
    reference_emploi_pourcent: int = Field(description="Part en emploi après une formation sans le service.")


class StatsOut(Schema):
    donnees_au: str = Field(description="Date de référence des indicateurs (AAAA-MM-JJ).")
    calcule_le: str | None = Field(description="Moment du calcul (null : calculé à la demande).")
    secret_statistique: str
    methodologie: str
    france: TerritoireOut
    regions: list[TerritoireOut]


def _as_utc(moment: datetime) -> datetime:
    """A moment the databases can compare: PostgreSQL refuses offsets beyond ±15:59, and a naive moment
    is read in the service's time zone."""
    if moment.tzinfo is None:
        moment = timezone.make_aware(moment)
    try:
        moment = moment.astimezone(UTC)
    except OverflowError as error:
        raise ValueError("date hors limites") from error
    if not 1900 <= moment.year <= 9000:
        raise ValueError("date hors limites (années 1900 à 9000)")
    return moment


# A `modifiees_depuis` filter: any ISO 8601 moment, compared in UTC.
Since = Annotated[datetime, AfterValidator(_as_utc)]
