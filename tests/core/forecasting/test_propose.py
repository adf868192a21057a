"""`propose`: coherent over the organisation and the template (`varav` included), intervals ordered."""

from __future__ import annotations

import random

import pytest

from tests.core.forecasting import small
from tests.core.forecasting.synthetic import make
from uppfolj.core.choices import ForecastMethod
from uppfolj.core.forecasting import propose
from uppfolj.core.forecasting.auto import CANDIDATES, MonthTable
from uppfolj.core.forecasting.data import EnteredForecast, ForecastData
from uppfolj.core.forecasting.model import UnitProposal
from uppfolj.core.forecasting.panel import Panel

# R (own cost centres) ─ A (own) ─ A1, A2; R ─ B
TREE = small.units(("R", ""), ("A", "R"), ("A1", "A"), ("A2", "A"), ("B", "R"))
# KOS has accounts of its own and a child; PERS has a varav child; VI is a top-level-child varav
TEMPLATE = small.rows(
    ("INT", "", False),
    ("INT-BID", "INT", False),
    ("KOS", "", False),
    ("KOS-PERS", "KOS", False),
    ("KOS-PERS-OT", "KOS-PERS", True),  # varav övertid: repeats some salary accounts
    ("KOS-LOK", "KOS", False),
    ("KOS-VI", "KOS", True),  # varav interna kostnader
)
YEARS = (2020, 2021, 2022, 2023, 2024)


def nested(seed: int = 7) -> ForecastData:
    rng = random.Random(seed)
    actual: dict[tuple[str, str], dict[int, list[int]]] = {}
    budget: dict[tuple[str, str], dict[int, list[int]]] = {}
    rows = ("INT", "INT-BID", "KOS", "KOS-PERS", "KOS-PERS-OT", "KOS-LOK", "KOS-VI")
    for unit in ("R", "A", "A1", "A2", "B"):
        for row in rows:
            if rng.random() < 0.25:
                continue
            sign = -1 if row.startswith("INT") else 1
            level = rng.randint(10_000, 2_000_000) * 100
            for year in YEARS:
                season = [1.0] * 5 + [1.1, 0.6, 0.9] + [1.0] * 3 + [1.4]
                actual.setdefault((unit, row), {})[year] = [
                    sign * round(level * s * rng.uniform(0.9, 1.1) * 1.03 ** (year - 2020))
                    for s in season
                ]
                budget.setdefault((unit, row), {})[year] = [
                    sign * round(level * 1.03 ** (year - 2020))
                ] * 12
    entered = [EnteredForecast("A1", 2024, 4, 123_456_700)]
    return small.data(actual, budget, tree=TREE, template=TEMPLATE, entered=entered)


def own_auto(data: ForecastData, year: int, month: int) -> dict[str, int]:
    """Each unit's own cost centres' auto total (counted rows only), from the engine's cells."""
    panel = Panel(data, [year])
    table = MonthTable(panel, month)
    table.solve([year])
    own = dict.fromkeys(panel.units, 0)
    for i, (unit, _row) in enumerate(panel.cells):
        if panel.counted[i]:
            own[unit] += int(table.auto[year][i])
    return own


@pytest.fixture(scope="module")
def proposals() -> dict[int, list[UnitProposal]]:
    data = nested()
    return {month: propose(data, 2024, month, with_ets=False) for month in (1, 4, 8, 12)}


def test_every_unit_in_pre_order_with_every_row_in_pre_order(
    proposals: dict[int, list[UnitProposal]],
) -> None:
    for result in proposals.values():
        assert [p.unit for p in result] == ["R", "A", "A1", "A2", "B"]
        for p in result:
            assert [r.code for r in p.rows] == [n.code for n in TEMPLATE.order]


@pytest.mark.parametrize("month", [1, 4, 8, 12])
def test_unit_is_its_children_plus_its_own_cost_centres(
    proposals: dict[int, list[UnitProposal]], month: int
) -> None:
    by_unit = {p.unit: p.forecast for p in proposals[month]}
    own = own_auto(nested(), 2024, month)
    assert by_unit["A"] == by_unit["A1"] + by_unit["A2"] + own["A"]
    assert by_unit["R"] == by_unit["A"] + by_unit["B"] + own["R"]
    assert own["A"] != 0 and own["R"] != 0  # the check is not vacuous


@pytest.mark.parametrize("month", [1, 4, 8, 12])
def test_rows_add_up_and_varav_rows_are_not_added(
    proposals: dict[int, list[UnitProposal]], month: int
) -> None:
    for p in proposals[month]:
        row = {r.code: r.forecast for r in p.rows}
        assert row["INT"] + row["KOS"] == p.forecast
        # KOS = its own accounts + PERS + LOK; the varav rows VI and PERS-OT are not in it
        panel = Panel(nested(), [2024])
        table = MonthTable(panel, month)
        table.solve([2024])
        subtree = {n.code for n in TREE.subtree(p.unit)}
        own = {code: 0 for code in row}
        for i, (unit, r) in enumerate(panel.cells):
            if unit in subtree:
                own[r] += int(table.auto[2024][i])
        assert row["KOS"] == own["KOS"] + row["KOS-PERS"] + row["KOS-LOK"]
        assert row["KOS-PERS"] == own["KOS-PERS"]
        assert row["KOS-PERS-OT"] == own["KOS-PERS-OT"]
        assert row["KOS-VI"] == own["KOS-VI"]
        assert row["INT"] == own["INT"] + row["INT-BID"]


