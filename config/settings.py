"""Atelier settings: one module, everything read from the environment.

Defaults serve a developer's laptop (SQLite, tasks run in-process, the built-in
summary provider). Production differs only by environment variables; see
README.md for the list.
"""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Off unless asked for (DEBUG=true): debug pages list every URL pattern and setting to whoever asks.
DEBUG = env_bool("DEBUG", False)

# The secret signing sessions, CSRF tokens and rejoin links. Production gives it (SECRET_KEY, which
# docker-compose requires); `make run` writes a random one into SECRET_KEY_FILE (default: .secret_key
# beside manage.py, untracked and kept out of the image by .dockerignore) and reuses it. Only a
# development run (DEBUG=true) may fall back to a fixed key: with DEBUG off, no key is an error.
SECRET_KEY_FILE = Path(os.environ.get("SECRET_KEY_FILE") or BASE_DIR / ".secret_key")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and SECRET_KEY_FILE.is_file():
    SECRET_KEY = SECRET_KEY_FILE.read_text().strip()
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off: set SECRET_KEY (production), run `make run` once "
            f"(it writes a local key to {SECRET_KEY_FILE.name}), or set DEBUG=true for development."
        )
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
# The address participants reach, for the join link and its QR code (e.g. http://192.168.1.20:8000);
# empty: the address of the request. `make run HOST=0.0.0.0` sets it to this machine's LAN address.
PUBLIC_URL = os.environ.get("PUBLIC_URL", "").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "csp",
    "axes",
    "template_partials",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "core",
    "workshop",
    "usecases",
    "roi",
    "compliance",
    "pocs",
    "reports",
    "summaries",
    # The MCP server (top layer; named so as not to shadow the `mcp` SDK package).
    "assistant",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.throttle.RateLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    # A service's refusal that no page view caught becomes the message and the API's status.
    "core.pages.PageErrorMiddleware",
    # A workshop page this browser is not in (a lost cookie, a removed participant): the join page, not a 404.
    "workshop.middleware.LostParticipantMiddleware",
    # Last, so that it sees the sign-in a view attempted and answers a lockout with a 429.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.polling",
                "workshop.context_processors.my_workshop",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        # A reused connection is checked (SELECT 1) before each request; off saves that round trip.
        conn_health_checks=env_bool("CONN_HEALTH_CHECKS", True),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Concurrent writers (votes, scores) wait for the lock instead of failing at once.
    # WAL: readers (every polling board) never wait for a writer, nor a writer for them.
    # `timeout` is SQLite's busy timeout, in seconds.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
    # Tests use a temporary file, not the shared-cache in-memory database: its table locks fail
    # at once ("database table is locked") instead of waiting, so concurrent writers could not be tested.
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get("SQLITE_TEST_NAME")
        or os.path.join(tempfile.gettempdir(), f"atelier-test-{os.getpid()}.sqlite3"),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes first: a locked-out address or account is refused before any password is hashed.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workshop:dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# French thousands with a narrow no-break space (config/formats/fr): one format for pages and exports.
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Security. Production runs behind TLS; a laptop does not.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# The container healthcheck calls plain HTTP from inside.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Cookies only over HTTPS. `make run` serves a meeting room over plain HTTP: it sets SECURE_COOKIES=false.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14

# A strict Content-Security-Policy: scripts and styles from our own static files only,
# no inline script, no inline style, nothing from another origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# The cache every process shares: rate-limit counters and sign-in failures.
# CACHE_URL=redis://host:6379/1 in production; by default the database's own cache table
# (made by a migration), so a laptop needs no Redis and several server processes still agree.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    # Fail-safe: with Redis down a read misses and a write is dropped (core/cache_backends.py), so pages,
    # sign-in and the API keep answering; short timeouts keep a Redis that hangs from holding a request.
    REDIS_CACHE: dict[str, object] = {
        "BACKEND": "core.cache_backends.FailSafeRedisCache",
        "LOCATION": CACHE_URL,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    CACHES: dict[str, dict[str, object]] = {"default": REDIS_CACHE}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "atelier_cache",
            # Longer than every rate-limit window: its increments reset an entry's expiry to this.
            "TIMEOUT": 3600,
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }
# Redis increments atomically; the database cache reads then writes (a count may be lost in a
# race), which a laptop's server tolerates. Production sets CACHE_URL.
# What derives from a workshop's version (core/cache.py): the same Redis when CACHE_URL is
# set, shared by every process; otherwise local memory, one per process (a miss costs one build).
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES["derived"] = {**REDIS_CACHE, "KEY_PREFIX": "derived"}
else:
    CACHES["derived"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "atelier-derived",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    }
