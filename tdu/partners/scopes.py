"""What a token may do, by kind of organisation: each endpoint names the scope it needs."""

from django.db import models


class Kind(models.TextChoices):
    COMPANY = "company", "Entreprise"
    TRAINING = "training", "Organisme de formation"
    PRESCRIBER = "prescriber", "Structure d'accompagnement"
    REGION = "region", "Région"


SCOPES = {
    "offres:lecture": "Lire les offres de l'organisation",
    "offres:ecriture": "Créer, modifier et clôturer les offres",
    "sessions:lecture": "Lire les sessions de formation",
    "sessions:ecriture": "Créer, modifier et fermer les sessions, mettre à jour les places",
    "sessions:financement": "Confirmer ou refuser le financement régional déclaré par les organismes",
    "candidatures:lecture": "Lire les candidatures et leur historique, suivre les événements",
    "candidatures:actions": "Agir sur les candidatures (les mêmes actions que sur les pages)",
    "webhooks": "Gérer les abonnements aux événements (webhooks)",
}
BY_KIND = {
    Kind.COMPANY: ["offres:lecture", "offres:ecriture", "candidatures:lecture", "candidatures:actions", "webhooks"],
    Kind.TRAINING: [
        "sessions:lecture", "sessions:ecriture", "candidatures:lecture", "candidatures:actions", "webhooks",
    ],
    Kind.PRESCRIBER: ["candidatures:lecture", "candidatures:actions", "webhooks"],
    Kind.REGION: [
        "offres:lecture", "sessions:lecture", "sessions:financement", "candidatures:lecture", "webhooks",
    ],
}  # fmt: skip


def choices_for(kind):
    return [(scope, SCOPES[scope]) for scope in BY_KIND[kind]]
