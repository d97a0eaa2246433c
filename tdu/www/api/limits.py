"""Limits of the API: requests per token and per address (django-ninja throttling), and the size of a body."""

import hashlib

from django.conf import settings
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


class BodySizeLimit:
    """Middleware: an API request whose declared or read body is larger than API_MAX_BODY_BYTES is a 413."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            try:
                declared = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                declared = 0
            if declared > settings.API_MAX_BODY_BYTES:
                from django.http import JsonResponse

                message = f"Requête trop grosse : {settings.API_MAX_BODY_BYTES // 1024} Ko au plus."
                return JsonResponse({"erreur": message, "champ": None}, status=413)
        return self.get_response(request)
