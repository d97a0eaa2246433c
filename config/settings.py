"""Settings read from the environment, with safe local defaults (SQLite, console email)."""

import datetime
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("TDU_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# ENVIRONMENT=production (make serve, the Procfile's platform): DEBUG off unless said otherwise, JSON logs. Any
# process with DEBUG off refuses to start without its secret and its host names.
PRODUCTION = os.environ.get("ENVIRONMENT", "development").strip().lower() == "production"
DEBUG = env_bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise RuntimeError("DEBUG must stay off when ENVIRONMENT=production.")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-local-development-key-never-use-in-production"
if not DEBUG and not os.environ.get("ALLOWED_HOSTS", "").strip():
    raise RuntimeError("ALLOWED_HOSTS must be set (the site's host names, comma-separated) without DEBUG.")
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()
]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "dsfr",
    "widget_tweaks",
    "ninja",
    "huey.contrib.djhuey",
    # Business apps
    "tdu.accounts",
    "tdu.utils",
    "tdu.references",
    "tdu.companies",
    "tdu.offers",
    "tdu.trainings",
    "tdu.matching",
    "tdu.organisations",
    "tdu.candidatures",
    "tdu.imports",
    "tdu.stats",
    "tdu.partners",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "tdu.privacy",
    "tdu.alerts",
    "tdu.jobs",
    "tdu.demo",
    # Web apps
    "tdu.www.pages",
    "tdu.www.catalogue",
    "tdu.www.search",
]

MIDDLEWARE = [
    # /healthz and /readyz first: no host check, HTTPS redirect, session or request log for the platform's probes.
    "tdu.www.health.middleware.HealthChecks",
    "tdu.www.requestlog.RequestLog",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tdu.www.middleware.ContentSecurityPolicy",
    "tdu.www.middleware.SecurityHeaders",
    "tdu.www.middleware.FrenchTypography",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "tdu.www.middleware.RequestGuard",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "tdu.www.middleware.SecondFactor",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "tdu.www.middleware.IdleTimeout",
]

# No-break spaces before « : ; ! ? » in every HTML page (tdu.www.middleware.FrenchTypography).
FRENCH_TYPOGRAPHY = True

# The search map's background tiles (Leaflet URL template, attribution), given to the page by base.html's
# data- attributes and disclosed on /mentions-legales/ and /donnees-personnelles/ (the tile server sees the
# visitor's address). MAP_TILES_PROVIDER names who runs the server (empty: the page names its host only).
_OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
MAP_TILES_URL = os.environ.get("MAP_TILES_URL", _OSM_TILES)
MAP_TILES_ATTRIBUTION = os.environ.get("MAP_TILES_ATTRIBUTION", "© contributeurs OpenStreetMap")
MAP_TILES_PROVIDER = os.environ.get("MAP_TILES_PROVIDER") or (
    "la Fondation OpenStreetMap (OSMF), établie au Royaume-Uni" if MAP_TILES_URL == _OSM_TILES else ""
)


