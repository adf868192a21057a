"""`auto`: the prior without history, and the method that was right at the same month before."""

from __future__ import annotations

import dataclasses

from tests.core.forecasting import small
from uppfolj.core.choices import ForecastMethod
from uppfolj.core.forecasting import propose

CELL = ("U", "KOS")


def quarterly(rent: int) -> list[int]:
    return [3 * rent if m % 3 == 0 else 0 for m in range(12)]


def rents(years: range) -> small.ForecastData:
    """Rent paid quarterly in advance, 2 % more each year; the budget is the year's rent, phased evenly."""
    actual = {CELL: {y: quarterly(100_000 + 2_000 * (y - 2019)) for y in years}}
    budget = {CELL: {y: small.even(12 * (100_000 + 2_000 * (y - 2019))) for y in years}}
    return small.data(actual, budget)


def test_without_any_earlier_year_auto_is_remaining_budget() -> None:
    p = propose(rents(range(2024, 2025)), 2024, 4, with_ets=False)[0]
    assert p.forecast == p.methods[ForecastMethod.REMAINING_BUDGET]
    assert p.method == ForecastMethod.REMAINING_BUDGET
    assert p.past == []


def test_with_last_year_but_no_finished_year_auto_is_last_year_remaining() -> None:
    data = dataclasses.replace(rents(range(2023, 2025)), actual_months={2023: 11, 2024: 4})
    p = propose(data, 2024, 4, with_ets=False)[0]
    assert p.forecast == p.methods[ForecastMethod.LAST_YEAR_REMAINING]
    assert p.method == ForecastMethod.LAST_YEAR_REMAINING


def test_auto_follows_the_methods_that_were_right_at_the_same_month() -> None:
    p = propose(rents(range(2019, 2025)), 2024, 4, with_ets=False)[0]
    rent = 12 * (100_000 + 2_000 * 5)
    assert p.methods[ForecastMethod.RUN_RATE] == rent * 3 // 2  # two quarters paid in four months
    assert abs(p.forecast - rent) <= 1
    assert p.method in {
        ForecastMethod.BUDGET,
        ForecastMethod.LAST_YEAR_PROFILE,
        ForecastMethod.LAST_YEAR_REMAINING,
    }
    assert [e.year for e in p.past] == [2019, 2020, 2021, 2022, 2023]
    assert all(abs(e.error) <= 1 for e in p.past[1:])  # 2019 had no earlier year to learn from
