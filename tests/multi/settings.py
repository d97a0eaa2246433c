"""The production settings (config.settings, DEBUG off) for instances that tests/multi starts on 127.0.0.1 over plain
HTTP: cookies without the Secure flag, no HTTPS redirect, each process's emails as files in EMAIL_FILE_PATH."""

import os

from config.settings import *  # noqa: F403

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
# Static files as in development: the manifest of `collectstatic` is the production start's business (make serve).
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# The factories of the test process hash passwords with MD5 (config.settings_test), for speed.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.MD5PasswordHasher",
]
