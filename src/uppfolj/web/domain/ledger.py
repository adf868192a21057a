"""Storing actuals: ledger rows replace their (year, month, cost centre) scope; balances follow."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from django.db import connection

from uppfolj.core.records import LedgerRecord
from uppfolj.ingest.ledger_columns import from_records, pin_flags, total
from uppfolj.web.domain.bulk import analyze, indexes_rebuilt, staged
from uppfolj.web.models import LedgerRow, MonthlyBalance

BATCH = 20_000  # rows per batch of the row-by-row readers (the tests size their files by it)
_LEDGER = LedgerRow._meta.db_table
_BALANCE = MonthlyBalance._meta.db_table
_LEDGER_COLUMNS = (
    "year", "month", "cost_centre", "account", "activity", "project", "amount",
    "voucher", "text", "date", "import_id", "flagged",
)
_BALANCE_COLUMNS = ("year", "month", "cost_centre", "account", "activity", "project", "amount", "rows")
_CHUNK = 500  # cost centres per DELETE, well below every backend's parameter limit
# Loads from this size on are staged in two halves at once (two cores); below it one is as fast.
_PARALLEL_ROWS = 200_000


@dataclass
class ImportSummary:
    """What an import wrote, for the command's summary line."""

    rows: int = 0
    amount: int = 0  # öre, the sum of all rows
    years: set[int] = field(default_factory=set)
    months: set[tuple[int, int]] = field(default_factory=set)
    scopes: int = 0
    flagged: int = 0


def replace_actuals(
    records: Iterable[LedgerRecord],
    *,
    import_id: int,
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """`replace_actuals_table` of a stream of records (SIE, the demo, row-by-row readers)."""
    return replace_actuals_table(from_records(records), import_id=import_id, progress=progress)


def replace_actuals_table(
    rows: pa.Table,
    *,
    import_id: int,
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Write ledger rows (`ledger_columns.LEDGER_SCHEMA`), first dropping older rows and
    balances of each (year, month, cost centre) they cover; then the database sums the new
    rows into the monthly balances of those scopes.

    Must run inside `transaction.atomic()`: a failure part-way leaves nothing behind. The rows
    are staged in the database in bulk (`bulk.staged`: COPY on PostgreSQL, ADBC on SQLite) and
    written with set-based `INSERT … SELECT`, in scope order (`in_scope_order`). The import id tags the rows
    written, for tracing them to their import; texts that look like a personnummer are flagged.
    """
    summary = ImportSummary()
    rows, cuts = in_scope_order(rows)
    stage_rows = rows.append_column("flagged", pin_flags(rows["text"]))
    scope = ["year", "month", "cost_centre"]
    scopes = [(r["year"], r["month"], r["cost_centre"]) for r in rows.select(scope).group_by(scope).aggregate([]).to_pylist()]
    _drop_scopes(scopes)
    if rows.num_rows:
        keys = _BALANCE_COLUMNS[:6]
        with (
            staged(stage_rows, keys=keys, total="amount", cuts=cuts) as stage,
            indexes_rebuilt(_LEDGER, rows.num_rows),
            connection.cursor() as cursor,
        ):
            values = ", ".join(_LEDGER_COLUMNS[:-2])
            cursor.execute(
                f"INSERT INTO {_LEDGER} ({', '.join(_LEDGER_COLUMNS)}) SELECT {values}, %s, flagged FROM {stage.rows}",
                [import_id],
            )
            cursor.execute(
                f"INSERT INTO {_BALANCE} ({', '.join(_BALANCE_COLUMNS)}) "
                f"SELECT {', '.join(_BALANCE_COLUMNS)} FROM {stage.grouped()}"
            )
        analyze(_LEDGER, _BALANCE, loaded=rows.num_rows)
    if progress:
        progress(rows.num_rows)
    summary.rows, summary.amount = rows.num_rows, total(rows["amount"])
    summary.flagged = int(pc.sum(stage_rows["flagged"]).as_py() or 0)
    summary.scopes = len(scopes)
    summary.months = {(y, m) for y, m, _ in scopes}
    summary.years = {y for y, _ in summary.months}
    return summary


def in_scope_order(rows: pa.Table) -> tuple[pa.Table, list[int]]:
    """The rows by (year, month, cost centre), in file order within each; and where the rows
    may be cut in two for staging in parallel (`bulk.staged`): at a change of scope near the
    middle, so no balance's rows are on both sides (none for small loads or a single scope).

    The order of the ledger's index `ledger_scope`: written in it, the index grows at its end
    instead of in two million random places (2 M rows into SQLite: 2.2 s → 1.2 s). A cost
    centre's rows of a month keep the file's order, and so does the drill-down (by month, then
    as written)."""
    if rows.num_rows < 2:
        return rows, []
    centres = pc.dictionary_encode(rows["cost_centre"]).combine_chunks()
    # Codes ranked in byte order, as the index's BINARY collation compares them.
    rank = np.empty(len(centres.dictionary), dtype=np.int64)
    rank[pc.sort_indices(centres.dictionary).to_numpy()] = np.arange(len(rank))
    months = rows["year"].to_numpy().astype(np.int64) * 12 + rows["month"].to_numpy()
    key = months * len(rank) + rank[centres.indices.to_numpy(zero_copy_only=False)]
    if not np.all(key[1:] >= key[:-1]):
        order = np.argsort(key, kind="stable")
        key = key[order]
        taken = pa.array(order)
        # Column by column, on every core (Arrow lets go of the GIL): `Table.take` of these
        # chunked columns costs three times as much.
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            columns = list(pool.map(lambda column: column.take(taken), rows.columns))
        rows = pa.Table.from_arrays(columns, schema=rows.schema)
    if rows.num_rows < _PARALLEL_ROWS:
        return rows, []
    middle = rows.num_rows // 2
    cut = int(np.searchsorted(key, key[middle], side="left"))
    if cut == 0:
        cut = int(np.searchsorted(key, key[middle], side="right"))
    return rows, [cut] if 0 < cut < rows.num_rows else []


def _drop_scopes(scopes: list[tuple[int, int, str]]) -> None:
    """Delete the ledger rows and balances of the scopes: one statement per month and chunk of
    cost centres (thousands of one-scope statements cost seconds on PostgreSQL)."""
    by_month: dict[tuple[int, int], list[str]] = {}
    for year, month, cost_centre in sorted(scopes):
        by_month.setdefault((year, month), []).append(cost_centre)
    with connection.cursor() as cursor:
        for (year, month), centres in by_month.items():
            for start in range(0, len(centres), _CHUNK):
                chunk = centres[start : start + _CHUNK]
                marks = ", ".join(["%s"] * len(chunk))
                for table in (_LEDGER, _BALANCE):
                    cursor.execute(
                        f"DELETE FROM {table} WHERE year = %s AND month = %s AND cost_centre IN ({marks})",
                        [year, month, *chunk],
                    )
