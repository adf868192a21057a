"""What the forecasting engine reads: monthly series per base cell, volumes, entered forecasts.

A *base cell* is one unit's own cost centres × one template row's own accounts (the accounts
the row takes directly, not through its children). Every unit's and row's figure is a sum of
base cells, so forecasts made per base cell and summed are coherent over the organisation tree
and over the template by construction (bottom-up reconciliation). `varav` rows repeat accounts
of other rows: their base cells are kept under their own code and never added into a parent.

The loader (`web.domain.forecasting`) fills this from the database; the engine never reads
anything else, which is what makes "no look-ahead" checkable: the engine slices by (year, month)
itself and a test changes later months to prove it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from uppfolj.core.choices import MeasureKind
from uppfolj.core.followup import row_matchers, unit_matcher
from uppfolj.core.money import Ore
from uppfolj.core.tree import Tree

CellKey = tuple[str, str]  # (unit code, template row code)
Months = list[Ore]  # twelve amounts in öre, January first (0 where nothing was booked)


@dataclass(frozen=True, slots=True)
class Measure:
    """A volume measure (mått): vårddygn, hemtjänsttimmar, hushåll, årsarbetare, …"""

    code: str
    name: str = ""
    unit_text: str = ""  # "dygn", "timmar"
    kind: MeasureKind = MeasureKind.SUM  # summa (months add up) or medel (months are averaged)


@dataclass(frozen=True, slots=True)
class EnteredForecast:
    """A budget holder's own net full-year forecast of a unit, made in (year, month)."""

    unit: str
    year: int
    month: int
    amount: Ore


@dataclass
class ForecastData:
    """Everything known in the database, by year; the engine cuts out what was known at (Y, M)."""

    tree: Tree  # the organisation
    template: Tree
    actual: Mapping[CellKey, Mapping[int, Months]]  # base cell -> year -> months (ledger sign)
    budget: Mapping[CellKey, Mapping[int, Months]]  # base cell -> year -> months, as phased
    volumes: Mapping[tuple[str, str], Mapping[int, list[Decimal | None]]] = field(default_factory=dict)
    # (unit, measure) -> year -> twelve values, None where the month has no value
    measures: Mapping[str, Measure] = field(default_factory=dict)
    drivers: Mapping[CellKey, str] = field(default_factory=dict)  # base cell -> the measure that drives it
    entered: Sequence[EnteredForecast] = ()  # every year, every month made
    actual_months: Mapping[int, int] = field(default_factory=dict)  # year -> the last month with any ledger row


def base_cells(
    tree: Tree, template: Tree, sums: Iterable[tuple[str, str, int, int, Ore]]
) -> dict[CellKey, dict[int, Months]]:
    """(cost centre, account, year, month, amount) sums placed on their base cells: the unit
    that takes the cost centre × the row that takes the account, and each `varav` row that
    takes it too. What no unit or row takes is left out, as the report leaves it out."""
    units, (rows, varav) = unit_matcher(tree), row_matchers(template)
    out: dict[CellKey, dict[int, Months]] = {}
    for cost_centre, account, year, month, amount in sums:
        unit = units.owner(cost_centre)
        if unit is None:
            continue
        for row in [rows.owner(account)] + [code for code, m in varav if m.owner(account) is not None]:
            if row is not None:
                out.setdefault((unit, row), {}).setdefault(year, [0] * 12)[month - 1] += amount
    return out
