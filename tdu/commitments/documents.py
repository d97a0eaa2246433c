"""The « Engagement réciproque » (hiring promise + commitment to follow the training) as a PDF.

Rendering works on in-memory objects and never writes to the database. Formatting helpers, styles and the
numbered canvas are shared with the immersion convention (tdu.candidatures.documents).
"""

import functools
import io
from decimal import Decimal, InvalidOperation

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from tdu.candidatures.documents import (
    APP_NAME,
    CONTENT_WIDTH,
    PAGE_MARGIN,
    _fields,
    _grid,
    _local,
    _markup,
    _NumberedCanvas,
    _pdf_safe,
    _section,
    _short_datetime,
    _styles,
    cancelled_banner,
    format_hours,
    format_siret,
    french_date,
    signatures_and_integrity,
)
from tdu.commitments.models import PromiseSignatory

DOCUMENT_TITLE = "Engagement réciproque"
DOCUMENT_SUBTITLE = "Promesse d'embauche et engagement à suivre la formation jusqu'à son terme"


# --- Formatting ---------------------------------------------------------------------------------


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


def _rome(promise):
    code = (promise.rome_code or "").strip()
    label = (promise.rome_label or "").strip()
    if code and label:
        return f"{code} — {label}"
    return code or label


def _training_text(promise):
    """« la formation « X », dispensée par Y à Z, du … au … »."""
    text = f"la formation « {promise.session_title} »"
    if promise.session_organisation:
        text += f", dispensée par {promise.session_organisation}"
    if promise.session_place:
        text += f" à {promise.session_place}"
    return f"{text}, {_period(promise.session_start_date, promise.session_end_date)}"


# --- Flowables ----------------------------------------------------------------------------------


def _bullet(styles, markup):
    return Paragraph(markup, styles["bullet"], bulletText="•")


def _header(styles, promise, number):
    issued = french_date(_local(promise.created_at).date()) if promise.created_at else "—"
    return [
        Paragraph(DOCUMENT_TITLE, styles["title"]),
        Paragraph(_markup(DOCUMENT_SUBTITLE), styles["subtitle"]),
        Spacer(1, 6),
        Paragraph(
            f"<b>Engagement n° {_markup(number)}</b> — établi le {_markup(issued)}", styles["subtitle"]
        ),
        Spacer(1, 8),
        Paragraph(
            f"Le présent engagement réciproque est conclu par l'intermédiaire de la plateforme "
            f"{_markup(APP_NAME)}. Il comporte deux volets indissociables : la promesse d'embauche de "
            "l'entreprise et l'engagement de la personne à suivre la formation qui prépare à l'emploi.",
            styles["body"],
        ),
    ]


def _parties(styles, promise):
    birth_date = promise.beneficiary_birth_date
    return [
        *_section(
            styles,
            "L'entreprise",
            _fields(
                styles,
                [
                    ("Raison sociale", promise.company_name),
                    ("SIRET", format_siret(promise.company_siret)),
                ],
            ),
        ),
        *_section(
            styles,
            "La personne",
            _fields(
                styles,
                [
                    ("Nom et prénom", promise.beneficiary_name),
                    ("Date de naissance", french_date(birth_date) if birth_date else ""),
                ],
            ),
        ),
        *_section(
            styles,
            "La formation",
            _fields(
                styles,
                [
                    ("Intitulé", promise.session_title),
                    ("Organisme de formation", promise.session_organisation),
                    ("Lieu", promise.session_place),
                    ("Dates", _period(promise.session_start_date, promise.session_end_date)),
                    (
                        "Certification",
                        "son obtention est une condition de l'embauche"
                        if promise.certification_required
                        else "son obtention n'est pas une condition de l'embauche",
                    ),
                ],
            ),
        ),
    ]


def _promise_part(styles, promise):
    company = f"<b>{_markup(promise.company_name)}</b>"
    siret = format_siret(promise.company_siret)
    if siret:
        company += f" (SIRET {_markup(siret)})"
    person = f"<b>{_markup(promise.beneficiary_name)}</b>"
    if promise.beneficiary_birth_date:
        person += f" (date de naissance : {_markup(french_date(promise.beneficiary_birth_date))})"
    intro = Paragraph(
        f"L'entreprise {company} promet d'embaucher {person} au poste « {_markup(promise.job_title)} », aux "
        "conditions suivantes :",
        styles["body"],
    )
    job = _fields(
        styles,
        [
            ("Poste", promise.job_title),
            ("Métier (code ROME)", _rome(promise)),
            ("Lieu de travail", promise.workplace),
            ("Contrat", promise.contract_label),
            ("Durée du travail", f"{format_hours(promise.weekly_hours)} par semaine"),
            ("Rémunération", format_salary(promise.gross_monthly_salary)),
            ("Date d'embauche prévue", _date(promise.planned_start_date)),
        ],
    )
    conditions = [
        _bullet(
            styles,
            f"que la personne suive {_markup(_training_text(promise))}, jusqu'à son terme"
            + (" ;" if promise.certification_required else "."),
        )
    ]
    if promise.certification_required:
        conditions.append(
            _bullet(styles, "qu'elle obtienne la certification à laquelle prépare cette formation.")
        )
    return _section(
        styles,
        "1. Promesse d'embauche",
        intro,
        Spacer(1, 5),
        job,
        Spacer(1, 6),
        Paragraph(
            "Cette promesse d'embauche est faite sous "
            + ("les conditions suivantes :" if promise.certification_required else "la condition suivante :"),
            styles["label"],
        ),
        Spacer(1, 3),
        *conditions,
        Spacer(1, 3),
        Paragraph(
            f"{'Si ces conditions sont remplies' if promise.certification_required else 'Si cette condition est remplie'}"
            ", l'entreprise s'engage à conclure le contrat de travail aux "
            "conditions ci-dessus, à la date d'embauche prévue.",
            styles["body"],
        ),
    )


