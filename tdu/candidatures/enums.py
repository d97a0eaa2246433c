from django.db import models


class State(models.TextChoices):
    SENT = "sent", "Envoyée"
    UNDER_REVIEW = "under_review", "En étude"
    MEETING_PLANNED = "meeting_planned", "Rencontre planifiée"
    IMMERSION_PROPOSED = "immersion_proposed", "Immersion proposée"
    CONVENTION_SIGNED = "convention_signed", "Convention signée"
    IMMERSION_VALIDATED = "immersion_validated", "Immersion validée"
    IMMERSION_DONE = "immersion_done", "Immersion réalisée"
    COMMITMENT_PROPOSED = "commitment_proposed", "Engagement proposé"
    COMMITMENT_SIGNED = "commitment_signed", "Engagement signé"
    ENROLMENT_REQUESTED = "enrolment_requested", "Inscription demandée"
    ENROLLED = "enrolled", "Inscrite en formation"
    IN_TRAINING = "in_training", "En formation"
    TRAINING_COMPLETED = "training_completed", "Formation terminée"
    HIRED = "hired", "Embauchée"
    REFUSED = "refused", "Refusée"
    WITHDRAWN = "withdrawn", "Retirée"
    CANCELLED = "cancelled", "Annulée"
    EXPIRED = "expired", "Expirée"
    TRAINING_ABANDONED = "training_abandoned", "Formation abandonnée"
    COMMITMENT_BROKEN = "commitment_broken", "Engagement rompu"
    NOT_HIRED = "not_hired", "Non embauchée"


# States after which nothing more happens on the path (the follow-up of a hiring lives apart).
FINAL_STATES = {
    State.HIRED,
    State.REFUSED,
    State.WITHDRAWN,
    State.CANCELLED,
    State.EXPIRED,
    State.TRAINING_ABANDONED,
    State.COMMITMENT_BROKEN,
    State.NOT_HIRED,
}


class Actor(models.TextChoices):
    """Who acts on a candidature, relative to it."""

    JOB_SEEKER = "job_seeker", "Demandeur ou demandeuse d'emploi"
    COMPANY = "company", "Entreprise"
    TUTOR = "tutor", "Tuteur ou tutrice"
    PRESCRIBER = "prescriber", "Prescripteur"
    TRAINING_ORGANISATION = "training_organisation", "Organisme de formation"
    REGION = "region", "Équipe Région"
    SYSTEM = "system", "Trait d'union (automatique)"


class RefusalReason(models.TextChoices):
    POSITION_FILLED = "position_filled", "Le poste a été pourvu"
    PROFILE_MISMATCH = "profile_mismatch", "Le profil ne correspond pas au poste"
    NO_TRAINING = "no_training", "Pas de formation adaptée disponible"
    IMMERSION_INCONCLUSIVE = "immersion_inconclusive", "L'immersion n'a pas été concluante"
    UNREACHABLE = "unreachable", "La personne n'a pas pu être jointe"
    OTHER = "other", "Autre motif"


class ImmersionObjective(models.TextChoices):
    DISCOVER = "discover", "Découvrir un métier ou un secteur d'activité"
    CONFIRM = "confirm", "Confirmer un projet professionnel"
    RECRUIT = "recruit", "Initier une démarche de recrutement"


class Signatory(models.TextChoices):
    BENEFICIARY = "beneficiary", "Bénéficiaire"
    COMPANY = "company", "Représentant·e de l'entreprise"
    TUTOR = "tutor", "Tuteur ou tutrice"


class AssessmentOutcome(models.TextChoices):
    COMPLETED = "completed", "Immersion réalisée en entier"
    PARTIAL = "partial", "Immersion réalisée en partie"
    ABSENT = "absent", "La personne n'est pas venue"


class CommitmentSignatory(models.TextChoices):
    COMPANY = "company", "L'entreprise (promesse d'embauche)"
    BENEFICIARY = "beneficiary", "La personne (engagement à suivre la formation)"


class EnrolmentStatus(models.TextChoices):
    REQUESTED = "requested", "Demandée"
    ACCEPTED = "accepted", "Acceptée"
    REFUSED = "refused", "Refusée"
    CANCELLED = "cancelled", "Annulée"


class Respondent(models.TextChoices):
    JOB_SEEKER = "job_seeker", "La personne embauchée"
    COMPANY = "company", "L'entreprise"


class ContractNow(models.TextChoices):
    """The contract at a follow-up: « durable » means a CDI or a CDD of 6 months or more (tdu.stats)."""

    CDI = "cdi", "CDI"
    CDD_LONG = "cdd_long", "CDD de 6 mois ou plus"
    CDD_SHORT = "cdd_short", "CDD de moins de 6 mois"
    # Answers given before the length of a CDD was asked: employed, not known to be lasting.
    CDD = "cdd", "CDD (durée non précisée)"
    OTHER = "other", "Autre contrat (intérim, alternance…)"
    NONE = "none", "Plus de contrat"


LASTING_CONTRACTS = {ContractNow.CDI, ContractNow.CDD_LONG}