def tiles_origin(url):
    """The CSP source of a tile URL template: its scheme and host ({s} subdomains: any subdomain)."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise RuntimeError(f"MAP_TILES_URL must be an http(s) address, not {url!r}.")
    return f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"


# Content-Security-Policy (django-csp), in every environment so that a violation shows in development: no inline
# script or style anywhere (the templates have none; htmx's indicator style is turned off in base.html), the map
# tiles from their server (MAP_TILES_ORIGIN, the origin of MAP_TILES_URL), nothing else from another origin.
MAP_TILES_ORIGIN = tiles_origin(MAP_TILES_URL)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", MAP_TILES_ORIGIN],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

# Pages that send email or write for anyone, per address (tdu.utils.page_rates, django-ratelimit); apply: per person.
PAGE_RATES = {
    "signup": os.environ.get("RATE_SIGNUP", "10/h"),
    "resend": os.environ.get("RATE_RESEND", "5/h"),
    "password_reset": os.environ.get("RATE_PASSWORD_RESET", "5/h"),
    "apply": os.environ.get("RATE_APPLY", "30/h"),
    "verify_document": os.environ.get("RATE_VERIFY_DOCUMENT", "30/h"),
}
RATELIMIT_VIEW = None  # answers come from tdu.utils.page_rates

# Login lockout (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one account, it refuses every login
# for AXES_COOLOFF_TIME, with a French page (429); each attempt is recorded.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
# One account (whoever tries), or one client trying many accounts (address and browser together: a shared
# agency address alone must not lock every adviser out).
AXES_LOCKOUT_PARAMETERS = ["username", ["ip_address", "user_agent"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_USERNAME_FORM_FIELD = "username"

# Second factor (django-otp, tdu.accounts.two_factor): required for the region's staff and the administration.
TWO_FACTOR_REQUIRED = os.environ.get("TWO_FACTOR_REQUIRED", "true").lower() != "false"
OTP_TOTP_ISSUER = "Trait d'union"

# Forms render with the project's templates (includes/form.html, includes/field.html).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tdu" / "www" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tdu.www.pages.context_processors.service",
            ],
        },
    },
    {
        # Plain-text emails (subjects and bodies): nothing is HTML-escaped; the HTML layout escapes on its own.
        "NAME": "emails_text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tdu" / "www" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'trait-d-union.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
# PostgreSQL guards: a web request's statement stops after 10 s and waits for a lock 5 s at most; management
# commands (manage.py, so migrations, imports, backups and the Huey workers of run_huey) get longer limits.
# manage.py sets TDU_PROCESS=command (runserver excepted); gunicorn's config/wsgi.py leaves it unset.
DB_COMMAND = os.environ.get("TDU_PROCESS", "web") == "command"
DB_STATEMENT_TIMEOUT_MS = int(
    os.environ.get("DB_COMMAND_STATEMENT_TIMEOUT_MS", "1800000")
    if DB_COMMAND
    else os.environ.get("DB_STATEMENT_TIMEOUT_MS", "10000")
)
DB_LOCK_TIMEOUT_MS = int(
    os.environ.get("DB_COMMAND_LOCK_TIMEOUT_MS", "60000")
    if DB_COMMAND
    else os.environ.get("DB_LOCK_TIMEOUT_MS", "5000")
)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"]["options"] = (
        f"-c statement_timeout={DB_STATEMENT_TIMEOUT_MS} -c lock_timeout={DB_LOCK_TIMEOUT_MS}"
    )
    DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", 5)
    # The search's statements that plan alike for every home run prepared after this many executions on a
    # connection (tdu.matching.sql.prepared_cursor); Django's own cursors never prepare. 0: never (behind a
    # pooler in transaction mode that does not carry prepared statements, PgBouncer before 1.21).
    DATABASES["default"]["OPTIONS"]["prepare_threshold"] = (
        int(os.environ.get("DB_PREPARE_THRESHOLD", "5")) or None
    )
    # Persistent connections (CONN_MAX_AGE, 60 s by default), checked before reuse after a restart of the server.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work side by side; IMMEDIATE transactions take the write lock
    # at BEGIN, so that concurrent writers queue instead of failing with "database is locked". The page cache is
    # per connection, and every thread of a worker keeps its own (8 MB each; 64 MB made a worker of 8 threads
    # reach 532 MB): the operating system's page cache, shared by all, holds the rest of the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-8000;",
    }
    # Persistent connections for SQLite too (CONN_MAX_AGE): opening one and its PRAGMAs cost 4–12 % of a search.

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "pages:home"
SESSION_COOKIE_HTTPONLY = True
# Idle timeouts (tdu.www.middleware.IdleTimeout): a session ends after this much inactivity — shorter for the
# Region's staff and the administration, who see many people's data.
# The privacy notice (/donnees-personnelles/) shows these.
DATA_CONTROLLER = os.environ.get(
    "DATA_CONTROLLER", "Région Grand Est, Maison de la Région, 1 place Adrien Zeller, 67070 Strasbourg"
)
DATA_PROTECTION_CONTACT = os.environ.get("DATA_PROTECTION_CONTACT", "dpd@traitdunion.beta.gouv.fr")
# The legal notice (/mentions-legales/) and the help page (/aide/).
LEGAL_PUBLISHER = os.environ.get("LEGAL_PUBLISHER", DATA_CONTROLLER)
LEGAL_PUBLICATION_DIRECTOR = os.environ.get(
    "LEGAL_PUBLICATION_DIRECTOR", "le président ou la présidente du conseil régional du Grand Est"
)
# The host's name, address and phone, set at deployment.
HOSTING_PROVIDER = os.environ.get("HOSTING_PROVIDER", "")
CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "contact@traitdunion.beta.gouv.fr")
# Retention (tdu.privacy.retention, shown in the privacy notice), in days.
RETENTION_CANDIDATURE_DAYS = int(os.environ.get("RETENTION_CANDIDATURE_DAYS", "730"))
RETENTION_CV_DAYS = int(os.environ.get("RETENTION_CV_DAYS", "180"))
RETENTION_INACTIVE_ACCOUNT_DAYS = int(os.environ.get("RETENTION_INACTIVE_ACCOUNT_DAYS", "730"))
RETENTION_WARNING_DAYS = int(os.environ.get("RETENTION_WARNING_DAYS", "30"))
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "240"))
SESSION_IDLE_MINUTES_STAFF = int(os.environ.get("SESSION_IDLE_MINUTES_STAFF", "30"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns when it is missing (before the first collectstatic)
# Static files: whitenoise serves them from STATIC_ROOT, compressed (gzip) and named by their hash
# (cached for ever); `make serve` and the Procfile's release step run collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
STATICFILES_DIRS = [BASE_DIR / "tdu" / "www" / "static"]
MEDIA_ROOT = VAR_DIR / "media"
# CVs and issued documents: outside any web root, served only by views that check rights.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
# They go through STORAGES["private"] (tdu.candidatures.storage: CVs, import reports): local files by default; an
# S3-compatible object store when S3_BUCKET_NAME is set (django-storages: `pip install -e ".[s3]"`), its objects
# private (no public ACL, no URL ever handed out: the views read them back after checking rights).
S3_BUCKET_NAME = os.environ.get("S3_BUCKET_NAME", "")
if S3_BUCKET_NAME:
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET_NAME,
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION_NAME") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID", ""),
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY", ""),
            "location": os.environ.get("S3_PRIVATE_PREFIX", "private"),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
        },
    }
else:
    STORAGES["private"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    }
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
# Absolute links in emails.
# The address in emailed links. In development it follows the address `make run` serves (HOST, PORT).
_SERVED_HOST = os.environ.get("HOST", "127.0.0.1")
_SERVED_HOST = "localhost" if _SERVED_HOST in {"0.0.0.0", "::", ""} else _SERVED_HOST
SITE_URL = os.environ.get("SITE_URL") or f"http://{_SERVED_HOST}:{os.environ.get('PORT', '8000')}"
if not DEBUG and not SITE_URL.startswith("https://"):
    raise RuntimeError("SITE_URL must be set to the site's https:// address when DEBUG is off.")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Trait d'union <ne-pas-repondre@traitdunion.beta.gouv.fr>"
)

# Several instances share everything through the database and, when REDIS_URL is set, Redis: the cache (the page
# rates of django-ratelimit and the API throttles count there) and the task queue. Without it: local memory, for
# one process. Sessions stay in the database (Django's db backend) on every set-up: shared by every instance,
# kept across a Redis restart; django-axes records its attempts in the database too.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "tdu",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Background jobs: SQLite storage by default, Redis when HUEY_REDIS_URL (or else REDIS_URL) is set. Every worker
# (manage.py run_huey, HUEY_WORKERS threads each) enqueues the periodic tasks: each takes a lock (tdu.jobs.tasks)
# and its job claims its rows, so two workers never send anything twice; a worker frees stale locks as it starts.
HUEY_REDIS_URL = os.environ.get("HUEY_REDIS_URL", "") or REDIS_URL
_HUEY_CONSUMER = {
    "workers": int(os.environ.get("HUEY_WORKERS", "2")),
    "worker_type": "thread",
    "flush_locks": True,
}
if HUEY_REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "trait-d-union",
        "url": HUEY_REDIS_URL,
        "immediate": False,
        "consumer": _HUEY_CONSUMER,
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "trait-d-union",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": False,
        "consumer": _HUEY_CONSUMER,
    }

# Logs on the standard output: readable in development, one JSON object a line with LOG_FORMAT=json (the default
# in production). tdu.request: one line per request (tdu.www.requestlog); tdu.job: one per Huey task
# (tdu.utils.logs). In readable mode runserver already prints each request: tdu.request shows only errors.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json" if PRODUCTION else "text").strip().lower()
_LOG_LEVEL = os.environ.get("TDU_LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "tdu.utils.logs.RequestIdFilter"}},
    "formatters": {
        "simple": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json" if LOG_FORMAT == "json" else "simple",
            "filters": ["request_id"],
        }
    },
    # One handler, on the root: every logger below propagates to it (and to pytest's caplog).
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "tdu": {"level": _LOG_LEVEL},
        "tdu.request": {"level": _LOG_LEVEL if LOG_FORMAT == "json" else "WARNING"},
        "django": {"level": "WARNING"},
        "huey": {"level": "INFO" if DB_COMMAND else "WARNING"},
    },
}

# Errors to Sentry when SENTRY_DSN is set (Django and Huey integrations; no personal data sent).
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.huey import HueyIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration(), HueyIntegration()],
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production" if PRODUCTION else "development"),
        release=os.environ.get("SOURCE_VERSION") or os.environ.get("SENTRY_RELEASE") or None,
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
        send_default_pii=False,
    )

if not DEBUG:
    # The platform's probes ask over plain HTTP (they are answered before the redirect anyway).
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    # HTTPS only: the platform's proxy terminates TLS and says so in X-Forwarded-Proto.
    SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() in ("1", "true", "yes")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# The LHEO 2.3 XML schema that feeds are validated against (published by the Carif-Oref network; not shipped).
LHEO_XSD = os.environ.get("LHEO_XSD", "") or str(
    BASE_DIR.parent / "shared" / "data" / "lheo" / "lheo-2.3.xsd"
)

# France Travail "Offres d'emploi v2" (an application declared on francetravail.io).
FRANCE_TRAVAIL_CLIENT_ID = os.environ.get("FRANCE_TRAVAIL_CLIENT_ID", "")
FRANCE_TRAVAIL_CLIENT_SECRET = os.environ.get("FRANCE_TRAVAIL_CLIENT_SECRET", "")
FRANCE_TRAVAIL_TOKEN_URL = os.environ.get(
    "FRANCE_TRAVAIL_TOKEN_URL",
    "https://entreprise.francetravail.fr/connexion/oauth2/access_token?realm=/partenaire",
)
FRANCE_TRAVAIL_API_URL = os.environ.get(
    "FRANCE_TRAVAIL_API_URL", "https://api.francetravail.io/partenaire/offresdemploi/v2"
)
FRANCE_TRAVAIL_BACKOFF_SECONDS = float(os.environ.get("FRANCE_TRAVAIL_BACKOFF_SECONDS", "1"))

# The service's public name, shown in pages and emails.
SERVICE_NAME = "Trait d'union"

# Partners (tdu.partners): webhooks go to public https addresses only; development and tests may use loopback.
WEBHOOKS_ALLOW_LOOPBACK = env_bool("WEBHOOKS_ALLOW_LOOPBACK", DEBUG)
# API rate limits (django-ninja throttling, counted in the cache): per token, and per address without one.
API_RATE_TOKEN = os.environ.get("API_RATE_TOKEN", "600/min")
API_RATE_ANONYMOUS = os.environ.get("API_RATE_ANONYMOUS", "120/min")
# Largest request body the API reads (bytes).
API_MAX_BODY_BYTES = int(os.environ.get("API_MAX_BODY_BYTES", str(256 * 1024)))
