"""`uppfolj backup` and `uppfolj restore`: a backup restored into a fresh database gives every
report byte for byte, and the audit log says what happened.

Run as real processes against databases of their own, as an IT department runs them: SQLite
files always; on PostgreSQL (when `UPPFOLJ_DB` is a postgresql:// URL, as scripts/test.sh sets
it for its second run) two fresh databases on the same server, skipped without pg_dump.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.web.conftest import CASE

PG_URL = os.environ.get("UPPFOLJ_DB", "") if os.environ.get("UPPFOLJ_DB", "").startswith("postgres") else ""
KINDS = ("monthly", "february", "interim", "annual")

COMMENTS = ("ar;manad;enhet;rubrik;text\n"
            "2024;3;515;Utfall;Placeringskostnaderna är högre än budget.\n"
            "2024;3;515;Analys;Två nya HVB-placeringar i februari.\n"
            "2024;3;516;Åtgärd;Översyn av bemanningen i hemtjänsten.\n")
REASONS = ("ar;manad;enhet;text;belopp\n"
           "2024;3;515;Fler placeringar HVB;-1 800 000\n"
           "2024;3;517;Vakanser sjuksköterskor;450 000\n")
ACTIONS = ("ar;manad;enhet;text;status\n"
           "2024;2;515;Hemmaplanslösningar i stället för HVB;pågår\n"
           "2024;3;516;Ny schemaläggning;planerad\n")
STATISTICS = ("ar;manad;enhet;matt;varde;namn;enhetstext;typ;rad\n"
              "2024;1;515;vardygn;1 240;Vårddygn HVB;dygn;summa;\n"
              "2024;2;515;vardygn;1 102,5;;;;\n"
              "2024;3;515;vardygn;1 190;;;;\n")
GOALS = ("ar;kod;namn;indikator;enhet;malvarde;riktning;utfall;foregaende;kalla\n"
         "2024;M1;Fler barn i familjehem;Andel placerade i familjehem, %;515;75,5;hogre;71,25;68;\n"
         "2024;M2;Kortare väntetid;Väntetid till särskilt boende, dagar;517;60;lagre;;72;\n")
RISKS = ("ar;manad;enhet;risk;sannolikhet;konsekvens;belopp;ansvarig;atgard\n"
         "2024;2;515;Fler placeringar HVB;3;4;4 500 000;Avdelningschef;Hemmaplanslösningar\n"
         "2024;3;516;Brist på sjuksköterskor;2;3;;HR;Rekrytering\n")

# Runs a list of `uppfolj` commands in one process (one Django start-up) against argv[1]'s database.
BATCH = """
import json, sys
from uppfolj.cli.database import configure, ensure_schema
from uppfolj.cli.parser import build_parser
configure(sys.argv[1])
ensure_schema()
from uppfolj.cli.main import execute
for argv in json.loads(sys.argv[2]):
    if execute(build_parser().parse_args(argv)) != 0:
        sys.exit(f"failed: {argv}")
"""


def uppfolj(db: str, *argv: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "uppfolj", "--db", db, *map(str, argv)],
                          capture_output=True, text=True, check=False)


def batch(db: str, commands: list[list[str]]) -> None:
    done = subprocess.run([sys.executable, "-c", BATCH, db, json.dumps(commands)], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr


def build(db: str, folder: Path) -> None:
    """The acceptance organisation with budget, actuals and forecasts, and the committee's texts,
    volumes, goals and risks; February locked (its published report stored), March open."""
    files = {}
    for name, text in (("comments", COMMENTS), ("reasons", REASONS), ("actions", ACTIONS),
                       ("statistics", STATISTICS), ("goals", GOALS), ("risks", RISKS)):
        files[name] = folder / f"{name}.csv"
        files[name].write_text(text, encoding="utf-8")
    commands = [["import", kind, str(CASE / f"{kind}.csv")]
                for kind in ("organisation", "budget", "actuals", "forecasts")]
    commands += [["import", kind, str(path)] for kind, path in files.items()]
    commands += [["period", "open", "--year", "2024", "--month", "2"], ["period", "lock", "--year", "2024", "--month", "2"],
                 ["period", "open", "--year", "2024", "--month", "3", "--deadline", "2024-04-10"]]
    batch(db, commands)


def write_reports(db: str, folder: Path) -> dict[str, bytes]:
    """Every kind of JSON report for every month of 2024, by file name."""
    folder.mkdir()
    batch(db, [["report", "--year", "2024", "--month", str(month), "--kind", kind, "--format", "json",
                "--date", "2024-04-12", "-o", str(folder / f"{kind}-{month:02d}.json")]
               for kind in KINDS for month in range(1, 13)])
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def audit_actions(db: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", """
import sys
from uppfolj.cli.database import configure
configure(sys.argv[1])
from uppfolj.web.models import AuditEntry
print("\\n".join(AuditEntry.objects.order_by("pk").values_list("action", flat=True)))
""", db], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite database migrated and empty, copied where a test needs one (migrating takes seconds)."""
    path = tmp_path_factory.mktemp("mall") / "tom.sqlite3"
    assert uppfolj(str(path), "init").returncode == 0
    return path


