"""Backup and restore of the whole database: SQLite through its online backup API, PostgreSQL
through `pg_dump` / `pg_restore` (custom format).

A backup is a consistent snapshot taken while the application runs (SQLite's backup copies the
pages under one read lock; pg_dump reads in one repeatable-read transaction), written to a
temporary file beside the target and renamed over it only when complete, so a failed or
interrupted backup never leaves a half file under the target's name.

A restore replaces the whole database, the audit log included: the restored log is the backup's,
to which the restore itself is appended (`uppfolj.database.restored`, with the file's SHA-256, so
it can be matched with the `uppfolj.database.backup` row the backed-up database wrote). What the
replaced database logged after the backup is gone with it; that is why a database holding data is
only replaced with `force`.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection

from uppfolj.core.errors import UserError
from uppfolj.web.domain.audit import log_action
from uppfolj.web.models import AuditEntry

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"  # pg_dump's custom format
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


@dataclass(frozen=True)
class BackupFile:
    path: Path
    engine: str  # "sqlite" or "postgresql"
    size: int  # bytes
    sha256: str


def engine() -> str:
    """"sqlite" or "postgresql": the backend of the default database."""
    vendor = connection.vendor
    if vendor not in ENGINE_NAMES:
        raise UserError(f"säkerhetskopiering stöds bara för SQLite och PostgreSQL, inte {vendor}")
    return vendor


def backup_database(target: Path, *, user: Any) -> BackupFile:
    """Write a backup of the default database to `target` and log it in the database."""
    kind = engine()
    _require_schema()
    target = target.resolve()
    if target.is_dir():
        raise UserError(f"{target} är en mapp; ange en fil")
    if not target.parent.is_dir():
        raise UserError(f"mappen {target.parent} finns inte")
    partial = target.with_name(f".{target.name}.{os.getpid()}.ofullständig")
    try:
        if kind == "sqlite":
            _sqlite_backup(partial)
        else:
            _pg_dump(partial)
        _fsync(partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    made = BackupFile(target, kind, target.stat().st_size, _sha256(target))
    # Logged after the copy: the live database records that (and where) it was backed up; the
    # copy itself ends with the change before.
    log_action("uppfolj.database.backup", user=user, object_type="database", object_key=target.name,
               new={"file": str(target), "format": kind, "bytes": made.size, "sha256": made.sha256})
    return made


def restore_database(source: Path, *, force: bool) -> tuple[BackupFile, bool]:
    """Replace the default database with the backup `source`; the file, and whether the replaced
    database held data.

    Refuses a file that is not a backup of this database's kind, and a database that already
    holds data unless `force`. Does not migrate: the caller brings an older backup up to date,
    then logs the restore with `log_restore`.
    """
    kind = engine()
    if not source.is_file():
        raise UserError(f"{source}: filen finns inte")
    found = backup_kind(source)
    if found is None:
        raise UserError(f"{source.name}: filen är ingen säkerhetskopia från uppfolj backup")
    if found != kind:
        raise UserError(f"{source.name}: säkerhetskopian är från {ENGINE_NAMES[found]} men databasen är "
                        f"{ENGINE_NAMES[kind]}; återställ till samma slags databas")
    had_data = holds_data()
    if had_data and not force:
        raise UserError("databasen innehåller redan data; återställ till en ny, tom databas eller ange --force "
                        "för att ersätta den (ta först en säkerhetskopia av den)")
    if kind == "sqlite":
        _sqlite_restore(source)
    else:
        _pg_restore(source)
    connection.close()  # the next query reads the restored schema on a new connection
    return BackupFile(source.resolve(), kind, source.stat().st_size, _sha256(source)), had_data


def log_restore(restored: BackupFile, *, replaced: bool, user: Any) -> None:
    """Append the restore to the restored database's own audit log (after any migration)."""
    last = AuditEntry.objects.order_by("-at", "-pk").values_list("at", flat=True).first()
    log_action("uppfolj.database.restored", user=user, object_type="database", object_key=restored.path.name,
               new={"file": str(restored.path), "format": restored.engine, "bytes": restored.size,
                    "sha256": restored.sha256, "last_entry_in_backup": last.isoformat() if last else None,
                    "replaced_data": replaced})


