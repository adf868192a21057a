"""What a SIE 4 file holds besides its ledger rows: identification, years, master data, counts."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from uppfolj.core.errors import InputError
from uppfolj.core.money import Ore
from uppfolj.core.records import Check

# Our dimension names and the SIE dimension number each reads by default.
DEFAULT_DIMENSIONS: dict[str, int] = {"ansvar": 1, "projekt": 6}
DIMENSION_NAMES = ("ansvar", "verksamhet", "projekt")
# SIE 4 reserves dimensions 1-19; these may be used without a #DIM line.
RESERVED_DIMENSIONS = 19

# Account types of #KTYP: T tillgång and S skuld are balance accounts, I and K result accounts.
BALANCE_TYPES = frozenset({"T", "S"})

YearIndex = int
AccountKey = tuple[YearIndex, str]
PeriodKey = tuple[YearIndex, int, str]  # year index, YYYYMM, account
ObjectKey = tuple[YearIndex, str, str, str]  # year index, account, dimension, object


@dataclass(frozen=True, slots=True)
class FiscalYear:
    """One #RAR line: index 0 is the file's year, -1 the one before."""

    index: YearIndex
    start: dt.date
    end: dt.date

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def holds_period(self, period: int) -> bool:
        """Whether the month YYYYMM lies in this year."""
        return self.start.year * 100 + self.start.month <= period <= self.end.year * 100 + self.end.month

    def move_into(self, period: int) -> int | None:
        """The same month shifted by whole years into this year (the record's year index decides
        the year), or None where no shift lands inside it."""
        month = period % 100
        for year in range(self.start.year, self.end.year + 1):
            if self.holds_period(year * 100 + month):
                return year * 100 + month
        return None


@dataclass(slots=True)
class PeriodRow:
    """A #PSALDO or #PBUDGET row kept until the end of the file (they are few)."""

    year_index: YearIndex
    period: int  # YYYYMM
    account: str
    objects: tuple[tuple[str, str], ...]
    amount: Ore
    line: int


@dataclass
class SieInfo:
    """Identification, master data and counts of one file, filled while it is read."""

    file: str
    encoding: str = ""
    flag: str = ""
    format: str = ""
    sie_type: str = ""
    program: str = ""
    program_version: str = ""
    generated: dt.date | None = None
    company: str = ""
    company_number: str = ""
    org_number: str = ""
    address: tuple[str, ...] = ()
    tax_year: int | None = None
    covered_until: dt.date | None = None
    chart_type: str = ""
    currency: str = ""
    years: dict[YearIndex, FiscalYear] = field(default_factory=dict)
    accounts: dict[str, str] = field(default_factory=dict)
    account_types: dict[str, str] = field(default_factory=dict)
    dimensions: dict[str, str] = field(default_factory=dict)
    objects: dict[tuple[str, str], str] = field(default_factory=dict)
    lines: int = 0
    records: int = 0
    vouchers: int = 0
    transactions: int = 0
    added_rows: int = 0  # RTRANS
    removed_rows: int = 0  # BTRANS, never counted
    psaldo_rows: int = 0
    pbudget_rows: int = 0
    fallback_bytes: int = 0  # bytes of a UTF-8 file that were not UTF-8, read as Latin-1
    unknown_records: Counter[str] = field(default_factory=Counter)
    checks: list[Check] = field(default_factory=list)
    actual_years: list[int] = field(default_factory=list)  # calendar years with actuals
    psaldo_year_indexes: list[YearIndex] = field(default_factory=list)

    @property
    def unknown_count(self) -> int:
        return sum(self.unknown_records.values())

    def objects_of(self, dimension: str) -> dict[str, str]:
        """Names of the objects of one SIE dimension number, by object code."""
        return {obj: name for (dim, obj), name in self.objects.items() if dim == dimension}


def parse_dimension(text: str) -> tuple[str, int]:
    """`ansvar=1` → ("ansvar", 1); ValueError with a Swedish message otherwise."""
    name, sep, number = text.partition("=")
    name, number = name.strip().lower(), number.strip()
    if not sep or name not in DIMENSION_NAMES or not (number.isascii() and number.isdigit()) or int(number) < 1:
        raise ValueError(f'"{text}" ska vara NAMN=NUMMER, där NAMN är ansvar, verksamhet eller projekt')
    return name, int(number)


def resolve_dimensions(overrides: Mapping[str, int] | None, file: str = "--dim") -> dict[str, str]:
    """Our dimension names → SIE dimension numbers: the defaults, each override replacing its name."""
    chosen = {name: str(number) for name, number in DEFAULT_DIMENSIONS.items()}
    for name, number in (overrides or {}).items():
        if name not in DIMENSION_NAMES:
            raise InputError(file, None, f'okänt dimensionsnamn "{name}" (ansvar, verksamhet eller projekt)')
        if number < 1:
            raise InputError(file, None, f"dimensionsnummer {number} för {name} måste vara minst 1")
        chosen[name] = str(number)
    return chosen
