"""Actuals files (CSV/XLSX ledger exports) → LedgerRecord stream."""

from __future__ import annotations

import os
from collections.abc import Iterator

from uppfolj.core.errors import InputError
from uppfolj.core.records import LedgerRecord
from uppfolj.ingest import fields
from uppfolj.ingest.tables import Table, read_table


def open_actuals(path: str | os.PathLike[str]) -> tuple[Table, Iterator[LedgerRecord]]:
    """Check the header and return the table with a lazy stream of its ledger rows."""
    table = read_table(path)
    table.require("ansvar", "konto", "belopp", any_of=[("period", "datum")])
    return table, _records(table)


def _records(table: Table) -> Iterator[LedgerRecord]:
    name = table.name
    has_period = "period" in table.headers
    for row in table.rows:
        date = None
        if has_period and row.text("period"):
            year, month = fields.period(name, row)
            if "datum" in table.headers and row.text("datum"):
                date = fields.date(name, row)
        elif "datum" in table.headers:
            date = fields.date(name, row)
            year, month = date.year, date.month
        else:
            raise InputError(name, row.line, "period saknas")
        yield LedgerRecord(
            year=year,
            month=month,
            cost_centre=row.text("ansvar"),
            account=fields.code(name, row, "konto"),
            amount=fields.amount(name, row, "belopp"),
            activity=row.text("verksamhet"),
            project=row.text("projekt"),
            voucher=row.text("verifikation")[:64],
            text=row.text("text")[:255],
            date=date,
            line=row.line,
        )
