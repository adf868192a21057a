"""Fast bulk writes of fact rows: COPY on PostgreSQL, executemany elsewhere; Arrow tables
staged in the database (`staged`) for set-based writes."""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
from django.db import DatabaseError, connection, transaction

_SQLITE_CACHE_KIB = 131072
_SQLITE_ANALYSIS_LIMIT = 1000


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Insert many rows into `table` on the current connection and transaction."""
    batch = rows if isinstance(rows, list) else list(rows)
    if not batch:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # the psycopg 3 cursor, for COPY
            with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in batch:
                    copy.write_row(row)
            return
        if connection.vendor == "sqlite":
            # Index pages of a large load stay in memory instead of spilling (the default is 2 MB).
            cursor.execute(f"PRAGMA cache_size = -{_SQLITE_CACHE_KIB}")
            # The sqlite3 cursor itself: Django's wrapper rewrites placeholders and checks every
            # parameter set, which costs as much as the insert on millions of rows.
            marks = ", ".join(["?"] * len(columns))
            connection.connection.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", batch)
            return
        placeholders = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", batch)


def analyze(*tables: str, loaded: int | None = None) -> None:
    """Refresh planner statistics after a large load, so reports pick the covering indexes.

    With `loaded` (the rows just written), PostgreSQL leaves alone a table that holds more than
    `_PG_ANALYZE_SHARE` times as many: its statistics still describe it, and autovacuum
    analyses it soon after (migration 0013 sets the ledger's threshold at 1 %). A month of
    200,000 rows into ten years of 25 M spent 0.3-1.0 s in these ANALYZEs (quiet and busy machine).
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Sample instead of reading every row: plans need the shape, not exact counts.
            cursor.execute(f"PRAGMA analysis_limit = {_SQLITE_ANALYSIS_LIMIT}")
        for table in tables:
            skippable = loaded is not None and connection.vendor == "postgresql"
            if skippable and _pg_rows(cursor, table) > _PG_ANALYZE_SHARE * (loaded or 0):
                continue
            cursor.execute(f"ANALYZE {table}")


_PG_ANALYZE_SHARE = 10


def _pg_rows(cursor: Any, table: str) -> float:
    """PostgreSQL's estimate of the rows in `table` (0 before its first ANALYZE)."""
    cursor.execute("SELECT GREATEST(reltuples, 0) FROM pg_class WHERE oid = %s::regclass", [table])
    return float(cursor.fetchone()[0])


@contextmanager
def indexes_rebuilt(table: str, rows: int) -> Iterator[None]:
    """On PostgreSQL, when `rows` new rows are at least as many as `table` holds: its secondary
    indexes are dropped before the load and built again after it, in the same transaction.

    Building an index from sorted keys beats inserting as many keys in random places: 2 M
    ledger rows into an empty table, 8.8 s with the indexes in place, 5.9 s built after
    (bench/RESULTS.md, "Engine"). A month's load into a large ledger keeps its indexes: there
    the rebuild would read every row. Readers of the table wait until the transaction ends
    (DROP INDEX locks it); such a load is the first of a database, or a new history.
    SQLite keeps its indexes: its inserts in scope order cost less than a rebuild.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        if rows < _pg_rows(cursor, table):
            yield
            return
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary AND NOT i.indisunique",
            [table],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL maintenance_work_mem = '{_PG_SORT_MEMORY}'")
        for _name, definition in indexes:
            cursor.execute(definition)


# Memory for the sorts and groupings of one import (per transaction, SET LOCAL): PostgreSQL's
# default of 4 MB spills 2 M rows to disk (grouping them: 3.0 s → 2.3 s).
_PG_SORT_MEMORY = "256MB"


# --- staging Arrow tables -------------------------------------------------------------------

_STAGE = "uppfolj_stage"
_MAX_ATTACHED = 8  # stage files left attached to one SQLite connection before the plain path
_COPY_BATCH = 100_000
_PG_TYPES = {
    pa.int8(): "smallint",
    pa.int16(): "smallint",
    pa.int32(): "integer",
    pa.int64(): "bigint",
    pa.string(): "text",
    pa.date32(): "date",
    pa.bool_(): "boolean",
}


@dataclass
class Stage:
    """Staged rows, readable on the current connection and transaction.

    `rows` names the table of the rows; `grouped()` names a table (or subquery) of the rows
    summed by the database per `keys`: the keys, SUM(`total`) as `total` and COUNT(*) as `rows`.
    """

    rows: str
    keys: Sequence[str]
    total: str
    _grouped: Callable[[], str] | None = None

    def grouped(self) -> str:
        if self._grouped is not None:
            return self._grouped()
        keys = ", ".join(self.keys)
        return (f"(SELECT {keys}, SUM({self.total}) AS {self.total}, COUNT(*) AS rows "
                f"FROM {self.rows} GROUP BY {keys}) AS grouped")


@contextmanager
def staged(
    table: pa.Table, *, keys: Sequence[str] = (), total: str = "amount", cuts: Sequence[int] = ()
) -> Iterator[Stage]:
    """Stage `table`'s rows in the database for `INSERT … SELECT`, and their sums per `keys`.

    PostgreSQL: a temporary table filled by `COPY` (CSV written by Arrow). SQLite: database
    files of their own, written by ADBC's SQLite driver in bulk (no Python object per row) and
    attached to the connection; the files are only read, so the transaction and its rollback are
    the connection's alone, and a crash leaves no more than temporary files. There the rows are
    cut at `cuts` (where no group of `keys` has rows on both sides) into parts written at once,
    and SQLite sums each part (`GROUP BY`) on a connection of its own, in a thread, while the
    caller's connection copies the rows: two cores instead of one. Elsewhere, or with too many
    stages still attached: a temporary table filled row by row.
    """
    if connection.vendor == "postgresql":
        yield from _staged_postgresql(table, keys, total)
        return
    if connection.vendor == "sqlite":
        parts = _parts(table, cuts)
        aliases = _free_aliases(2 * len(parts))
        if aliases is None and len(parts) > 1:
            parts = [table]
            aliases = _free_aliases(2)
        if aliases is not None:
            yield from _staged_sqlite(parts, keys, total, aliases)
            return
    yield from _staged_rows(table, keys, total)


def _parts(table: pa.Table, cuts: Sequence[int]) -> list[pa.Table]:
    bounds = [0, *cuts, table.num_rows]
    return [table.slice(start, stop - start) for start, stop in pairwise(bounds) if stop > start]


def _staged_postgresql(table: pa.Table, keys: Sequence[str], total: str) -> Iterator[Stage]:
    columns = ", ".join(f"{f.name} {_PG_TYPES[f.type]}" for f in table.schema)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_STAGE}")
        cursor.execute(f"CREATE TEMPORARY TABLE {_STAGE} ({columns})")
        raw = cursor.cursor  # the psycopg 3 cursor, for COPY
        options = pa_csv.WriteOptions(include_header=False)
        with raw.copy(f"COPY {_STAGE} ({', '.join(table.column_names)}) FROM STDIN WITH (FORMAT csv)") as copy:
            for batch in table.to_batches(max_chunksize=_COPY_BATCH):
                sink = io.BytesIO()
                # Strings are quoted, so '' stays '' and only a missing date is NULL.
                pa_csv.write_csv(batch, sink, options)
                copy.write(sink.getvalue())
        cursor.execute(f"ANALYZE {_STAGE}")
        cursor.execute(f"SET LOCAL work_mem = '{_PG_SORT_MEMORY}'")
    try:
        yield Stage(_STAGE, keys, total)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {_STAGE}")


def _free_aliases(count: int) -> list[str] | None:
    """Names to attach stage files under; older ones are detached where SQLite lets them go
    (not while a transaction still reads them: those go when it commits, see `_staged_sqlite`)."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA database_list")
        attached = [row[1] for row in cursor.fetchall() if str(row[1]).startswith(_STAGE)]
    attached = [alias for alias in attached if not _detach(alias)]
    if len(attached) + count > _MAX_ATTACHED:
        return None
    return [name for n in range(_MAX_ATTACHED) if (name := f"{_STAGE}{n}") not in attached][:count]


