"""Volumes and unit costs, pure: period values, means over the months that have values, unit
costs exact to the öre, the cost base of a unit above the holders, and the null cases."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from uppfolj.core.choices import MeasureKind
from uppfolj.core.statistics import (
    MeasureInfo,
    change_pct,
    monthly_costs,
    period_value,
    round_volume,
    statistic_line,
    topmost,
    unit_series,
)

D = Decimal
DAYS = MeasureInfo("vardygn", "Vårddygn", "dygn", MeasureKind.SUM)
FTE = MeasureInfo("arsarbetare", "Årsarbetare", "åa", MeasureKind.MEAN)
SICK = MeasureInfo("sjukfranvaro", "Sjukfrånvaro", "%", MeasureKind.MEAN)
MEASURES = {m.code: m for m in (DAYS, FTE, SICK)}
# A (root) has B and C; B and C hold values, A has none of its own.
PARENTS = {"A": None, "B": "A", "C": "A"}
VALUES = {
    ("vardygn", 2024, 1): {"B": D(100), "C": D(50)},
    ("vardygn", 2024, 2): {"B": D(110)},  # C has no February value: unknown, not 0
    ("vardygn", 2024, 3): {"B": D("120.5"), "C": D(60)},
    ("vardygn", 2023, 1): {"B": D(90), "C": D(40)},
    ("vardygn", 2023, 2): {"B": D(95), "C": D(45)},
    ("vardygn", 2023, 3): {"B": D(100), "C": D(50)},
    ("arsarbetare", 2024, 1): {"B": D("10.5")},
    ("arsarbetare", 2024, 3): {"B": D("11.5")},  # February missing: the mean is over two months
    ("sjukfranvaro", 2024, 1): {"B": D(6), "C": D(9)},
    ("sjukfranvaro", 2024, 2): {"B": D(8), "C": D(7)},
}


def test_period_value_sums_flows_and_averages_levels_over_the_months_with_values() -> None:
    assert period_value([D(100), None, D("120.5")], MeasureKind.SUM) == Fraction(441, 2)
    assert period_value([D("10.5"), None, D("11.5")], MeasureKind.MEAN) == 11
    assert period_value([D(1), D(2), D(2)], MeasureKind.MEAN) == Fraction(5, 3)
    assert period_value([None, None], MeasureKind.SUM) is None
    assert round_volume(Fraction(5, 3)) == D("1.6667")
    assert round_volume(Fraction(441, 2)) == D("220.5")


def test_a_leaf_unit_costs_its_own_actual_over_its_volume() -> None:
    series = {s.measure.code: s for s in unit_series("B", ["B"], VALUES, MEASURES, 2024)}
    days = statistic_line("B", series["vardygn"], 3, actual=1_234_567_89, previous_actual=1_100_000_00)
    assert days.period_value == D("330.5")  # 100 + 110 + 120,5
    assert days.previous_year_period_value == 285
    assert days.unit_cost == 373_546  # 123 456 789 öre / 330,5 = 373 545,504 öre → 3 735,46 kr
    assert days.previous_unit_cost == 385_965  # 110 000 000 / 285 = 385 964,91…
    assert days.own
    fte = statistic_line("B", series["arsarbetare"], 3, actual=1_234_567_89, previous_actual=None)
    assert fte.period_value == 11  # (10,5 + 11,5) / 2, February missing
    assert fte.previous_year_period_value is None
    assert fte.unit_cost == 11_223_344  # 123 456 789 / 11 = 11 223 344,45 öre: per årsarbetare, not annualised
    assert fte.previous_unit_cost is None


def test_a_parent_adds_its_units_up_and_costs_the_holders_actual() -> None:
    series = {s.measure.code: s for s in unit_series("A", ["A", "B", "C"], VALUES, MEASURES, 2024)}
    days = series["vardygn"]
    assert not days.own("A")
    assert days.this_year[:3] == (150, 110, Fraction(361, 2))
    assert topmost(days.holders, PARENTS) == ["B", "C"]
    line = statistic_line("A", days, 3, actual=50_000_00, previous_actual=40_000_00)
    assert line.period_value == D("440.5") and line.previous_year_period_value == 420
    assert line.unit_cost == 11_351  # 5 000 000 öre / 440,5 = 11 350,74
    assert line.previous_unit_cost == 9_524  # 4 000 000 / 420 = 9 523,81
    assert line.volume_change_pct == D("4.88")
    # sjukfrånvaro across units is their mean (percentages do not add); its unit cost follows
    # the contract's rule, and documents leave it out (`percent`)
    sick = statistic_line("A", series["sjukfranvaro"], 3, actual=50_000_00, previous_actual=40_000_00)
    assert sick.period_value == D("7.5")  # January (6 + 9) / 2, February (8 + 7) / 2
    assert sick.unit_cost == 666_667 and sick.percent and sick.personnel  # 5 000 000 öre / 7,5


def test_no_volume_or_a_zero_volume_has_no_unit_cost() -> None:
    values = {("vardygn", 2024, 1): {"B": D(0)}, ("vardygn", 2023, 2): {"B": D(10)}}
    series = unit_series("B", ["B"], values, MEASURES, 2024)[0]
    line = statistic_line("B", series, 1, actual=1000_00, previous_actual=500_00)
    assert line.period_value == 0 and line.unit_cost is None
    assert line.previous_year_period_value is None and line.previous_unit_cost is None  # only February 2023
    assert unit_series("B", ["B"], values, MEASURES, 2026) == []  # nothing in 2026 or 2025


def test_monthly_costs_and_changes() -> None:
    series = unit_series("B", ["B"], VALUES, MEASURES, 2024)
    days = next(s for s in series if s.measure.code == "vardygn")
    costs = monthly_costs(days.this_year, [100_000_00, 0, 241_000_00, 5], percent=False, upto=3)
    assert costs == [1_000_00, 0, 2_000_00, *[None] * 9]
    assert monthly_costs(days.this_year, [1] * 12, percent=True) == [None] * 12
    assert change_pct(D(110), D(100)) == D("10.00") and change_pct(D(1), 0) is None
