"""`auto` stage 2 fitted per kind of units: the strategies' least-squares combination."""

from __future__ import annotations

import numpy as np
import pytest

from tests.core.forecasting import small
from uppfolj.core.forecasting import auto as auto_module
from uppfolj.core.forecasting import propose
from uppfolj.core.forecasting.auto import MonthTable, simplex_least_squares
from uppfolj.core.forecasting.panel import Panel


def test_two_strategies_whose_errors_cancel_are_weighed_equally() -> None:
    x = np.array([[100.0, -100.0], [-40.0, 40.0], [10.0, -10.0]])
    assert simplex_least_squares(x) == pytest.approx([0.5, 0.5], abs=1e-4)


def test_a_strategy_that_is_never_wrong_takes_everything() -> None:
    x = np.array([[5.0, 0.0, -3.0], [-2.0, 0.0, 4.0], [7.0, 0.0, 1.0]])
    assert simplex_least_squares(x) == pytest.approx([0.0, 1.0, 0.0], abs=1e-4)


def test_the_fit_minimises_the_combined_error_on_the_simplex() -> None:
    rng = np.random.default_rng(7)
    x = rng.normal(size=(40, 6)) + rng.normal(size=(40, 1))  # errors with a shared part
    w = simplex_least_squares(x)
    assert w.min() >= 0 and w.sum() == pytest.approx(1.0)
    best = float(np.sum((x @ w) ** 2))
    for _ in range(200):  # no other point of the simplex does better
        other = rng.dirichlet(np.ones(6))
        assert float(np.sum((x @ other) ** 2)) >= best - 1e-6


def assisted_units(count: int, years: range, seed: int) -> small.ForecastData:
    """`count` assistance units: salaries (KOS) and Försäkringskassan's compensation (INT).

    Each unit-year the assistance hours change from September by a random amount: the salaries
    and the compensation move together (in opposite ledger signs), so the net moves little.
    A quarterly rent (KOS-LOK) is the same each year.
    """
    rng = np.random.default_rng(seed)
    specs = [("ROOT", "")] + [(f"U{i}", "ROOT") for i in range(count)]
    template = small.rows(("KOS", "", False), ("KOS-LOK", "KOS", False), ("INT", "", False))
    actual: dict[tuple[str, str], dict[int, list[int]]] = {}
    budget: dict[tuple[str, str], dict[int, list[int]]] = {}
    for i in range(count):
        base = 400_000_00 + 20_000_00 * i
        for y in years:
            shift = int(rng.integers(-60_000_00, 60_000_00))
            salaries = [base + (shift if m >= 8 else 0) for m in range(12)]
            actual.setdefault((f"U{i}", "KOS"), {})[y] = salaries
            actual.setdefault((f"U{i}", "INT"), {})[y] = [-s * 9 // 10 for s in salaries]
            actual.setdefault((f"U{i}", "KOS-LOK"), {})[y] = [
                300_000_00 if m % 3 == 0 else 0 for m in range(12)
            ]
            budget.setdefault((f"U{i}", "KOS"), {})[y] = [base] * 12
            budget.setdefault((f"U{i}", "INT"), {})[y] = [-base * 9 // 10] * 12
            budget.setdefault((f"U{i}", "KOS-LOK"), {})[y] = [100_000_00] * 12
    return small.data(actual, budget, tree=small.units(*specs), template=template)


def test_a_kind_with_enough_unit_years_shares_one_fitted_combination() -> None:
    data = assisted_units(8, range(2018, 2025), seed=3)
    panel = Panel(data, [2024])
    table = MonthTable(panel, 8)
    table.solve([2024])
    history = table.history(2024)
    assert len(history) * 8 >= auto_module.FIT_MIN
    share = table._unit_strategies(history, table._assignments())
    units = [panel.unit_index[f"U{i}"] for i in range(8)]
    assert np.allclose(share[:, units], share[:, units[:1]])  # one combination for the kind
    assert share[:, units].sum(axis=0) == pytest.approx(np.ones(8))


def test_the_fit_keeps_the_rows_whose_errors_cancel_together(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = assisted_units(8, range(2018, 2025), seed=3)
    outcome = {
        f"U{i}": sum(sum(data.actual[(f"U{i}", r)][2024]) for r in ("KOS", "KOS-LOK", "INT"))
        for i in range(8)
    }

    def error() -> float:
        proposals = propose(data, 2024, 8, with_ets=False)
        return sum(abs(p.forecast - outcome[p.unit]) for p in proposals if p.unit in outcome)

    fitted = error()
    monkeypatch.setattr(auto_module, "FIT_MIN", 10**9)  # the per-unit weighting only
    unfitted = error()
    assert fitted <= unfitted
    # the net moves by a tenth of the salaries' shift: the fitted auto misses less than that
    assert fitted / 8 < 4 * 60_000_00 * 0.1
