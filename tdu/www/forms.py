"""One form base for every page: DSFR classes on the widgets, and one convention linking each field to its
messages (`<id>_helptext` for the help text, `<id>-erreur` for the errors), rendered by includes/field.html."""

from django import forms
from django.core.validators import MaxLengthValidator

CLASSES = {"select": "fr-select", "input": "fr-input"}
# A field that does not say how long it may be gets these: nobody types a 1 MB description.
LONGEST_TEXT = 10_000
LONGEST_LINE = 500


def widget_kind(field):
    if isinstance(field.widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "choices"
    if isinstance(field.widget, forms.HiddenInput):
        return "hidden"
    if isinstance(field.widget, forms.Select):
        return "select"
    return "input"


class DsfrFormMixin:
    """For any Django form (including the auth forms): DSFR markup and accessible error messages."""

    template_name = "includes/form.html"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def __getitem__(self, name):
        # Here rather than in __init__: subclasses may add fields after it.
        field = self.fields[name]
        css = CLASSES.get(widget_kind(field))
        if css and css not in field.widget.attrs.get("class", "").split():
            field.widget.attrs["class"] = (field.widget.attrs.get("class", "") + " " + css).strip()
        return super().__getitem__(name)

    def full_clean(self):
        self.bound_lengths()
        super().full_clean()
        self.mark_errors()

    def bound_lengths(self):
        """Every text field has a maximum length (its own, or LONGEST_TEXT / LONGEST_LINE), checked here."""
        for field in self.fields.values():
            if not isinstance(field, forms.CharField) or field.max_length is not None:
                continue
            field.max_length = LONGEST_TEXT if isinstance(field.widget, forms.Textarea) else LONGEST_LINE
            field.validators.append(MaxLengthValidator(field.max_length))

    def add_error(self, field, error):
        super().add_error(field, error)
        self.mark_errors()

    def mark_errors(self):
        """A field in error gets the DSFR error class and is described by its help text and its messages."""
        for name in self._errors or {}:
            if name not in self.fields:
                continue
            bound, widget = self[name], self.fields[name].widget
            css = CLASSES.get(widget_kind(self.fields[name]))
            if css and f"{css}--error" not in widget.attrs.get("class", ""):
                widget.attrs["class"] = f"{widget.attrs.get('class', css)} {css}--error".strip()
            described = [f"{bound.auto_id}-erreur"]
            if bound.help_text:
                described.insert(0, f"{bound.auto_id}_helptext")
            widget.attrs["aria-describedby"] = " ".join(described)

    def add_errors(self, errors):
        """Show a service's {field: [messages]} next to the fields (unknown fields: above the form)."""
        for field, messages in errors.items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)


class TduForm(DsfrFormMixin, forms.Form):
    pass
