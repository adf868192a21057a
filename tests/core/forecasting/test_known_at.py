"""No look-ahead: a proposal for (Y, M) is the same whatever was loaded after the end of M of Y."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from tests.core.forecasting.synthetic import make
from uppfolj.core.forecasting import backtest, propose
from uppfolj.core.forecasting.data import EnteredForecast, ForecastData

YEAR, MONTH = 2023, 8


def as_known_then(data: ForecastData, year: int, month: int) -> ForecastData:
    """The database as it stood at the end of `month` of `year`: nothing later exists."""

    def cut(series: dict[int, list[int]]) -> dict[int, list[int]]:
        out = {y: list(m) for y, m in series.items() if y < year}
        if year in series:
            out[year] = [v if i < month else 0 for i, v in enumerate(series[year])]
        return out

    def cut_volumes(series: dict[int, list[Decimal | None]]) -> dict[int, list[Decimal | None]]:
        out = {y: list(m) for y, m in series.items() if y < year}
        if year in series:
            out[year] = [v if i < month else None for i, v in enumerate(series[year])]
        return out

    return dataclasses.replace(
        data,
        actual={k: cut(dict(v)) for k, v in data.actual.items()},
        budget={k: {y: list(m) for y, m in v.items() if y <= year} for k, v in data.budget.items()},
        volumes={k: cut_volumes(dict(v)) for k, v in data.volumes.items()},
        entered=[f for f in data.entered if (f.year, f.month) <= (year, month)],
        actual_months={y: (month if y == year else 12) for y in data.actual_months if y <= year},
    )


def with_later_changes(data: ForecastData, year: int, month: int) -> ForecastData:
    """Every later month changed: actuals, volumes, entered forecasts, next year's budget."""

    def bump(series: dict[int, list[int]], factor: int) -> dict[int, list[int]]:
        return {
            y: [v * factor + 12_345 if (y, i + 1) > (year, month) else v for i, v in enumerate(m)]
            for y, m in series.items()
        }

    def bump_volumes(series: dict[int, list[Decimal | None]]) -> dict[int, list[Decimal | None]]:
        return {
            y: [Decimal(999) if (y, i + 1) > (year, month) else v for i, v in enumerate(m)]
            for y, m in series.items()
        }

    later = [
        dataclasses.replace(f, amount=f.amount * 2 + 1)
        for f in data.entered
        if (f.year, f.month) > (year, month)
    ]
    extra = [EnteredForecast(u, year, month + 1, 1) for u in {f.unit for f in data.entered}]
    return dataclasses.replace(
        data,
        actual={k: bump(dict(v), 3) for k, v in data.actual.items()},
        budget={
            k: {y: (m if y <= year else [v * 5 for v in m]) for y, m in v.items()}
            for k, v in data.budget.items()
        },
        volumes={k: bump_volumes(dict(v)) for k, v in data.volumes.items()},
        entered=[f for f in data.entered if (f.year, f.month) <= (year, month)] + later + extra,
    )


@pytest.fixture(scope="module")
def datasets() -> tuple[ForecastData, ForecastData, ForecastData]:
    full = make(
        departments=2, units_per_department=3, years=(2019, 2020, 2021, 2022, 2023, 2024), seed=11
    ).data
    return as_known_then(full, YEAR, MONTH), full, with_later_changes(full, YEAR, MONTH)


def test_later_data_was_really_there(
    datasets: tuple[ForecastData, ForecastData, ForecastData],
) -> None:
    then, full, changed = datasets
    assert 2024 in next(iter(full.actual.values()))
    assert 2024 not in next(iter(then.actual.values()))
    assert any(f.year == YEAR and f.month > MONTH for f in changed.entered)
    assert any(f.year == YEAR and f.month > MONTH for f in full.entered)


def test_propose_reads_nothing_after_the_month(
    datasets: tuple[ForecastData, ForecastData, ForecastData],
) -> None:
    then, full, changed = datasets
    expected = propose(then, YEAR, MONTH)
    assert propose(full, YEAR, MONTH) == expected
    assert propose(changed, YEAR, MONTH) == expected


def test_backtest_forecasts_read_nothing_after_the_month(
    datasets: tuple[ForecastData, ForecastData, ForecastData],
) -> None:
    then, full, changed = datasets

    def forecasts(data: ForecastData, years: list[int]) -> list[tuple[str, str, int]]:
        result = backtest(data, years, [MONTH])
        return [(r.unit, r.method.value, r.forecast) for r in result.results if r.year == YEAR]

    expected = forecasts(then, [YEAR])
    assert len(expected) > 8 * 7  # every unit × every method but some entered
    assert forecasts(full, [YEAR]) == expected
    assert forecasts(changed, [YEAR]) == expected
    assert forecasts(changed, [YEAR, 2024]) == expected  # whatever years a run has