def _detach(alias: str) -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"DETACH DATABASE {alias}")
    except DatabaseError:
        return False  # still read by the open transaction
    return True


def _staged_sqlite(parts: list[pa.Table], keys: Sequence[str], total: str, aliases: list[str]) -> Iterator[Stage]:
    _remove_orphans()
    with tempfile.TemporaryDirectory(prefix=f"{_FOLDER}{os.getpid()}-") as folder:
        select = Stage("stage", keys, total).grouped() if keys else None
        workers = [_Part(part, Path(folder) / f"rows{n}.sqlite3", select) for n, part in enumerate(parts)]
        attached: list[str] = []
        try:
            for worker, alias in zip(workers, aliases, strict=False):
                worker.wait(worker.written)
                with connection.cursor() as cursor:
                    cursor.execute(f"ATTACH DATABASE %s AS {alias}", [str(worker.rows_path)])
                attached.append(alias)

            def grouped() -> str:
                names = []
                for worker, alias in zip(workers, aliases[len(workers) :], strict=False):
                    worker.wait(worker.summed)
                    if alias not in attached:
                        with connection.cursor() as cursor:
                            cursor.execute(f"ATTACH DATABASE %s AS {alias}", [str(worker.groups_path)])
                        attached.append(alias)
                    names.append(f"{alias}.grouped")
                return _union(names, "grouped")

            yield Stage(_union([f"{alias}.stage" for alias in aliases[: len(workers)]], "staged"), keys, total, grouped)
        finally:
            for worker in workers:
                worker.thread.join()
            for alias in attached:
                # Inside a transaction SQLite keeps the file until it ends (it was read in it).
                if not _detach(alias):
                    transaction.on_commit(lambda alias=alias: _detach(alias))  # type: ignore[misc]


