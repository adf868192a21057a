"""Reading typed fields from a table row, with messages that name the column and value."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from uppfolj.core.errors import InputError
from uppfolj.core.money import (
    AmountError,
    Ore,
    ore_from_number,
    parse_amount,
    parse_quantity,
    quantity_from_number,
)
from uppfolj.ingest.tables import Row

_PERIOD = re.compile(r"^(\d{4})-?(\d{2})$")


def amount(table: str, row: Row, column: str) -> Ore:
    """An amount in kronor as öre; numeric XLSX cells are taken as numbers."""
    value = row.cells.get(column)
    try:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return ore_from_number(value)
        text = "" if value is None else str(value)
        if not text.strip():
            raise InputError(table, row.line, f"{column} saknas")
        return parse_amount(text)
    except AmountError as exc:
        raise InputError(table, row.line, f"{column} {exc}" if str(exc).startswith('"') else f"{column}: {exc}") from None


def quantity(table: str, row: Row, column: str) -> Decimal:
    """A volume (not money): exact, decimals allowed; numeric XLSX cells are taken as numbers."""
    value = row.cells.get(column)
    try:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return quantity_from_number(value)
        text = "" if value is None else str(value)
        if not text.strip():
            raise InputError(table, row.line, f"{column} saknas")
        return parse_quantity(text)
    except AmountError as exc:
        raise InputError(table, row.line, f"{column} {exc}" if str(exc).startswith('"') else f"{column}: {exc}") from None


def integer(table: str, row: Row, column: str, *, low: int, high: int) -> int:
    text = row.text(column)
    if not text:
        raise InputError(table, row.line, f"{column} saknas")
    if not text.isdigit() or not low <= int(text) <= high:
        raise InputError(table, row.line, f'{column} "{text}" är inte ett heltal mellan {low} och {high}')
    return int(text)


def period(table: str, row: Row, column: str = "period") -> tuple[int, int]:
    """YYYYMM (or YYYY-MM) as (year, month)."""
    text = row.text(column)
    match = _PERIOD.match(text)
    if not match or not 1 <= int(match.group(2)) <= 12 or not 1900 <= int(match.group(1)) <= 2999:
        raise InputError(table, row.line, f'{column} "{text}" är inte en månad (ÅÅÅÅMM)')
    return int(match.group(1)), int(match.group(2))


def date(table: str, row: Row, column: str = "datum") -> dt.date:
    text = row.text(column)
    candidate = text[:10] if len(text) > 10 and text[10] in " T" else text
    try:
        return dt.date.fromisoformat(candidate)
    except ValueError:
        raise InputError(table, row.line, f'{column} "{text}" är inte ett datum (ÅÅÅÅ-MM-DD)') from None


def code(table: str, row: Row, column: str, *, required: bool = True) -> str:
    """A code kept as text (leading zeros stay)."""
    text = row.text(column)
    if required and not text:
        raise InputError(table, row.line, f"{column} saknas")
    return text
