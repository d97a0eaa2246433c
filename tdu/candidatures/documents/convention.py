"""The PMSMP convention (after cerfa 13912) as a PDF."""

from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Spacer, TableStyle

from tdu.candidatures.documents.sections import Section, flowables
from tdu.candidatures.enums import Signatory
from tdu.utils.pdf import (
    CONTENT_WIDTH,
    LIGHT_GREY,
    WEEKDAYS,
    DocumentPdf,
    format_hours,
    format_siret,
    french_date,
    grid,
    markup,
    paragraph,
    short_datetime,
)

ENGAGEMENTS = [
    "Pendant la période de mise en situation, le ou la bénéficiaire conserve son statut ainsi que la "
    "rémunération ou l'indemnisation dont il ou elle bénéficie ; la structure d'accueil ne le ou la rémunère pas.",
    "La mise en situation ne peut avoir pour objet d'exécuter une tâche régulière correspondant à un poste de "
    "travail permanent, de faire face à un accroissement temporaire d'activité, d'occuper un emploi saisonnier "
    "ni de remplacer un·e salarié·e absent·e.",
    "Le ou la bénéficiaire respecte le règlement intérieur de la structure d'accueil, notamment les règles "
    "d'hygiène et de sécurité et les horaires fixés ci-dessus. La structure d'accueil lui assure les conditions "
    "de santé et de sécurité prévues pour son personnel.",
    "En cas d'accident survenu pendant la mise en situation ou sur le trajet, la structure d'accueil en informe "
    "sans délai la structure d'accompagnement.",
]


def _minutes(start, end):
    """Length of a ["HH:MM", "HH:MM"] range in minutes, or None if it cannot be read."""
    try:
        h1, m1 = (int(x) for x in str(start).split(":"))
        h2, m2 = (int(x) for x in str(end).split(":"))
    except ValueError:
        return None
    minutes = (h2 * 60 + m2) - (h1 * 60 + m1)
    return minutes if minutes > 0 else None


def _duration_text(minutes):
    """90 → « 1 h 30 », 420 → « 7 h »."""
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


def schedule_table(schedule, weekly_hours):
    schedule = schedule if isinstance(schedule, dict) else {}
    days = WEEKDAYS + [day for day in schedule if day not in WEEKDAYS]
    data = [[paragraph(f"<b>{label}</b>") for label in ("Jour", "Horaires", "Durée")]]
    for day in days:
        ranges = [r for r in (schedule.get(day) or []) if isinstance(r, list | tuple) and len(r) == 2]
        if ranges:
            hours = ", ".join(f"{start} – {end}" for start, end in ranges)
            lengths = [_minutes(start, end) for start, end in ranges]
            duration = "—" if None in lengths else _duration_text(sum(lengths))
            cells = [hours, duration]
        else:
            cells = ["Repos", ""]
        data.append(
            [
                paragraph(markup(str(day).capitalize()), "label"),
                paragraph(markup(cells[0]), "body" if ranges else "muted"),
                paragraph(markup(cells[1])),
            ]
        )
    data.append(
        [
            paragraph("Total hebdomadaire", "label"),
            "",
            paragraph(f"<b>{markup(format_hours(weekly_hours))}</b>"),
        ]
    )
    table = grid(data, [3.5 * cm, CONTENT_WIDTH - 6.5 * cm, 3 * cm], header=True)
    table.setStyle(TableStyle([("SPAN", (0, -1), (1, -1)), ("BACKGROUND", (0, -1), (-1, -1), LIGHT_GREY)]))
    return table


