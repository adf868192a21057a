"""`kill -9` of an import at any moment: the database is as before or fully loaded.

A month's ledger (150,000 rows) replaces an earlier load of the same month and cost centres in a
database of its own (a file on SQLite; on the PostgreSQL run of the suite, a database of its
own on that server). The import is killed at ten moments spread over its run: reading, staging,
writing, grouping, committing. After each kill the ledger and balances are exactly those before
or those after, SQLite's file passes its integrity check, and the next import removes the
staging files the killed one left behind.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

UPPFOLJ = [sys.executable, "-m", "uppfolj"]
ROWS = 150_000
CENTRES = 100
KILLS = 10
STATE = (
    "SELECT (SELECT count(*) FROM uppfolj_ledgerrow), (SELECT coalesce(sum(amount), 0) FROM uppfolj_ledgerrow), "
    "(SELECT count(*) FROM uppfolj_monthlybalance), (SELECT coalesce(sum(amount), 0) FROM uppfolj_monthlybalance), "
    "(SELECT coalesce(sum(rows), 0) FROM uppfolj_monthlybalance), "
    "(SELECT count(*) FROM uppfolj_importlog)"
)


def ledger(path: Path, rows: int, seed: int) -> Path:
    """March 2024 for every one of the cost centres, `rows` rows in random order."""
    rng = random.Random(seed)
    lines = ["period;ansvar;konto;belopp;verifikation;text"]
    for i in range(rows):
        centre = f"{1000 + (i if i < CENTRES else rng.randrange(CENTRES))}"
        lines.append(f"202403;{centre};{rng.choice(('4010', '5011', '6110', '7010'))};"
                     f"{rng.randrange(-99999, 99999)},{rng.randrange(100):02d};V{i};Rad {i}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def database(tmp_path: Path) -> Iterator[str]:
    """A database of the test's own, as a user installs one: on the suite's server when it runs
    on PostgreSQL, else a SQLite file."""
    configured = os.environ.get("UPPFOLJ_DB", "")
    if not configured.startswith("postgres"):
        yield str(tmp_path / "kill.sqlite3")
        return
    import psycopg

    name = f"uppfolj_kill_{os.getpid()}"
    with psycopg.connect(configured, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield configured.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(configured, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def state(url: str) -> tuple[Any, ...]:
    if url.startswith("postgres"):
        import psycopg

        with psycopg.connect(url) as con:
            row = con.execute(STATE).fetchone()
    else:
        with closing(sqlite3.connect(url)) as con:
            assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            row = con.execute(STATE).fetchone()
    assert row is not None
    return tuple(row)


def uppfolj(url: str, *args: str | Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, UPPFOLJ_DB=url)
    return subprocess.Popen([*UPPFOLJ, *map(str, args)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def run(url: str, *args: str | Path) -> None:
    process = uppfolj(url, *args)
    _out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err.decode()


def stage_folders(pid: int) -> list[Path]:
    return list(Path(tempfile.gettempdir()).glob(f"uppfolj-stage-{pid}-*"))


def test_an_import_killed_at_any_moment_leaves_the_database_before_or_after(
    database: str, tmp_path: Path
) -> None:
    old, new = ledger(tmp_path / "mars-1.csv", 1_000, 1), ledger(tmp_path / "mars-2.csv", ROWS, 2)
    run(database, "init")
    started = time.perf_counter()
    run(database, "import", "actuals", new)
    took = time.perf_counter() - started
    after = state(database)
    run(database, "import", "actuals", old)
    before = state(database)
    assert before[0] == 1_000 and after[0] == ROWS and before[1:5] != after[1:5]

    seen = []
    for kill in range(KILLS):
        logs = state(database)[5]
        process = uppfolj(database, "import", "actuals", new)
        time.sleep(took * (kill + 0.5) / KILLS)
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
        now = state(database)
        assert now[:5] in (before[:5], after[:5]), f"killed after {took * (kill + 0.5) / KILLS:.2f} s"
        seen.append("after" if now[:5] == after[:5] else "before")
        assert now[5] == logs + (seen[-1] == "after")  # the import's log row with its rows, or neither
        run(database, "import", "actuals", old)  # back to before, and the killed one's files go
        assert not stage_folders(process.pid)
        assert state(database)[:5] == before[:5]
    assert "before" in seen  # the kills fell inside the import, not after it

    run(database, "import", "actuals", new)
    assert state(database)[:5] == after[:5]
