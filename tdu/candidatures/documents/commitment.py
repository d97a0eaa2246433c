"""The « Engagement réciproque » (hiring promise + commitment to follow the training) as a PDF."""

from reportlab.lib.units import cm
from reportlab.platypus import Spacer

from tdu.candidatures.enums import CommitmentSignatory
from tdu.utils.pdf import (
    APP_NAME,
    DocumentPdf,
    bullet,
    fields,
    format_euros,
    format_hours,
    format_siret,
    french_date,
    markup,
    paragraph,
    section,
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
    code = (commitment.rome_code or "").strip()
    label = (commitment.rome_label or "").strip()
    if code and label:
        return f"{code} — {label}"
    return code or label


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
            paragraph(
                f"Le présent engagement réciproque est conclu par l'intermédiaire de la plateforme "
                f"{markup(APP_NAME)}. Il comporte deux volets indissociables : la promesse d'embauche de "
                "l'entreprise et l'engagement de la personne à suivre la formation qui prépare à l'emploi."
            ),
            *self.parties(),
            *self.promise_part(),
            *self.person_part(),
        ]

    def parties(self):
        c = self.document
        birth_date = c.beneficiary_birth_date
        certification = (
            "son obtention est une condition de l'embauche"
            if c.certification_required
            else "son obtention n'est pas une condition de l'embauche"
        )
        return [
            *section(
                "L'entreprise",
                fields([("Raison sociale", c.company_name), ("SIRET", format_siret(c.company_siret))]),
            ),
            *section(
                "La personne",
                fields(
                    [
                        ("Nom et prénom", c.beneficiary_name),
                        ("Date de naissance", french_date(birth_date) if birth_date else ""),
                    ]
                ),
            ),
            *section(
                "La formation",
                fields(
                    [
                        ("Intitulé", c.session_title),
                        ("Organisme de formation", c.session_organisation),
                        ("Lieu", c.session_place),
                        ("Dates", _period(c.session_start_date, c.session_end_date)),
                        ("Certification", certification),
                    ]
                ),
            ),
        ]

    def promise_part(self):
        c = self.document
        company = f"<b>{markup(c.company_name)}</b>"
        siret = format_siret(c.company_siret)
        if siret:
            company += f" (SIRET {markup(siret)})"
        person = f"<b>{markup(c.beneficiary_name)}</b>"
        if c.beneficiary_birth_date:
            person += f" (date de naissance : {markup(french_date(c.beneficiary_birth_date))})"
        intro = paragraph(
            f"L'entreprise {company} promet d'embaucher {person} au poste « {markup(c.job_title)} », aux "
            "conditions suivantes :"
        )
        job = fields(
            [
                ("Poste", c.job_title),
                ("Métier (code ROME)", _rome(c)),
                ("Lieu de travail", c.workplace),
                ("Contrat", c.contract_label),
                ("Durée du travail", f"{format_hours(c.weekly_hours)} par semaine"),
                ("Rémunération", format_salary(c.gross_monthly_salary)),
                ("Date d'embauche prévue", _date(c.planned_start_date)),
            ]
        )
        required = c.certification_required
        conditions = [
            bullet(
                f"que la personne suive {markup(_training_text(c))}, jusqu'à son terme"
                + (" ;" if required else ".")
            )
        ]
        if required:
            conditions.append(bullet("qu'elle obtienne la certification à laquelle prépare cette formation."))
        return section(
            "1. Promesse d'embauche",
            intro,
            Spacer(1, 5),
            job,
            Spacer(1, 6),
            paragraph(
                "Cette promesse d'embauche est faite sous "
                + ("les conditions suivantes :" if required else "la condition suivante :"),
                "label",
            ),
            Spacer(1, 3),
            *conditions,
            Spacer(1, 3),
            paragraph(
                f"{'Si ces conditions sont remplies' if required else 'Si cette condition est remplie'}"
                ", l'entreprise s'engage à conclure le contrat de travail aux "
                "conditions ci-dessus, à la date d'embauche prévue."
            ),
        )

    def person_part(self):
        c = self.document
        commitments = [
            f"suivre {markup(_training_text(c))}, jusqu'à son terme, y compris la période de stage en "
            "entreprise qu'elle comporte ;",
            "suivre les cours comme le stage avec assiduité et prévenir sans délai l'organisme de formation et "
            "l'entreprise de toute absence ou difficulté ;",
        ]
        if c.certification_required:
            commitments.append(
                "se présenter aux épreuves de la certification à laquelle prépare la formation ;"
            )
        commitments.append(
            f"rejoindre l'entreprise <b>{markup(c.company_name)}</b> à la date d'embauche prévue, le "
            f"{markup(_date(c.planned_start_date))}, au poste « {markup(c.job_title)} »."
        )
        return section(
            "2. Engagement de la personne",
            paragraph(f"En contrepartie, <b>{markup(c.beneficiary_name)}</b> s'engage à :"),
            Spacer(1, 3),
            *[bullet(text) for text in commitments],
        )


def render_commitment_pdf(commitment, signatures=None) -> bytes:
    return CommitmentPdf(commitment, signatures).render()
