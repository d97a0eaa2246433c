from django.db import models


class EducationLevel(models.IntegerChoices):
    """Levels of the French national qualifications framework (cadre national des certifications)."""

    NONE = 0, "Sans diplôme"
    CAP_BEP = 3, "CAP, BEP (niveau 3)"
    BAC = 4, "Baccalauréat (niveau 4)"
    BAC_2 = 5, "Bac+2 (niveau 5)"
    BAC_3_4 = 6, "Bac+3 ou Bac+4 (niveau 6)"
    BAC_5 = 7, "Bac+5 et plus (niveaux 7 et 8)"


class RomeFamily(models.TextChoices):
    """The 14 broad domains of the ROME (the first letter of a code), named as France Travail names them."""

    A = "A", "Agriculture et pêche, espaces naturels et espaces verts, soins aux animaux"
    B = "B", "Arts et façonnage d'ouvrages d'art"
    C = "C", "Banque, assurance, immobilier"
    D = "D", "Commerce, vente et grande distribution"
    E = "E", "Communication, média et multimédia"
    F = "F", "Construction, bâtiment et travaux publics"
    G = "G", "Hôtellerie-restauration, tourisme, loisirs et animation"
    H = "H", "Industrie"
    I = "I", "Installation et maintenance"  # noqa: E741
    J = "J", "Santé"
    K = "K", "Services à la personne et à la collectivité"
    L = "L", "Spectacle"
    M = "M", "Support à l'entreprise"
    N = "N", "Transport et logistique"
