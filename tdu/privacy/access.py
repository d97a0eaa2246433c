"""The access log: every opening of a person's CV, convention or commitment, every display of her contact
details to the region's staff, and every export of her data (who, when, what)."""

from tdu.privacy.models import Access, AccessRecord


def _label(actor, fallback):
    if actor is None or not getattr(actor, "is_authenticated", False):
        return fallback
    return f"{actor.full_name or actor.email} ({actor.email})"


def record(kind: Access, candidature=None, *, person=None, actor=None, actor_label="", region=None):
    """One line; `person` defaults to the candidature's job seeker, `region` to the region of its offer."""
    if candidature is not None:
        person = person or candidature.job_seeker
        region = region or candidature.offer.commune.department.region
    elif region is None and hasattr(person, "job_seeker_profile"):
        region = person.job_seeker_profile.commune.department.region
    return AccessRecord.objects.create(
        person=person,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=_label(actor, actor_label or "Personne sans compte, par un lien reçu par courriel"),
        kind=kind,
        candidature=candidature,
        region=region,
    )


def of_person(user):
    return AccessRecord.objects.filter(person=user).select_related("candidature__offer")


def of_region(region):
    return AccessRecord.objects.filter(region=region).select_related("person", "candidature__offer")


def has_shown_contact(user, candidature) -> bool:
    return AccessRecord.objects.filter(actor=user, candidature=candidature, kind=Access.CONTACT).exists()
