"""Django settings, driven by the environment; SQLite by default, PostgreSQL by URL."""

from __future__ import annotations

import os
from pathlib import Path

from uppfolj.web.dburl import database_setting

BASE_DIR = Path(__file__).resolve().parent
# True only in `settings_production` (chosen by UPPFOLJ_PRODUCTION=1); `uppfolj serve` reads it.
UPPFOLJ_PRODUCTION = False
DEBUG = os.environ.get("UPPFOLJ_DEBUG", "") == "1"
# A development key; the production settings module refuses to start without its own.
DEVELOPMENT_SECRET_KEY = "uppfolj-development-key-not-for-production-use-0123456789"
SECRET_KEY = os.environ.get("UPPFOLJ_SECRET_KEY", DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = os.environ.get("UPPFOLJ_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "uppfolj.web.apps.UppfoljConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "uppfolj.web.signals.CurrentUserMiddleware",
    "uppfolj.web.passwords.PasswordChangeRequiredMiddleware",
    "uppfolj.web.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "uppfolj.web.urls"
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
                "uppfolj.web.context_processors.role",
            ],
        },
    },
]
WSGI_APPLICATION = "uppfolj.web.wsgi.application"

DATABASES = {"default": database_setting()}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "uppfolj.web.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "uppfolj.web.passwords.InitialPasswordHasher",  # initial passwords of `uppfolj users import` only
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# One-time login links (`uppfolj users import`, the users page) stop working after this many days.
UPPFOLJ_LINK_DAYS = int(os.environ.get("UPPFOLJ_LINK_DAYS", "7"))

# The municipality's own login: its SSO proxy authenticates and passes the user name in this
# header (say X-Remote-User); users must exist here (imported), they are never created from it.
UPPFOLJ_REMOTE_USER_HEADER = os.environ.get("UPPFOLJ_REMOTE_USER_HEADER", "")
if UPPFOLJ_REMOTE_USER_HEADER:
    MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
                      "uppfolj.web.remote_user.HeaderRemoteUserMiddleware")
    AUTHENTICATION_BACKENDS.insert(0, "uppfolj.web.remote_user.ExistingRemoteUserBackend")

LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Login throttling (django-axes): five failures lock the username and address for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_ENABLED = os.environ.get("UPPFOLJ_AXES", "1") == "1"
AXES_LOCKOUT_TEMPLATE = "uppfolj/locked.html"
AXES_RESET_ON_SUCCESS = True

# Content-Security-Policy: everything from our own origin, nothing inline, no CDN.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska")]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False  # amounts are formatted by uppfolj.core.format; years stay "2024"

STATIC_URL = "/static/"
_static_root = Path(os.environ.get("UPPFOLJ_STATIC_ROOT", BASE_DIR / "staticfiles"))
# WhiteNoise serves from the app folders (finders) until `collectstatic` has filled STATIC_ROOT;
# naming a missing folder would only make it warn on every start.
STATIC_ROOT = _static_root if ("UPPFOLJ_STATIC_ROOT" in os.environ or _static_root.is_dir()) else None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Logging: everything to standard error, which systemd puts in the journal; no mail to ADMINS.
# Without this Django logs a server error (500) nowhere when DEBUG is off.
LOG_LEVEL = os.environ.get("UPPFOLJ_LOG_LEVEL", "WARNING").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s [%(process)d] %(name)s: %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    # Django's own default sends "django" only to the console in DEBUG and to mail_admins; here
    # it goes to the root handler like the rest.
    "loggers": {"django": {"handlers": [], "level": LOG_LEVEL, "propagate": True}},
}
