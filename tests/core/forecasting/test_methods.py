"""Each simple method and `driver` at its edges: exact öre, M = 12, zero budgets, revenues, fallbacks."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.core.forecasting import small
from tests.core.forecasting.synthetic import make
from uppfolj.core.choices import ForecastMethod, MeasureKind
from uppfolj.core.forecasting.data import Measure
from uppfolj.core.forecasting.methods import Plan, cell_plan, path
from uppfolj.core.forecasting.panel import Panel

CELL = ("U", "KOS")
REV = ("U", "INT")


def plan(data: small.ForecastData, year: int, month: int) -> tuple[Panel, Plan]:
    panel = Panel(data, [year])
    return panel, cell_plan(panel.known(year, month))


def total(
    data: small.ForecastData,
    year: int,
    month: int,
    method: ForecastMethod,
    cell: tuple[str, str] = CELL,
) -> int:
    panel, p = plan(data, year, month)
    return int(p.totals[method][panel.cells.index(cell)])


def months(*first: int) -> list[int]:
    """The given first months, the rest 0 (a later month that must not be read is set elsewhere)."""
    return [*first, *([0] * (12 - len(first)))]


# --- budget, run_rate, remaining_budget -------------------------------------------------------


def test_budget_is_the_annual_budget_whatever_the_months_so_far() -> None:
    data = small.data({CELL: {2024: [999] * 12}}, {CELL: {2024: small.even(1200)}})
    assert [total(data, 2024, m, ForecastMethod.BUDGET) for m in (1, 8, 12)] == [1200, 1200, 1200]


def test_budget_missing_is_zero() -> None:
    data = small.data({CELL: {2024: [10] * 12}})
    assert total(data, 2024, 6, ForecastMethod.BUDGET) == 0


def test_run_rate_rounds_halves_away_from_zero() -> None:
    # 7 öre in eight months × 12 / 8 = 10.5 öre
    data = small.data({CELL: {2024: months(7)}, REV: {2024: months(-7)}})
    assert total(data, 2024, 8, ForecastMethod.RUN_RATE) == 11
    assert total(data, 2024, 8, ForecastMethod.RUN_RATE, REV) == -11


def test_run_rate_rounds_to_nearest() -> None:
    data = small.data({CELL: {2024: months(100)}})
    assert total(data, 2024, 7, ForecastMethod.RUN_RATE) == 171  # 1200 / 7 = 171.43


def test_run_rate_in_december_is_the_actual_exactly() -> None:
    data = small.data({CELL: {2024: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13]}})
    assert total(data, 2024, 12, ForecastMethod.RUN_RATE) == 79


def test_remaining_budget_adds_the_phased_months_left() -> None:
    budget = [100, 100, 100, 100, 50, 50, 50, 50, 200, 200, 200, 200]
    data = small.data({CELL: {2024: months(90, 95, 105, 120)}}, {CELL: {2024: budget}})
    assert total(data, 2024, 4, ForecastMethod.REMAINING_BUDGET) == 410 + 200 + 800


def test_remaining_budget_without_budget_is_the_actual() -> None:
    data = small.data({CELL: {2024: months(90, 95)}})
    assert total(data, 2024, 2, ForecastMethod.REMAINING_BUDGET) == 185


def test_every_method_but_budget_is_the_actual_in_december() -> None:
    last = [50] * 12
    data = small.data(
        {CELL: {2023: last, 2024: [60] * 11 + [61]}},
        {CELL: {2023: small.even(600), 2024: small.even(840)}},
    )
    panel, p = plan(data, 2024, 12)
    i = panel.cells.index(CELL)
    assert {m: int(v[i]) for m, v in p.totals.items()} == {
        ForecastMethod.BUDGET: 840,
        ForecastMethod.RUN_RATE: 721,
        ForecastMethod.REMAINING_BUDGET: 721,
        ForecastMethod.LAST_YEAR_PROFILE: 721,
        ForecastMethod.LAST_YEAR_REMAINING: 721,
        ForecastMethod.LAST_YEAR_RECENT: 721,
        ForecastMethod.DRIVER: 721,
    }


# --- last_year_profile ------------------------------------------------------------------------


def test_last_year_profile_scales_last_year_by_the_year_so_far() -> None:
    data = small.data({CELL: {2023: [100] * 12, 2024: months(110, 110, 110, 110)}})
    assert total(data, 2024, 4, ForecastMethod.LAST_YEAR_PROFILE) == 440 * 1200 // 400


def test_last_year_profile_rounds_the_scaled_months_once() -> None:
    # 10 + 10 × 26 / 9 = 38.89 öre
    last = [3, 3, 3, 2, 3, 3, 3, 3, 3, 3, 3, 3]
    data = small.data({CELL: {2023: last, 2024: months(3, 3, 4)}})
    assert total(data, 2024, 3, ForecastMethod.LAST_YEAR_PROFILE) == 39


def test_last_year_profile_of_revenue_keeps_the_sign() -> None:
    data = small.data({REV: {2023: [-100] * 12, 2024: months(-110, -110, -110, -110)}})
    assert total(data, 2024, 4, ForecastMethod.LAST_YEAR_PROFILE, REV) == -1320


@pytest.mark.parametrize(
    ("last", "this", "why"),
    [
        ([0, 0, 0, 0, *[100] * 8], months(110, 110, 110, 110), "last year nothing in months 1..4"),
        ([-100] * 12, months(110, 110, 110, 110), "sign turned"),
        ([100] * 12, months(1100, 1100, 1100, 1100), "ten times last year"),
        ([100] * 12, months(0, 0, 0, 0), "nothing booked yet"),
    ],
)
def test_last_year_profile_falls_back_to_remaining_budget(
    last: list[int], this: list[int], why: str
) -> None:
    data = small.data({CELL: {2023: last, 2024: this}}, {CELL: {2024: small.even(1200)}})
    assert total(data, 2024, 4, ForecastMethod.LAST_YEAR_PROFILE) == sum(this) + 800, why


def test_last_year_profile_without_last_year_is_remaining_budget() -> None:
    data = small.data({CELL: {2024: months(110, 110, 110, 110)}}, {CELL: {2024: small.even(1200)}})
    assert total(data, 2024, 4, ForecastMethod.LAST_YEAR_PROFILE) == 440 + 800


# --- last_year_remaining ----------------------------------------------------------------------


def test_last_year_remaining_grows_last_years_months_with_the_budget() -> None:
    last = [100] * 12
    data = small.data(
        {CELL: {2023: last, 2024: months(500, 100, 100, 100)}},  # a January lump is not scaled
        {CELL: {2023: small.even(1200), 2024: small.even(1320)}},
    )
    assert total(data, 2024, 4, ForecastMethod.LAST_YEAR_REMAINING) == 800 + 800 * 1320 // 1200


def test_last_year_remaining_rounds_once() -> None:
    last = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7]
    data = small.data(
        {CELL: {2023: last, 2024: months(1)}}, {CELL: {2023: small.even(24), 2024: small.even(36)}}
    )
    assert (
        total(data, 2024, 11, ForecastMethod.LAST_YEAR_REMAINING) == 1 + 11
    )  # 7 × 36 / 24 = 10.5 → 11


@pytest.mark.parametrize(("last_budget", "budget"), [(0, 1320), (1200, 0), (1200, -1200)])
def test_last_year_remaining_without_a_sensible_budget_ratio_takes_last_year_as_it_was(
    last_budget: int, budget: int
) -> None:
    data = small.data(
        {CELL: {2023: [100] * 12, 2024: months(100, 100, 100, 100)}},
        {CELL: {2023: small.even(last_budget), 2024: small.even(budget)}},
    )
    assert total(data, 2024, 4, ForecastMethod.LAST_YEAR_REMAINING) == 400 + 800


def test_last_year_remaining_without_last_year_is_remaining_budget() -> None:
    data = small.data({CELL: {2024: months(100)}}, {CELL: {2024: small.even(2400)}})
    assert total(data, 2024, 1, ForecastMethod.LAST_YEAR_REMAINING) == 100 + 2200


# --- last_year_recent -------------------------------------------------------------------------


def test_last_year_recent_scales_last_years_rest_by_the_latest_three_months() -> None:
    # January is as last year, February..April 20 % above: last year's rest 100 + 8 × 100 + a
    # December of 300 → (7 × 100 + 300) × 360 / 300 = 1200
    last = [100] * 11 + [300]
    data = small.data({CELL: {2023: last, 2024: months(100, 120, 120, 120)}})
    assert total(data, 2024, 4, ForecastMethod.LAST_YEAR_RECENT) == 460 + 1200
    panel, p = plan(data, 2024, 4)
    assert path(p, ForecastMethod.LAST_YEAR_RECENT, panel.cells.index(CELL)) == [
        *[120] * 7,
        360,
    ]


def test_last_year_recent_early_in_the_year_takes_the_months_there_are() -> None:
    # at M = 2 the window is months 1..2: 250 against 200 → last year's 1000 × 1.25
    data = small.data({CELL: {2023: [100] * 12, 2024: months(100, 150)}})
    assert total(data, 2024, 2, ForecastMethod.LAST_YEAR_RECENT) == 250 + 1250


@pytest.mark.parametrize(
    ("last", "this", "why"),
    [
        ([100] * 12, months(100, 0, 0, 0), "nothing in the latest months"),
        ([100, 0, 0, 0, *[100] * 8], months(100, 100, 100, 100), "last year nothing there"),
        ([100] * 12, months(100, 1000, 1000, 1000), "ten times last year"),
    ],
)
def test_last_year_recent_falls_back_to_remaining_budget(
    last: list[int], this: list[int], why: str
) -> None:
    data = small.data({CELL: {2023: last, 2024: this}}, {CELL: {2024: small.even(1200)}})
    assert total(data, 2024, 4, ForecastMethod.LAST_YEAR_RECENT) == sum(this) + 800, why


def test_last_year_recent_without_last_year_is_remaining_budget() -> None:
    data = small.data({CELL: {2024: months(110, 110, 110, 110)}}, {CELL: {2024: small.even(1200)}})
    assert total(data, 2024, 4, ForecastMethod.LAST_YEAR_RECENT) == 440 + 800


# --- driver -----------------------------------------------------------------------------------

DAYS = Measure("vardygn", "Vårddygn", "dygn", MeasureKind.SUM)
STAFF = Measure("aa", "Årsarbetare", "åa", MeasureKind.MEAN)


def with_volumes(
    volumes: dict[int, list[Decimal | None]],
    measure: Measure = DAYS,
    *,
    last: list[int] | None = None,
    this: list[int] | None = None,
) -> small.ForecastData:
    first = this or [1000, 1200, 1100, 1300]
    return small.data(
        {
            CELL: {
                2023: last or [1000] * 12,
                2024: [*first, *[9999] * (12 - len(first))],  # later months must not be read
            }
        },
        {CELL: {2024: small.even(14400)}},
        volumes={("U", measure.code): volumes},
        measures=[measure],
        drivers={CELL: measure.code},
    )


def vols(*values: int | None) -> list[Decimal | None]:
    return [None if v is None else Decimal(v) for v in values]


def test_driver_scales_last_years_costs_to_come_by_volume_and_price() -> None:
    # Last year: 10 days a month, 1000 kr a month and a December accrual of 3000 (rest 10000).
    # This year: 10, 12, 12, 12 days (46) for 1100, 1320, 1320, 1320 kr (5060): 110 kr a day
    # against last year's 100 (price 1.1); the latest three months 36 days against 30 last year,
    # so the 80 days still to come last year become 96 (volume 1.2). 10000 × 1.1 × 1.2 = 13200.
    data = with_volumes(
        {2023: vols(*[10] * 12), 2024: vols(10, 12, 12, 12, *[None] * 8)},
        last=[1000] * 11 + [3000],
        this=[1100, 1320, 1320, 1320],
    )
    assert total(data, 2024, 4, ForecastMethod.DRIVER) == 5060 + 13200
    panel, p = plan(data, 2024, 4)
    # the path follows last year's remaining volume month by month (even here)
    assert path(p, ForecastMethod.DRIVER, panel.cells.index(CELL)) == [1650] * 8


def test_driver_without_last_year_takes_the_latest_months_average() -> None:
    # the latest three months 36 days: 12 a month × 8 months = 96 days at 5060 / 46 = 110 kr
    data = small.data(
        {CELL: {2024: [1100, 1320, 1320, 1320, *[9999] * 8]}},
        {CELL: {2024: small.even(14400)}},
        volumes={("U", DAYS.code): {2024: vols(10, 12, 12, 12, *[None] * 8)}},
        measures=[DAYS],
        drivers={CELL: DAYS.code},
    )
    assert total(data, 2024, 4, ForecastMethod.DRIVER) == 5060 + 96 * 110


def test_driver_of_a_level_measure_takes_the_latest_level() -> None:
    # 4600 over 2 + 2 + 2 + 3 = 9 staff-months; 3 staff × 8 months left = 24 staff-months
    data = with_volumes({2024: vols(2, 2, 2, 3, *[None] * 8)}, STAFF)
    assert total(data, 2024, 4, ForecastMethod.DRIVER) == 4600 + round(4600 * 24 / 9)


def test_driver_without_volumes_is_remaining_budget() -> None:
    data = with_volumes({2024: vols(*[None] * 12)})
    assert total(data, 2024, 4, ForecastMethod.DRIVER) == 4600 + 9600


def test_driver_ignores_volumes_of_later_months() -> None:
    known = with_volumes({2024: vols(11, 12, 11, 12, *[None] * 8)})
    later = with_volumes({2024: vols(11, 12, 11, 12, *[500] * 8)})
    assert total(known, 2024, 4, ForecastMethod.DRIVER) == total(
        later, 2024, 4, ForecastMethod.DRIVER
    )


# --- paths ------------------------------------------------------------------------------------


@pytest.mark.parametrize("month", [1, 4, 8, 11, 12])
def test_every_path_adds_up_to_its_methods_total(month: int) -> None:
    data = make(departments=2, units_per_department=3, years=(2021, 2022, 2023), seed=5).data
    panel, p = plan(data, 2023, month)
    for i in range(len(panel.cells)):
        a = int(p.known.to_date[i])
        for method, totals in p.totals.items():
            steps = path(p, method, i)
            assert len(steps) == 12 - month
            if method == ForecastMethod.BUDGET and month == 12:
                continue
            assert a + sum(steps) == int(totals[i]), (panel.cells[i], method)


def test_path_of_last_year_profile_follows_last_years_months() -> None:
    data = small.data(
        {
            CELL: {
                2023: [100, 100, 100, 100, 50, 150, 100, 100, 100, 100, 100, 300],
                2024: months(110, 110, 110, 110),
            }
        }
    )
    panel, p = plan(data, 2024, 4)
    assert path(p, ForecastMethod.LAST_YEAR_PROFILE, panel.cells.index(CELL)) == [
        55,
        165,
        110,
        110,
        110,
        110,
        110,
        330,
    ]


def test_driver_with_an_absurd_pace_is_remaining_budget() -> None:
    # one day so far against 80 expected in the months left: the volumes are not to be trusted
    data = with_volumes({2024: vols(1, None, None, None, *[None] * 8), 2023: vols(*[10] * 12)})
    assert total(data, 2024, 4, ForecastMethod.DRIVER) == 4600 + 9600


def test_huge_amounts_over_a_tiny_last_year_do_not_overflow() -> None:
    last = [1, 0, 0, 0, *[500_000_000_000] * 8]
    this = months(400_000_000_000, 0, 0, 0)
    data = small.data(
        {CELL: {2023: last, 2024: this}}, {CELL: {2023: small.even(1200), 2024: small.even(2400)}}
    )
    assert total(data, 2024, 4, ForecastMethod.LAST_YEAR_PROFILE) == 400_000_000_000 + 1600
    assert (
        total(data, 2024, 4, ForecastMethod.LAST_YEAR_REMAINING)
        == 400_000_000_000 + 8_000_000_000_000
    )
