"""Actuals files (CSV/XLSX ledger exports) → LedgerRecord stream."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator

from uppfolj.core.errors import InputError, Problems
from uppfolj.core.records import LedgerRecord
from uppfolj.ingest import fields
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
    """One record per row. This loop is the hot path of a large import (millions of rows): the
    few distinct periods and dates are parsed once and cached, and CSV cells (always text) are
    read without the general `Row.text`; every message comes from the `fields` readers.
    A bad row costs nothing here until it is met (a `try` is free in Python 3.11 when nothing
    is raised); then `_note_row` reads it again, field by field, to note all its problems."""
    name = table.name
    problems = table.problems
    noted = problems.found  # the list itself: `if not noted` is the cheapest test per row
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
            continue
        if not noted:
            yield LedgerRecord(
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
    problems.raise_if_any()


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
