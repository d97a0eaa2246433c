"""Schemas of the partners' endpoints (French names, descriptions and examples in the OpenAPI document)."""

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema


class OffreIn(Schema):
    intitule: str = Field(max_length=255, examples=["Soudeur / Soudeuse TIG H/F"])
    rome: str = Field(description="Code ROME du métier.", examples=["H2913"], max_length=5)
    commune: str = Field(description="Code INSEE de la commune du poste.", examples=["57463"], max_length=5)
    adresse: str = Field("", max_length=255)
    description: str = Field("", max_length=10000)
    type_contrat: str = Field(description="« cdi » ou « cdd » (6 mois au moins).", examples=["cdi"])
    duree_mois: int | None = Field(None, description="Durée du CDD en mois (6 au moins).", ge=1, le=120)
    postes: int = Field(1, ge=1, le=999)
    immersion_possible: bool = True
    expire_le: date | None = None
    publier: bool = Field(True, description="Publier l'offre (sinon : brouillon).")


class OffrePartnerOut(Schema):
    id: int
    identifiant_externe: str = Field(description="Votre identifiant, donné à la création.")
    intitule: str
    rome: str
    commune: str
    type_contrat: str
    duree_mois: int | None
    statut: str
    publiee_le: datetime | None
    modifiee_le: datetime


class OffresOut(Schema):
    resultats: list[OffrePartnerOut]
    suivant: str | None = Field(description="Curseur de la page suivante (null : dernière page).")


class SessionIn(Schema):
    formation: int = Field(description="Numéro de la formation (une formation de votre organisme).")
    commune: str = Field(description="Code INSEE du lieu de formation.", examples=["57463"], max_length=5)
    adresse: str = Field("", max_length=255)
    debut: date
    fin: date
    region: str | None = Field(None, description="Code INSEE de la Région qui finance (null : non financée).")
    places_financees: int = Field(0, ge=0, le=10000)
    recrutement_ouvert: bool = True


class PlacesIn(Schema):
    places_financees: int = Field(ge=0, le=10000)


class SessionPartnerOut(Schema):
    id: int
    identifiant_externe: str
    formation: int
    intitule: str
    commune: str
    debut: date
    fin: date
    region: str | None
    financement: Literal["confirme", "a_confirmer"] | None = Field(
        description="« a_confirmer » : financement déclaré par l'organisme, que la Région n'a pas encore confirmé "
        "(la session n'entre pas dans la recherche) ; vide si la session n'est pas financée par une Région."
    )
    places_financees: int
    places_occupees: int
    recrutement_ouvert: bool
    modifiee_le: datetime


class FinancementIn(Schema):
    decision: Literal["confirmer", "refuser"]
    motif: str = Field("", max_length=500, description="Envoyé à l'organisme en cas de refus.")


class SessionsOut(Schema):
    resultats: list[SessionPartnerOut]
    suivant: str | None


class EvenementOut(Schema):
    id: int
    type: str = Field(description="Nom de la transition (voir le tableau du parcours dans le README).")
    libelle: str
    candidature: int | None
    offre: int | None
    de: str
    vers: str
    par: str = Field(description="Rôle de qui a agi.")
    le: str


class CandidatureOut(Schema):
    id: int
    etat: str
    etat_libelle: str
    offre: int
    offre_intitule: str
    entreprise: str
    personne: str
    structure_accompagnement: str | None
    envoyee_le: datetime
    modifiee_le: datetime
    actions_possibles: list[str] = Field(description="Actions que ce jeton peut faire maintenant.")


class CandidatureDetailOut(CandidatureOut):
    journal: list[EvenementOut]


class CandidaturesOut(Schema):
    resultats: list[CandidatureOut]
    suivant: str | None


class EvenementsOut(Schema):
    resultats: list[EvenementOut]
    suivant: str | None = Field(
        description="À redonner en « depuis » pour la suite (null : aucun événement)."
    )
    a_jour: bool = Field(description="Vrai : rien de plus pour l'instant.")


class WebhookIn(Schema):
    url: str = Field(max_length=500, examples=["https://si.example.org/trait-d-union/evenements"])
    evenements: list[str] = Field(default_factory=list, description="Transitions voulues (vide : toutes).")


class WebhookOut(Schema):
    id: int
    url: str
    evenements: list[str]
    en_pause: bool
    secret: str | None = Field(None, description="Clé HMAC, donnée à la création seulement.")


class EnvoiOut(Schema):
    id: int
    evenement: str
    statut: str
    essais: int
    dernier_code: int | None
    cree_le: datetime
