"""Disk full during an import: one Swedish line, and the database exactly as before.

The disk fills up in three places: inside the import's transaction after its rows are written
(an `OSError` ENOSPC, as a write of the database or of a file under it raises it), in SQLite
itself (`PRAGMA max_page_count` makes SQLite answer SQLITE_FULL, its "database or disk is full",
on the next page it needs), and while the web writes the uploaded file to its temporary folder
(the file is `/dev/full`, which fails every write with ENOSPC).
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from uppfolj.core.errors import is_disk_full

# April's ledger for three units: what the failing imports try to add.
APRIL = ("period;ansvar;konto;belopp;text\n"
         "202404;5150;5011;1 250 000;Löner april\n"
         "202404;5160;5011;980 000;Löner april\n"
         "202404;5170;4610;-120 000;Avgifter april\n")
CLI_MESSAGE = ("uppfolj: Disken är full: utfall-april.csv lästes inte in och databasen är som före inläsningen. "
               "Frigör utrymme och försök igen.\n")
WEB_MESSAGE = ("utfall-april.csv: Disken är full på servern; filen lästes inte in och databasen är som före "
               "inläsningen. Försök igen när utrymme har frigjorts.")


def state(cli: Callable[..., Any], folder: Path) -> dict[str, Any]:
    """Every table's row count, and the April report (bytes) the failed import would have changed."""
    from django.apps import apps

    counts = {m.__name__: m._default_manager.count() for m in apps.get_app_config("uppfolj").get_models()}
    out = folder / f"report-{len(list(folder.glob('report-*')))}.json"
    assert cli("report", "--year", "2024", "--month", "4", "--date", "2024-05-10", "-o", out).code == 0
    return {"counts": counts, "report": out.read_bytes()}


@pytest.fixture
def april(org: None, write: Callable[..., Path]) -> Path:
    return write("utfall-april.csv", APRIL)


