"""`accuracy`: per department and forecast round, entered F(U, m), auto and run_rate against the outcome."""

from __future__ import annotations

import dataclasses

import pytest

from tests.core.forecasting.synthetic import Synthetic, make
from uppfolj.core.choices import ForecastMethod
from uppfolj.core.forecasting import accuracy, backtest
from uppfolj.core.forecasting.model import Accuracy

YEARS = (2020, 2021, 2022, 2023)


@pytest.fixture(scope="module")
def synthetic() -> Synthetic:
    return make(departments=3, units_per_department=3, years=YEARS, seed=8)


@pytest.fixture(scope="module")
def result(synthetic: Synthetic) -> Accuracy:
    return accuracy(synthetic.data, 2023)


def test_months_default_to_the_rounds_in_which_forecasts_were_made(result: Accuracy) -> None:
    assert sorted({r.month for r in result.total}) == [2, 4, 8, 10]


def test_departments_in_tree_order_months_ascending(result: Accuracy, synthetic: Synthetic) -> None:
    assert [(r.unit, r.month) for r in result.rows] == [
        (d, m) for d in synthetic.departments for m in (2, 4, 8, 10)
    ]
    assert [r.name for r in result.rows[::4]] == ["Avdelning 1", "Avdelning 2", "Avdelning 3"]
    assert {r.unit for r in result.total} == {"SOC"}


def test_figures_are_the_backtests(result: Accuracy, synthetic: Synthetic) -> None:
    bt = backtest(
        synthetic.data,
        [2023],
        [2, 4, 8, 10],
        methods=[ForecastMethod.RUN_RATE, ForecastMethod.AUTO, ForecastMethod.ENTERED],
    )
    by = {(r.unit, r.month, r.method): r for r in bt.results}
    for row in [*result.rows, *result.total]:
        assert row.auto == by[(row.unit, row.month, ForecastMethod.AUTO)].forecast
        assert row.run_rate == by[(row.unit, row.month, ForecastMethod.RUN_RATE)].forecast
        assert row.outcome == by[(row.unit, row.month, ForecastMethod.AUTO)].outcome
        entered = by.get((row.unit, row.month, ForecastMethod.ENTERED))
        assert row.entered == (None if entered is None else entered.forecast)
    assert all(r.entered is not None for r in result.total)


def test_without_entered_forecasts_every_month_but_december(synthetic: Synthetic) -> None:
    data = dataclasses.replace(synthetic.data, entered=[])
    result = accuracy(data, 2023)
    assert [r.month for r in result.total] == list(range(1, 12))
    assert {r.entered for r in result.rows} == {None}


def test_months_can_be_chosen(synthetic: Synthetic) -> None:
    result = accuracy(synthetic.data, 2023, months=[8, 4])
    assert [r.month for r in result.total] == [4, 8]
