from datetime import date

from ninja import Schema


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