# What derives from the scores alone (the ranking's totals, a sum over every score: the costly
# part of a ranking): shared by every process even without Redis, in the database's cache table,
# so that each of a laptop's server processes does not add the scores up again after a change.
CACHES["scores"] = {**CACHES["default"], "KEY_PREFIX": "scores"}
# A version is replaced within minutes in a live workshop; an idle one is rebuilt after this.
VERSION_CACHE_SECONDS = int(os.environ.get("VERSION_CACHE_SECONDS", "3600"))
# Rendered rows kept per process by {% memo %} (a results page holds about three per use case):
# local memory, since a page asks for hundreds and a round trip to Redis each would cost more than rendering.
TEMPLATE_MEMO_ENTRIES = int(os.environ.get("TEMPLATE_MEMO_ENTRIES", "2000"))
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "atelier-fragments",
    "TIMEOUT": VERSION_CACHE_SECONDS,
    "OPTIONS": {"MAX_ENTRIES": TEMPLATE_MEMO_ENTRIES},
}

# The reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated).
# Empty: the TCP peer is the client. Behind docker-compose's proxy: the compose network.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")

# Rate limits, "count/period" (s, m, h, d; "30/10m" = 30 per 10 minutes). Empty switches one off.
RATE_LIMITS = {
    # Wrong join codes, per client address and per account (or typed name).
    "join_failures_per_address": os.environ.get("RATE_LIMIT_JOIN_FAILURES_PER_ADDRESS", "30/10m"),
    "join_failures_per_name": os.environ.get("RATE_LIMIT_JOIN_FAILURES_PER_NAME", "10/10m"),
    # Every join attempt, per address: a meeting room behind one address still fits.
    "joins_per_address": os.environ.get("RATE_LIMIT_JOINS_PER_ADDRESS", "200/10m"),
    # Writes by one participant (pages and API): scoring a full grid is a few hundred clicks.
    "participant_writes": os.environ.get("RATE_LIMIT_PARTICIPANT_WRITES", "600/10m"),
    "use_cases_per_participant": os.environ.get("RATE_LIMIT_USE_CASES_PER_PARTICIPANT", "30/10m"),
    # The MCP server over HTTP (assistant/guards.py): requests per address and per token, and bad
    # tokens per address before a lockout (refused without a lookup for a period after the last).
    "mcp_calls_per_address": os.environ.get("RATE_LIMIT_MCP_CALLS_PER_ADDRESS", "300/1m"),
    "mcp_calls_per_token": os.environ.get("RATE_LIMIT_MCP_CALLS_PER_TOKEN", "120/1m"),
    "mcp_token_failures_per_address": os.environ.get("RATE_LIMIT_MCP_TOKEN_FAILURES_PER_ADDRESS", "10/10m"),
}
RATELIMIT_HASH_ALGORITHM = "hashlib.sha256"

# Sign-in lockouts (django-axes): LOGIN_FAILURE_LIMIT failures from one address, or on one
# account, lock that address or account out for LOGIN_COOLOFF_MINUTES after the last failure.
# Sign-in failures are counted in the database: a lockout holds across a Redis outage or restart,
# and sign-in never depends on Redis answering.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
# Tries while locked out are refused without extending the lockout (and without hashing).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "core.throttle.client_ip"
AXES_LOCKOUT_CALLABLE = "core.throttle.lockout_response"
AXES_ENABLE_ADMIN = False  # lockouts are cleared with `manage.py axes_reset`, not from the admin
AXES_VERBOSE = False

