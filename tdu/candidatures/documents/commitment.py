"""The « Engagement réciproque » (hiring promise + commitment to follow the training) as a PDF."""

from reportlab.lib.units import cm
from reportlab.platypus import Spacer

from tdu.candidatures.documents.sections import Section, flowables
from tdu.candidatures.enums import CommitmentSignatory
from tdu.utils.pdf import (
    APP_NAME,
    DocumentPdf,
    format_euros,
    format_hours,
    format_siret,
    french_date,
    markup,
    paragraph,
)

DOCUMENT_TITLE = "Engagement réciproque"
DOCUMENT_SUBTITLE = "Promesse d'embauche et engagement à suivre la formation jusqu'à son terme"


def format_salary(value):
    """Gross monthly salary → « 2 150,00 € brut par mois »."""
    amount = format_euros(value)
    return f"{amount} brut par mois" if amount else ""


def _date(value):
    return french_date(value) if value else "non renseignée"


def _period(start, end):
    if start and end:
        return f"du {french_date(start)} au {french_date(end)}"
    return "dates non renseignées"


def _rome(commitment):
    """The job's name first; its ROME code after, for the administrations that file it."""
    code = (commitment.rome_code or "").strip()
    label = (commitment.rome_label or "").strip()
    if code and label:
        return f"{label} (code ROME {code})"
    return label or code


def _training_text(commitment):
    """« la formation « X », dispensée par Y à Z, du … au … »."""
    text = f"la formation « {commitment.session_title} »"
    if commitment.session_organisation:
        text += f", dispensée par {commitment.session_organisation}"
    if commitment.session_place:
        text += f" à {commitment.session_place}"
    return f"{text}, {_period(commitment.session_start_date, commitment.session_end_date)}"


class CommitmentPdf(DocumentPdf):
    title = DOCUMENT_TITLE
    subtitle = DOCUMENT_SUBTITLE
    number_label = "Engagement n°"
    cancelled_title = "ENGAGEMENT ANNULÉ"
    signed_phrase = "Cet engagement réciproque est signé"
    of_document = "de l'engagement"
    signer_column_width = 5.5 * cm

    def document_title(self):
        c = self.document
        return f"{DOCUMENT_TITLE} n° {self.number} — {c.beneficiary_name} et {c.company_name}"

    def expected_signers(self):
        return [
            (CommitmentSignatory.COMPANY, self.document.company_name),
            (CommitmentSignatory.BENEFICIARY, self.document.beneficiary_name),
        ]

    def body(self):
        return [
            Spacer(1, 8),
            paragraph(markup(INTRODUCTION)),
            *flowables(commitment_sections(self.document)),
        ]


INTRODUCTION = (
    f"Le présent engagement réciproque est conclu par l'intermédiaire de la plateforme {APP_NAME}. Il comporte "
    "deux volets indissociables : la promesse d'embauche de l'entreprise et l'engagement de la personne à suivre "
    "la formation qui prépare à l'emploi."
)


def commitment_sections(c):
    """The commitment's content as plain sections: the parties, the hiring promise, the person's commitment."""
    birth_date = c.beneficiary_birth_date
    required = c.certification_required
    certification = (
        "son obtention est une condition de l'embauche"
        if required
        else "son obtention n'est pas une condition de l'embauche"
    )
    company = c.company_name
    siret = format_siret(c.company_siret)
    if siret:
        company += f" (SIRET {siret})"
    person = c.beneficiary_name
    if birth_date:
        person += f" (date de naissance : {french_date(birth_date)})"
    conditions = [
        f"que la personne suive {_training_text(c)}, jusqu'à son terme" + (" ;" if required else ".")
    ]
    if required:
        conditions.append("qu'elle obtienne la certification à laquelle prépare cette formation.")
    commitments = [
        f"suivre {_training_text(c)}, jusqu'à son terme, y compris la période de stage en entreprise qu'elle "
        "comporte ;",
        "suivre les cours comme le stage avec assiduité et prévenir sans délai l'organisme de formation et "
        "l'entreprise de toute absence ou difficulté ;",
    ]
    if required:
        commitments.append("se présenter aux épreuves de la certification à laquelle prépare la formation ;")
    commitments.append(
        f"rejoindre l'entreprise {c.company_name} à la date d'embauche prévue, le {_date(c.planned_start_date)}, "
        f"au poste « {c.job_title} »."
    )
    return [
        Section("L'entreprise", rows=[("Raison sociale", c.company_name), ("SIRET", siret)]),
        Section(
            "La personne",
            rows=[
                ("Nom et prénom", c.beneficiary_name),
                ("Date de naissance", french_date(birth_date) if birth_date else ""),
            ],
        ),
        Section(
            "La formation",
            rows=[
                ("Intitulé", c.session_title),
                ("Organisme de formation", c.session_organisation),
                ("Lieu", c.session_place),
                ("Dates", _period(c.session_start_date, c.session_end_date)),
                ("Certification", certification),
            ],
        ),
        Section(
            "1. Promesse d'embauche",
            intro=f"L'entreprise {company} promet d'embaucher {person} au poste « {c.job_title} », aux "
            "conditions suivantes :",
            rows=[
                ("Poste", c.job_title),
                ("Métier", _rome(c)),
                ("Lieu de travail", c.workplace),
                ("Contrat", c.contract_label),
                ("Durée du travail", f"{format_hours(c.weekly_hours)} par semaine"),
                ("Rémunération", format_salary(c.gross_monthly_salary)),
                ("Date d'embauche prévue", _date(c.planned_start_date)),
            ],
        ),
        Section(
            "Conditions de la promesse",
            intro="Cette promesse d'embauche est faite sous "
            + ("les conditions suivantes :" if required else "la condition suivante :"),
            bullets=conditions,
            outro=f"{'Si ces conditions sont remplies' if required else 'Si cette condition est remplie'}, "
            "l'entreprise s'engage à conclure le contrat de travail aux conditions ci-dessus, à la date "
            "d'embauche prévue.",
        ),
        Section(
            "2. Engagement de la personne",
            intro=f"En contrepartie, {c.beneficiary_name} s'engage à :",
            bullets=commitments,
        ),
    ]


def render_commitment_pdf(commitment, signatures=None) -> bytes:
    return CommitmentPdf(commitment, signatures).render()