@pytest.mark.parametrize("month", [1, 4, 8, 12])
def test_actual_to_date_and_remaining_months_make_the_forecast(
    proposals: dict[int, list[UnitProposal]], month: int
) -> None:
    for p in proposals[month]:
        assert len(p.remaining) == 12 - month
        assert p.actual_to_date + sum(p.remaining) == p.forecast
        assert p.methods[ForecastMethod.AUTO] == p.forecast


@pytest.mark.parametrize("month", [1, 4, 8, 12])
def test_interval_is_ordered_and_integer(
    proposals: dict[int, list[UnitProposal]], month: int
) -> None:
    for p in proposals[month]:
        assert isinstance(p.low, int) and isinstance(p.high, int)
        assert p.low <= p.forecast <= p.high
        assert p.interval_basis
        if month < 12:
            assert p.low < p.high


def test_december_forecast_is_the_outcome_with_a_point_interval(
    proposals: dict[int, list[UnitProposal]],
) -> None:
    for p in proposals[12]:
        assert p.forecast == p.actual_to_date == p.low == p.high
        assert p.remaining == []


def test_interval_from_past_errors_with_enough_earlier_years(
    proposals: dict[int, list[UnitProposal]],
) -> None:
    p = proposals[8][0]
    assert [e.year for e in p.past] == [2020, 2021, 2022, 2023]
    assert p.interval_basis.startswith("förslagets fel samma månad tidigare år (4 år)")
    rmse = (sum(e.error**2 for e in p.past) / 4) ** 0.5
    assert p.high - p.forecast == max(
        round(1.2816 * rmse), round(0.01 * sum(abs(v) for v in p.remaining))
    )


def test_interval_without_history_from_ets_or_ten_percent() -> None:
    data = nested()
    only_last_two = small.data(
        {k: {y: m for y, m in v.items() if y >= 2023} for k, v in data.actual.items()},
        {k: {y: m for y, m in v.items() if y >= 2023} for k, v in data.budget.items()},
        tree=TREE,
        template=TEMPLATE,
    )
    one_year = propose(only_last_two, 2023, 3, with_ets=False)
    # three months of data: too short for a model, so ±10 % of the remaining months
    for p in one_year:
        assert p.past == []
        assert p.interval_basis == "±10 % av återstående månader"
        assert p.high - p.forecast == round(0.1 * sum(abs(v) for v in p.remaining))
    later = propose(only_last_two, 2023, 9, with_ets=False)
    assert {p.interval_basis for p in later} == {"ETS-modellens intervall"}


def test_methods_for_comparison_and_entered_forecast(
    proposals: dict[int, list[UnitProposal]],
) -> None:
    p = {q.unit: q for q in proposals[4]}
    assert p["A1"].methods[ForecastMethod.ENTERED] == 123_456_700
    assert p["B"].methods[ForecastMethod.ENTERED] is None
    assert set(p["R"].methods) == {
        ForecastMethod.BUDGET,
        ForecastMethod.RUN_RATE,
        ForecastMethod.REMAINING_BUDGET,
        ForecastMethod.LAST_YEAR_PROFILE,
        ForecastMethod.LAST_YEAR_REMAINING,
        ForecastMethod.LAST_YEAR_RECENT,
        ForecastMethod.DRIVER,
        ForecastMethod.AUTO,
        ForecastMethod.ENTERED,
    }


def test_with_ets_adds_the_model_forecast() -> None:
    data = nested()
    p = propose(data, 2024, 8)[0]
    assert p.methods[ForecastMethod.ETS] is not None
    assert p.methods[ForecastMethod.ETS] != p.methods[ForecastMethod.RUN_RATE]


def test_method_is_the_one_carrying_most_of_the_remaining_months() -> None:
    data = make(departments=2, units_per_department=4, years=YEARS, seed=3).data
    panel = Panel(data, [2024])
    table = MonthTable(panel, 8)
    table.solve([2024])
    candidates = table.candidates(2024).astype(float)
    parts = table.weights[2024] * (candidates - table.plan(2024).known.to_date)  # (methods, cells)
    for p in propose(data, 2024, 8, with_ets=False):
        subtree = {n.code for n in data.tree.subtree(p.unit)}
        cells = [i for i, (u, _) in enumerate(panel.cells) if u in subtree and panel.counted[i]]
        by_method = {m: abs(parts[k, cells].sum()) for k, m in enumerate(CANDIDATES)}
        assert p.method == max(by_method, key=lambda m: by_method[m])
        assert by_method[p.method] > 0


def test_month_outside_the_year_is_refused() -> None:
    with pytest.raises(ValueError, match="month 13"):
        propose(nested(), 2024, 13)
