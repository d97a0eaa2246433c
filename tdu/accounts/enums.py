from django.db import models


class Role(models.TextChoices):
    JOB_SEEKER = "job_seeker", "Demandeur ou demandeuse d'emploi"
    COMPANY = "company", "Entreprise"
    TRAINING_ORGANISATION = "training_organisation", "Organisme de formation"
    PRESCRIBER = "prescriber", "Prescripteur"
    REGION = "region", "Équipe Région"
    ADMIN = "admin", "Administration"


class Situation(models.TextChoices):
    FRANCE_TRAVAIL = "france_travail", "Inscrit·e à France Travail"
    MISSION_LOCALE = "mission_locale", "Jeune suivi·e par une Mission locale"
    CAP_EMPLOI = "cap_emploi", "RQTH suivi·e par Cap emploi"
    EMPLOYED = "employed", "Salarié·e"
    OTHER = "other", "Autre"
