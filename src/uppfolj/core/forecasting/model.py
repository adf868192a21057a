"""What the forecasting engine returns: proposals, backtest results, and forecast accuracy.

Amounts are öre in ledger sign (costs positive); a full-year forecast is the unit's (or row's)
actual of months 1..12 as the follow-up report computes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from uppfolj.core.choices import ForecastMethod
from uppfolj.core.money import Ore


@dataclass(frozen=True, slots=True)
class RowProposal:
    """A template row's proposed full-year forecast for one unit."""

    code: str
    forecast: Ore
    method: ForecastMethod  # the method of the row's base cells (the one carrying most, where mixed)


@dataclass(frozen=True, slots=True)
class PastError:
    """How a method's forecast made in month M of an earlier year compared with that year's outcome."""

    year: int
    forecast: Ore
    outcome: Ore

    @property
    def error(self) -> Ore:
        """Forecast − outcome: positive when the forecast was too high (costlier than the year became)."""
        return self.forecast - self.outcome

    @property
    def error_pct(self) -> Decimal | None:
        """The error in per cent of the outcome's size, with its sign, to one decimal."""
        if self.outcome == 0:
            return None
        return (Decimal(self.error) * 100 / abs(self.outcome)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) + 0


@dataclass(frozen=True, slots=True)
class UnitProposal:
    """The proposal (`auto`) for one unit at (year, month), with what explains it."""

    unit: str
    method: ForecastMethod  # the method carrying the largest part of the months still to come
    forecast: Ore
    low: Ore  # 80 % interval: low ≤ forecast ≤ high
    high: Ore
    rows: list[RowProposal]  # every template row, pre-order; top-level non-varav rows add up to forecast
    actual_to_date: Ore  # months 1..M
    remaining: list[Ore]  # the proposal's expected net amount of each month M+1..12
    past: list[PastError]  # the proposal's own record for this unit at month M in earlier years
    methods: dict[ForecastMethod, Ore | None] = field(default_factory=dict)  # every method's forecast, for comparison
    interval_basis: str = ""  # Swedish: where the interval comes from ("fel tidigare år", "ETS-modellens intervall")


@dataclass(frozen=True, slots=True)
class BacktestRow:
    """One unit × year × month × method of a backtest."""

    unit: str
    year: int
    month: int
    method: ForecastMethod
    forecast: Ore
    outcome: Ore


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """Per method and forecast month: n, mean absolute error, bias (öre) and MAPE (%)."""

    method: ForecastMethod
    month: int
    n: int
    mae: Decimal  # öre
    bias: Decimal  # öre, mean of forecast − outcome
    mape: Decimal | None  # over outcomes ≠ 0; None if none


@dataclass
class Backtest:
    years: list[int]
    months: list[int]
    methods: list[ForecastMethod]
    results: list[BacktestRow]
    summary: list[SummaryRow]


@dataclass(frozen=True, slots=True)
class AccuracyRow:
    """One department × forecast month of the Prognossäkerhet section."""

    unit: str
    name: str
    month: int  # the month the forecasts were made
    entered: Ore | None  # the budget holders' F(U, month), None where there was none
    auto: Ore
    run_rate: Ore
    outcome: Ore  # the year's actual, months 1..12


@dataclass
class Accuracy:
    """Forecast accuracy (prognossäkerhet) of one finished year, per department and month."""

    year: int
    rows: list[AccuracyRow]  # departments in tree order, months ascending within each
    total: list[AccuracyRow]  # the whole organisation (the root), one per month
