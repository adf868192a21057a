"""Actuals files (CSV/XLSX ledger exports) → LedgerRecord stream."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pyarrow as pa

from uppfolj.core.errors import InputError, Problems
from uppfolj.core.records import LedgerRecord
from uppfolj.ingest import fields, ledger_csv
from uppfolj.ingest.ledger_columns import from_records
from uppfolj.ingest.tables import Row, Table, read_table


def open_actuals(path: str | os.PathLike[str]) -> tuple[Table, Iterator[LedgerRecord]]:
    """Check the header and return the table with a lazy stream of its ledger rows.

    The stream goes on past a bad row, noting its problems; once there is one it yields no
    more rows (the import will be refused, so writing them is wasted work) but reads on to find
    the rest, and at its end raises `InputError` with all of them (at once past the limit).
    The consumer writes inside a transaction, which that error rolls back.
    """
    table = read_table(path)
    table.require("ansvar", "konto", "belopp", any_of=[("period", "datum")])
    return table, _records(table)


def _records(table: Table) -> Iterator[LedgerRecord]:
    """One record per row; once a row had a problem no more are yielded (see `open_actuals`)."""
    read = row_reader(table.name, table.problems, table.headers)
    noted = table.problems.found  # the list itself: `if not noted` is the cheapest test per row
    for row in table.rows:
        record = read(row)
        if record is not None and not noted:
            yield record
    table.problems.raise_if_any()


def row_reader(name: str, problems: Problems, headers: list[str]) -> Callable[[Row], LedgerRecord | None]:
    """A reader of one row into a record, or None after noting the row's problems.

    The row-by-row path of files the column-wise reader cannot take, and of the rows it
    refuses: every message comes from the `fields` readers. The few distinct periods and dates
    are parsed once and cached, and CSV cells (always text) are read without the general
    `Row.text`. A bad row costs nothing until it is met (a `try` is free in Python 3.11 when
    nothing is raised); then `_note_row` reads it again, field by field, to note all its problems.
    """
    has_period = "period" in headers
    has_datum = "datum" in headers
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

    def read(row: Row) -> LedgerRecord | None:
        try:
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
            amount = fields.amount(name, row, "belopp")
        except InputError as error:
            if not _note_row(problems, name, row, has_period=has_period, has_datum=has_datum):
                # Never, as both read the same fields; but a bad row must not slip through unnoted.
                problems.add_error(error)
            return None
        return LedgerRecord(
            year,
            month,
            text(row, "ansvar"),
            account,
            amount,
            text(row, "verksamhet"),
            text(row, "projekt"),
            text(row, "verifikation")[:64],
            text(row, "text")[:255],
            day,
            row.line,
        )

    return read


def _note_row(problems: Problems, name: str, row: Row, *, has_period: bool, has_datum: bool) -> int:
    """Note every problem of a row the hot loop refused, in the order that loop reads its fields;
    returns how many were noted."""
    before = len(problems)
    if has_period and row.text("period"):
        problems.attempt(fields.period, name, row)
        if has_datum and row.text("datum"):
            problems.attempt(fields.date, name, row)
    elif has_datum:
        problems.attempt(fields.date, name, row)
    else:
        problems.add(row.line, "period saknas")
    problems.attempt(fields.code, name, row, "konto")
    problems.attempt(fields.amount, name, row, "belopp")
    return len(problems) - before


def read_actuals(path: str | os.PathLike[str]) -> tuple[str, pa.Table]:
    """The file's ledger rows as Arrow columns (`ledger_columns.LEDGER_SCHEMA`), with the
    table's display name. Read column-wise (`ledger_csv`) where the file allows, else row by
    row (`open_actuals`); the same rows and the same messages either way."""
    fast = ledger_csv.read(Path(path))
    if fast is not None:
        return fast
    table, records = open_actuals(path)
    return table.name, from_records(records)
