"""Answers /healthz and /readyz before every other middleware (see the package's docstring)."""

from django.http import JsonResponse

from tdu.www.health.checks import readiness

PATHS = {"/healthz": "alive", "/healthz/": "alive", "/readyz": "ready", "/readyz/": "ready"}


def alive():
    return JsonResponse({"etat": "vivant"})


def ready():
    ok, details = readiness()
    response = JsonResponse({"etat": "pret" if ok else "indisponible", **details}, status=200 if ok else 503)
    response._has_been_logged = True  # checks.py logged the cause once; no "Service Unavailable" per probe
    return response


class HealthChecks:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = PATHS.get(request.path_info)
        if probe is None:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = JsonResponse({"erreur": "Seules les méthodes GET et HEAD sont permises."}, status=405)
            response["Allow"] = "GET, HEAD"
        else:
            response = alive() if probe == "alive" else ready()
        response["Cache-Control"] = "no-store"
        return response
