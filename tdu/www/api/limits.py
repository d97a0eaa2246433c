"""Limits of the API: requests per token and per address (django-ninja throttling); the size of a body is
checked before any view by tdu.www.middleware.RequestGuard."""

import hashlib

from ninja.throttling import AnonRateThrottle, AuthRateThrottle


class WindowCounter:
    """One counter per client and per window of the rate's period, moved by the cache's atomic incr.

    ninja's own throttles keep the list of every request's time, read and written back whole by each request:
    its cost grows with the limit, and two requests at once (two workers, one Redis) can each write the list
    back without the other's entry. A counter costs the same at any rate and counts every request. A client may
    use its allowance at the end of one window and again at the start of the next: at most twice the rate over
    one period, never more."""

    def allow_request(self, request):
        self.key = self.get_cache_key(request)
        if self.key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_end = (window + 1) * self.duration
        key = f"{self.key}:{window}"
        # The key names its window, so it never needs to expire exactly: kept two periods, then dropped.
        self.cache.add(key, 0, 2 * self.duration)
        try:
            count = self.cache.incr(key)
        except ValueError:  # dropped between add and incr (the cache was full or cleared)
            self.cache.set(key, 1, 2 * self.duration)
            count = 1
        return count <= self.num_requests

    def wait(self):
        """Seconds until the next window opens (the Retry-After header)."""
        return max(0.0, self.window_end - self.now)


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
