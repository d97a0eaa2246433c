"""Everything the service holds about a person, in one structure: written as JSON (download) and as a page.

Sections and keys are in French: the person reads them. Each object is given field by field under its French
name (the models' verbose names), so that a field added later appears without anyone thinking of it.
"""

import datetime
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from tdu.candidatures.models import Candidature
from tdu.privacy import access
from tdu.privacy.models import Access

# Never exported: secrets and internal bookkeeping.
SKIPPED = {"password", "id", "version", "content_hash", "user", "candidature", "job_seeker", "commitment"}


def _value(instance, field):
    value = getattr(instance, field.attname)
    if field.choices and value not in (None, ""):
        return getattr(instance, f"get_{field.name}_display")()
    if isinstance(field, models.FileField):
        return value.name if value else ""
    if isinstance(field, models.ForeignKey):
        related = getattr(instance, field.name)
        return str(related) if related is not None else None
    return value


def fields_of(instance, skipped=()):
    """{French field name: value} of every concrete field but secrets and ids."""
    out = {}
    for field in instance._meta.concrete_fields:
        if field.name in SKIPPED or field.name in skipped or field.name.endswith("_ptr"):
            continue
        out[str(field.verbose_name)] = _value(instance, field)
    return out


def _signed(document):
    return [
        {"signataire": s.get_signatory_display(), "nom": s.name, "le": s.signed_at}
        for s in document.signatures.all()
    ]


def _candidature(c):
    return {
        "offre": c.offer.title,
        "entreprise": c.company.name,
        **fields_of(c, skipped={"offer", "company", "state_changed_at", "company_reminded_at"}),
        "historique": [
            {
                "le": e.created_at,
                "étape": e.transition_label,
                "par": e.actor_name or "Trait d'union",
                "motif": e.reason,
            }
            for e in c.log.all()
        ],
        "rencontres": [fields_of(slot) for slot in c.meeting_slots.all()],
        "conventions d'immersion": [
            {**fields_of(d), "signatures": _signed(d)} for d in c.conventions.prefetch_related("signatures")
        ],
        "bilan d'immersion": fields_of(c.assessment, skipped={"author"})
        if hasattr(c, "assessment")
        else None,
        "engagements réciproques": [
            {**fields_of(d), "signatures": _signed(d)} for d in c.commitments.prefetch_related("signatures")
        ],
        "inscriptions en formation": [
            {**fields_of(e), "absences": [fields_of(a, skipped={"recorded_by"}) for a in e.absences.all()]}
            for e in c.enrolments.select_related("session__training").prefetch_related("absences")
        ],
        "embauche": fields_of(c.hiring, skipped={"confirmed_by"}) if hasattr(c, "hiring") else None,
        "suivi à 6 et 12 mois": [fields_of(f) for f in c.follow_ups.all()],
    }


def data_of(user) -> dict:
    profile = getattr(user, "job_seeker_profile", None)
    candidatures = (
        Candidature.objects.filter(job_seeker=user)
        .select_related("offer", "company", "prescriber_organisation", "applied_by")
        .order_by("created_at")
    )
    return {
        "produit le": timezone.now(),
        "compte": {
            "adresse électronique": user.email,
            "prénom": user.first_name,
            "nom": user.last_name,
            "téléphone": user.phone,
            "inscription le": user.date_joined,
            "dernière connexion le": user.last_login,
            "adresse confirmée le": user.email_verified_at,
            "courriels non essentiels": user.wants_non_essential_emails,
        },
        "profil de demandeur d'emploi": (
            {**fields_of(profile), "métiers recherchés": [str(code) for code in profile.jobs_wanted.all()]}
            if profile
            else None
        ),
        "structures dont vous êtes membre": [
            str(m.company) for m in user.company_memberships.select_related("company")
        ]
        + [str(m.organisation) for m in user.training_organisation_memberships.select_related("organisation")]
        + [str(m.organisation) for m in user.prescriber_memberships.select_related("organisation")]
        + [str(m.region) for m in user.region_memberships.select_related("region")],
        "candidatures": [_candidature(c) for c in candidatures],
        # tdu.alerts sits beside this app: read through her account's relation.
        "recherches enregistrées": [
            {"recherche": str(saved), **fields_of(saved, skipped={"rome_codes"})}
            for saved in user.saved_searches.select_related("commune")
        ],
        "accès à vos données": [
            {
                "le": record.at,
                "par": record.actor_label,
                "quoi": record.get_kind_display(),
                "candidature": record.candidature.offer.title if record.candidature else None,
            }
            for record in access.of_person(user)
        ],
    }


def export_json(user) -> str:
    """The JSON download; the export itself is recorded in the access log."""
    access.record(Access.EXPORT, person=user, actor=user)
    return json.dumps(data_of(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def _text(value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y à %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dict | list):
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    return str(value)


def as_tree(value, label=""):
    """The export as nested {label, text | children} nodes, for the readable page (no logic in templates)."""
    if isinstance(value, dict) and value:
        return {"label": label, "children": [as_tree(v, k) for k, v in value.items()]}
    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        return {
            "label": label,
            "children": [as_tree(item, f"{label} n° {i}") for i, item in enumerate(value, 1)],
        }
    if isinstance(value, list) and value:
        return {"label": label, "text": " ; ".join(_text(item) for item in value)}
    return {"label": label, "text": _text(value)}
