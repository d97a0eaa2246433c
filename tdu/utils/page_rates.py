"""Rate limits of the pages that send email or write for anyone (django-ratelimit): sign-up, resend of the
confirmation link, password reset, apply. Beyond the rate, a French page with a 429 and Retry-After, and a log."""

import functools
import logging

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited

logger = logging.getLogger(__name__)


def limited(group, *, key="ip"):
    """POSTs of the view beyond settings.PAGE_RATES[group] (e.g. "10/h") per `key` are refused."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            rate = settings.PAGE_RATES[group]
            if request.method == "POST" and is_ratelimited(
                request, group=group, key=key, rate=rate, method="POST", increment=True
            ):
                logger.warning(
                    "rate limit %s (%s) reached by %s", group, rate, request.META.get("REMOTE_ADDR")
                )
                response = render(request, "pages/429.html", status=429)
                response["Retry-After"] = "3600" if rate.endswith("/h") else "60"
                return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
