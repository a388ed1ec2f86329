"""Django settings: embedded SQLite by default, PostgreSQL when DATABASE_URL says so.

Everything a partnership owns lives in one data folder (``TRUSTBOARD_DATA_DIR``): the app
database, the analytic store and the secret key, so that several partnerships can sit side by
side and a backup is one folder.
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
from pathlib import Path

import dj_database_url

from trustboard import DEFAULT_DATA_DIR

BASE_DIR = Path(__file__).resolve().parent
if not os.environ.get("TRUSTBOARD_DATA_DIR") and "pytest" in sys.modules:
    # A test run must never touch the partnership's real data folder.
    os.environ["TRUSTBOARD_DATA_DIR"] = tempfile.mkdtemp(prefix="trustboard-test-")
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
DEBUG = os.environ.get("TRUSTBOARD_DEBUG", "") == "1"
ALLOWED_HOSTS = [
    h for h in os.environ.get("TRUSTBOARD_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "trustboard.web.performance",
    "trustboard.web.returns",
    "trustboard.web.plan",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
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
                "trustboard.web.performance.context.partnership",
            ],
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
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_COOKIE_HTTPONLY = True

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

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
IMPORT_MAX_BYTES = 20 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
