"""`backtest`: rows in order, outcomes, entered = F(U, M), the summary's arithmetic, workers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.core.forecasting import small
from tests.core.forecasting.synthetic import make
from tests.core.forecasting.test_propose import TEMPLATE, TREE, nested
from uppfolj.core.choices import ForecastMethod
from uppfolj.core.forecast import roll_up_forecasts
from uppfolj.core.forecasting import ALL_METHODS, backtest, summarise
from uppfolj.core.forecasting.data import EnteredForecast, ForecastData
from uppfolj.core.forecasting.model import Backtest, BacktestRow

UNITS = ["R", "A", "A1", "A2", "B"]


@pytest.fixture(scope="module")
def result() -> Backtest:
    return backtest(nested(), [2023, 2024], [4, 8])


def test_rows_are_year_month_method_unit(result: Backtest) -> None:
    assert result.years == [2023, 2024]
    assert result.months == [4, 8]
    assert result.methods == list(ALL_METHODS)
    keys = [
        (r.year, r.month, list(ALL_METHODS).index(r.method), UNITS.index(r.unit))
        for r in result.results
    ]
    assert keys == sorted(keys)
    plain = [r for r in result.results if r.method != ForecastMethod.ENTERED]
    assert len(plain) == 2 * 2 * 8 * 5


def test_outcome_is_the_units_year_without_varav_rows(result: Backtest) -> None:
    data = nested()
    subtree = {u: {n.code for n in TREE.subtree(u)} for u in UNITS}
    counted = {"INT", "INT-BID", "KOS", "KOS-PERS", "KOS-LOK"}
    for row in result.results:
        expected = sum(
            sum(months[row.year])
            for (unit, r), months in data.actual.items()
            if unit in subtree[row.unit] and r in counted
        )
        assert row.outcome == expected


def test_entered_is_the_rolled_up_forecast_where_there_is_one() -> None:
    base = nested()
    entered = [
        EnteredForecast("A1", 2024, 2, 111_00),
        EnteredForecast("A1", 2024, 7, 222_00),  # the latest made ≤ M counts
        EnteredForecast("A1", 2024, 9, 999_00),  # made after M: not seen
        EnteredForecast("B", 2023, 8, 555_00),  # another year
    ]
    data = small.data(base.actual, base.budget, tree=TREE, template=TEMPLATE, entered=entered)
    rows = [r for r in backtest(data, [2024], [8], methods=[ForecastMethod.ENTERED]).results]
    annual: dict[str, int] = dict.fromkeys(UNITS, 0)
    own: dict[str, int] = dict.fromkeys(UNITS, 0)
    counted = {"INT", "INT-BID", "KOS", "KOS-PERS", "KOS-LOK"}
    for (unit, r), by_year in data.budget.items():
        if r in counted:
            own[unit] += sum(by_year[2024])
            for u in UNITS:
                if unit in {n.code for n in TREE.subtree(u)}:
                    annual[u] += sum(by_year[2024])
    expected, _ = roll_up_forecasts(TREE, {"A1": [(2, 111_00), (7, 222_00)]}, 8, annual, own)
    assert {r.unit: r.forecast for r in rows} == {
        u: v for u, v in expected.items() if v is not None
    }
    assert [r.unit for r in rows] == ["R", "A", "A1"]  # parents included, B and A2 have none
    assert {r.unit: r.forecast for r in rows}["A1"] == 222_00
    assert {r.unit: r.forecast for r in rows}["A"] == 222_00 + annual["A2"] + own["A"]


def test_methods_asked_come_in_the_canonical_order() -> None:
    result = backtest(nested(), [2024], [8], methods=[ForecastMethod.AUTO, ForecastMethod.BUDGET])
    assert result.methods == [ForecastMethod.BUDGET, ForecastMethod.AUTO]
    assert {r.method for r in result.results} == {ForecastMethod.BUDGET, ForecastMethod.AUTO}


def test_budget_method_is_the_annual_budget(result: Backtest) -> None:
    data = nested()
    budget_r = sum(
        sum(v[2024]) for (u, r), v in data.budget.items() if r not in {"KOS-PERS-OT", "KOS-VI"}
    )
    row = next(
        r
        for r in result.results
        if (r.unit, r.year, r.method) == ("R", 2024, ForecastMethod.BUDGET)
    )
    assert row.forecast == budget_r


def test_summary_arithmetic() -> None:
    rows = [
        BacktestRow("A", 2024, 8, ForecastMethod.AUTO, 110, 100),  # +10, 10 %
        BacktestRow("B", 2024, 8, ForecastMethod.AUTO, -50, -40),  # -10, 25 %
        BacktestRow("C", 2024, 8, ForecastMethod.AUTO, 7, 0),  # +7, no percentage
        BacktestRow("A", 2024, 4, ForecastMethod.AUTO, 100, 100),
        BacktestRow("A", 2024, 8, ForecastMethod.RUN_RATE, 3, 0),
        BacktestRow("B", 2024, 8, ForecastMethod.RUN_RATE, -4, 0),
    ]
    summary = summarise(
        rows, [ForecastMethod.RUN_RATE, ForecastMethod.AUTO, ForecastMethod.ENTERED], [4, 8]
    )
    assert [(s.method, s.month) for s in summary] == [
        (ForecastMethod.RUN_RATE, 8),
        (ForecastMethod.AUTO, 4),
        (ForecastMethod.AUTO, 8),
    ]
    run_rate, auto_4, auto_8 = summary
    assert (auto_8.n, auto_8.mae, auto_8.bias, auto_8.mape) == (
        3,
        Decimal(27) / 3,
        Decimal(7) / 3,
        Decimal("17.5"),
    )
    assert (auto_4.n, auto_4.mae, auto_4.bias, auto_4.mape) == (1, 0, 0, 0)
    assert (run_rate.n, run_rate.mae, run_rate.bias, run_rate.mape) == (
        2,
        Decimal("3.5"),
        Decimal("-0.5"),
        None,
    )


def test_summary_is_made_from_the_results(result: Backtest) -> None:
    for s in result.summary:
        rows = [r for r in result.results if r.method == s.method and r.month == s.month]
        assert s.n == len(rows)
        assert s.mae == Decimal(sum(abs(r.forecast - r.outcome) for r in rows)) / len(rows)


def test_two_workers_give_the_same_result() -> None:
    data = make(departments=2, units_per_department=2, years=(2020, 2021, 2022, 2023), seed=4).data
    one = backtest(data, [2022, 2023], [3, 9], workers=1)
    two = backtest(data, [2022, 2023], [3, 9], workers=2)
    assert two == one


def test_months_outside_the_year_are_refused() -> None:
    with pytest.raises(ValueError, match=r"months must be 1\.\.12"):
        backtest(nested(), [2024], [0, 8])


def test_a_year_without_data_has_zero_outcomes() -> None:
    data: ForecastData = nested()
    result = backtest(data, [2026], [8], methods=[ForecastMethod.RUN_RATE, ForecastMethod.AUTO])
    assert {r.outcome for r in result.results} == {0}
    assert {s.mape for s in result.summary} == {None}
