from django.db import models

# Only stable jobs are eligible: a CDI, or a CDD of at least this many months.
MIN_CDD_MONTHS = 6


class ContractType(models.TextChoices):
    CDI = "cdi", "CDI"
    CDD = "cdd", "CDD"


class OfferStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    PUBLISHED = "published", "Publiée"
    FILLED = "filled", "Pourvue"
    CLOSED = "closed", "Clôturée"
    EXPIRED = "expired", "Expirée"


class OfferSource(models.TextChoices):
    PLATFORM = "platform", "Saisie sur Trait d'union"
    IMPORT = "import", "Importée"
    FRANCE_TRAVAIL = "ft", "France Travail"
    API = "api", "API de l'entreprise"
