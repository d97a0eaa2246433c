"""Meeting: the company proposes 1 to 3 slots, the person picks one or asks for others."""

from django.db import transaction
from django.utils import timezone

from tdu.candidatures.engine import perform
from tdu.candidatures.models import MeetingSlot
from tdu.utils.errors import DomainError

MAX_SLOTS = 3


def propose_meeting(candidature, user, slots):
    """`slots`: 1 to 3 dicts with starts_at (aware datetime), duration_minutes, place or video_link."""
    if not 1 <= len(slots) <= MAX_SLOTS:
        raise DomainError(f"Proposez de 1 à {MAX_SLOTS} créneaux.")
    now = timezone.now()
    for slot in slots:
        if slot["starts_at"] <= now:
            raise DomainError("Chaque créneau doit être dans le futur.")
        if not (slot.get("place") or slot.get("video_link")):
            raise DomainError("Indiquez un lieu ou un lien de visioconférence pour chaque créneau.")
    with transaction.atomic():
        perform(candidature, "propose_meeting", user)
        candidature.meeting_slots.filter(withdrawn_at__isnull=True).update(withdrawn_at=now)
        MeetingSlot.objects.bulk_create(MeetingSlot(candidature=candidature, **slot) for slot in slots)


def choose_slot(candidature, user, slot_id):
    with transaction.atomic():
        slot = candidature.meeting_slots.filter(
            pk=slot_id, withdrawn_at__isnull=True, starts_at__gt=timezone.now()
        ).first()
        if slot is None:
            raise DomainError("Ce créneau n'est plus disponible.")
        perform(candidature, "choose_slot", user)
        now = timezone.now()
        slot.chosen_at = now
        slot.save(update_fields=["chosen_at"])
        candidature.meeting_slots.exclude(pk=slot.pk).filter(withdrawn_at__isnull=True).update(
            withdrawn_at=now
        )


def ask_other_slots(candidature, user, reason=""):
    with transaction.atomic():
        perform(candidature, "ask_other_slots", user, reason=reason)
        candidature.meeting_slots.filter(withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
