"""Storing actuals: ledger rows replace their (year, month, cost centre) scope; balances follow."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import connection

from uppfolj.core.pin import looks_like_pin
from uppfolj.core.records import LedgerRecord
from uppfolj.web.domain.bulk import analyze, insert_rows
from uppfolj.web.models import LedgerRow, MonthlyBalance

BATCH = 20_000
_LEDGER = LedgerRow._meta.db_table
_BALANCE = MonthlyBalance._meta.db_table
_LEDGER_COLUMNS = (
    "year", "month", "cost_centre", "account", "activity", "project", "amount",
    "voucher", "text", "date", "import_id", "flagged",
)


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
    Monthly balances of the touched scopes are rebuilt in the database.
    """
    summary = ImportSummary()
    scopes: set[tuple[int, int, str]] = set()
    batch: list[tuple[object, ...]] = []
    for r in records:
        flagged = bool(r.text) and looks_like_pin(r.text)
        batch.append((r.year, r.month, r.cost_centre, r.account, r.activity, r.project, r.amount,
                      r.voucher, r.text, r.date, import_id, flagged))
        scopes.add((r.year, r.month, r.cost_centre))
        summary.rows += 1
        summary.amount += r.amount
        summary.flagged += flagged
        if len(batch) >= BATCH:
            insert_rows(_LEDGER, _LEDGER_COLUMNS, batch)
            batch = []
            if progress:
                progress(summary.rows)
    insert_rows(_LEDGER, _LEDGER_COLUMNS, batch)
    if progress:
        progress(summary.rows)
    _drop_older(scopes, import_id)
    _rebuild_balances(scopes, import_id)
    analyze(_LEDGER, _BALANCE)
    summary.scopes = len(scopes)
    summary.months = {(y, m) for y, m, _ in scopes}
    summary.years = {y for y, _ in summary.months}
    return summary


def _drop_older(scopes: set[tuple[int, int, str]], import_id: int) -> None:
    params = [(y, m, cc, import_id) for y, m, cc in sorted(scopes)]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"DELETE FROM {_LEDGER} WHERE year = %s AND month = %s AND cost_centre = %s AND import_id <> %s", params
        )
        cursor.executemany(
            f"DELETE FROM {_BALANCE} WHERE year = %s AND month = %s AND cost_centre = %s",
            [p[:3] for p in params],
        )


def _rebuild_balances(scopes: set[tuple[int, int, str]], import_id: int) -> None:
    """Sum the new rows per month and dimensions; after _drop_older they are all the scope has."""
    months = sorted({(y, m) for y, m, _ in scopes})
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {_BALANCE} (year, month, cost_centre, account, activity, project, amount, rows) "
            f"SELECT year, month, cost_centre, account, activity, project, SUM(amount), COUNT(*) "
            f"FROM {_LEDGER} WHERE year = %s AND month = %s AND import_id = %s "
            f"GROUP BY year, month, cost_centre, account, activity, project",
            [(y, m, import_id) for y, m in months],
        )