def migrate_empty(db: str, template: Path) -> None:
    """`db` migrated and empty: a copy of the template on SQLite, `uppfolj init` on PostgreSQL."""
    if PG_URL:
        assert uppfolj(db, "init").returncode == 0
    else:
        shutil.copyfile(template, db)


@pytest.fixture
def databases(tmp_path: Path, migrated: Path) -> Iterator[tuple[str, str]]:
    """The source, migrated and empty, and a fresh target that does not exist yet or is an empty
    database (a file on SQLite, new databases on PostgreSQL)."""
    if not PG_URL:
        shutil.copyfile(migrated, tmp_path / "kalla.sqlite3")
        yield str(tmp_path / "kalla.sqlite3"), str(tmp_path / "mal.sqlite3")
        return
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump/pg_restore saknas")
    import psycopg

    parts = urlsplit(PG_URL)
    names = [f"uppfolj_backup_{role}_{uuid.uuid4().hex[:8]}" for role in ("kalla", "mal")]
    with psycopg.connect(PG_URL, autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    try:
        src, dst = (urlunsplit(parts._replace(path=f"/{name}")) for name in names)
        migrate_empty(src, migrated)
        yield src, dst
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_restored_backup_gives_every_report_byte_for_byte(databases: tuple[str, str], tmp_path: Path) -> None:
    src, dst = databases
    build(src, tmp_path)
    before = write_reports(src, tmp_path / "fore")
    backup = tmp_path / "uppfolj.backup"

    made = uppfolj(src, "backup", "-o", backup)
    restored = uppfolj(dst, "restore", backup)

    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith(f"Säkerhetskopian är skriven: {backup} (")
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout == "Databasen är återställd från uppfolj.backup.\n"
    after = write_reports(dst, tmp_path / "efter")
    assert len(before) == 48
    assert list(after) == list(before)
    differing = [name for name in before if after[name] != before[name]]
    assert differing == []
    march = json.loads(after["monthly-03.json"])
    assert march["units"][0]["actual"] == json.loads(before["monthly-03.json"])["units"][0]["actual"] != 0
    # The restored log is the backup's, then the restore; the source logged the backup after copying.
    source_log, restored_log = audit_actions(src), audit_actions(dst)
    assert source_log[-1] == "uppfolj.database.backup"
    assert restored_log == [*source_log[:-1], "uppfolj.database.restored"]
    assert "uppfolj.period.locked" in restored_log


def test_restore_refuses_a_database_with_data_unless_forced(databases: tuple[str, str], tmp_path: Path,
                                                            migrated: Path) -> None:
    src, dst = databases
    batch(src, [["import", "organisation", str(CASE / "organisation.csv")]])
    backup = tmp_path / "org.backup"
    assert uppfolj(src, "backup", "-o", backup).returncode == 0
    migrate_empty(dst, migrated)
    batch(dst, [["import", "organisation", str(CASE / "organisation.csv")],
                ["import", "budget", str(CASE / "budget.csv")]])

    refused = uppfolj(dst, "restore", backup)
    forced = uppfolj(dst, "restore", backup, "--force")

    assert refused.returncode == 1
    assert refused.stderr == ("uppfolj: databasen innehåller redan data; återställ till en ny, tom databas eller "
                              "ange --force för att ersätta den (ta först en säkerhetskopia av den)\n")
    assert forced.returncode == 0, forced.stderr
    # The budget the target had is gone with its log: the backup held only the organisation.
    assert audit_actions(dst) == ["uppfolj.import.organisation", "uppfolj.database.restored"]


def test_restore_into_a_migrated_empty_database(databases: tuple[str, str], tmp_path: Path, migrated: Path) -> None:
    src, dst = databases
    batch(src, [["import", "organisation", str(CASE / "organisation.csv")]])
    backup = tmp_path / "org.backup"
    assert uppfolj(src, "backup", "-o", backup).returncode == 0
    migrate_empty(dst, migrated)  # as `uppfolj init` leaves it: every table, no data

    restored = uppfolj(dst, "restore", backup)

    assert restored.returncode == 0, restored.stderr
    assert audit_actions(dst) == ["uppfolj.import.organisation", "uppfolj.database.restored"]


def test_files_that_are_not_backups_are_refused_in_one_line(databases: tuple[str, str], tmp_path: Path) -> None:
    _src, dst = databases
    other = tmp_path / "fel.backup"
    other.write_bytes(b"SQLite format 3\x00" if PG_URL else b"PGDMP\x01\x0e")

    csv = uppfolj(dst, "restore", CASE / "budget.csv")
    wrong_kind = uppfolj(dst, "restore", other)
    missing = uppfolj(dst, "restore", tmp_path / "finns-inte.backup")

    assert (csv.returncode, csv.stderr) == (1, "uppfolj: budget.csv: filen är ingen säkerhetskopia från uppfolj backup\n")
    expected = ("uppfolj: fel.backup: säkerhetskopian är från PostgreSQL men databasen är SQLite; "
                "återställ till samma slags databas\n") if not PG_URL else (
                "uppfolj: fel.backup: säkerhetskopian är från SQLite men databasen är PostgreSQL; "
                "återställ till samma slags databas\n")
    assert (wrong_kind.returncode, wrong_kind.stderr) == (1, expected)
    assert missing.returncode == 1
    assert missing.stderr == f"uppfolj: {tmp_path / 'finns-inte.backup'}: filen finns inte\n"


@pytest.mark.skipif(bool(PG_URL), reason="SQLite files")
def test_sqlite_backup_is_one_consistent_file_while_the_database_is_open(tmp_path: Path, migrated: Path) -> None:
    src = str(tmp_path / "kalla.sqlite3")
    migrate_empty(src, migrated)
    batch(src, [["import", "organisation", str(CASE / "organisation.csv")]])
    # A writer holds the live database open in WAL mode with changes not yet checkpointed.
    live = sqlite3.connect(src)
    live.execute("PRAGMA journal_mode=WAL")
    live.execute("UPDATE uppfolj_orgunit SET name = 'Barn och familj' WHERE code = '515'")
    live.commit()
    backup = tmp_path / "kopia.sqlite3"

    made = uppfolj(src, "backup", "-o", backup)
    live.close()

    assert made.returncode == 0, made.stderr
    assert not list(tmp_path.glob(".kopia.sqlite3*"))  # no half file left beside it
    copy = sqlite3.connect(backup)
    assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert copy.execute("SELECT name FROM uppfolj_orgunit WHERE code = '515'").fetchone() == ("Barn och familj",)
    copy.close()
    missing = uppfolj(str(tmp_path / "finns-inte.sqlite3"), "backup", "-o", tmp_path / "x")
    assert (missing.returncode, missing.stderr) == (1, f"uppfolj: databasen {tmp_path / 'finns-inte.sqlite3'} finns inte\n")
    assert not (tmp_path / "finns-inte.sqlite3").exists()


FAKE_PG = """#!{python}
# Stands in for a PostgreSQL client program: records what it was given, fails when told.
import json, os, sys
log = os.environ["FAKE_PG_LOG"]
with open(log, "a") as out:
    out.write(json.dumps({{"argv": sys.argv, "password": os.environ.get("PGPASSWORD"),
                          "sslmode": os.environ.get("PGSSLMODE")}}) + "\\n")
if os.environ.get("FAKE_PG_FAIL"):
    sys.stderr.write('pg_dump: error: connection to server failed: FATAL:  password authentication failed for user "uppfolj"\\n'
                     'pg_dump: detail: more\\n')
    sys.exit(1)
if "--file" in sys.argv:
    with open(sys.argv[sys.argv.index("--file") + 1], "wb") as dump:
        dump.write(b"PGDMP fake")
"""


def test_pg_clients_get_the_password_in_the_environment_never_on_the_command_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from uppfolj.core.errors import UserError
    from uppfolj.web.dburl import database_setting
    from uppfolj.web.domain import backup

    folder = tmp_path / "bin"
    folder.mkdir()
    for program in ("pg_dump", "pg_restore"):
        (folder / program).write_text(FAKE_PG.format(python=sys.executable), encoding="utf-8")
        (folder / program).chmod(0o755)
    log = tmp_path / "calls.jsonl"
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_PG_LOG", str(log))
    db = database_setting("postgresql://uppfolj:hemligt%20l%C3%B6sen@db.kommun.se:5433/uppfolj?sslmode=require")
    dump = tmp_path / "kopia.backup"

    backup.run_pg("pg_dump", db, "--format=custom", "--file", str(dump))
    backup.run_pg("pg_restore", db, "--clean", "--if-exists", "--single-transaction", str(dump))
    monkeypatch.setenv("FAKE_PG_FAIL", "1")
    with pytest.raises(UserError) as failed:
        backup.run_pg("pg_dump", db, "--format=custom", "--file", str(dump))

    calls = [json.loads(line) for line in log.read_text().splitlines()]
    assert [c["argv"][1:] for c in calls[:2]] == [
        ["--host", "db.kommun.se", "--port", "5433", "--username", "uppfolj", "--no-password",
         "--format=custom", "--file", str(dump), "--dbname", "uppfolj"],
        ["--host", "db.kommun.se", "--port", "5433", "--username", "uppfolj", "--no-password",
         "--clean", "--if-exists", "--single-transaction", str(dump), "--dbname", "uppfolj"]]
    assert {(c["password"], c["sslmode"]) for c in calls} == {("hemligt lösen", "require")}
    assert not any("hemligt" in arg for c in calls for arg in c["argv"])
    assert backup.backup_kind(dump) == "postgresql"
    assert str(failed.value) == ('pg_dump misslyckades: pg_dump: error: connection to server failed: FATAL:  '
                                 'password authentication failed for user "uppfolj"')
