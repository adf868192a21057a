"""`uppfolj serve`: the Django application behind gunicorn.

Choices, for an IT department reading this:
- gunicorn with *gthread* workers: processes for the cores, threads inside them for requests that
  wait on the database or on a slow client. A sync worker is blocked by one long request (a PDF
  report takes seconds), and the arbiter kills a sync worker whose request outlasts the timeout;
  a gthread worker keeps answering its heartbeat and its other threads keep serving. Threads also
  hold keep-alive connections, which matters when no proxy buffers in front (`make demo`).
- workers = 2 × cores + 1 (the cores this process may run on), 4 threads each; `--workers` and
  `--threads` override.
- static files by WhiteNoise from a collected folder: `collectstatic` runs at start when the
  application's files changed since the last run, into `UPPFOLJ_STATIC_ROOT` (default
  `~/.cache/uppfolj/static`), with hashed names that are cached for a year and compressed copies.
  If that folder cannot be written, the files are served from the package, cached for a minute.
- the application is loaded once in the master and forked (`preload_app`): a broken setting stops
  the start with one message instead of workers dying in a loop; workers are replaced after
  about 2000 requests so that memory cannot creep.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import socket
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import connections
from django.utils.functional import empty
from gunicorn.app.base import BaseApplication

from uppfolj import __version__

THREADS = 4
MANIFEST_STORAGE = "uppfolj.web.staticstorage.StaticStorage"
STAMP = ".uppfolj-static"


def default_workers() -> int:
    """2 × the cores this process may use (CPU affinity, so a container's or taskset's limit) + 1."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return 2 * cores + 1


def run(host: str, port: int, *, workers: int | None = None, threads: int | None = None,
        access_log: str = "-", error_log: str = "-") -> int:
    """Serve until interrupted (Ctrl+C or SIGTERM); 1 when the address cannot be used."""
    production = bool(getattr(settings, "UPPFOLJ_PRODUCTION", False))
    if not production and host not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS.append(host)
    try:
        check_address(host, port)
    except OSError as exc:
        print(f"uppfolj: kan inte lyssna på {host}:{port}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    warn_about_settings(production)
    static = prepare_static()
    # Nothing the master opened may be shared by the forked workers (a PostgreSQL socket would be).
    connections.close_all()
    workers = workers or default_workers()
    threads = threads or THREADS
    shown = f"[{host}]" if ":" in host else host
    options: dict[str, Any] = {
        "bind": f"{shown}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "preload_app": True,
        "timeout": 120,
        "graceful_timeout": 30,
        # Longer than nginx keeps an idle upstream connection (60 s) and than a person pauses
        # between clicks: the client closes first. Had the server closed first, a request sent as
        # it closed would be reset (nginx does not resend a POST; a script client resends nothing).
        "keepalive": 75,
        "max_requests": 2000,
        "max_requests_jitter": 200,
        "accesslog": access_log,
        "errorlog": error_log,
        "loglevel": "info",
        "proc_name": "uppfolj",
        "control_socket_disable": True,  # gunicorn 27's control socket is one per user: two servers would collide
        "when_ready": lambda _server: print(
            f"Uppföljning körs på http://{shown}:{port}/ (avsluta med Ctrl+C) – gunicorn, "
            f"{workers} processer × {threads} trådar, statiska filer {static}", flush=True),
    }
    master = os.getpid()
    try:
        Server(get_wsgi_application, options).run()
    except KeyboardInterrupt:
        if os.getpid() != master:
            raise
    except SystemExit as exc:  # the arbiter ends with sys.exit
        if os.getpid() != master:
            raise  # a forked worker leaving: it must not go on through the command line's code
        if exc.code not in (None, 0):
            return int(exc.code) if isinstance(exc.code, int) else 1
    print("Avslutat.", flush=True)
    return 0


def check_address(host: str, port: int) -> None:
    """Raise OSError now, in Swedish hands, if the address is taken (gunicorn would retry for 5 s)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))


def warn_about_settings(production: bool) -> None:
    if not production:
        print("Obs: utvecklingsläge med inbyggd nyckel; sätt UPPFOLJ_PRODUCTION=1 och UPPFOLJ_SECRET_KEY "
              "för drift (se docs/drift.md).", file=sys.stderr)
        if settings.DEBUG:
            print("Varning: UPPFOLJ_DEBUG=1 – använd inte i produktion.", file=sys.stderr)
        return
    if "UPPFOLJ_ALLOWED_HOSTS" not in os.environ:
        print("Varning: UPPFOLJ_ALLOWED_HOSTS är inte satt; bara 127.0.0.1 och localhost godtas som värdnamn.",
              file=sys.stderr)


def prepare_static() -> str:
    """Collect the static files when they changed and serve the collected ones; say which it is."""
    root = Path(settings.STATIC_ROOT) if settings.STATIC_ROOT else default_static_root()
    try:
        root.mkdir(parents=True, exist_ok=True)
        use_static_root(root)
        with locked(root / ".lock"):
            stamp = root / STAMP
            fingerprint = static_fingerprint()
            if not (root / "staticfiles.json").is_file() or not stamp.is_file() or stamp.read_text() != fingerprint:
                call_command("collectstatic", interactive=False, verbosity=0)
                stamp.write_text(fingerprint)
    except Exception as exc:  # a read-only folder, a full disk, a CSS file naming a missing one
        print(f"Varning: de statiska filerna kunde inte samlas i {root} ({exc}); de serveras från paketet.",
              file=sys.stderr)
        settings.STATIC_ROOT = None
        settings.STORAGES = {**settings.STORAGES,
                             "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
        settings.WHITENOISE_USE_FINDERS = True
        reset_storages()
        return "från paketet"
    settings.WHITENOISE_USE_FINDERS = False  # everything is in STATIC_ROOT; no finder lookups per file
    return f"från {root}"


def default_static_root() -> Path:
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "uppfolj" / "static"


def use_static_root(root: Path) -> None:
    settings.STATIC_ROOT = str(root)
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
    reset_storages()


def reset_storages() -> None:
    """Forget storages built from the old settings (what Django's tests do on `setting_changed`)."""
    storages.__dict__.pop("backends", None)
    storages._backends = None  # type: ignore[attr-defined]
    storages._storages = {}  # type: ignore[attr-defined]
    staticfiles_storage._wrapped = empty  # type: ignore[attr-defined]
    finders.get_finder.cache_clear()  # type: ignore[attr-defined]


def static_fingerprint() -> str:
    """The name, size and time of every file the finders see, with the versions that hash them."""
    digest = hashlib.sha256(f"{__version__} {django.get_version()}\n".encode())
    for finder in finders.get_finders():
        for path, storage in sorted(finder.list(["CVS", ".*", "*~"]), key=lambda item: item[0]):
            info = os.stat(storage.path(path))
            digest.update(f"{getattr(storage, 'prefix', '') or ''}/{path} {info.st_size} {info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Two servers starting at once do not collect into the same folder together."""
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class Server:
    """gunicorn's arbiter for an application object given in code rather than by import path."""

    def __init__(self, load: Callable[[], Any], options: dict[str, Any]) -> None:
        outer = self

        class Application(BaseApplication):  # type: ignore[misc]
            def load_config(self) -> None:
                for key, value in options.items():
                    self.cfg.set(key, value)

            def load(self) -> Any:
                return outer.load()

        self.load = load
        self.application = Application()

    def run(self) -> None:
        self.application.run()
