"""An event is one entry of a candidature's log, told the same way to the feed and to the webhooks."""

from django.utils import timezone


def event_of(entry) -> dict:
    """The public form of a transition (no personal data beyond the ids: the partner reads the rest)."""
    candidature = entry.candidature
    return {
        "id": entry.pk,
        "type": entry.transition,
        "libelle": entry.transition_label,
        "candidature": candidature.pk,
        "offre": candidature.offer_id,
        "de": entry.from_state,
        "vers": entry.to_state,
        "par": entry.actor_role,
        "le": timezone.localtime(entry.created_at).isoformat(),
    }


TEST_EVENT = "test"


def test_event(subscription) -> dict:
    return {
        "id": 0,
        "type": TEST_EVENT,
        "libelle": "Événement de test",
        "candidature": None,
        "offre": None,
        "de": "",
        "vers": "",
        "par": "",
        "le": timezone.localtime().isoformat(),
    }
