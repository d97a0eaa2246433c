"""Every indicator of the service, defined once: label, definition, numerator, denominator, reference date.

The methodology page (/stats/methodologie/) and the README's « Mesure » section show this text; a test keeps
the README in step with it. The code computing each figure (tdu.stats.figures) names the same keys.
"""

from dataclasses import dataclass

# Counts of 1 to 4 people are never published (statistical secrecy); rates are hidden with them.
SECRECY_THRESHOLD = 5
# A lasting-employment rate computed over 30 % of answers or fewer is flagged « fragile ».
FRAGILE_RESPONSE_PERCENT = 30
DEFAULT_TARGET = 250
DEFAULT_BASELINE_PERCENT = 50


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    definition: str
    numerator: str = ""
    denominator: str = ""
    reference: str = ""  # which date places a person in a period or a cohort


@dataclass(frozen=True)
class Step(Indicator):
    """A step of the funnel; `field` is the PathRecord date of its first reaching (None for offers)."""

    field: str = ""


CANDIDATURE_DATE = "la date de la candidature (filtre « année »)"
COHORT_DATE = (
    "la fin de la formation : la cohorte est le trimestre de fin (filtre « année » : l'année de fin)"
)

FUNNEL = [
    Step(
        "offers",
        "Offres liées à une formation financée",
        "Offres d'emploi publiées, non expirées, situées à moins de 30 km d'une session financée par une Région, "
        "ouverte au recrutement, avec des places, qui prépare au même métier (code ROME ou son parent).",
        reference="le jour des données (stock, sans filtre d'année ni d'organisme)",
    ),
    Step(
        "candidatures",
        "Candidatures",
        "Candidatures envoyées sur ces offres, par la personne ou par son accompagnateur.",
        reference=CANDIDATURE_DATE,
        field="applied_on",
    ),
    Step(
        "met",
        "Rencontres réalisées",
        "Candidatures dont le rendez-vous choisi a eu lieu (son heure est passée), ou qui sont allées plus loin "
        "(immersion, engagement) sans rendez-vous pris sur le service.",
        reference=CANDIDATURE_DATE,
        field="met_on",
    ),
    Step(
        "convention_signed",
        "Immersions : convention signée",
        "Conventions d'immersion (PMSMP) signées par la personne, l'entreprise et le tuteur.",
        reference=CANDIDATURE_DATE,
        field="convention_signed_on",
    ),
    Step(
        "immersion_validated",
        "Immersions validées",
        "Conventions validées par le prescripteur.",
        reference=CANDIDATURE_DATE,
        field="immersion_validated_on",
    ),
    Step(
        "immersion_done",
        "Immersions réalisées",
        "Immersions terminées dont l'entreprise a rempli le bilan.",
        reference=CANDIDATURE_DATE,
        field="immersion_done_on",
    ),
    Step(
        "committed",
        "Promesses d'embauche signées",
        "Engagements réciproques signés par les deux parties : l'entreprise promet l'embauche (CDI, ou CDD de "
        "6 mois ou plus) et la personne s'engage à suivre la formation. Compte aussi ceux rompus ensuite.",
        reference=CANDIDATURE_DATE,
        field="committed_on",
    ),
    Step(
        "enrolled",
        "Inscrites en formation",
        "Inscriptions acceptées par l'organisme de formation (une place financée prise).",
        reference=CANDIDATURE_DATE,
        field="enrolled_on",
    ),
    Step(
        "entered",
        "Entrées en formation",
        "Entrées en formation confirmées par l'organisme.",
        reference=CANDIDATURE_DATE,
        field="entered_on",
    ),
    Step(
        "completed",
        "Formations terminées",
        "Fins de formation enregistrées par l'organisme, certification obtenue ou non (le détail est donné à côté).",
        reference=CANDIDATURE_DATE,
        field="completed_on",
    ),
    Step(
        "hired",
        "Embauchées (contrat commencé)",
        "Embauches confirmées par l'entreprise dont le contrat a commencé.",
        reference=CANDIDATURE_DATE,
        field="hired_on",
    ),
    Step(
        "employed_6",
        "En emploi durable à 6 mois",
        "Personnes en emploi durable 6 mois après l'embauche (le taux d'emploi durable en donne la définition).",
        numerator="personnes en CDI ou CDD de 6 mois ou plus, chez tout employeur",
        denominator="personnes qui ont terminé leur formation et dont la date des 6 mois est passée",
        reference=CANDIDATURE_DATE,
    ),
    Step(
        "employed_12",
        "En emploi durable à 12 mois",
        "Personnes en emploi durable 12 mois après l'embauche (le taux d'emploi durable en donne la définition).",
        numerator="personnes en CDI ou CDD de 6 mois ou plus, chez tout employeur",
        denominator="personnes qui ont terminé leur formation et dont la date des 12 mois est passée",
        reference=CANDIDATURE_DATE,
    ),
]
STEPS = {step.key: step for step in FUNNEL}

