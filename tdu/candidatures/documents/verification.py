"""« Vérifier ce document »: anyone holding a convention or a commitment checks it from its SHA-256 fingerprint.

The answer says what the document is, when it was issued, whether it is still in force, and which parties signed
it on that very content; it names nobody (the holder already has the names on the paper).
"""

import re
from dataclasses import dataclass

from tdu.candidatures.models import Commitment, ImmersionConvention
from tdu.utils.errors import DomainError

FINGERPRINT = re.compile(r"^[0-9a-f]{64}$")


@dataclass
class Verified:
    kind: str  # « Convention d'immersion »
    number: int
    issued_at: object
    cancelled_at: object
    cancellation_reason: str
    intact: bool  # the stored content still gives this fingerprint
    signatures: list  # [(party label, signed at, on this content)]
    missing: list  # party labels not signed yet
    validated_at: object = None  # the convention: the prescriber's validation


def read_fingerprint(text):
    """What people type or paste (spaces, line breaks, capitals) → 64 hex digits, or DomainError."""
    fingerprint = re.sub(r"\s+", "", text or "").lower()
    if not FINGERPRINT.match(fingerprint):
        raise DomainError(
            "Une empreinte s'écrit avec 64 caractères (chiffres et lettres de a à f) : recopiez celle qui figure "
            "en bas du document, rubrique « Intégrité du document »."
        )
    return fingerprint


def verify(text):
    """The document with this fingerprint, or None when no document of Trait d'union has it."""
    fingerprint = read_fingerprint(text)
    for model, kind in (
        (ImmersionConvention, "Convention d'immersion"),
        (Commitment, "Engagement réciproque"),
    ):
        document = model.objects.filter(content_hash=fingerprint).prefetch_related("signatures").first()
        if document is not None:
            return _verified(document, kind)
    return None


def _verified(document, kind):
    signatures = list(document.signatures.all())
    signed = {signature.signatory for signature in signatures}
    return Verified(
        kind=kind,
        number=document.pk,
        issued_at=document.created_at,
        cancelled_at=document.cancelled_at,
        cancellation_reason=document.cancellation_reason,
        intact=document.is_intact(),
        signatures=[
            (s.get_signatory_display(), s.signed_at, s.content_hash == document.content_hash)
            for s in signatures
        ],
        missing=[party.label for party in document.SIGNATORIES if party not in signed],
        validated_at=getattr(document, "validated_at", None),
    )