# Participants are remembered by a cookie holding their secret token.
PARTICIPANT_COOKIE_PREFIX = "atelier_p_"
PARTICIPANT_COOKIE_MAX_AGE = 60 * 60 * 24 * 30
# Days a closed workshop is kept before `manage.py purge_closed` deletes it (scheduled by the
# operator; the join page tells participants). 0: kept until a facilitator or operator deletes it.
CLOSED_WORKSHOP_RETENTION_DAYS = int(os.environ.get("CLOSED_WORKSHOP_RETENTION_DAYS", "0"))

# Live updates: how often the live board, the projected presenter screen and the
# facilitator's list of people poll, in seconds. A participant counts as present when seen within PRESENCE_SECONDS
# (plus a poll or two); the polls mark them at most once per PRESENCE_SECONDS.
LIVE_POLL_SECONDS = int(os.environ.get("LIVE_POLL_SECONDS", "3"))
PRESENCE_SECONDS = int(os.environ.get("PRESENCE_SECONDS", "60"))
# The summary panel: how often it polls while a summary is being written, and how often a
# participant's panel looks for a new one.
SUMMARY_POLL_SECONDS = int(os.environ.get("SUMMARY_POLL_SECONDS", "2"))
SUMMARY_REFRESH_SECONDS = int(os.environ.get("SUMMARY_REFRESH_SECONDS", "15"))
# A phase's timebox (the countdown everyone sees): the shortest and the longest a facilitator may set, in seconds.
TIMEBOX_MIN_SECONDS = int(os.environ.get("TIMEBOX_MIN_SECONDS", "10"))
TIMEBOX_MAX_SECONDS = int(os.environ.get("TIMEBOX_MAX_SECONDS", str(4 * 3600)))
# A facilitator's rejoin link for a locked-out participant: single use, valid this long.
REJOIN_LINK_MAX_AGE_SECONDS = int(os.environ.get("REJOIN_LINK_MAX_AGE_SECONDS", str(15 * 60)))
# Importing ideas from a CSV or XLSX file: the largest file and the most rows read.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(1024 * 1024)))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "500"))
# An XLSX is a zip: what its parts unpack to is bounded before any is read (a 200 KB file can unpack to GBs).
IMPORT_MAX_UNPACKED_BYTES = int(os.environ.get("IMPORT_MAX_UNPACKED_BYTES", str(20 * 1024 * 1024)))
# How long a previewed file waits for "Import".
IMPORT_PENDING_MINUTES = int(os.environ.get("IMPORT_PENDING_MINUTES", "60"))

# REST API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an unauthenticated call answers 401 with a WWW-Authenticate header.
        "rest_framework.authentication.TokenAuthentication",
        "workshop.authentication.ParticipantTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["workshop.permissions.IsUserOrParticipant"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # JSON only: /api/docs/ is the interactive API browser.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # Bounded in size and depth, no lone surrogates: malformed JSON is a 400, never a 500.
    "DEFAULT_PARSER_CLASSES": [
        "config.parsers.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "config.exceptions.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Atelier API",
    "DESCRIPTION": "AI use-case discovery and prioritisation workshops.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from our own static files: no CDN, and no inline script (CSP).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # data_location and model_location share one choice set.
    "ENUM_NAME_OVERRIDES": {
        "HostingEnum": "usecases.models.Hosting",
        "AssessmentTierEnum": "compliance.models.Tier",
        "PocStatusEnum": "pocs.models.PocStatus",
    },
    # The 400/401/403/404/409/429 answers, declared on every operation.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.schema.declare_error_responses",
        "config.schema.declare_text_rules",
    ],
}