LASTING_RATE = Indicator(
    "lasting_rate",
    "Taux d'emploi durable à 6 et à 12 mois",
    "Part des personnes en emploi durable (CDI, ou CDD de 6 mois ou plus, chez tout employeur ; la part chez "
    "l'employeur qui a promis l'embauche est donnée à part) parmi les personnes qui ont terminé leur formation "
    "et dont la date des 6 (ou 12) mois est passée : 6 ou 12 mois après le début du contrat pour les personnes "
    "embauchées, après la fin de la formation pour les autres. Les réponses de la personne priment sur celles "
    "de l'entreprise ; une personne dont on n'a pas de réponse est comptée « inconnu », jamais en emploi. Le taux "
    "de réponse est donné à côté ; un taux calculé sur 30 % de réponses ou moins est signalé fragile.",
    numerator="personnes en CDI ou CDD de 6 mois ou plus à la date",
    denominator="personnes sorties de formation diplômées ou non, dont la date est passée (réponse ou non)",
    reference=COHORT_DATE,
)
RESPONSE_RATE = Indicator(
    "response_rate",
    "Taux de réponse au suivi",
    "Part des personnes dont on connaît la situation à la date (réponse de la personne ou de l'entreprise).",
    numerator="personnes avec au moins une réponse",
    denominator="personnes dont la date des 6 (ou 12) mois est passée",
    reference=COHORT_DATE,
)
PROMISES = Indicator(
    "promises",
    "Promesses d'embauche et objectif de la Région",
    "Promesses d'embauche signées, rapportées à l'objectif que fixe la Région (250 par défaut).",
    numerator="engagements réciproques signés",
    denominator="objectif de la Région",
    reference=CANDIDATURE_DATE,
)
PLACES = Indicator(
    "places",
    "Places financées",
    "Places financées par la Région dans ses sessions : offertes, occupées (toutes personnes connues du service) "
    "et occupées par des personnes venues par Trait d'union (inscriptions acceptées).",
    reference="la date de début de la session",
)
COST = Indicator(
    "cost",
    "Coût par embauche durable",
    "Somme des prix des places occupées par les personnes entrées en formation par le service (prix total TTC "
    "par stagiaire de la session, importé du champ LHEO prix-total-TTC ; les places sans prix connu ne comptent "
    "pas et leur nombre est indiqué), divisée par le nombre de ces personnes en emploi durable à 6 mois.",
    numerator="prix des places occupées, formations terminées ou interrompues",
    denominator="personnes en emploi durable à 6 mois",
    reference=COHORT_DATE,
)
DURATIONS = Indicator(
    "durations",
    "Délais médians",
    "Nombre de jours médian de la candidature à la signature de l'engagement, de la signature à l'entrée en "
    "formation, et de la fin de formation au début du contrat.",
    reference=CANDIDATURE_DATE,
)
EXITS = Indicator(
    "exits",
    "Sorties du parcours",
    "Parcours arrêtés, par type (refus de l'entreprise par motif, retrait, abandon de formation, engagement "
    "rompu, promesse non tenue, annulation, expiration faute de réponse) et par qui les a déclarés.",
    reference=CANDIDATURE_DATE,
)
BASELINE = Indicator(
    "baseline",
    "Référence à battre",
    "Part des personnes en emploi après une formation financée par la Région sans Trait d'union, que la Région "
    "indique (50 % par défaut) ; l'objectif du service est de dépasser 90 % d'emploi durable.",
)
SECRECY = Indicator(
    "secrecy",
    "Secret statistique",
    "Sur les pages publiques, l'API et le fichier de données ouvertes, tout effectif de 1 à 4 personnes est "
    "masqué, ainsi que les taux et montants calculés sur ou à partir de lui ; quand une seule case d'une ligne "
    "est masquée, la plus petite suivante l'est aussi, pour qu'aucun total ne la révèle.",
)

OTHERS = [LASTING_RATE, RESPONSE_RATE, PROMISES, PLACES, COST, DURATIONS, EXITS, BASELINE, SECRECY]
ALL = [*FUNNEL, *OTHERS]


def methodology_markdown() -> str:
    """The definitions as Markdown (the README's « Mesure » section is this text)."""
    lines = []
    for indicator in ALL:
        lines.append(f"- **{indicator.label}** : {indicator.definition}")
        if indicator.numerator:
            lines.append(f"  Numérateur : {indicator.numerator}. Dénominateur : {indicator.denominator}.")
        if indicator.reference:
            lines.append(f"  Période : {indicator.reference}.")
    return "\n".join(lines)
