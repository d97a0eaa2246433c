"""One PDF renderer base for every frozen document (DSFR colours, French formatting, signatures and integrity).

A document subclasses `DocumentPdf`, says its titles and writes its `body()`; the base adds the cancelled banner,
the header, the signatures table with each signature checked against the content, the page footer and the
metadata. Rendering works on in-memory objects and never writes to the database.
"""

import functools
import io
import unicodedata
from decimal import Decimal, InvalidOperation
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

APP_NAME = "Trait d'union"

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


def local(value):
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return timezone.localtime(value)


def short_datetime(value):
    """Aware datetime → « 02/03/2027 à 14:05 », in Paris time."""
    moment = local(value)
    return f"{moment:%d/%m/%Y} à {moment:%H:%M}"


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


def format_euros(value):
    """Decimal → « 2 150,00 € »; anything that is not a number is shown as given."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    sign = "-" if amount < 0 else ""
    units, cents = f"{abs(amount):.2f}".split(".")
    groups = []
    while units:
        groups.insert(0, units[-3:])
        units = units[:-3]
    return f"{sign}{' '.join(groups)},{cents} €"


# --- Text for reportlab ---------------------------------------------------------------------------

# Characters the WinAnsi-encoded standard fonts lack and that do not decompose to plain letters.
_FALLBACKS = {
    "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "ħ": "h", "→": "->", "←": "<-", "≥": ">=", "≤": "<=",
}  # fmt: skip


def pdf_safe(text):
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


def markup(text):
    """Plain (user) text → safe reportlab mini-markup, line breaks kept."""
    text = str(text if text is not None else "").replace("\r\n", "\n").replace("\r", "\n").strip()
    return escape(pdf_safe(text)).replace("\n", "<br/>")


@functools.cache
def styles():
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


# --- Flowables ------------------------------------------------------------------------------------


def paragraph(text_markup, style="body", **kwargs):
    return Paragraph(text_markup, styles()[style], **kwargs)


def bullet(text_markup):
    return paragraph(text_markup, "bullet", bulletText="•")


def grid(data, col_widths, header=False):
    table = Table(data, colWidths=col_widths)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, BORDER_GREY),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("BACKGROUND", (0, 0), (-1, 0) if header else (0, -1), LIGHT_BLUE if header else LIGHT_GREY),
    ]
    table.setStyle(TableStyle(commands))
    return table


def fields(rows):
    """(label, value) pairs → a two-column table; rows without a value are left out."""
    data = [
        [paragraph(markup(label), "label"), paragraph(markup(value))]
        for label, value in rows
        if value not in (None, "")
    ]
    return grid(data, [LABEL_WIDTH, CONTENT_WIDTH - LABEL_WIDTH])


def section(title, *flowables):
    return [paragraph(markup(title), "heading"), *flowables]


def text_block(text):
    if not (text or "").strip():
        return paragraph("Non renseigné.", "muted")
    return paragraph(markup(text))


class NumberedCanvas(Canvas):
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


def verification_url():
    """The public page where anyone holding a document checks its fingerprint."""
    return f"{settings.SITE_URL.rstrip('/')}/documents/verifier/"


# --- The document base ------------------------------------------------------------------------------


class DocumentPdf:
    """A frozen document (see tdu.candidatures.models.documents.FrozenDocument) rendered as a PDF.

    Subclasses set the class attributes and write `body()` and `expected_signers()`.
    """

    title = ""
    short_title = ""  # in the footer: « Convention d'immersion n° 12 »; the title by default
    subtitle = ""
    metadata_subject = ""  # the PDF's subject; the subtitle by default
    number_label = "Document n°"  # « Convention n° 12 »
    issued_word = "établi"  # « établie » for a feminine document
    cancelled_title = "DOCUMENT ANNULÉ"
    watermark = "ANNULÉ"
    signed_phrase = "Ce document est signé"
    of_document = "du document"  # « calculée sur l'ensemble des informations du document »
    signer_column_width = 4.5 * cm

    def __init__(self, document, signatures=None):
        """`signatures` defaults to `document.signatures.all()`; pass a list to render without a database."""
        self.document = document
        self.signatures = list(document.signatures.all() if signatures is None else signatures)
        self.number = str(document.pk) if document.pk is not None else "—"

    def body(self) -> list:
        raise NotImplementedError

    def expected_signers(self) -> list:
        """[(signatory choice, name shown until someone signs), …] in the document's order."""
        raise NotImplementedError

    def document_title(self) -> str:
        """The PDF's title metadata."""
        return f"{self.short_title or self.title} n° {self.number}"

    def header(self) -> list:
        created = self.document.created_at
        issued = french_date(local(created).date()) if created else "—"
        return [
            paragraph(markup(self.title), "title"),
            paragraph(markup(self.subtitle), "subtitle"),
            Spacer(1, 6),
            paragraph(
                f"<b>{markup(self.number_label)} {markup(self.number)}</b> — {self.issued_word} le {markup(issued)}",
                "subtitle",
            ),
        ]

    def cancelled_banner(self) -> list:
        reason = (self.document.cancellation_reason or "").strip() or "non précisé"
        text = (
            f"{self.cancelled_title} le {markup(short_datetime(self.document.cancelled_at))} — motif : "
            f"{markup(reason)}"
        )
        banner = Table([[paragraph(text, "banner")]], colWidths=[CONTENT_WIDTH])
        padding = [("TOPPADDING", (0, 0), (-1, -1), 8), ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]
        banner.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), ERROR_RED), *padding]))
        return [banner, Spacer(1, 10)]

    def signatures_block(self) -> list:
        """The signatures table, then the fingerprint and each signature checked against the content itself."""
        by_signatory = {str(signature.signatory): signature for signature in self.signatures}
        fingerprint = self.document.compute_hash()
        intact = self.document.content_hash == fingerprint
        header = [paragraph(f"<b>{label}</b>") for label in ("Signataire", "Nom", "Signature")]
        rows, checks = [header], []
        for signatory, expected_name in self.expected_signers():
            signature = by_signatory.get(signatory.value)
            if signature:
                name = signature.name or expected_name
                status = paragraph(f"signé électroniquement le {markup(short_datetime(signature.signed_at))}")
                who = markup(f"{signatory.label} ({name})")
                if intact and signature.content_hash == fingerprint:
                    checks.append(
                        bullet(f"{who} : l'empreinte signée correspond au contenu {self.of_document}.")
                    )
                else:
                    checks.append(
                        bullet(
                            f"{who} : <font color='#CE0500'><b>ATTENTION, l'empreinte signée ne correspond pas "
                            f"au contenu {self.of_document}</b></font> (empreinte signée : "
                            f"<font face='Courier'>{markup(signature.content_hash or 'absente')}</font>)."
                        )
                    )
            else:
                name, status = expected_name, paragraph("en attente de signature", "muted")
            rows.append([paragraph(markup(signatory.label), "label"), paragraph(markup(name)), status])
        width = self.signer_column_width
        table = grid(rows, [width, 4.5 * cm, CONTENT_WIDTH - width - 4.5 * cm], header=True)
        if not checks:
            checks.append(paragraph("Aucune signature n'a encore été recueillie.", "muted"))
        integrity = [
            paragraph("Intégrité du document", "heading"),
            paragraph(
                f"{self.signed_phrase} électroniquement sur la plateforme {markup(APP_NAME)}. Chaque signature porte "
                f"sur l'empreinte ci-dessous, calculée sur l'ensemble des informations {self.of_document} : toute "
                "modification du contenu change cette empreinte."
            ),
            Spacer(1, 4),
            paragraph("Empreinte SHA-256 du contenu :", "label"),
            paragraph(markup(self.document.content_hash or "non calculée"), "hash"),
            Spacer(1, 4),
            *checks,
            Spacer(1, 4),
            paragraph(
                f"Pour vérifier ce document, saisissez son empreinte sur {markup(verification_url())}."
            ),
        ]
        return [KeepTogether([*section("Signatures", table), *self.after_signatures(), *integrity])]

    def after_signatures(self) -> list:
        """What a document records after its signatures (the convention: the prescriber's validation)."""
        return []

    def render(self) -> bytes:
        cancelled = bool(self.document.cancelled_at)
        story = self.cancelled_banner() if cancelled else []
        story += [*self.header(), *self.body(), *self.signatures_block()]
        buffer = io.BytesIO()
        pdf = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=PAGE_MARGIN,
            rightMargin=PAGE_MARGIN,
            topMargin=PAGE_MARGIN,
            bottomMargin=PAGE_MARGIN,
            title=self.document_title(),
            author=APP_NAME,
            creator=APP_NAME,
            subject=self.metadata_subject or self.subtitle,
            lang="fr-FR",
        )
        footer = pdf_safe(f"{APP_NAME} — {self.short_title or self.title} n° {self.number}")
        canvasmaker = functools.partial(
            NumberedCanvas, footer=footer, watermark=self.watermark if cancelled else ""
        )
        pdf.build(story, canvasmaker=canvasmaker)
        return buffer.getvalue()
