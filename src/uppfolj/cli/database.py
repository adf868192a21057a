"""Configure Django for the command line from `--db` / `UPPFOLJ_DB`."""

from __future__ import annotations

import os

import django


def setup_django(db: str | None) -> None:
    """Point Django at the chosen database and load the apps; call once, before any model import."""
    if db:
        os.environ["UPPFOLJ_DB"] = db
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uppfolj.web.settings")
    django.setup()


def migrate(verbosity: int = 0) -> None:
    """Create or migrate the database; harmless when it is up to date."""
    from django.core.management import call_command  # noqa: PLC0415 - needs django.setup() first

    call_command("migrate", verbosity=verbosity, interactive=False)
