"""F(U, m): own forecast, null without forecasts in the subtree, else children (or budget) summed."""

from __future__ import annotations

from uppfolj.core.forecast import own_forecast, previous_round, roll_up_forecasts
from uppfolj.core.tree import NodeSpec, Tree, build_tree


def tree() -> Tree:
    """R ─ A ─ A1, A2; R ─ B."""
    specs = [
        NodeSpec("R", "R", ""),
        NodeSpec("A", "A", "R"),
        NodeSpec("A1", "A1", "A"),
        NodeSpec("A2", "A2", "A"),
        NodeSpec("B", "B", "R"),
    ]
    return build_tree(specs, single_root=True, what="enhet")


BUDGET = {"R": 1000, "A": 600, "A1": 200, "A2": 300, "B": 400}  # whole subtrees
OWN = {"R": 0, "A": 100, "A1": 200, "A2": 300, "B": 400}  # own cost centres only


def test_own_forecast_takes_the_latest_month_up_to_m() -> None:
    history = {"A": [(2, 10), (5, 50), (3, 30)]}
    assert [own_forecast(history, "A", m) for m in (1, 2, 4, 5, 12)] == [None, 10, 30, 50, 50]


def test_own_forecast_of_zero_is_a_forecast() -> None:
    assert own_forecast({"A": [(2, 0)]}, "A", 3) == 0


def test_roll_up_without_any_forecast_is_null_everywhere() -> None:
    result, at_budget = roll_up_forecasts(tree(), {}, 3, BUDGET, OWN)
    assert result == dict.fromkeys(("R", "A", "A1", "A2", "B"))
    assert at_budget == {}


def test_roll_up_own_forecast_wins_over_children() -> None:
    history = {"A": [(3, 999)], "A1": [(3, 1)]}
    result, _ = roll_up_forecasts(tree(), history, 3, BUDGET, OWN)
    assert result["A"] == 999


def test_roll_up_children_at_budget_plus_own_cost_centres() -> None:
    history = {"A1": [(2, 250)]}
    result, at_budget = roll_up_forecasts(tree(), history, 3, BUDGET, OWN)
    # A = F(A1) + budget(A2) + A's own cost centres; R = F(A) + budget(B)
    assert (result["A1"], result["A2"], result["A"], result["B"], result["R"]) == (
        250,
        None,
        650,
        None,
        1050,
    )
    assert at_budget == {"A": ["A2"], "R": ["B"]}


def test_roll_up_forecast_made_after_m_is_not_seen() -> None:
    history = {"A1": [(4, 250)]}
    result, _ = roll_up_forecasts(tree(), history, 3, BUDGET, OWN)
    assert result["R"] is None


def test_roll_up_zero_forecast_counts_as_a_forecast() -> None:
    history = {"B": [(1, 0)]}
    result, at_budget = roll_up_forecasts(tree(), history, 3, BUDGET, OWN)
    # A has no forecast in its subtree: it counts at its annual budget in R.
    assert (result["B"], result["A"], result["R"]) == (0, None, 600)
    assert at_budget == {"R": ["A"]}


def test_previous_round_is_the_latest_month_before() -> None:
    assert [previous_round({2, 3, 5}, m) for m in (2, 3, 5, 6)] == [None, 2, 3, 5]
