"""One way to sign a frozen document (the convention, the commitment): the same checks, the same answers."""

from tdu.candidatures.rights import roles_of
from tdu.utils.errors import Conflict, DomainError, NotAllowed


def check_signer(candidature, user, role):
    """A person signs only for a party she is (the tutor, without an account, signs through her link)."""
    if role not in roles_of(user, candidature):
        raise NotAllowed("Vous ne pouvez pas signer pour cette partie.")


def add_signature(document, signatory, name, user, *, expected_id=None, stale_message):
    """Record `signatory`'s signature on the document shown to her (`expected_id`); True when it was the last.

    The signature carries the fingerprint of the content as it is now, computed by the same canonical
    serialisation as the document's own fingerprint. A document replaced in the meantime is a Conflict (409).
    """
    if not (name or "").strip():
        raise DomainError("Écrivez votre nom pour signer.")
    if document is None or (expected_id and document.pk != expected_id):
        raise Conflict(stale_message)
    if signatory in document.signed_by():
        raise DomainError("Cette signature a déjà été donnée.")
    document.signatures.create(
        signatory=signatory,
        name=name.strip(),
        user=user if user and user.is_authenticated else None,
        content_hash=document.compute_hash(),
    )
    return not document.missing_signatures()
