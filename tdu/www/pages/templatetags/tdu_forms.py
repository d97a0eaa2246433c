from django import template

from tdu.www.forms import widget_kind as kind_of

register = template.Library()


@register.filter
def widget_kind(bound_field):
    """checkbox, choices (radio buttons), hidden, select or input: how includes/field.html draws it."""
    return kind_of(bound_field.field)
