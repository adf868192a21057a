"""A command migrates only when the schema is behind: a current database pays one query."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from uppfolj.cli import database
from uppfolj.cli.database import ensure_schema, migrations_on_disk, pending_migrations

UPDATING = "Databasen uppdateras till aktuell version…"
CREATING = "Databasen skapas…"


def uppfolj_migrations() -> list[str]:
    return sorted(name for app, name in migrations_on_disk() if app == "uppfolj")


def refuse(*args: Any, **kwargs: Any) -> None:
    raise AssertionError("migration code ran on a current database")


def test_migrations_on_disk_are_found_without_importing_them() -> None:
    names = uppfolj_migrations()

    assert names[0] == "0001_initial"
    assert ("auth", "0001_initial") in migrations_on_disk()
    assert all(not name.startswith("_") for name in names)


def test_current_database_is_not_migrated(db: None, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str],
                                          django_assert_num_queries: Any) -> None:
    monkeypatch.setattr(database, "call_command", refuse)
    monkeypatch.setattr(MigrationLoader, "build_graph", refuse)

    # One query sees that django_migrations exists, one reads it; no migration module is loaded.
    with django_assert_num_queries(2):
        ensure_schema()

    assert capsys.readouterr().err == ""


def test_database_missing_the_newest_migration_is_migrated(db: None, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    newest = uppfolj_migrations()[-1]
    with connection.cursor() as cursor:  # undone with the test's transaction
        cursor.execute("DELETE FROM django_migrations WHERE app = %s AND name = %s", ["uppfolj", newest])
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(database, "call_command", lambda *args, **kwargs: calls.append(args))

    assert pending_migrations() == {("uppfolj", newest)}
    ensure_schema()

    assert calls == [("migrate",)]
    assert capsys.readouterr().err == UPDATING + "\n"


def test_init_migrates_a_database_that_is_behind(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    with connection.cursor() as cursor:  # undone with the test's transaction
        cursor.execute("DELETE FROM django_migrations WHERE app = %s AND name = %s",
                       ["uppfolj", uppfolj_migrations()[-1]])
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(database, "call_command", lambda *args, **kwargs: calls.append(args))

    result = cli("init")

    assert (result.out, result.err) == ("Databasen är uppdaterad.\n", "")
    assert calls == [("migrate",)]


def run(db: Path, *argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "uppfolj", "--db", str(db), *argv], env=env,
                          capture_output=True, text=True, check=False)


def applied(db: Path) -> list[str]:
    with sqlite3.connect(db) as con:
        return sorted(r[0] for r in con.execute("SELECT name FROM django_migrations WHERE app = 'uppfolj'"))


def test_fresh_and_outdated_files_are_migrated_and_said_so(tmp_path: Path) -> None:
    db = tmp_path / "u.sqlite3"
    export = ["export", "sie", "-o", str(tmp_path / "u.se"), "--year", "2024"]  # works on an empty database

    fresh = run(db, *export)
    current = run(db, *export)
    # Take back the newest migration through the web's own configuration (the environment).
    env = dict(os.environ, UPPFOLJ_DB=str(db), DJANGO_SETTINGS_MODULE="uppfolj.web.settings")
    subprocess.run([sys.executable, "-m", "django", "migrate", "uppfolj", uppfolj_migrations()[-2], "-v", "0"],
                   env=env, check=True, capture_output=True)
    behind = applied(db)
    outdated = run(db, *export)

    assert (fresh.returncode, current.returncode, outdated.returncode) == (0, 0, 0)
    assert fresh.stderr == CREATING + "\n"
    assert current.stderr == ""
    assert behind == uppfolj_migrations()[:-1]
    assert outdated.stderr == UPDATING + "\n"
    assert applied(db) == uppfolj_migrations()


def test_init_says_what_it_did(tmp_path: Path) -> None:
    db = tmp_path / "u.sqlite3"

    created, again = run(db, "init"), run(db, "init")

    assert (created.stdout, created.stderr) == ("Databasen är skapad.\n", "")
    assert (again.stdout, again.stderr) == ("Databasen är redan aktuell.\n", "")


def test_init_in_process_on_the_test_database(cli: Any) -> None:
    assert cli("init").out == "Databasen är redan aktuell.\n"