def _union(tables: list[str], name: str) -> str:
    if len(tables) == 1:
        return tables[0]
    return "(" + " UNION ALL ".join(f"SELECT * FROM {table}" for table in tables) + f") AS {name}"


_FOLDER = "uppfolj-stage-"


def _remove_orphans() -> None:
    """Remove the stage folders of processes that died with them (kill -9 during an import)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{_FOLDER}*-*"):
        pid = folder.name.removeprefix(_FOLDER).split("-", 1)[0]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(folder, ignore_errors=True)


class _Part:
    """One part of the staged rows, in a thread of its own: written to its file by ADBC, then,
    with a `select`, summed by SQLite into a file of its own (both let go of the GIL)."""

    def __init__(self, rows: pa.Table, rows_path: Path, select: str | None) -> None:
        self.rows_path, self.groups_path = rows_path, rows_path.with_name(f"groups-{rows_path.name}")
        self.written, self.summed = threading.Event(), threading.Event()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(rows, select), daemon=True)
        self.thread.start()

    def _run(self, rows: pa.Table, select: str | None) -> None:
        try:
            self._write(rows)
            self.written.set()
            if select is not None:
                self._sum(select)
        except BaseException as exc:
            self.error = exc
        finally:
            self.written.set()
            self.summed.set()

    def _write(self, rows: pa.Table) -> None:
        import adbc_driver_sqlite.dbapi as adbc  # noqa: PLC0415 - only imports of ledger rows load it

        with adbc.connect(str(self.rows_path), autocommit=True) as stage:
            writer = stage.cursor()
            # A scratch file: no journal, no syncing; it is thrown away after this import.
            writer.execute("PRAGMA journal_mode = OFF")
            writer.execute("PRAGMA synchronous = OFF")
            writer.adbc_ingest("stage", _sqlite_values(rows), mode="create")
            writer.close()

    def _sum(self, select: str) -> None:
        con = sqlite3.connect(self.rows_path, isolation_level=None)
        try:
            con.execute("ATTACH DATABASE ? AS out", [str(self.groups_path)])
            con.execute("PRAGMA out.journal_mode = OFF")
            con.execute("PRAGMA out.synchronous = OFF")
            con.execute(f"CREATE TABLE out.grouped AS SELECT * FROM {select}")
        finally:
            con.close()

    def wait(self, event: threading.Event) -> None:
        event.wait()
        if self.error is not None:
            raise self.error


def _sqlite_values(table: pa.Table) -> pa.Table:
    """Dates as ISO text and booleans as 0/1, as Django stores them in SQLite."""
    stored = {pa.date32(): pa.string(), pa.bool_(): pa.int8()}
    columns = [
        pc.cast(column, stored[field.type]) if field.type in stored else column
        for field, column in zip(table.schema, table.columns, strict=True)
    ]
    return pa.Table.from_arrays(columns, names=table.column_names)


def _staged_rows(table: pa.Table, keys: Sequence[str], total: str) -> Iterator[Stage]:
    names = ", ".join(table.column_names)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_STAGE}")
        cursor.execute(f"CREATE TEMPORARY TABLE {_STAGE} ({names})")
    for batch in table.to_batches(max_chunksize=_COPY_BATCH):
        insert_rows(_STAGE, table.column_names, list(zip(*(c.to_pylist() for c in batch.columns), strict=True)))
    try:
        yield Stage(_STAGE, keys, total)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {_STAGE}")
