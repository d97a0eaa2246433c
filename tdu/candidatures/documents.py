"""Documents handed to people: the PMSMP convention as a PDF, a meeting as an iCalendar invitation.

Both functions work on in-memory objects and never write to the database.
"""

import functools
import io
import unicodedata
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from xml.sax.saxutils import escape

from django.utils import timezone
from icalendar import Calendar, Event
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from tdu.candidatures.enums import Signatory

APP_NAME = "Trait d'union"
ICS_PRODID = "-//Trait d'union//Rencontre//FR"
ICS_DOMAIN = "traitdunion.beta.gouv.fr"
ICS_METHODS = {"REQUEST", "CANCEL", "PUBLISH"}

MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]  # fmt: skip
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]

# DSFR colours.
BLUE_FRANCE = colors.HexColor("#000091")
LIGHT_BLUE = colors.HexColor("#E3E3FD")
LIGHT_GREY = colors.HexColor("#F6F6F6")
BORDER_GREY = colors.HexColor("#DDDDDD")
ERROR_RED = colors.HexColor("#CE0500")
MUTED_GREY = colors.HexColor("#666666")

PAGE_MARGIN = 2 * cm
CONTENT_WIDTH = A4[0] - 2 * PAGE_MARGIN
LABEL_WIDTH = 5 * cm


# --- French formatting, independent of the process locale ---------------------------------------


def french_date(value):
    """`date` → « 3 mars 2027 » (« 1er mars 2027 » on the first of the month)."""
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {MONTHS[value.month - 1]} {value.year}"


def french_long_date(value):
    """`date` → « mardi 2 mars 2027 »."""
    return f"{WEEKDAYS[value.weekday()]} {french_date(value)}"


def _local(value):
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return timezone.localtime(value)


def _short_datetime(value):
    """Aware datetime → « 02/03/2027 à 14:05 », in Paris time."""
    local = _local(value)
    return f"{local:%d/%m/%Y} à {local:%H:%M}"


def format_siret(siret):
    """« 12345678900012 » → « 123 456 789 00012 »; anything that is not 14 digits is shown as given."""
    digits = (siret or "").replace(" ", "")
    if len(digits) == 14 and digits.isdigit():
        return f"{digits[:3]} {digits[3:6]} {digits[6:9]} {digits[9:]}"
    return siret or ""


def format_hours(value):
    """Decimal hours → « 35 heures », « 17,5 heures », « 1,5 heure »."""
    try:
        hours = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    if hours == hours.to_integral_value():
        text = str(int(hours))
    else:
        text = str(hours.quantize(Decimal("0.1"))).replace(".", ",")
    return f"{text} {'heure' if hours < 2 else 'heures'}"


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


# --- PDF ----------------------------------------------------------------------------------------

# Characters the WinAnsi-encoded standard fonts lack and that do not decompose to plain letters.
_FALLBACKS = {
    "ł": "l",
    "Ł": "L",
    "đ": "d",
    "Đ": "D",
    "ı": "i",
    "ħ": "h",
    "→": "->",
    "←": "<-",
    "≥": ">=",
    "≤": "<=",
}


def _pdf_safe(text):
    """Keep what Helvetica (WinAnsi) can draw; fold the rest to the nearest letters instead of black boxes."""
    out = []
    for char in text:
        try:
            char.encode("cp1252")
        except UnicodeEncodeError:
            if char in _FALLBACKS:
                out.append(_FALLBACKS[char])
                continue
            decomposed = "".join(
                c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
            )
            try:
                decomposed.encode("cp1252")
            except UnicodeEncodeError:
                decomposed = ""
            out.append(decomposed or "?")
        else:
            out.append(char)
    return "".join(out)


def _markup(text):
    """Plain (user) text → safe reportlab mini-markup, line breaks kept."""
    text = str(text if text is not None else "").replace("\r\n", "\n").replace("\r", "\n").strip()
    return escape(_pdf_safe(text)).replace("\n", "<br/>")


