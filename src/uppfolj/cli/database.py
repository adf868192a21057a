"""The command line's database: Django configured from `--db`, and a cheap check of the schema.

`configure` is the only place the command line sets Django up; it takes the database from the
parsed `--db` instead of the environment, so nothing is passed around through `os.environ`.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import pkgutil
import sys

import django
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from uppfolj.web.dburl import database_setting

Migration = tuple[str, str]  # (app label, migration name), as django_migrations stores it


def configure(db: str | None) -> None:
    """Point Django at `db` (else `UPPFOLJ_DB`, else `uppfolj.sqlite3`) and load the apps; call once.

    `UPPFOLJ_PRODUCTION=1` chooses the production settings (`uppfolj.web.settings_production`).
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uppfolj.web.settings")
    if os.environ.get("UPPFOLJ_PRODUCTION") == "1" and os.environ["DJANGO_SETTINGS_MODULE"] == "uppfolj.web.settings":
        # Production mode: the settings that refuse a missing secret key and lock cookies down.
        os.environ["DJANGO_SETTINGS_MODULE"] = "uppfolj.web.settings_production"
    if db:
        # Without --db the settings module has already read UPPFOLJ_DB the same way (and a
        # custom settings module keeps its own DATABASES); with it, the option wins.
        settings.DATABASES = {"default": database_setting(db)}
    django.setup()


def migrations_on_disk() -> set[Migration]:
    """Every migration file of the installed apps, found by listing their folders.

    No migration module is imported: that, and building the graph from them, is what makes
    `migrate` slow on a database that needs nothing. The file names are what django_migrations
    records.
    """
    found: set[Migration] = set()
    for app in apps.get_app_configs():
        # A class method that only looks up the module's name (MIGRATION_MODULES or
        # `<app>.migrations`); no loader is built.
        module, _explicit = MigrationLoader.migrations_module(app.label)
        spec = importlib.util.find_spec(module) if module else None
        if spec is None or spec.submodule_search_locations is None:
            continue  # an app without migrations (messages, staticfiles)
        found |= {(app.label, m.name) for m in pkgutil.iter_modules(spec.submodule_search_locations)
                  if not m.ispkg and m.name[0] not in "_~"}  # the names Django's loader skips
    return found


def pending_migrations() -> set[Migration]:
    """Migrations on disk that the database has not recorded; all of them for a new database."""
    # One query to see whether django_migrations exists ({} when it does not), one to read it.
    return migrations_on_disk() - set(MigrationRecorder(connection).applied_migrations())


def migrate() -> None:
    """Create or migrate the database."""
    call_command("migrate", verbosity=0, interactive=False)


def ensure_schema() -> None:
    """Migrate only when the schema is behind, and say so; a current database costs one query."""
    if pending_migrations():
        new = not MigrationRecorder(connection).has_table()
        print("Databasen skapas…" if new else "Databasen uppdateras till aktuell version…", file=sys.stderr, flush=True)
        migrate()


def run_init(args: argparse.Namespace) -> int:
    """`uppfolj init`: create or migrate the database, and say which; safe to run any number of times."""
    if not pending_migrations():
        print("Databasen är redan aktuell.")
        return 0
    new = not MigrationRecorder(connection).has_table()
    migrate()
    print("Databasen är skapad." if new else "Databasen är uppdaterad.")
    return 0
