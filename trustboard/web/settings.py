"""Django settings: embedded SQLite by default, PostgreSQL when DATABASE_URL says so.

Everything a partnership owns lives in one data folder (``TRUSTBOARD_DATA_DIR``): the app
database, the analytic store and the secret key, so that several partnerships can sit side by
side and a backup is one folder.

``TRUSTBOARD_PRODUCTION=1`` turns on what a live service behind HTTPS needs (secure cookies,
HTTPS redirect, HSTS; ``manage.py check --deploy`` passes). Whatever the mode, pages carry a
Content-Security-Policy, sessions end after ``TRUSTBOARD_SESSION_IDLE_MINUTES`` of inactivity
and repeated failed sign-ins are refused for a while (``accounts/login_limit.py``).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

from trustboard import DEFAULT_DATA_DIR
from trustboard.web.env import env_flag, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent


PRODUCTION = env_flag("TRUSTBOARD_PRODUCTION")
DATA_DIR = Path(os.environ.get("TRUSTBOARD_DATA_DIR") or DEFAULT_DATA_DIR).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
ANALYTICS_PATH = DATA_DIR / "analytics.duckdb"


def _secret_key() -> str:
    """One key per data folder, made on first use, so no key is ever committed."""
    if os.environ.get("TRUSTBOARD_SECRET_KEY"):
        return os.environ["TRUSTBOARD_SECRET_KEY"]
    path = DATA_DIR / "secret_key"
    if not path.exists():
        # Created readable by its owner only from the first byte, not chmod-ed afterwards.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
# Debug pages show settings and local variables: never in production, whatever else is set.
DEBUG = not PRODUCTION and env_flag("TRUSTBOARD_DEBUG")
ALLOWED_HOSTS = env_list("TRUSTBOARD_ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Apps by concern (docs/architecture.md); performance holds only earlier releases' migrations.
    "trustboard.web.performance",
    "trustboard.web.accounts",
    "trustboard.web.audit",
    "trustboard.web.framework",
    "trustboard.web.measures",
    "trustboard.web.reports",
    "trustboard.web.returns",
    "trustboard.web.plan",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "trustboard.web.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "trustboard.web.urls"
WSGI_APPLICATION = "trustboard.web.wsgi.application"

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
                "trustboard.web.context.partnership",
            ],
            # The number filters every page uses, one-line wrappers over core.formatting.
            "libraries": {"trustboard": "trustboard.web.templatetags"},
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'app.sqlite3'}", conn_max_age=60
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        # Twelve characters: the NCSC's advice favours long passphrases ("three random words").
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after a spell of inactivity: each request saves the session, so its expiry
# moves on while someone works, and an unattended screen stops showing children's figures.
SESSION_COOKIE_AGE = env_int("TRUSTBOARD_SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_flag("TRUSTBOARD_SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# No script reads the CSRF cookie: every form carries the token in a hidden field.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_TRUSTED_ORIGINS = env_list("TRUSTBOARD_CSRF_TRUSTED_ORIGINS")

# Sign-in limits (trustboard/web/accounts/login_limit.py): after this many failures for one
# username or from one address within the window, attempts are refused for the lockout.
LOGIN_FAILURE_LIMIT = env_int("TRUSTBOARD_LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_WINDOW_MINUTES = env_int("TRUSTBOARD_LOGIN_FAILURE_WINDOW_MINUTES", 15)
LOGIN_LOCKOUT_MINUTES = env_int("TRUSTBOARD_LOGIN_LOCKOUT_MINUTES", 15)
LOGIN_ATTEMPT_RETENTION_DAYS = env_int("TRUSTBOARD_LOGIN_ATTEMPT_RETENTION_DAYS", 30)
# How many reverse proxies of our own stand in front of the app. With one (nginx, a load
# balancer), the visitor's address is the last in X-Forwarded-For; with none the header is
# ignored, since anyone can send it.
TRUSTED_PROXY_COUNT = env_int("TRUSTBOARD_PROXY_COUNT", 0)

# Headers every response carries, in any mode.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (trustboard/web/security.py). The pages have no script of their own
# and no inline style; charts are inline SVG. Only same-origin files load, and no page may be
# framed. The frozen HTML board report carries its own stylesheet: CSP_INLINE_STYLE_VIEWS.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
CSP_INLINE_STYLE_VIEWS = {"report_download"}

SILENCED_SYSTEM_CHECKS: list[str] = []
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # A proxy that terminates TLS tells Django the request came over HTTPS in this header,
    # e.g. TRUSTBOARD_PROXY_SSL_HEADER=X-Forwarded-Proto (the proxy must overwrite it).
    _proxy_header = os.environ.get("TRUSTBOARD_PROXY_SSL_HEADER", "").strip()
    if _proxy_header:
        SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")
    SECURE_SSL_REDIRECT = env_flag("TRUSTBOARD_SSL_REDIRECT", True)
    if not SECURE_SSL_REDIRECT:
        # Switched off only where the proxy in front redirects plain HTTP itself.
        SILENCED_SYSTEM_CHECKS.append("security.W008")
    SECURE_HSTS_SECONDS = env_int("TRUSTBOARD_HSTS_SECONDS", 365 * 24 * 60 * 60)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("TRUSTBOARD_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_flag("TRUSTBOARD_HSTS_PRELOAD")
    if not SECURE_HSTS_PRELOAD:
        # Preloading commits the whole domain to HTTPS in every browser for good: the
        # council's network team decides that, not this app. Off unless asked for.
        SILENCED_SYSTEM_CHECKS.append("security.W021")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

IMPORT_MAX_BYTES = 20 * 1024 * 1024
# A statutory return's XML: a large authority's CIN census is tens of megabytes.
RETURN_MAX_BYTES = 200 * 1024 * 1024
# Form fields other than files: far more than any form here needs, far less than a flood.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 10
# An upload up to the import limit stays in memory: a record-level extract, before its child
# ids are pseudonymised, is then never written to a temporary file on disk.
FILE_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # Sign-ins, failures and lockouts (never a password), for the security log.
    "loggers": {"trustboard.security": {"level": "INFO"}},
}

# Analyses and rendered charts, shared by every worker process of the site.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}

# Email (return reminders): printed to the console unless a backend is configured, e.g.
# TRUSTBOARD_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend with the host below, or
# ...filebased.EmailBackend to write each message to TRUSTBOARD_EMAIL_FILE_PATH.
EMAIL_BACKEND = os.environ.get(
    "TRUSTBOARD_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_FILE_PATH = os.environ.get("TRUSTBOARD_EMAIL_FILE_PATH", str(DATA_DIR / "sent-email"))
EMAIL_HOST = os.environ.get("TRUSTBOARD_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("TRUSTBOARD_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("TRUSTBOARD_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("TRUSTBOARD_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_flag("TRUSTBOARD_EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("TRUSTBOARD_EMAIL_FROM", "trustboard@localhost")