def _styles():
    base = getSampleStyleSheet()
    body = ParagraphStyle("TduBody", parent=base["Normal"], fontName="Helvetica", fontSize=9.5, leading=12.5)
    return {
        "title": ParagraphStyle(
            "TduTitle", parent=body, fontName="Helvetica-Bold", fontSize=15, leading=19, alignment=TA_CENTER,
            textColor=BLUE_FRANCE, spaceAfter=4,
        ),
        "subtitle": ParagraphStyle(
            "TduSubtitle", parent=body, fontSize=9, leading=12, alignment=TA_CENTER, textColor=MUTED_GREY
        ),
        "heading": ParagraphStyle(
            "TduHeading", parent=body, fontName="Helvetica-Bold", fontSize=11.5, leading=15, textColor=BLUE_FRANCE,
            spaceBefore=12, spaceAfter=5, keepWithNext=1,
        ),
        "body": body,
        "label": ParagraphStyle("TduLabel", parent=body, fontName="Helvetica-Bold"),
        "muted": ParagraphStyle("TduMuted", parent=body, fontName="Helvetica-Oblique", textColor=MUTED_GREY),
        "bullet": ParagraphStyle("TduBullet", parent=body, leftIndent=12, bulletIndent=2, spaceAfter=3),
        "hash": ParagraphStyle("TduHash", parent=body, fontName="Courier", fontSize=8.5, leading=11),
        "banner": ParagraphStyle(
            "TduBanner", parent=body, fontName="Helvetica-Bold", fontSize=11, leading=14, textColor=colors.white,
            alignment=TA_CENTER,
        ),
    }  # fmt: skip


def _grid(data, col_widths, header=False):
    table = Table(data, colWidths=col_widths)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, BORDER_GREY),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), LIGHT_BLUE))
    else:
        commands.append(("BACKGROUND", (0, 0), (0, -1), LIGHT_GREY))
    table.setStyle(TableStyle(commands))
    return table


def _fields(styles, rows):
    """(label, value) pairs → a two-column table; rows without a value are left out."""
    data = [
        [Paragraph(_markup(label), styles["label"]), Paragraph(_markup(value), styles["body"])]
        for label, value in rows
        if value not in (None, "")
    ]
    return _grid(data, [LABEL_WIDTH, CONTENT_WIDTH - LABEL_WIDTH])


def _section(styles, title, *flowables):
    return [Paragraph(_markup(title), styles["heading"]), *flowables]


def _text_block(styles, text):
    if not (text or "").strip():
        return Paragraph("Non renseigné.", styles["muted"])
    return Paragraph(_markup(text), styles["body"])


def _schedule_table(styles, schedule, weekly_hours):
    schedule = schedule if isinstance(schedule, dict) else {}
    days = WEEKDAYS + [day for day in schedule if day not in WEEKDAYS]
    header = [Paragraph(f"<b>{label}</b>", styles["body"]) for label in ("Jour", "Horaires", "Durée")]
    data = [header]
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
                Paragraph(_markup(str(day).capitalize()), styles["label"]),
                Paragraph(_markup(cells[0]), styles["body"] if ranges else styles["muted"]),
                Paragraph(_markup(cells[1]), styles["body"]),
            ]
        )
    data.append(
        [
            Paragraph("Total hebdomadaire", styles["label"]),
            "",
            Paragraph(f"<b>{_markup(format_hours(weekly_hours))}</b>", styles["body"]),
        ]
    )
    table = _grid(data, [3.5 * cm, CONTENT_WIDTH - 6.5 * cm, 3 * cm], header=True)
    table.setStyle(TableStyle([("SPAN", (0, -1), (1, -1)), ("BACKGROUND", (0, -1), (-1, -1), LIGHT_GREY)]))
    return table


def _expected_signers(convention):
    """Each signatory, in the convention's order, with the name expected to sign."""
    return [
        (Signatory.BENEFICIARY, convention.beneficiary_name),
        (Signatory.COMPANY, convention.company_representative),
        (Signatory.TUTOR, convention.tutor_name),
    ]


