"""Security at the edge. RequestGuard refuses requests before any view: a NUL character anywhere in the parameters (PostgreSQL cannot store one, and
no real user types it), an API body larger than API_MAX_BODY_BYTES. A 400 or 413 with a French message, in the
API's JSON shape under /api/."""

import re

from csp.constants import HEADER as CSP_HEADER
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode

from tdu.accounts import two_factor
from tdu.utils.typography import french_html

NUL_IN_QUERY = re.compile(r"%00|\x00")
NUL_IN_JSON = re.compile(rb"\x00|(?<!\\)\\u0000", re.IGNORECASE)


class RequestGuard:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        api = request.path.startswith("/api/")
        if api:
            try:
                declared = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                declared = 0
            if declared > settings.API_MAX_BODY_BYTES:
                message = f"Requête trop grosse : {settings.API_MAX_BODY_BYTES // 1024} Ko au plus."
                return JsonResponse({"erreur": message, "champ": None}, status=413)
        if NUL_IN_QUERY.search(request.META.get("QUERY_STRING", "")) or (
            api and NUL_IN_JSON.search(request.body)
        ):
            message = "La requête contient un caractère nul : retirez-le et recommencez."
            if api:
                return JsonResponse({"erreur": message, "champ": None}, status=400)
            page = render_to_string(
                "pages/400.html", {"message": message, "title": "Requête invalide"}, request=request
            )
            return HttpResponse(page, status=400)
        response = self.get_response(request)
        if response.status_code == 405:
            return self.method_not_allowed(request, response, api)
        return response

    @staticmethod
    def method_not_allowed(request, response, api):
        """Django and ninja answer a wrong method in English or with nothing: the same answer, in French."""
        allowed = response.get("Allow", "")
        message = f"La méthode {request.method} n'est pas permise ici" + (
            f" (permises : {allowed})." if allowed else "."
        )
        if api:
            french = JsonResponse({"erreur": message, "champ": None}, status=405)
        else:
            page = render_to_string(
                "pages/400.html", {"message": message, "title": "Méthode non permise"}, request=request
            )
            french = HttpResponse(page, status=405)
        if allowed:
            french["Allow"] = allowed
        return french


class SecurityHeaders:
    """Permissions-Policy on every answer; `Cache-Control: no-store` on every answer to a logged-in person (her
    pages carry personal data: no shared or back-button cache keeps them)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response


class IdleTimeout:
    """A logged-in session expires after SESSION_IDLE_MINUTES without a request (SESSION_IDLE_MINUTES_STAFF for
    the Region's staff and the administration): each request pushes the expiry back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            staff = user.is_staff or user.region_memberships.exists()
            minutes = settings.SESSION_IDLE_MINUTES_STAFF if staff else settings.SESSION_IDLE_MINUTES
            request.session.set_expiry(minutes * 60)
        return self.get_response(request)


class SecondFactor:
    """Someone who must give a second factor (tdu.accounts.two_factor) and has not yet, in this session, reaches
    only the second-factor pages and logout: every other page sends her there, then back. The partner API
    authenticates by token, not by session: it is not concerned."""

    OPEN_PREFIXES = ("/compte/double-authentification/", "/compte/deconnexion/", "/static/", "/api/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        needed = (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(self.OPEN_PREFIXES)
            and two_factor.must_verify(user)
        )
        if needed:
            name = "accounts:two_factor_verify" if needed == "verify" else "accounts:two_factor_setup"
            target = request.get_full_path() if request.method == "GET" else "/tableau-de-bord/"
            return redirect(f"{reverse(name)}?{urlencode({'next': target})}")
        return self.get_response(request)


class FrenchTypography:
    """No-break spaces before « : ; ! ? » and inside « » in every HTML page (tdu.utils.typography)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.FRENCH_TYPOGRAPHY
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and response.content
        ):
            charset = response.charset or "utf-8"
            response.content = french_html(response.content.decode(charset)).encode(charset)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response


# JSON runs nothing and loads nothing: the API's answers forbid everything, framing included.
API_POLICY = "default-src 'none'; frame-ancestors 'none'"


class ContentSecurityPolicy(CSPMiddleware):
    """django-csp's policy on the pages; one constant policy on the API's answers, without building the pages'
    policy again for each of them (a tenth of a suggestion's cost). Its documentation page (Swagger UI) keeps
    its exemption."""

    def process_response(self, request, response):
        if request.path_info.startswith("/api/") and not getattr(response, "_csp_exempt", False):
            response.setdefault(CSP_HEADER, API_POLICY)
            return response
        return super().process_response(request, response)
