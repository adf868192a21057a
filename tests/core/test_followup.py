"""compute_followup: cells placed on units and template rows, rolled up, varav kept out of sums."""

from __future__ import annotations

from uppfolj.core.figures import Sums
from uppfolj.core.followup import Cell, compute_followup
from uppfolj.core.tree import NodeSpec, Tree, build_tree


def units() -> Tree:
    specs = [
        NodeSpec("R", "Rot", "", "9*"),
        NodeSpec("A", "A", "R", "1*"),
        NodeSpec("B", "B", "R", "2*"),
    ]
    return build_tree(specs, single_root=True, what="enhet")


def template() -> Tree:
    specs = [
        NodeSpec("INT", "Intäkter", "", "3*"),
        NodeSpec("KOS", "Kostnader", "", "4*,5*"),
        NodeSpec("KOS-KOP", "varav köp", "KOS", "46*", varav=True),
    ]
    return build_tree(specs, single_root=False, what="rapportrad")


def cell(key: str, account: str, actual: int, annual: int = 0) -> Cell:
    return Cell(key, account, Sums(annual_budget=annual, period_budget=annual // 4, actual=actual))


def run(cells: list[Cell], **kwargs: object):  # type: ignore[no-untyped-def]
    options = {
        "month": 3,
        "previous_period_known": False,
        "previous_year_known": False,
        "forecasts": None,
        "forecast_months": set(),
    } | kwargs
    return compute_followup(units(), template(), cells, **options)  # type: ignore[arg-type]


def test_followup_units_sum_their_own_and_their_childrens_cells() -> None:
    result = run(
        [cell("1000", "5011", 100, 400), cell("2000", "3610", -30), cell("9000", "4610", 7)]
    )
    assert {c: f.actual for c, f in result.units.items()} == {"R": 77, "A": 100, "B": -30}
    assert (result.units["A"].variance, result.units["A"].period_budget) == (0, 100)


def test_followup_varav_row_is_shown_but_not_added() -> None:
    result = run([cell("1000", "4610", 10), cell("1000", "5011", 20)])
    assert {r: f.actual for r, f in result.rows["R"].items()} == {
        "INT": 0,
        "KOS": 30,
        "KOS-KOP": 10,
    }
    assert result.net["R"].actual == 30


def test_followup_unmatched_keys_and_accounts_are_kept_apart() -> None:
    result = run([cell("7000", "5011", 5), cell("1000", "8410", 3), cell("", "5011", 2)])
    assert {k: s.actual for k, s in result.unmatched.keys.items()} == {"7000": 5, "": 2}
    assert {a: s.actual for a, s in result.unmatched.accounts.items()} == {"8410": 3}
    assert result.units["R"].actual == 0


def test_followup_previous_year_is_none_when_unknown() -> None:
    result = run([Cell("1000", "5011", Sums(previous_year_actual=9))], previous_year_known=True)
    assert (
        result.units["A"].previous_year_period_actual,
        result.units["A"].previous_year_actual,
    ) == (None, 9)


def test_followup_forecasts_do_not_apply_without_history() -> None:
    result = run([cell("1000", "5011", 1, 1200)])
    assert (result.units["R"].forecast, result.previous_round, result.forecast_at_budget) == (
        None,
        None,
        {},
    )


def test_followup_forecast_rolls_up_with_children_at_budget() -> None:
    cells = [
        cell("1000", "5011", 1, 1200),
        cell("2000", "5011", 1, 800),
        cell("9000", "5011", 0, 100),
    ]
    result = run(cells, forecasts={"A": [(2, 1500)]}, forecast_months={2})
    assert {c: f.forecast for c, f in result.units.items()} == {"R": 2400, "A": 1500, "B": None}
    assert result.forecast_at_budget == {"R": ["B"]}
    assert result.units["R"].forecast_variance == 2100 - 2400