class ConventionPdf(DocumentPdf):
    title = "Convention de mise en situation en milieu professionnel"
    short_title = "Convention d'immersion"
    subtitle = (
        "PMSMP — articles L. 5135-1 à L. 5135-8 et D. 5135-1 à D. 5135-8 du code du travail "
        "— d'après le cerfa n° 13912"
    )
    metadata_subject = "Convention de mise en situation en milieu professionnel (PMSMP)"
    number_label = "Convention n°"
    issued_word = "établie"
    cancelled_title = "CONVENTION ANNULÉE"
    watermark = "ANNULÉE"
    signed_phrase = "Cette convention est signée"
    of_document = "de la convention"

    def document_title(self):
        return f"{self.short_title} n° {self.number} — {self.document.beneficiary_name}"

    def expected_signers(self):
        c = self.document
        return [
            (Signatory.BENEFICIARY, c.beneficiary_name),
            (Signatory.COMPANY, c.company_representative),
            (Signatory.TUTOR, c.tutor_name),
        ]

    def body(self):
        c = self.document

        def schedule(part):
            return [
                KeepTogether(
                    [
                        paragraph("Horaires, jour par jour", "label"),
                        Spacer(1, 3),
                        schedule_table(c.schedule, c.weekly_hours),
                    ]
                )
            ]

        return flowables(convention_sections(c), schedule_table=schedule)

    def after_signatures(self):
        c = self.document
        if not c.validated_at:
            return [
                paragraph("Validation par la structure d'accompagnement", "heading"),
                paragraph("En attente de validation.", "muted"),
            ]
        return [
            paragraph("Validation par la structure d'accompagnement", "heading"),
            paragraph(
                f"Validée par {markup(c.validated_by_name)} le {markup(short_datetime(c.validated_at))}."
            ),
        ]


def schedule_rows(schedule):
    """[(day, « 09:00 – 12:00, 13:30 – 17:00 », « 6 h 30 »)] for the days worked, in weekday order."""
    schedule = schedule if isinstance(schedule, dict) else {}
    rows = []
    for day in WEEKDAYS + [day for day in schedule if day not in WEEKDAYS]:
        ranges = [r for r in (schedule.get(day) or []) if isinstance(r, list | tuple) and len(r) == 2]
        if ranges:
            lengths = [_minutes(start, end) for start, end in ranges]
            duration = "—" if None in lengths else _duration_text(sum(lengths))
            rows.append((str(day).capitalize(), ", ".join(f"{a} – {b}" for a, b in ranges), duration))
    return rows


def convention_sections(c):
    """The convention's content, in the order of the cerfa 13912, as plain sections."""
    birth_date = c.beneficiary_birth_date
    sections = [
        Section(
            "Bénéficiaire",
            rows=[
                ("Nom et prénom", c.beneficiary_name),
                ("Date de naissance", f"{birth_date:%d/%m/%Y}" if birth_date else ""),
                ("Adresse", c.beneficiary_address),
                ("Adresse électronique", c.beneficiary_email),
                ("Téléphone", c.beneficiary_phone),
            ],
        ),
        Section(
            "Structure d'accueil",
            rows=[
                ("Raison sociale", c.company_name),
                ("SIRET", format_siret(c.company_siret)),
                ("Adresse de l'établissement", c.company_address),
                ("Représentée par", c.company_representative),
            ],
        ),
        Section(
            "Tuteur ou tutrice",
            rows=[
                ("Nom et prénom", c.tutor_name),
                ("Fonction", c.tutor_role),
                ("Adresse électronique", c.tutor_email),
                ("Téléphone", c.tutor_phone),
            ],
        ),
        Section(
            "Structure d'accompagnement (prescripteur)",
            rows=[("Nom", c.prescriber_name or "Non renseignée")],
        ),
        Section(
            "Immersion",
            rows=[
                ("Période", f"du {french_date(c.start_date)} au {french_date(c.end_date)}"),
                ("Objectif", c.get_objective_display()),
                ("Lieu de l'immersion", c.place),
                ("Durée hebdomadaire", format_hours(c.weekly_hours)),
            ],
            schedule=schedule_rows(c.schedule),
        ),
        Section("Activités confiées", texts=[c.activities]),
    ]
    if (c.skills or "").strip():
        sections.append(Section("Compétences observées", texts=[c.skills]))
    sections += [
        Section("Risques et mesures de prévention", texts=[c.risks]),
        Section("Engagements des parties", bullets=ENGAGEMENTS),
    ]
    return sections


def render_convention_pdf(convention, signatures=None) -> bytes:
    return ConventionPdf(convention, signatures).render()
