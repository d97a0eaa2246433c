"""The daily alert of saved searches: the offers new since her last alert, one email per person."""

import logging

from django.db import transaction
from django.utils import timezone

from tdu.alerts import notifications, services
from tdu.alerts.models import SavedSearch
from tdu.matching.search import new_offers

logger = logging.getLogger(__name__)
OFFERS_PER_SEARCH = 10  # listed in the email; the count says how many more


def send_alerts(now=None) -> int:
    """For each person with active saved searches: the offers that each search lists and that are new since its
    watermark; one email grouping them, nothing when nothing is new. Returns the number of emails.

    Each search is claimed by a conditional UPDATE of its watermark (from the value read to `now`) before it
    counts in an email: a second run, or a second worker at the same time, finds nothing new or loses the claim,
    so that no offer is announced twice.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    searches = (
        SavedSearch.objects.filter(active=True, user__is_active=True, notified_until__lt=now)
        .select_related("commune", "user")
        .order_by("user_id", "created_at", "id")
    )
    by_person: dict[int, list[SavedSearch]] = {}
    for saved in searches:
        by_person.setdefault(saved.user_id, []).append(saved)
    sent = 0
    for saved_searches in by_person.values():
        found = []
        for saved in saved_searches:
            count, hits = new_offers(
                services.params_of(saved, today), saved.notified_until, now, OFFERS_PER_SEARCH
            )
            found.append((saved, count, hits))
        with transaction.atomic():
            sections = []
            for saved, count, hits in found:
                claimed = SavedSearch.objects.filter(
                    pk=saved.pk, active=True, notified_until=saved.notified_until
                ).update(notified_until=now, **({"last_notified_at": now} if count else {}))
                if claimed and count:
                    sections.append((saved, count, hits, services.unsubscribe_url(saved)))
            if sections:
                notifications.NewOffers.on_commit(saved_searches[0].user, sections)
                sent += 1
    logger.info("saved search alerts: %s email(s)", sent)
    return sent
