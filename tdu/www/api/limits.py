"""Limits of the API: requests per token and per address (django-ninja throttling); the size of a body is
checked before any view by tdu.www.middleware.RequestGuard."""

import hashlib

from ninja.throttling import AuthRateThrottle


class TokenRateThrottle(AuthRateThrottle):
    """One counter per token (its prefix), whatever the address it comes from."""

    def get_cache_key(self, request):
        token = getattr(request, "auth", None)
        prefix = getattr(token, "prefix", None)
        if prefix is None:
            return None  # anonymous requests are counted by AnonRateThrottle
        return self.cache_format % {
            "scope": "jeton",
            "ident": hashlib.sha256(prefix.encode()).hexdigest()[:16],
        }
