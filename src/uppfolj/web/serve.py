"""`uppfolj serve`: the Django application behind a threaded WSGI server (standard library)."""

from __future__ import annotations

import os
import sys

from django.conf import settings
from django.core.servers.basehttp import WSGIServer
from django.core.servers.basehttp import run as run_wsgi
from django.core.wsgi import get_wsgi_application


def run(host: str, port: int) -> int:
    """Serve until interrupted; static files come through WhiteNoise, so nothing else is needed."""
    if host not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS.append(host)
    application = get_wsgi_application()
    shown = f"[{host}]" if ":" in host else host
    print(f"Uppföljning körs på http://{shown}:{port}/ (avsluta med Ctrl+C)", flush=True)
    if os.environ.get("DJANGO_SETTINGS_MODULE", "").endswith("settings") and settings.DEBUG:
        print("Varning: UPPFOLJ_DEBUG=1 – använd inte i produktion.", file=sys.stderr)
    try:
        run_wsgi(host, port, application, ipv6=":" in host, threading=True, server_cls=WSGIServer)
    except KeyboardInterrupt:
        print("Avslutat.")
    except OSError as exc:
        print(f"uppfolj: kan inte lyssna på {host}:{port}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0