def _person_part(styles, promise):
    person = f"<b>{_markup(promise.beneficiary_name)}</b>"
    commitments = [
        f"suivre {_markup(_training_text(promise))}, jusqu'à son terme, y compris la période de stage en "
        "entreprise qu'elle comporte ;",
        "suivre les cours comme le stage avec assiduité et prévenir sans délai l'organisme de formation et "
        "l'entreprise de toute absence ou difficulté ;",
    ]
    if promise.certification_required:
        commitments.append("se présenter aux épreuves de la certification à laquelle prépare la formation ;")
    commitments.append(
        f"rejoindre l'entreprise <b>{_markup(promise.company_name)}</b> à la date d'embauche prévue, le "
        f"{_markup(_date(promise.planned_start_date))}, au poste « {_markup(promise.job_title)} »."
    )
    return _section(
        styles,
        "2. Engagement de la personne",
        Paragraph(f"En contrepartie, {person} s'engage à :", styles["body"]),
        Spacer(1, 3),
        *[_bullet(styles, text) for text in commitments],
    )


def _expected_signers(promise):
    """Each signatory, in the document's order, with the name shown until someone signs."""
    return [
        (PromiseSignatory.COMPANY, promise.company_name),
        (PromiseSignatory.BENEFICIARY, promise.beneficiary_name),
    ]


def _signature_flowables(styles, promise, signatures):
    by_signatory = {str(signature.signatory): signature for signature in signatures}
    header = [Paragraph(f"<b>{label}</b>", styles["body"]) for label in ("Signataire", "Nom", "Signature")]
    data = [header]
    checks = []
    for signatory, expected_name in _expected_signers(promise):
        signature = by_signatory.get(signatory.value)
        if signature:
            name = signature.name or expected_name
            status = Paragraph(
                f"signé électroniquement le {_markup(_short_datetime(signature.signed_at))}", styles["body"]
            )
            who = _markup(f"{signature.get_signatory_display()} ({name})")
            if (
                signature.content_hash
                and signature.content_hash == promise.content_hash == promise.compute_hash()
            ):
                checks.append(
                    _bullet(styles, f"{who} : l'empreinte signée correspond au contenu de l'engagement.")
                )
            else:
                checks.append(
                    _bullet(
                        styles,
                        f"{who} : <font color='#CE0500'><b>ATTENTION, l'empreinte signée ne correspond pas "
                        f"au contenu de l'engagement</b></font> (empreinte signée : "
                        f"<font face='Courier'>{_markup(signature.content_hash or 'absente')}</font>).",
                    )
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
    table = _grid(data, [5.5 * cm, 4.5 * cm, CONTENT_WIDTH - 10 * cm], header=True)
    return signatures_and_integrity(
        styles, table, checks, promise.content_hash, "Cet engagement réciproque est signé", "de l'engagement"
    )


# --- Entry point --------------------------------------------------------------------------------


def render_commitment_pdf(promise, signatures=None) -> bytes:
    """The « Engagement réciproque » of a HiringPromise as PDF bytes.

    `signatures` defaults to `promise.signatures.all()`; pass an iterable of PromiseSignature to render
    without touching the database.
    """
    if signatures is None:
        signatures = promise.signatures.all()
    signatures = list(signatures)
    styles = _styles()
    number = str(promise.pk) if promise.pk is not None else "—"

    story = []
    if promise.cancelled_at:
        story += cancelled_banner(styles, promise, "ENGAGEMENT ANNULÉ")
    story += _header(styles, promise, number)
    story += _parties(styles, promise)
    story += _promise_part(styles, promise)
    story += _person_part(styles, promise)
    story += _signature_flowables(styles, promise, signatures)

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=PAGE_MARGIN,
        rightMargin=PAGE_MARGIN,
        topMargin=PAGE_MARGIN,
        bottomMargin=PAGE_MARGIN,
        title=f"{DOCUMENT_TITLE} n° {number} — {promise.beneficiary_name} et {promise.company_name}",
        author=APP_NAME,
        creator=APP_NAME,
        subject=DOCUMENT_SUBTITLE,
        lang="fr-FR",
    )
    footer = _pdf_safe(f"{APP_NAME} — {DOCUMENT_TITLE} n° {number}")
    canvasmaker = functools.partial(
        _NumberedCanvas, footer=footer, watermark="ANNULÉ" if promise.cancelled_at else ""
    )
    document.build(story, canvasmaker=canvasmaker)
    return buffer.getvalue()
