"""Figures written the French way: « 1 090 », « 61,2 % », « secret » for a hidden count, « — » for no rate."""

from django import template
from django.utils.html import format_html

from tdu.utils.text import french_number

register = template.Library()
NNBSP = "\u202f"


@register.filter
def number(value):
    """A count: thin non-breaking space between thousands; None is a cell under statistical secrecy."""
    if value is None:
        return format_html('<abbr title="{}">secret</abbr>', "moins de 5 personnes : non publié")
    return f"{int(value):,}".replace(",", NNBSP)


@register.filter
def percent(value):
    if value is None:
        return "—"
    return f"{french_number(value)}{NNBSP}%"


@register.filter
def euros(value):
    if value is None:
        return "—"
    return f"{int(round(value)):,}".replace(",", NNBSP) + f"{NNBSP}€"


@register.filter
def days(value):
    if value is None:
        return "—"
    value = round(value)
    return f"{value}{NNBSP}jour{'s' if value > 1 else ''}"


@register.filter
def get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
