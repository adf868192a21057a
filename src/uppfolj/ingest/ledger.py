"""Actuals files (CSV/XLSX ledger exports) → LedgerRecord stream."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator

from uppfolj.core.errors import InputError
from uppfolj.core.records import LedgerRecord
from uppfolj.ingest import fields
from uppfolj.ingest.tables import Row, Table, read_table


def open_actuals(path: str | os.PathLike[str]) -> tuple[Table, Iterator[LedgerRecord]]:
    """Check the header and return the table with a lazy stream of its ledger rows."""
    table = read_table(path)
    table.require("ansvar", "konto", "belopp", any_of=[("period", "datum")])
    return table, _records(table)


def _records(table: Table) -> Iterator[LedgerRecord]:
    """One record per row. This loop is the hot path of a large import (millions of rows): the
    few distinct periods and dates are parsed once and cached, and CSV cells (always text) are
    read without the general `Row.text`; every message comes from the `fields` readers."""
    name = table.name
    has_period = "period" in table.headers
    has_datum = "datum" in table.headers
    periods: dict[str, tuple[int, int]] = {}
    dates: dict[str, dt.date] = {}

    def text(row: Row, column: str) -> str:
        value = row.cells.get(column)
        return value.strip() if value.__class__ is str else row.text(column)  # type: ignore[union-attr]

    def period(row: Row, value: str) -> tuple[int, int]:
        found = periods.get(value)
        if found is None:
            found = periods[value] = fields.period(name, row)
        return found

    def date(row: Row, value: str) -> dt.date:
        found = dates.get(value)
        if found is None:
            found = dates[value] = fields.date(name, row)
        return found

    for row in table.rows:
        day = None
        period_text = text(row, "period") if has_period else ""
        datum_text = text(row, "datum") if has_datum else ""
        if period_text:
            year, month = period(row, period_text)
            if datum_text:
                day = date(row, datum_text)
        elif has_datum:
            day = date(row, datum_text)
            year, month = day.year, day.month
        else:
            raise InputError(name, row.line, "period saknas")
        account = text(row, "konto")
        if not account:
            account = fields.code(name, row, "konto")  # raises: konto saknas
        yield LedgerRecord(
            year,
            month,
            text(row, "ansvar"),
            account,
            fields.amount(name, row, "belopp"),
            text(row, "verksamhet"),
            text(row, "projekt"),
            text(row, "verifikation")[:64],
            text(row, "text")[:255],
            day,
            row.line,
        )
