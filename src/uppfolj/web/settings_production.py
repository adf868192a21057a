"""Production settings: a real secret key is required; cookies and headers are locked down."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from uppfolj.web.settings import *  # noqa: F403
from uppfolj.web.settings import DEVELOPMENT_SECRET_KEY as _DEVELOPMENT_KEY

_key = os.environ.get("UPPFOLJ_SECRET_KEY", "")
if not _key or _key == _DEVELOPMENT_KEY or len(_key) < 50 or len(set(_key)) < 5:
    raise ImproperlyConfigured(
        "UPPFOLJ_SECRET_KEY måste vara satt till en egen slumpmässig nyckel (minst 50 tecken) i produktion."
    )
SECRET_KEY = _key
DEBUG = False

SECURE_SSL_REDIRECT = os.environ.get("UPPFOLJ_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("UPPFOLJ_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("UPPFOLJ_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
