"""French amounts on the pages, the same as in the PDFs: « 2 150,00 € », « 35 heures », « 17,5 heures »."""

from django import template

from tdu.utils.pdf import format_euros, format_hours

register = template.Library()


@register.filter
def euros(value):
    return format_euros(value)


@register.filter
def hours(value):
    return format_hours(value)