def _signature_flowables(styles, convention, signatures):
    by_signatory = {str(signature.signatory): signature for signature in signatures}
    header = [Paragraph(f"<b>{label}</b>", styles["body"]) for label in ("Signataire", "Nom", "Signature")]
    data = [header]
    for signatory, expected_name in _expected_signers(convention):
        signature = by_signatory.get(signatory.value)
        if signature:
            name = signature.name or expected_name
            status = Paragraph(
                f"signé électroniquement le {_markup(_short_datetime(signature.signed_at))}", styles["body"]
            )
        else:
            name = expected_name
            status = Paragraph("en attente de signature", styles["muted"])
        data.append(
            [
                Paragraph(_markup(signatory.label), styles["label"]),
                Paragraph(_markup(name), styles["body"]),
                status,
            ]
        )
    table = _grid(data, [4.5 * cm, 4.5 * cm, CONTENT_WIDTH - 9 * cm], header=True)

    checks = []
    for signatory, _name in _expected_signers(convention):
        signature = by_signatory.get(signatory.value)
        if not signature:
            continue
        who = f"{signatory.label} ({signature.name})"
        if (
            signature.content_hash
            and signature.content_hash == convention.content_hash == convention.compute_hash()
        ):
            checks.append(
                Paragraph(
                    f"{_markup(who)} : l'empreinte signée correspond au contenu de la convention.",
                    styles["bullet"],
                    bulletText="•",
                )
            )
        else:
            checks.append(
                Paragraph(
                    f"{_markup(who)} : <font color='#CE0500'><b>ATTENTION, l'empreinte signée ne correspond pas "
                    f"au contenu de la convention</b></font> (empreinte signée : "
                    f"<font face='Courier'>{_markup(signature.content_hash or 'absente')}</font>).",
                    styles["bullet"],
                    bulletText="•",
                )
            )
    return signatures_and_integrity(
        styles, table, checks, convention.content_hash, "Cette convention est signée", "de la convention"
    )


def signatures_and_integrity(styles, table, checks, content_hash, signed_phrase, of_document):
    """The signatures table, then the content hash and each signature's check (shared by every document)."""
    if not checks:
        checks.append(Paragraph("Aucune signature n'a encore été recueillie.", styles["muted"]))
    integrity = [
        Paragraph("Intégrité du document", styles["heading"]),
        Paragraph(
            f"{signed_phrase} électroniquement sur la plateforme {_markup(APP_NAME)}. Chaque signature porte sur "
            f"l'empreinte ci-dessous, calculée sur l'ensemble des informations {of_document} : toute "
            "modification du contenu change cette empreinte.",
            styles["body"],
        ),
        Spacer(1, 4),
        Paragraph("Empreinte SHA-256 du contenu :", styles["label"]),
        Paragraph(_markup(content_hash or "non calculée"), styles["hash"]),
        Spacer(1, 4),
        *checks,
    ]
    return [KeepTogether([*_section(styles, "Signatures", table), *integrity])]


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


class _NumberedCanvas(Canvas):
    """Canvas that knows the page count when drawing footers (« Page 1 / 2 »), and marks cancelled documents."""

    def __init__(self, *args, footer="", watermark="", **kwargs):
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._watermark = watermark
        self._saved_pages = []

    def showPage(self):  # reportlab API name
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._saved_pages)
        for state in self._saved_pages:
            self.__dict__.update(state)
            self._decorate(total)
            super().showPage()
        super().save()

    def _decorate(self, total):
        width, height = self._pagesize
        self.saveState()
        if self._watermark:
            self.setFillColor(ERROR_RED)
            self.setFillAlpha(0.12)
            self.setFont("Helvetica-Bold", 90)
            self.translate(width / 2, height / 2)
            self.rotate(45)
            self.drawCentredString(0, 0, self._watermark)
            self.rotate(-45)
            self.translate(-width / 2, -height / 2)
            self.setFillAlpha(1)
        self.setStrokeColor(BORDER_GREY)
        self.line(PAGE_MARGIN, 1.5 * cm, width - PAGE_MARGIN, 1.5 * cm)
        self.setFont("Helvetica", 8)
        self.setFillColor(MUTED_GREY)
        self.drawString(PAGE_MARGIN, 1.1 * cm, self._footer)
        self.drawRightString(width - PAGE_MARGIN, 1.1 * cm, f"Page {self._pageNumber} / {total}")
        self.restoreState()


