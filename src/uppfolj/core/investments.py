"""Investment follow-up (investeringsuppföljning): projects with a budget, their actual and forecast.

An investment is a project of a year (the ledger's `projekt` code) with a budget for the whole
year. Its actual is the sum of the ledger rows of the year's months 1..M with that project code,
on any account: investments are booked on balance-sheet accounts (Kommun-Bas class 1) that no
report-template row covers, which is why those rows are not `unmapped_account` of the follow-up.
Amounts are öre in ledger sign (an expenditure is positive).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from uppfolj.core.money import Ore


@dataclass(frozen=True, slots=True)
class InvestmentRecord:
    """One row of an investments file (CONTRACT *investments*).

    `forecast` None and `comment` "" mean the file does not give them: an import then keeps what
    was entered on the web.
    """

    year: int
    project: str  # projekt, the ledger's project code
    name: str  # namn
    budget: Ore
    forecast: Ore | None = None  # prognos, full year
    comment: str = ""  # kommentar
    line: int = 0


@dataclass(frozen=True, slots=True)
class InvestmentLine:
    """A project's follow-up for months 1..M of a year."""

    project: str
    name: str
    budget: Ore
    actual: Ore  # months 1..M, any account; 0 without ledger rows
    forecast: Ore | None  # full-year forecast; None = none given
    comment: str = ""
    carry_over: Ore | None = None  # begärd överföring till nästa år (ombudgetering)
    carry_over_reason: str = ""

    @property
    def variance(self) -> Ore | None:
        """Budget − forecast: positive means the project is forecast to spend less than its budget."""
        return None if self.forecast is None else self.budget - self.forecast

    @property
    def used_pct(self) -> Decimal | None:
        """Actual as a percentage of the budget (None for a budget of 0)."""
        return percent_of(self.actual, self.budget)

    @property
    def expected(self) -> Ore:
        """The forecast, or the budget where no forecast is given (as units are counted at budget)."""
        return self.budget if self.forecast is None else self.forecast


@dataclass(frozen=True, slots=True)
class InvestmentTotal:
    """The sums over a year's projects; projects without a forecast count at their budget."""

    budget: Ore
    actual: Ore
    forecast: Ore  # sum of forecasts, budget where a project has none
    carry_over: Ore
    projects: int
    without_forecast: int

    @property
    def variance(self) -> Ore:
        return self.budget - self.forecast

    @property
    def used_pct(self) -> Decimal | None:
        return percent_of(self.actual, self.budget)


def percent_of(part: Ore, whole: Ore) -> Decimal | None:
    """part / whole × 100 with two decimals, None where whole is 0."""
    if whole == 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def investment_total(lines: Sequence[InvestmentLine]) -> InvestmentTotal:
    return InvestmentTotal(
        budget=sum(i.budget for i in lines),
        actual=sum(i.actual for i in lines),
        forecast=sum(i.expected for i in lines),
        carry_over=sum(i.carry_over or 0 for i in lines),
        projects=len(lines),
        without_forecast=sum(1 for i in lines if i.forecast is None),
    )


def belongs_to_investments(project: str, account_covered: bool, registered: frozenset[str]) -> bool:
    """Whether a ledger amount is the investment follow-up's rather than the report's: its project
    is a registered investment of the year, and no template row covers its account."""
    return bool(project) and project in registered and not account_covered
