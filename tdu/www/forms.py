"""Base form of every page: DSFR markup (django-dsfr), marking optional fields as the DSFR now recommends."""

from django import forms
from dsfr.forms import DsfrBaseForm


class TduForm(DsfrBaseForm):
    def get_context(self):
        # DsfrBaseForm.get_context warns about its transitional setting; this is its future behaviour.
        context = forms.Form.get_context(self)
        context["DSFR_MARK_OPTIONAL_FIELDS"] = True
        return context