def cancelled_banner(styles, document, title):
    """A red banner across the top of a cancelled document: when and why."""
    reason = (document.cancellation_reason or "").strip() or "non précisé"
    text = f"{title} le {_markup(_short_datetime(document.cancelled_at))} — motif : {_markup(reason)}"
    banner = Table([[Paragraph(text, styles["banner"])]], colWidths=[CONTENT_WIDTH])
    padding = [("TOPPADDING", (0, 0), (-1, -1), 8), ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]
    banner.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), ERROR_RED), *padding]))
    return [banner, Spacer(1, 10)]


def render_convention_pdf(convention, signatures=None) -> bytes:
    """The PMSMP convention (after cerfa 13912) as PDF bytes.

    `signatures` defaults to `convention.signatures.all()`; pass an iterable of ConventionSignature to render
    without touching the database.
    """
    if signatures is None:
        signatures = convention.signatures.all()
    signatures = list(signatures)
    styles = _styles()
    number = str(convention.pk) if convention.pk is not None else "—"

    story = []
    if convention.cancelled_at:
        story += cancelled_banner(styles, convention, "CONVENTION ANNULÉE")

    issued = french_date(_local(convention.created_at).date()) if convention.created_at else "—"
    story += [
        Paragraph("Convention de mise en situation en milieu professionnel", styles["title"]),
        Paragraph(
            "PMSMP — articles L. 5135-1 à L. 5135-8 et D. 5135-1 à D. 5135-8 du code du travail "
            "— d'après le cerfa n° 13912",
            styles["subtitle"],
        ),
        Spacer(1, 6),
        Paragraph(
            f"<b>Convention n° {_markup(number)}</b> — établie le {_markup(issued)}", styles["subtitle"]
        ),
    ]

    birth_date = convention.beneficiary_birth_date
    story += _section(
        styles,
        "Bénéficiaire",
        _fields(
            styles,
            [
                ("Nom et prénom", convention.beneficiary_name),
                ("Date de naissance", f"{birth_date:%d/%m/%Y}" if birth_date else ""),
                ("Adresse électronique", convention.beneficiary_email),
                ("Téléphone", convention.beneficiary_phone),
            ],
        ),
    )
    story += _section(
        styles,
        "Structure d'accueil",
        _fields(
            styles,
            [
                ("Raison sociale", convention.company_name),
                ("SIRET", format_siret(convention.company_siret)),
                ("Adresse", convention.company_address),
                ("Représentée par", convention.company_representative),
            ],
        ),
    )
    story += _section(
        styles,
        "Tuteur ou tutrice",
        _fields(
            styles,
            [
                ("Nom et prénom", convention.tutor_name),
                ("Fonction", convention.tutor_role),
                ("Adresse électronique", convention.tutor_email),
                ("Téléphone", convention.tutor_phone),
            ],
        ),
    )
    story += _section(
        styles,
        "Structure d'accompagnement (prescripteur)",
        _fields(styles, [("Nom", convention.prescriber_name or "Non renseignée")]),
    )
    period = f"du {french_date(convention.start_date)} au {french_date(convention.end_date)}"
    story += _section(
        styles,
        "Immersion",
        _fields(
            styles,
            [
                ("Période", period),
                ("Objectif", convention.get_objective_display()),
                ("Lieu", convention.place),
                ("Durée hebdomadaire", format_hours(convention.weekly_hours)),
            ],
        ),
        Spacer(1, 6),
        KeepTogether(
            [
                Paragraph("Horaires, jour par jour", styles["label"]),
                Spacer(1, 3),
                _schedule_table(styles, convention.schedule, convention.weekly_hours),
            ]
        ),
    )
    story += _section(styles, "Activités confiées", _text_block(styles, convention.activities))
    if (convention.skills or "").strip():
        story += _section(styles, "Compétences observées", _text_block(styles, convention.skills))
    story += _section(styles, "Risques et mesures de prévention", _text_block(styles, convention.risks))
    story += _section(
        styles,
        "Engagements des parties",
        *[Paragraph(_markup(text), styles["bullet"], bulletText="•") for text in ENGAGEMENTS],
    )
    story += _signature_flowables(styles, convention, signatures)

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=PAGE_MARGIN,
        rightMargin=PAGE_MARGIN,
        topMargin=PAGE_MARGIN,
        bottomMargin=PAGE_MARGIN,
        title=f"Convention d'immersion n° {number} — {convention.beneficiary_name}",
        author=APP_NAME,
        creator=APP_NAME,
        subject="Convention de mise en situation en milieu professionnel (PMSMP)",
        lang="fr-FR",
    )
    footer = _pdf_safe(f"{APP_NAME} — Convention d'immersion n° {number}")
    canvasmaker = functools.partial(
        _NumberedCanvas, footer=footer, watermark="ANNULÉE" if convention.cancelled_at else ""
    )
    document.build(story, canvasmaker=canvasmaker)
    return buffer.getvalue()


