"""The alert email: one per person and day, every saved search of hers with new offers in it."""

from django.urls import reverse
from django.utils.http import urlencode

from tdu.utils.notifications import Notification, absolute


class NewOffers(Notification):
    """`sections`: for each of her saved searches with something new, (search, count, hits, unsubscribe URL)."""

    name = "alerts/new_offers"
    link_label = "Voir mes recherches enregistrées"

    def __init__(self, user, sections):
        self.user, self.sections = user, sections

    def recipients(self):
        return [self.user]

    def get_context(self):
        return {
            "sections": [
                {
                    "label": saved.label,
                    "count": count,
                    "more": count - len(hits),
                    "offers": [
                        {
                            "title": hit.title,
                            "company": hit.company,
                            "commune": hit.commune.name,
                            "distance_km": hit.distance_km,
                            "url": absolute(reverse("catalogue:offer", args=[hit.id])),
                        }
                        for hit in hits
                    ],
                    "search_url": absolute(reverse("search:search")) + "?" + saved_query(saved),
                    "unsubscribe_url": unsubscribe_url,
                }
                for saved, count, hits, unsubscribe_url in self.sections
            ],
            # The same offer may be new in two of her searches: counted by search, never added up.
            "first_count": self.sections[0][1],
        }

    def link(self):
        return absolute(reverse("search:saved_searches"))


def saved_query(saved) -> str:
    return urlencode(saved.query())
