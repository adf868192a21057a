"""The demo is built by the generator and anchored on the seed's March 2024 table."""

from __future__ import annotations

from collections import defaultdict

import pytest

from uppfolj.synth import Municipality, ledger
from uppfolj.synth.anchor import anchored
from uppfolj.web.domain import demo_data as data


@pytest.fixture(scope="module")
def demo() -> Municipality:
    return anchored(data.demo_spec(), data.demo_targets())


def _department_of(muni: Municipality) -> dict[str, str]:
    return {cc: d.code for d in muni.spec.departments for u in ([d.own] if d.own else []) + list(d.units)
            for cc in u.cost_centres}


def test_demo_2024_department_figures_are_the_seeds(demo: Municipality) -> None:
    department = _department_of(demo)
    annual: dict[str, int] = defaultdict(int)
    period: dict[str, int] = defaultdict(int)
    actual: dict[str, int] = defaultdict(int)
    for b in demo.budget_records():
        if b.year == 2024:
            annual[department[b.cost_centre]] += b.amount
            period[department[b.cost_centre]] += b.amount if b.month <= 3 else 0
    for r in ledger(demo):
        if r.year == 2024:
            actual[department[r.cost_centre]] += r.amount
    forecasts = {(f.unit, f.month): f.amount for f in demo.forecast_records if f.year == 2024 and not f.row}

    for code, _name, _base, year_budget, period_budget, to_date, february, march, _units in data.DEPARTMENTS:
        assert (annual[code], period[code], actual[code]) == (year_budget * 100, period_budget * 100, to_date * 100), code
        assert (forecasts[(code, 2)], forecasts[(code, 3)]) == (february * 100, march * 100), code


def test_demo_units_forecasts_add_up_to_their_departments(demo: Municipality) -> None:
    for d in demo.spec.departments:
        if not d.units:
            continue
        for month in (2, 3):
            lines = [f for f in demo.forecast_records if f.year == 2024 and f.month == month
                     and f.unit in {u.code for u in d.units} and f.amount is not None]
            total = sum(f.amount for f in lines if f.amount is not None)
            department = next(f.amount for f in demo.forecast_records
                              if (f.unit, f.year, f.month, f.row) == (d.code, 2024, month, ""))
            assert total == department, (d.code, month)


def test_demo_history_runs_from_2020_and_grows(demo: Municipality) -> None:
    department = _department_of(demo)
    yearly: dict[tuple[str, int], int] = defaultdict(int)
    for r in ledger(demo):
        yearly[(department[r.cost_centre], r.year)] += r.amount

    assert min(y for _, y in yearly) == 2020
    total = {y: sum(v for (_, year), v in yearly.items() if year == y) for y in range(2020, 2024)}
    assert all(1.0 < total[y + 1] / total[y] < 1.09 for y in range(2020, 2023)), total
    assert len({f.unit for f in demo.forecast_records if f.year < 2024}) >= 30


def test_demo_placements_rise_from_18_to_24_as_its_text_says(demo: Municipality) -> None:
    counts = {(v.year, v.month): v.value for v in demo.volume_records if v.unit == "5151" and v.measure == "placeringar"}

    assert [counts[(2023, 12)], counts[(2024, 1)], counts[(2024, 3)]] == [18, 20, 24]


@pytest.mark.django_db
def test_load_demo_gives_the_seeds_figures_in_the_report() -> None:
    from uppfolj.web.domain.demo import load_demo
    from uppfolj.web.domain.period import period_report

    counts = load_demo()
    report = period_report(2024, 3)
    units = {line.code: line.figures for line in report.units}

    assert counts["volumes"] > 0
    for code, _name, _base, year_budget, period_budget, to_date, _february, march, _units in data.DEPARTMENTS:
        figures = units[code]
        assert (figures.annual_budget, figures.period_budget, figures.actual, figures.forecast) == (
            year_budget * 100, period_budget * 100, to_date * 100, march * 100), code
    assert units["5XX"].previous_year_actual is not None
