"""Strict settings for the test suite: an undefined template variable is an error."""

import os
import tempfile
import warnings
from pathlib import Path

# The suite makes hundreds of API calls a minute from one address: its limits are tested by lowering them.
os.environ.setdefault("API_RATE_ANONYMOUS", "100000/min")
os.environ.setdefault("API_RATE_TOKEN", "100000/min")

from config.settings import *  # noqa: F403, E402
from config.settings import DATABASES, TEMPLATES, VAR_DIR  # noqa: E402


class InvalidTemplateVariable(str):
    """Django formats string_if_invalid with the variable name when it contains %s: raise instead."""

    def __mod__(self, other):
        from django.template.base import TemplateSyntaxError

        raise TemplateSyntaxError(f"Undefined template variable: {other!r}")


for engine in TEMPLATES:
    engine["OPTIONS"]["string_if_invalid"] = InvalidTemplateVariable("%s")
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
HUEY = {"huey_class": "huey.MemoryHuey", "name": "tests", "immediate": True}
warnings.simplefilter("error")

PRIVATE_MEDIA_ROOT = VAR_DIR / "test-private"
STORAGES["private"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
}
SITE_URL = "http://testserver"

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not the shared in-memory database: concurrency tests need SQLite's real locking (WAL, busy timeout).
    # One file per test process, so that two test runs on the same machine never share it.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"tdu-test-{os.getpid()}.sqlite3")
    }

FRANCE_TRAVAIL_BACKOFF_SECONDS = 0.01  # the local test server answers 429 and 503 on purpose
WEBHOOKS_ALLOW_LOOPBACK = True  # the suite receives its webhooks on 127.0.0.1

# The suite logs in with Client.login (no request for django-axes): the lockout is tested with it switched on.
AXES_ENABLED = False
# Hundreds of sign-ups come from 127.0.0.1 here: the page rates are tested by switching them on.
RATELIMIT_ENABLE = False
# The suite's region staff and admins log in with Client.login: the second factor is tested with it switched on
# (tests/www/accounts/test_it_uses_a_second_factor.py).
TWO_FACTOR_REQUIRED = False

# Pages are read by the tests with ordinary spaces; tests/www/test_french_typography.py and the browser journeys
# turn the no-break spaces on.
FRENCH_TYPOGRAPHY = False