def backup_kind(path: Path) -> str | None:
    """"sqlite" or "postgresql" from the file's first bytes, None for anything else."""
    with path.open("rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_MAGIC):
        return "postgresql"
    return None


def holds_data() -> bool:
    """Whether any of uppfolj's tables, or the users, has a row (a migrated, empty database has none)."""
    tables = set(connection.introspection.table_names())
    models = [*apps.get_app_config("uppfolj").get_models(), apps.get_model("auth", "User")]
    return any(m._meta.db_table in tables and m._default_manager.exists() for m in models)


def _require_schema() -> None:
    name = str(settings.DATABASES["default"].get("NAME") or "")
    in_memory = name == ":memory:" or "mode=memory" in name
    if connection.vendor == "sqlite" and not in_memory and not Path(name).is_file():
        raise UserError(f"databasen {name} finns inte")  # checked before connecting creates it
    if "django_migrations" not in connection.introspection.table_names():
        raise UserError("databasen är tom eller inte en uppfolj-databas; det finns inget att säkerhetskopiera")


# SQLite ------------------------------------------------------------------------------------------


def _sqlite_connection() -> sqlite3.Connection:
    connection.ensure_connection()
    raw = connection.connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


def _sqlite_backup(partial: Path) -> None:
    if connection.in_atomic_block:
        raise RuntimeError("a backup is taken outside a transaction")
    copy = sqlite3.connect(partial)
    try:
        # All pages in one step, under one read lock: a consistent snapshot even while the web
        # application writes (WAL lets it go on writing meanwhile).
        _sqlite_connection().backup(copy)
        # One self-contained file, whatever journal mode the live database uses.
        copy.execute("PRAGMA journal_mode=DELETE")
        if copy.execute("PRAGMA quick_check").fetchone() != ("ok",):
            raise UserError("säkerhetskopian blev inte hel (quick_check); försök igen")
    finally:
        copy.close()


def _sqlite_restore(source: Path) -> None:
    backup = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        try:
            ok = backup.execute("PRAGMA quick_check").fetchone() == ("ok",)
            is_ours = backup.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'").fetchone()
        except sqlite3.DatabaseError as error:
            raise UserError(f"{source.name}: säkerhetskopian går inte att läsa ({error})") from None
        if not ok:
            raise UserError(f"{source.name}: säkerhetskopian är skadad (quick_check)")
        if not is_ours:
            raise UserError(f"{source.name}: filen är ingen säkerhetskopia från uppfolj backup")
        # The backup API replaces every page of the live database in one step, under its write lock.
        backup.backup(_sqlite_connection())
    finally:
        backup.close()


# PostgreSQL --------------------------------------------------------------------------------------


def pg_command(program: str, db: dict[str, Any], *args: str) -> tuple[list[str], dict[str, str]]:
    """The command line and environment for a PostgreSQL client program: the connection from
    Django's database setting `db`, the password in PGPASSWORD (never on the command line, where
    `ps` shows it)."""
    path = shutil.which(program)
    if path is None:
        raise UserError(f"{program} finns inte; installera PostgreSQL-klienten (Debian: apt install postgresql-client) "
                        "i samma version som servern eller nyare")
    env = dict(os.environ)
    command = [path]
    if db.get("HOST"):
        command += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        command += ["--port", str(db["PORT"])]
    if db.get("USER"):
        command += ["--username", str(db["USER"])]
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    options = db.get("OPTIONS") or {}
    for option, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT"),
                             ("sslcert", "PGSSLCERT"), ("sslkey", "PGSSLKEY")):
        if options.get(option):
            env[variable] = str(options[option])
    command += ["--no-password", *args, "--dbname", str(db["NAME"])]
    return command, env


def run_pg(program: str, db: dict[str, Any], *args: str) -> None:
    """Run a PostgreSQL client program against `db`; its first line of error as a `UserError`."""
    command, env = pg_command(program, db, *args)
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = [line.strip() for line in done.stderr.splitlines() if line.strip()]
        detail = lines[0] if lines else f"slutstatus {done.returncode}"
        raise UserError(f"{program} misslyckades: {detail}")


def _pg_dump(partial: Path) -> None:
    run_pg("pg_dump", settings.DATABASES["default"], "--format=custom", "--file", str(partial))


def _pg_restore(source: Path) -> None:
    connection.close()  # no session of ours holds a lock on what pg_restore drops
    # --clean --if-exists drops what the backup holds before creating it; one transaction, so a
    # failed restore leaves the database as it was.
    run_pg("pg_restore", settings.DATABASES["default"], "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
            "--exit-on-error", str(source))


# Files -------------------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fsync(path: Path) -> None:
    with path.open("rb+") as file:
        os.fsync(file.fileno())
