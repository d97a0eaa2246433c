"""Limits of the API: requests per token and per address (django-ninja throttling); the size of a body is
checked before any view by tdu.www.middleware.RequestGuard."""

import hashlib

from django_ratelimit.core import get_usage
from ninja.throttling import AnonRateThrottle, AuthRateThrottle


class WindowCounter:
    """ninja's throttles, counted by django-ratelimit (as the pages are, tdu.utils.page_rates): one counter per
    client and per window of the rate's period, moved by the cache's atomic add and incr.

    ninja's own throttles keep the list of every request's time, read and written back whole by each request:
    its cost grows with the limit, and two requests at once (two workers, one Redis) can each write the list
    back without the other's entry. A counter costs the same at any rate and counts every request. A client may
    use its allowance at the end of one window and again at the start of the next: at most twice the rate over
    one period, never more. RATELIMIT_ENABLE turns both the pages' and the API's limits off (the tests do)."""

    def allow_request(self, request):
        self.key = self.get_cache_key(request)
        if self.key is None:
            return True
        usage = get_usage(
            request,
            group="api",
            key=lambda group, request: self.key,
            rate=f"{self.num_requests}/{self.duration}s",
            increment=True,
        )
        if usage is None:  # limits turned off
            return True
        self.time_left = usage["time_left"]
        return not usage["should_limit"]

    def wait(self):
        """Seconds until the first one counted in the client's next window (the Retry-After header):
        django-ratelimit's window includes the second it ends on."""
        return self.time_left + 1


class AddressRateThrottle(WindowCounter, AnonRateThrottle):
    """One counter per address, for requests without a token."""


class TokenRateThrottle(WindowCounter, AuthRateThrottle):
    """One counter per token (its prefix), whatever the address it comes from."""

    def get_cache_key(self, request):
        token = getattr(request, "auth", None)
        prefix = getattr(token, "prefix", None)
        if prefix is None:
            return None  # anonymous requests are counted by AddressRateThrottle
        return self.cache_format % {
            "scope": "jeton",
            "ident": hashlib.sha256(prefix.encode()).hexdigest()[:16],
        }