def fail_after_rows_written(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Make the import's last write inside its transaction fail with ENOSPC; record how many
    ledger rows the transaction had written by then (so the rollback is seen to undo them)."""
    from uppfolj.web.domain import imports
    from uppfolj.web.models import LedgerRow

    seen: list[int] = []

    def full(*args: Any, **kwargs: Any) -> None:
        seen.append(LedgerRow.objects.filter(year=2024, month=4).count())
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(imports, "finish_import", full)
    return seen


def test_cli_import_on_a_full_disk_says_so_and_changes_nothing(
        cli: Callable[..., Any], april: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = state(cli, tmp_path)
    written = fail_after_rows_written(monkeypatch)

    result = cli("import", "actuals", april)

    assert (result.code, result.out, result.err) == (1, "", CLI_MESSAGE)
    assert written == [3]  # the rows were in the transaction when the disk filled up
    assert state(cli, tmp_path) == before
    monkeypatch.undo()
    assert cli("import", "actuals", april).code == 0  # space freed: the same file goes in
    assert state(cli, tmp_path)["counts"]["LedgerRow"] == before["counts"]["LedgerRow"] + 3


# In a process of its own on an SQLite file, as `uppfolj import` runs: SQLite rolls the whole
# transaction back itself on SQLITE_FULL, which a test inside pytest-django's transaction cannot show.
FULL_SQLITE = """
import sys
from uppfolj.cli.database import configure, ensure_schema
from uppfolj.cli.parser import build_parser
configure(sys.argv[1])
ensure_schema()
from django.db import connection
from uppfolj.cli.main import execute
for kind in ("organisation", "budget", "actuals"):
    assert execute(build_parser().parse_args(["import", kind, f"{sys.argv[2]}/{kind}.csv"])) == 0
with connection.cursor() as cursor:
    cursor.execute("PRAGMA page_count")
    cursor.execute(f"PRAGMA max_page_count = {cursor.fetchone()[0]}")  # not one page more
sys.exit(execute(build_parser().parse_args(["import", "actuals", sys.argv[3]])))
"""


@pytest.mark.skipif(os.environ.get("UPPFOLJ_DB", "").startswith("postgres"), reason="SQLite's own SQLITE_FULL")
def test_cli_import_when_sqlite_reports_database_or_disk_full(write: Callable[..., Path], tmp_path: Path) -> None:
    from tests.web.conftest import CASE

    db = str(tmp_path / "full.sqlite3")
    # Many rows, so that the import needs pages beyond those the database has.
    rows = "".join(f"202404;51{50 + i % 40};5011;{1000 + i};Rad {i}\n" for i in range(5000))
    big = write("utfall-april.csv", "period;ansvar;konto;belopp;text\n" + rows)

    done = subprocess.run([sys.executable, "-c", FULL_SQLITE, db, str(CASE), str(big)], capture_output=True,
                          text=True, check=False)

    assert (done.returncode, done.stdout.splitlines()[-1:], done.stderr.splitlines(keepends=True)[-1:]) == (
        1, ["actuals.csv: 331 rader, summa 279 896 600,00 kr, månader 2024-01, 2024-02, 2024-03"], [CLI_MESSAGE])
    with sqlite3.connect(db) as after:  # as before: no April row, no log of the failed import
        assert after.execute("SELECT count(*) FROM uppfolj_ledgerrow WHERE year = 2024 AND month = 4").fetchone() == (0,)
        assert after.execute("SELECT count(*) FROM uppfolj_ledgerrow").fetchone() == (331,)
        assert after.execute("SELECT count(*) FROM uppfolj_importlog").fetchone() == (3,)
        assert after.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_upload_on_a_full_disk_inside_the_transaction(
        clients: dict[str, Client], tmp_path: Path, cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    before = state(cli, tmp_path)
    written = fail_after_rows_written(monkeypatch)

    response = clients["controller"].post("/import/", {"kind": "actuals", "file": SimpleUploadedFile(
        "utfall-april.csv", APRIL.encode(), content_type="text/csv")})

    assert response.status_code == 400
    assert WEB_MESSAGE in response.content.decode()
    assert "Inläsningen avbröts – inget ändrades" in response.content.decode()
    assert written == [3]
    assert state(cli, tmp_path) == before


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_upload_on_a_full_disk_while_the_file_is_written(
        clients: dict[str, Client], tmp_path: Path, cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    from uppfolj.web.domain import uploads

    real = tempfile.TemporaryDirectory

    @contextlib.contextmanager
    def full_folder(*args: Any, **kwargs: Any) -> Iterator[str]:
        # The upload's temporary file is /dev/full: every write fails with ENOSPC, as on a full disk.
        with real(*args, **kwargs) as folder:
            (Path(folder) / "utfall-april.csv").symlink_to("/dev/full")
            yield folder

    before = state(cli, tmp_path)
    monkeypatch.setattr(uploads.tempfile, "TemporaryDirectory", full_folder)

    response = clients["controller"].post("/import/", {"kind": "actuals", "file": SimpleUploadedFile(
        "utfall-april.csv", APRIL.encode(), content_type="text/csv")})

    assert response.status_code == 400
    assert WEB_MESSAGE in response.content.decode()
    monkeypatch.undo()
    assert state(cli, tmp_path) == before


def test_disk_full_is_recognised_from_each_source() -> None:
    import sqlite3

    import psycopg
    from django.db import OperationalError

    def wrapped(cause: BaseException) -> OperationalError:
        try:
            raise OperationalError(str(cause)) from cause  # as Django wraps the driver's error
        except OperationalError as error:
            return error

    sqlite_full = sqlite3.OperationalError("database or disk is full")
    sqlite_full.sqlite_errorcode = 13  # type: ignore[attr-defined]
    sqlite_locked = sqlite3.OperationalError("database is locked")
    sqlite_locked.sqlite_errorcode = 5  # type: ignore[attr-defined]

    assert is_disk_full(OSError(errno.ENOSPC, "No space left on device"))
    assert is_disk_full(OSError(errno.EDQUOT, "Disk quota exceeded"))
    assert is_disk_full(wrapped(sqlite_full))
    assert is_disk_full(wrapped(psycopg.errors.DiskFull('could not extend file "base/16384/16385"')))
    assert not is_disk_full(OSError(errno.EACCES, "Permission denied"))
    assert not is_disk_full(wrapped(sqlite_locked))
    assert not is_disk_full(wrapped(psycopg.errors.UndefinedTable("relation does not exist")))
    assert not is_disk_full(ValueError("x"))
