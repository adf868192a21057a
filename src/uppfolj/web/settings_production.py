"""Production settings: a real secret key is required; cookies and headers are locked down.

Chosen by `UPPFOLJ_PRODUCTION=1` (or `DJANGO_SETTINGS_MODULE=uppfolj.web.settings_production`).
The application runs behind a reverse proxy that ends TLS and sets `X-Forwarded-Proto`;
`UPPFOLJ_HTTPS=0` is for an installation reached over plain HTTP only (not recommended): it
turns off the secure cookies, the redirect to HTTPS and HSTS, which would otherwise lock it out.
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from uppfolj.web.settings import *  # noqa: F403
from uppfolj.web.settings import ALLOWED_HOSTS as _HOSTS
from uppfolj.web.settings import DEVELOPMENT_SECRET_KEY as _DEVELOPMENT_KEY

UPPFOLJ_PRODUCTION = True

_key = os.environ.get("UPPFOLJ_SECRET_KEY", "")
if not _key or _key == _DEVELOPMENT_KEY or len(_key) < 50 or len(set(_key)) < 5:
    raise ImproperlyConfigured(
        "UPPFOLJ_SECRET_KEY måste vara satt till en egen slumpmässig nyckel (minst 50 tecken) i produktion."
    )
SECRET_KEY = _key
DEBUG = False

HTTPS = os.environ.get("UPPFOLJ_HTTPS", "1") == "1"
# The proxy ends TLS and says so in X-Forwarded-Proto; it must set (not pass on) that header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS and os.environ.get("UPPFOLJ_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("UPPFOLJ_HSTS_SECONDS", str(365 * 24 * 60 * 60))) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
# The __Host- prefix makes browsers refuse the cookie unless it is Secure, so only with HTTPS.
SESSION_COOKIE_NAME = "__Host-sessionid" if HTTPS else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if HTTPS else "csrftoken"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Origins whose form posts are accepted; by default the allowed host names over the scheme in use
# (needed when the proxy does not pass the Host header on).
_scheme = "https" if HTTPS else "http"
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("UPPFOLJ_CSRF_TRUSTED_ORIGINS", "").split(",") if o] or [
    f"{_scheme}://{host}" for host in _HOSTS if host and host not in ("*", "testserver") and not host.startswith(".")
]
