"""Domain records that importers produce and the storage layer writes; amounts in öre."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from uppfolj.core.choices import MeasureKind, Severity
from uppfolj.core.money import Ore


class LedgerRecord(NamedTuple):
    """One ledger row (utfall) in ledger sign: costs positive, revenues negative.

    A named tuple rather than a frozen dataclass: importers make one per ledger row, millions
    of them, and a tuple is built several times faster than a frozen dataclass sets its fields.
    """

    year: int
    month: int
    cost_centre: str  # ansvar
    account: str  # konto
    amount: Ore
    activity: str = ""  # verksamhet
    project: str = ""  # projekt
    voucher: str = ""  # verifikation
    text: str = ""
    date: dt.date | None = None
    line: int = 0  # source line, for messages


@dataclass(frozen=True, slots=True)
class BudgetRecord:
    """One month of budget for a cost centre, account and dimensions."""

    year: int
    month: int
    cost_centre: str
    account: str
    amount: Ore
    activity: str = ""
    project: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class ForecastRecord:
    """A full-year forecast of a unit's net result, made in `month` of `year` (ledger sign)."""

    year: int
    month: int  # the month in which the forecast was made
    unit: str
    amount: Ore | None  # None only for a net line of a unit that has row lines (its sum is implied)
    comment: str = ""
    line: int = 0
    row: str = ""  # a template row's code (CONTRACT `rad`): the row's forecast; "" = the unit's net


@dataclass(frozen=True, slots=True)
class VolumeRecord:
    """One month's value of a volume measure for a unit (CONTRACT *statistics*)."""

    year: int
    month: int
    unit: str
    measure: str  # matt
    value: Decimal  # varde, decimals allowed
    name: str = ""  # the measure as printed ("Vårddygn HVB")
    unit_text: str = ""  # enhetstext ("dygn")
    kind: MeasureKind = MeasureKind.SUM  # typ
    row: str = ""  # optional `rad`: the template row whose cost this volume drives (driver-based forecasts)
    line: int = 0


@dataclass(frozen=True, slots=True)
class Check:
    """A finding about the data, as listed in a report's `checks`."""

    severity: Severity
    code: str  # stable, listed in the README
    message: str  # Swedish
    unit: str | None = None
