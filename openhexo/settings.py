"""The one settings module: every knob comes from an OPENHEXO_* environment variable.

The two conventional URLs, DATABASE_URL and REDIS_URL, keep their usual names. The README's
configuration table lists every variable read here.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url
import platformdirs


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    return value in {"1", "true", "yes", "on"}


def _list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "").strip()
    return [item.strip() for item in value.split(",") if item.strip()] if value else default


def _data_dir() -> Path:
    configured = os.environ.get("OPENHEXO_DATA_DIR", "").strip()
    path = (
        Path(configured).expanduser()
        if configured
        else Path(platformdirs.user_data_dir("openhexo"))
    )
    path.mkdir(parents=True, exist_ok=True)
    return path


def _secret_key(data_dir: Path) -> str:
    """The configured key, else one generated once into the data directory (mode 0600)."""
    configured = os.environ.get("OPENHEXO_SECRET_KEY", "").strip()
    if configured:
        return configured
    key_file = data_dir / "secret_key"
    if not key_file.exists():
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


def _email(data_dir: Path) -> dict:
    """SMTP from OPENHEXO_SMTP_URL (smtp:// or smtps://user:password@host:port), else files."""
    url = os.environ.get("OPENHEXO_SMTP_URL", "").strip()
    if not url:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(data_dir / "outbox"),
        }
    parts = urlsplit(url)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 587),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": parts.scheme == "smtps",
        "EMAIL_USE_TLS": parts.scheme == "smtp" and parts.port != 25,
    }


def _pkce_required(client_id: str) -> bool:
    from openhexo.api.oauth import pkce_required  # the app registry is not ready here

    return pkce_required(client_id)


def _database(data_dir: Path) -> dict:
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(data_dir / "openhexo.sqlite3"),
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = _data_dir()
SECRET_KEY = _secret_key(DATA_DIR)
DEBUG = _flag("OPENHEXO_DEBUG")
ALLOWED_HOSTS = _list("OPENHEXO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
REDIS_URL = os.environ.get("REDIS_URL", "").strip() or None
# The address people reach this server at, for links in emails.
PUBLIC_URL = os.environ.get("OPENHEXO_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = os.environ.get("OPENHEXO_EMAIL_FROM", "openhexo <noreply@openhexo.local>")
globals().update(_email(DATA_DIR))

# Ordinary API bodies are small; sample and file uploads get their own, larger limit.
MAX_BODY_BYTES = 2 * 1024 * 1024
MAX_UPLOAD_BYTES = int(float(os.environ.get("OPENHEXO_MAX_UPLOAD_MB", "512")) * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_BODY_BYTES
RATE_LIMIT_USER = os.environ.get("OPENHEXO_RATE_USER", "1200/m")
RATE_LIMIT_CLIENT = os.environ.get("OPENHEXO_RATE_CLIENT", "6000/m")
RATELIMIT_FAIL_OPEN = True  # a cache outage must not take the API down
# Counters live in the default cache: per process on one machine, Redis when several serve.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
# Make the Hexoskin API-key signature mandatory for HTTP Basic requests.
REQUIRE_SIGNATURE = _flag("OPENHEXO_REQUIRE_SIGNATURE")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "oauth2_provider",
    "axes",
    "openhexo.accounts",
    "openhexo.catalog",
    "openhexo.records",
    "openhexo.timeseries",
    "openhexo.processing",
    "huey.contrib.djhuey",
    "openhexo.api",
    "openhexo.dashboard",
]

MIDDLEWARE = [
    "openhexo.api.middleware.RequestGuardMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "openhexo.urls"
WSGI_APPLICATION = "openhexo.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
OAUTH2_PROVIDER_APPLICATION_MODEL = "accounts.OAuthClient"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "/api/connect/login/"

OAUTH2_PROVIDER = {
    "SCOPES": {"readonly": "Read your data", "readwrite": "Read and change your data"},
    "DEFAULT_SCOPES": ["readwrite"],
    "READ_SCOPE": "readonly",
    "WRITE_SCOPE": "readwrite",
    "OAUTH2_VALIDATOR_CLASS": "openhexo.api.oauth.HexoOAuth2Validator",
    "PKCE_REQUIRED": _pkce_required,
    "ACCESS_TOKEN_EXPIRE_SECONDS": int(os.environ.get("OPENHEXO_TOKEN_SECONDS", "36000")),
    "REFRESH_TOKEN_EXPIRE_SECONDS": 90 * 24 * 3600,
    "REQUEST_APPROVAL_PROMPT": "auto",
    # Hexoskin clients use both grants RFC 9700 discourages; keep them, knowingly.
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": False,
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": False,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["http", "https"],
}

# Failed password logins: 10 within 15 minutes lock that account from that address.
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "openhexo.api.lockout.locked_out_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_DISABLE_ACCESS_LOG = True
DATABASES = {"default": _database(DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    # Data answers, shared by every serving process: files in the data directory, or Redis.
    "data": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        | {"KEY_PREFIX": "data", "TIMEOUT": 24 * 3600}
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
            "TIMEOUT": 24 * 3600,
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    ),
}

# Background jobs (processing): huey with its queue in the data directory, or on Redis.
# Samples are processed once no new ones have arrived for PROCESSING_DELAY_SECONDS.
PROCESSING_DELAY_SECONDS = float(os.environ.get("OPENHEXO_PROCESSING_DELAY", "10"))
HUEY = {
    "name": os.environ.get("OPENHEXO_QUEUE_NAME", "openhexo"),  # several servers, one Redis
    "huey_class": "huey.RedisHuey" if REDIS_URL else "huey.SqliteHuey",
    "immediate": _flag("OPENHEXO_JOBS_IMMEDIATE"),  # run jobs in the caller (tests)
    "results": False,
    "connection": {"url": REDIS_URL} if REDIS_URL else {"filename": str(DATA_DIR / "jobs.db")},
    "consumer": {"workers": 2, "worker_type": "process"},
}

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True
STATIC_URL = "static/"

# The official client signs URLs with "//api/..." when given a base URL with a trailing slash;
# clients never rely on slash-appending redirects, which would also break POST bodies.
APPEND_SLASH = False

TASTYPIE_DEFAULT_FORMATS = ["json"]
TASTYPIE_DATETIME_FORMATTING = "iso-8601-strict"
API_LIMIT_PER_PAGE = 20

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("OPENHEXO_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
