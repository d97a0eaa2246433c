"""What every frozen document of the path shares (the immersion convention, the reciprocal commitment).

A document copies its parties' details when issued and is never edited: its fingerprint is computed from its
content by one canonical serialisation (tdu.utils.frozen), each signature records the fingerprint it was given
on, and a correction is a cancellation plus a new document.
"""

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from tdu.utils.frozen import content_hash

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


class FrozenDocument(models.Model):
    FROZEN_FIELDS: list[str] = []
    # Fields added after documents were issued: in the fingerprint only when filled, so that a document issued
    # before they existed keeps its fingerprint (and its signatures stay valid).
    FROZEN_LATER_FIELDS: list[str] = []
    SIGNATORIES: type[models.TextChoices]
    # Declared by each concrete document: its candidature and its signatures (reverse of DocumentSignature).
    candidature_id: int
    signatures: "RelatedManager[Any]"

    content_hash = models.CharField(max_length=64, editable=False, db_index=True)  # « vérifier ce document »
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.TextField(blank=True)
    signature_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def compute_hash(self) -> str:
        later = [name for name in self.FROZEN_LATER_FIELDS if getattr(self, name) not in (None, "")]
        return content_hash(self, [*self.FROZEN_FIELDS, *later], candidature=self.candidature_id)

    def freeze(self):
        """Set the fingerprint before the first save."""
        self.content_hash = self.compute_hash()

    def is_intact(self) -> bool:
        return self.content_hash == self.compute_hash()

    def signed_by(self) -> set[str]:
        return {signature.signatory for signature in self.signatures.all()}

    def missing_signatures(self) -> list:
        signed = self.signed_by()
        return [signatory for signatory in self.SIGNATORIES if signatory not in signed]

    def cancel(self, reason: str, *, when=None):
        self.cancelled_at = when or timezone.now()
        self.cancellation_reason = reason
        self.save(update_fields=["cancelled_at", "cancellation_reason"])


class DocumentSignature(models.Model):
    """One party's electronic signature: her name, the moment and the fingerprint she signed."""

    signatory: models.CharField  # with the document's own choices, declared by each concrete signature

    name = models.CharField("nom du ou de la signataire", max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(default=timezone.now)
    content_hash = models.CharField(max_length=64)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.get_signatory_display()} : {self.name}"  # type: ignore[attr-defined]
