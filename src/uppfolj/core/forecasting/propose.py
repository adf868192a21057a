"""`propose`: the `auto` proposal of every unit and template row at (year, month)."""

from __future__ import annotations

import math

import numpy as np

from uppfolj.core.choices import ForecastMethod
from uppfolj.core.forecasting.auto import CANDIDATES, MonthTable
from uppfolj.core.forecasting.data import ForecastData
from uppfolj.core.forecasting.ets import EtsForecast, ets_forecast
from uppfolj.core.forecasting.intervals import interval
from uppfolj.core.forecasting.methods import Plan, path, simple_plan
from uppfolj.core.forecasting.model import PastError, RowProposal, UnitProposal
from uppfolj.core.forecasting.panel import Floats, Ints, Panel
from uppfolj.core.forecasting.rollup import entered_forecasts

M = ForecastMethod
NEGLIGIBLE = 1e-9  # a method's weight below this takes no part in a cell's path


def round_to_total(values: list[float], total: int) -> list[int]:
    """Whole öre close to `values` (each within one öre) that add up to `total` exactly.

    `total` must be within len(values) of sum(values) (it is their rounded sum).
    """
    parts = [math.floor(v) for v in values]
    extra = total - sum(parts)
    order = sorted(range(len(values)), key=lambda i: values[i] - parts[i], reverse=True)
    step = 1 if extra >= 0 else -1
    for i in (order if extra >= 0 else order[::-1])[: abs(extra)]:
        parts[i] += step
    return parts


def cell_paths(plan: Plan, weights: Floats, auto: Ints) -> list[list[int]]:
    """Each cell's auto amounts of months M+1..12: its methods' paths, weighted, adding up."""
    to_date = plan.known.to_date
    left = 12 - plan.known.month
    out: list[list[int]] = []
    for i in range(len(auto)):
        mixed = [0.0] * left
        for c, method in enumerate(CANDIDATES):
            w = float(weights[c, i])
            if w > NEGLIGIBLE:
                for j, v in enumerate(path(plan, method, i)):
                    mixed[j] += w * v
        out.append(round_to_total(mixed, int(auto[i]) - int(to_date[i])) if left else [])
    return out


def _leading(parts: Floats, weights: Floats) -> ForecastMethod:
    """The method with the largest absolute part of the remaining months (by weight if none)."""
    magnitude = np.abs(parts)
    if magnitude.max(initial=0.0) > 0:
        return CANDIDATES[int(np.argmax(magnitude))]
    if weights.max(initial=0.0) > 0:
        return CANDIDATES[int(np.argmax(weights))]
    return M.REMAINING_BUDGET


def propose(
    data: ForecastData, year: int, month: int, *, with_ets: bool = True
) -> list[UnitProposal]:
    """`auto`'s full-year proposal for every unit (pre-order) and each unit's template rows.

    Read only from what was known at the end of `month` of `year`. `with_ets` adds the ETS
    model's forecast to each unit's `methods` (seconds for hundreds of units); it also serves
    as the interval where `auto` has fewer than two earlier years of its own errors.
    """
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} is not 1..12")
    panel = Panel(data, [year])
    table = MonthTable(panel, month)
    history = table.history(year)
    table.solve([*history, year])
    plan = table.plan(year)
    weights, auto = table.weights[year], table.auto[year]
    to_date = plan.known.to_date
    paths = cell_paths(plan, weights, auto)
    left = 12 - month

    # each method's part of each cell's remaining months, summed to units and rows
    candidates = table.candidates(year).astype(np.float64)
    parts = (weights * (candidates - to_date)).T  # (cells, C)
    unit_parts = panel.to_units(parts)
    unit_weights = panel.to_units(np.ascontiguousarray(weights.T))
    row_values = panel.to_unit_rows(auto)
    row_parts = panel.to_unit_rows(parts)
    row_weights = panel.to_unit_rows(np.ascontiguousarray(weights.T))
    unit_auto = panel.to_units(auto)
    unit_to_date = panel.to_units(to_date)
    unit_remaining = panel.to_units(np.array(paths, dtype=np.int64).reshape(len(paths), left))

    units_known = panel.known_units(panel.known(year, month))
    simple = simple_plan(units_known)
    driver = panel.to_units(plan.totals[M.DRIVER])
    entered = entered_forecasts(panel, data, year, month)
    past_auto = {h: table.unit_auto(h) for h in history}
    outcomes = {h: panel.unit_outcome(h) for h in history}

    proposals: list[UnitProposal] = []
    for u, code in enumerate(panel.units):
        fit: EtsForecast | None = None
        if with_ets or len(history) < 2:
            fit = ets_forecast(panel.unit_series(u, year, month), left)
        forecast = int(unit_auto[u])
        remaining = [int(v) for v in unit_remaining[u]]
        past = [PastError(h, int(past_auto[h][u]), int(outcomes[h][u])) for h in history]
        low, high, basis = interval(
            forecast, [p.error for p in past], remaining, None if fit is None else fit.half_width
        )
        methods: dict[ForecastMethod, int | None] = {
            m: int(simple.totals[m][u]) for m in simple.totals
        }
        methods[M.DRIVER] = int(driver[u])
        if with_ets:
            methods[M.ETS] = None if fit is None else int(unit_to_date[u]) + sum(fit.path)
        methods[M.AUTO] = forecast
        methods[M.ENTERED] = entered[u]
        rows = [
            RowProposal(r, int(row_values[u, i]), _leading(row_parts[u, i], row_weights[u, i]))
            for i, r in enumerate(panel.rows)
        ]
        proposals.append(
            UnitProposal(
                unit=code,
                method=_leading(unit_parts[u], unit_weights[u]),
                forecast=forecast,
                low=low,
                high=high,
                rows=rows,
                actual_to_date=int(unit_to_date[u]),
                remaining=remaining,
                past=past,
                methods=methods,
                interval_basis=basis,
            )
        )
    return proposals
