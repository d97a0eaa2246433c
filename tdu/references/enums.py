from django.db import models


class EducationLevel(models.IntegerChoices):
    """Levels of the French national qualifications framework (cadre national des certifications)."""

    NONE = 0, "Sans diplôme"
    CAP_BEP = 3, "CAP, BEP (niveau 3)"
    BAC = 4, "Baccalauréat (niveau 4)"
    BAC_2 = 5, "Bac+2 (niveau 5)"
    BAC_3_4 = 6, "Bac+3 ou Bac+4 (niveau 6)"
    BAC_5 = 7, "Bac+5 et plus (niveaux 7 et 8)"
