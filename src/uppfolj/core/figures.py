"""The follow-up figures of one unit or row, and the arithmetic between them (ledger sign)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from uppfolj.core.money import Ore

_PCT_PLACES = Decimal("0.0001")


@dataclass(slots=True)
class Sums:
    """Summed amounts in öre. Previous-year values may be unknown (None) for the whole report."""

    annual_budget: Ore = 0
    period_budget: Ore = 0
    actual: Ore = 0
    previous_year_period_actual: Ore = 0
    previous_year_actual: Ore = 0

    def add(self, other: Sums) -> None:
        self.annual_budget += other.annual_budget
        self.period_budget += other.period_budget
        self.actual += other.actual
        self.previous_year_period_actual += other.previous_year_period_actual
        self.previous_year_actual += other.previous_year_actual

    def copy(self) -> Sums:
        return Sums(
            self.annual_budget,
            self.period_budget,
            self.actual,
            self.previous_year_period_actual,
            self.previous_year_actual,
        )


def forecast_variance(annual_budget: Ore, forecast: Ore) -> Ore:
    """Prognosavvikelse: annual budget − full-year forecast; positive = better than budget."""
    return annual_budget - forecast


def percentage(numerator: Ore, denominator: Ore) -> Decimal | None:
    """numerator / denominator × 100 to four decimals; None where the denominator is 0."""
    if denominator == 0:
        return None
    value = Decimal(numerator) * 100 / Decimal(denominator)
    return value.quantize(_PCT_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class Figures:
    """The columns of the follow-up for one unit or template row (öre; None = not computable)."""

    annual_budget: Ore
    period_budget: Ore
    actual: Ore
    variance: Ore  # budgetavvikelse: period budget − actual, positive = better than budget
    consumed_pct: Decimal | None  # förbrukat %: actual / annual budget × 100
    previous_year_period_actual: Ore | None
    previous_year_actual: Ore | None
    forecast: Ore | None = None  # helårsprognos
    forecast_variance: Ore | None = None  # prognosavvikelse: annual budget − forecast
    forecast_change: Ore | None = None  # forecast now − forecast in the previous round

    @property
    def forecast_improvement(self) -> Ore | None:
        """The forecast change in the variance's sense, as people read it: + = better than the
        previous forecast. The contract's `forecast_change` is the other way (+ = costs more)."""
        return None if self.forecast_change is None else -self.forecast_change


def figures_from(
    sums: Sums,
    *,
    previous_period_known: bool,
    previous_year_known: bool,
    forecast: Ore | None = None,
    previous_forecast: Ore | None = None,
    has_previous_round: bool = False,
) -> Figures:
    """Derive every column from the sums and the forecasts (F(U, M) and F(U, P))."""
    change = None
    if has_previous_round and forecast is not None and previous_forecast is not None:
        change = forecast - previous_forecast
    return Figures(
        annual_budget=sums.annual_budget,
        period_budget=sums.period_budget,
        actual=sums.actual,
        variance=sums.period_budget - sums.actual,
        consumed_pct=percentage(sums.actual, sums.annual_budget),
        previous_year_period_actual=sums.previous_year_period_actual if previous_period_known else None,
        previous_year_actual=sums.previous_year_actual if previous_year_known else None,
        forecast=forecast,
        forecast_variance=None if forecast is None else forecast_variance(sums.annual_budget, forecast),
        forecast_change=change,
    )
