"""Text helpers: search keys (accent-, case- and punctuation-insensitive), single-line titles, French numbers."""

import re
import unicodedata
from decimal import Decimal

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def search_key(value: str) -> str:
    """'Saint-Étienne' -> 'saint etienne'; "L'Haÿ-les-Roses" -> 'l hay les roses'."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    ascii_only = ascii_only.replace("œ", "oe").replace("æ", "ae")
    return _NON_ALNUM.sub(" ", ascii_only).strip()


def french_number(value) -> str:
    """Decimal('35.0') → « 35 », Decimal('17.5') → « 17,5 »: no useless zero, a decimal comma."""
    number = Decimal(str(value)).normalize()
    text = f"{number:f}"
    return text.replace(".", ",")


def single_line(value: str) -> str:
    """A title is one line: line breaks, tabs and repeated spaces become one space (they broke email headers)."""
    return " ".join((value or "").split())
