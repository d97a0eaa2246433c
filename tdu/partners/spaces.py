"""Where an organisation manages its tokens and webhooks, and how its space names it."""

from django.urls import reverse

from tdu.partners.scopes import Kind


def reference_of(kind, organisation) -> str:
    """The organisation as its space's URL names it: SIRET, region code, or number."""
    if kind in (Kind.COMPANY, Kind.TRAINING):
        return organisation.siret or str(organisation.pk)
    if kind == Kind.REGION:
        return organisation.code
    return str(organisation.pk)


def space_url(owned) -> str:
    return reverse(
        "spaces:partner_api", args=[owned.kind.value, reference_of(owned.kind, owned.organisation)]
    )