# --- iCalendar ----------------------------------------------------------------------------------


def meeting_ics(slot, *, title: str, company: str, participants: Iterable[str], method="REQUEST") -> bytes:
    """A meeting slot as an iCalendar (.ics) file with one event.

    `title` is the offer title, `company` the company name and `participants` an iterable of lines
    such as « Camille Martin (candidate) ». `method` is REQUEST, CANCEL or PUBLISH.
    """
    method = method.upper()
    if method not in ICS_METHODS:
        raise ValueError(f"Unsupported iCalendar method: {method}")
    if isinstance(participants, str):
        participants = [participants]
    participants = [p for p in (participants or []) if p]

    starts_at = slot.starts_at
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    ends_at = starts_at + timedelta(minutes=slot.duration_minutes or 0)
    local_start, local_end = timezone.localtime(starts_at), timezone.localtime(ends_at)

    lines = []
    if method == "CANCEL":
        lines += ["Cette rencontre est annulée.", ""]
    lines.append(f"Rencontre pour l'offre « {title} » chez {company}.")
    lines.append("")
    lines.append(
        f"Date : {french_long_date(local_start.date())}, de {local_start:%H:%M} à {local_end:%H:%M} (heure de Paris)"
    )
    if slot.place:
        lines.append(f"Lieu : {slot.place}")
    if slot.video_link:
        lines.append(f"Visioconférence : {slot.video_link}")
    if participants:
        lines += ["", "Participants :", *(f"- {p}" for p in participants)]
    lines += ["", f"Rendez-vous organisé avec {APP_NAME}."]

    event = Event()
    event.add("uid", f"rencontre-{slot.pk}@{ICS_DOMAIN}")
    event.add("dtstamp", datetime.now(UTC))
    event.add("dtstart", starts_at.astimezone(UTC))
    event.add("dtend", ends_at.astimezone(UTC))
    event.add("summary", f"Rencontre : {title} — {company}")
    location = slot.place or slot.video_link
    if location:
        event.add("location", location)
    event.add("description", "\n".join(lines))
    if slot.video_link:
        event.add("url", slot.video_link)
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    event.add("sequence", 1 if method == "CANCEL" else 0)

    calendar = Calendar()
    calendar.add("prodid", ICS_PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add_component(event)
    return calendar.to_ical()
