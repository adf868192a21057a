"""Storing actuals: ledger rows replace their (year, month, cost centre) scope; balances follow."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import connection

from uppfolj.core.pin import looks_like_pin
from uppfolj.core.records import LedgerRecord
from uppfolj.web.domain.bulk import analyze, insert_rows
from uppfolj.web.models import LedgerRow, MonthlyBalance

BATCH = 20_000
_SIX_DIGITS = re.compile(r"\d{6}")
_LEDGER = LedgerRow._meta.db_table
_BALANCE = MonthlyBalance._meta.db_table
_LEDGER_COLUMNS = (
    "year", "month", "cost_centre", "account", "activity", "project", "amount",
    "voucher", "text", "date", "import_id", "flagged",
)
_BALANCE_COLUMNS = ("year", "month", "cost_centre", "account", "activity", "project", "amount", "rows")
_CHUNK = 500  # cost centres per DELETE, well below every backend's parameter limit


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
    """Stream ledger rows in; then drop older rows of each (year, month, cost centre) they cover.

    Must run inside `transaction.atomic()`: a failure part-way leaves nothing behind.
    Monthly balances of the touched scopes are replaced by the new rows' sums, added up here
    while the rows stream past (cheaper than grouping the ledger table again afterwards).
    The import id tags the rows written, for tracing them to their import.
    """
    summary = ImportSummary()
    sums: dict[tuple[int, int, str, str, str, str], int] = {}
    counts: dict[tuple[int, int, str, str, str, str], int] = {}
    scopes: set[tuple[int, int, str]] = set()
    fresh: list[tuple[int, int, str]] = []  # scopes first seen in the current batch
    batch: list[tuple[object, ...]] = []
    rows = amount = flagged_rows = 0
    # Locals, not attributes, in this loop: it runs once per ledger row (millions).
    for r in records:
        text = r.text
        # Every personnummer has six digits in a row; most texts are ruled out by that alone.
        flagged = bool(text) and _SIX_DIGITS.search(text) is not None and looks_like_pin(text)
        batch.append((r.year, r.month, r.cost_centre, r.account, r.activity, r.project, r.amount,
                      r.voucher, text, r.date, import_id, flagged))
        key = (r.year, r.month, r.cost_centre, r.account, r.activity, r.project)
        count = counts.get(key)
        if count is None:
            # Two dicts of ints, not one of [sum, count] lists: hundreds of thousands of small
            # lists would be tracked, and traversed again and again, by the garbage collector.
            counts[key], sums[key] = 1, r.amount
            scope = key[:3]
            if scope not in scopes:
                scopes.add(scope)
                fresh.append(scope)
        else:
            counts[key] = count + 1
            sums[key] += r.amount
        amount += r.amount
        flagged_rows += flagged
        if len(batch) >= BATCH:
            _write(batch, fresh)
            rows += len(batch)
            batch, fresh = [], []
            if progress:
                progress(rows)
    _write(batch, fresh)
    rows += len(batch)
    if progress:
        progress(rows)
    insert_rows(_BALANCE, _BALANCE_COLUMNS, [(*key, total, counts[key]) for key, total in sums.items()])
    analyze(_LEDGER, _BALANCE)
    summary.rows, summary.amount, summary.flagged = rows, amount, flagged_rows
    summary.scopes = len(scopes)
    summary.months = {(y, m) for y, m, _ in scopes}
    summary.years = {y for y, _ in summary.months}
    return summary


def _write(batch: list[tuple[object, ...]], fresh: list[tuple[int, int, str]]) -> None:
    """Insert a batch, first emptying the scopes it is the first to touch.

    Those scopes hold no row of this import yet, so everything in them is older and goes; the
    delete runs before the insert so that it never reads the rows just written.
    """
    _drop_scopes(fresh)
    insert_rows(_LEDGER, _LEDGER_COLUMNS, batch)


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
