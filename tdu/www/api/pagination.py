"""Cursor pagination: rows in id order, `suivant` names where the next page starts (opaque to partners)."""

import base64
import binascii

from tdu.matching.params import SearchInputError

DEFAULT_LIMIT, MAX_LIMIT = 50, 200


def encode(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"id:{last_id}".encode()).decode().rstrip("=")


def decode(cursor: str | None, field="curseur") -> int:
    if not cursor:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, value = text.split(":")
        if kind != "id" or not value.isdigit():
            raise ValueError
        return int(value)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise SearchInputError(field, "Curseur invalide : reprenez celui que donne « suivant ».") from None


def limit_of(value) -> int:
    if value is None:
        return DEFAULT_LIMIT
    if not 1 <= value <= MAX_LIMIT:
        raise SearchInputError("limite", f"La limite va de 1 à {MAX_LIMIT}.")
    return value


def page(queryset, cursor, limit, field="curseur"):
    """(rows, next cursor or None) of `queryset` after the cursor, in id order."""
    rows = list(queryset.filter(pk__gt=decode(cursor, field)).order_by("pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (encode(rows[-1].pk) if more and rows else None)
