"""The database setting from `--db` / `UPPFOLJ_DB`: a URL, or a path to an SQLite file."""

from __future__ import annotations

import os
from typing import Any

import dj_database_url

DEFAULT_SQLITE = "uppfolj.sqlite3"


def database_setting(url: str | None = None) -> dict[str, Any]:
    """Django's DATABASES['default'] for a URL (postgresql://, sqlite:///) or a plain file path."""
    value = url or os.environ.get("UPPFOLJ_DB") or DEFAULT_SQLITE
    if "://" not in value:
        path = os.path.abspath(value)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": path, **_sqlite_options()}
    config: dict[str, Any] = dict(dj_database_url.parse(value))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config.update(_sqlite_options())
    else:
        config.setdefault("OPTIONS", {})
        # A worker thread keeps its connection (no new login per request); a connection that
        # died with a database restart is noticed at the next request and replaced.
        config["CONN_MAX_AGE"] = int(os.environ.get("UPPFOLJ_DB_CONN_MAX_AGE", "60"))
        config["CONN_HEALTH_CHECKS"] = True
    return config


def _sqlite_options() -> dict[str, Any]:
    # WAL lets the web application read while an import writes; a busy timeout avoids
    # "database is locked" when two processes meet. IMMEDIATE takes the write lock when a
    # transaction begins, so the timeout applies: a deferred transaction that reads and then
    # writes fails at once when another process (a gunicorn worker) wrote in between.
    return {
        "OPTIONS": {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    }