# Celery. Without a broker, tasks run eagerly in-process.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ACKS_LATE = True
# Timeouts nest: LLM client timeout x attempts < soft limit < hard limit < visibility.
LLM_TIMEOUT_SECONDS = float(os.environ.get("LLM_TIMEOUT_SECONDS", "60"))
CELERY_TASK_SOFT_TIME_LIMIT = int(os.environ.get("CELERY_TASK_SOFT_TIME_LIMIT", "180"))
CELERY_TASK_TIME_LIMIT = CELERY_TASK_SOFT_TIME_LIMIT + 30
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_TASK_TIME_LIMIT * 4,
    # A broker that does not answer fails a publish in seconds, not after the system's TCP timeout.
    "socket_connect_timeout": 5,
}
# The SDK's own retries stack with Celery's: off by default (each adds a full timeout).
LLM_MAX_RETRIES = int(os.environ.get("LLM_MAX_RETRIES", "0"))
# Summary task retries of transient LLM errors: base x 2^n seconds plus jitter.
SUMMARY_MAX_RETRIES = int(os.environ.get("SUMMARY_MAX_RETRIES", "3"))
SUMMARY_RETRY_BASE_SECONDS = float(os.environ.get("SUMMARY_RETRY_BASE_SECONDS", "10"))
# Summaries nobody will finish (a broker restarted empty or down when asked, a worker killed)
# are sent again by a sweep: queued and not taken this long after they were queued (or their
# retry was due), or running past the hard time limit. Resending is harmless: runs claim the row.
SUMMARY_QUEUED_LIMIT_SECONDS = int(os.environ.get("SUMMARY_QUEUED_LIMIT_SECONDS", "300"))
SUMMARY_RUNNING_LIMIT_SECONDS = int(os.environ.get("SUMMARY_RUNNING_LIMIT_SECONDS", str(CELERY_TASK_TIME_LIMIT)))
SUMMARY_SWEEP_INTERVAL_SECONDS = int(os.environ.get("SUMMARY_SWEEP_INTERVAL_SECONDS", "60"))
# The sweep runs from `celery beat` (docker-compose's beat service) and whenever a worker starts.
CELERY_BEAT_SCHEDULE = {
    "sweep-summaries": {"task": "summaries.sweep_summaries", "schedule": float(SUMMARY_SWEEP_INTERVAL_SECONDS)},
}
# Most characters kept from one participant text field in a summary's stored snapshot (at least
# the prompt's own cut, 500), so that a row stays small whatever participants type.
SUMMARY_SNAPSHOT_FIELD_CHARS = int(os.environ.get("SUMMARY_SNAPSHOT_FIELD_CHARS", "500"))

# LLM summaries. No key: the built-in provider.
OPENAI_API_KEY = os.environ.get("OPENAI_API_KEY", "")
OPENAI_BASE_URL = os.environ.get("OPENAI_BASE_URL", "") or None
OPENAI_MODEL = os.environ.get("OPENAI_MODEL", "gpt-4o-mini")
LLM_ENABLED = env_bool("LLM_ENABLED", True)
# Estimated tokens the prompt may use, whatever the workshop's size.
LLM_PROMPT_TOKEN_BUDGET = int(os.environ.get("LLM_PROMPT_TOKEN_BUDGET", "6000"))

# The MCP server (`manage.py mcp`): stdio for a desktop assistant, streamable HTTP beside the web
# (`manage.py mcp --http`, its own ASGI process). It reads with the API's tokens, as the API does.
MCP_HTTP_HOST = os.environ.get("MCP_HTTP_HOST", "127.0.0.1")
MCP_HTTP_PORT = int(os.environ.get("MCP_HTTP_PORT", "8001"))
# How long one HTTP request may take before uvicorn's graceful shutdown gives up on it.
MCP_HTTP_SHUTDOWN_TIMEOUT_SECONDS = int(os.environ.get("MCP_HTTP_SHUTDOWN_TIMEOUT_SECONDS", "10"))
# Event streams (a GET on /mcp/): at most this many open per process (503 beyond), each closed
# after this long without an event; the server is read-only and pushes nothing on its own.
MCP_MAX_OPEN_STREAMS = int(os.environ.get("MCP_MAX_OPEN_STREAMS", "50"))
MCP_STREAM_IDLE_SECONDS = float(os.environ.get("MCP_STREAM_IDLE_SECONDS", "60"))
# The largest request body the MCP HTTP server reads (413 beyond): its requests are a few KB of JSON.
MCP_MAX_BODY_BYTES = int(os.environ.get("MCP_MAX_BODY_BYTES", "1048576"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}, "axes": {"level": "WARNING"}},
}
