"""Bottom-up reconciliation and the budget holders' F(U, M).

Forecasts are made per base cell and summed: a unit is its subtree's cells, a template row its
own accounts' cells plus its non-`varav` children, a unit's net its top-level non-`varav` rows.
So every total is coherent with its parts by construction (see docs/forecasting.md for why
bottom-up and not an optimal reconciliation such as MinTrace).
"""

from __future__ import annotations

from uppfolj.core.forecast import roll_up_forecasts
from uppfolj.core.forecasting.data import ForecastData
from uppfolj.core.forecasting.panel import Panel
from uppfolj.core.money import Ore


def entered_forecasts(panel: Panel, data: ForecastData, year: int, month: int) -> list[Ore | None]:
    """F(U, month) of `year` for every unit in pre-order, from forecasts made up to that month.

    The contract's rule (`uppfolj.core.forecast.roll_up_forecasts`): a unit's own latest
    forecast, else its children's (a child without one at its annual budget) plus its own cost
    centres' annual budget; None where nobody in the subtree has forecast. Annual budgets are
    those of `year` from the budget cells.
    """
    history: dict[str, list[tuple[int, Ore]]] = {}
    for made in data.entered:
        if made.year == year and made.month <= month:
            history.setdefault(made.unit, []).append((made.month, made.amount))
    if not history:
        return [None] * len(panel.units)
    yi = panel.index(year)
    inside = 0 <= yi < len(panel.years)
    counted = panel.counted
    own = [0] * len(panel.units)
    if inside:
        annual = panel.budget[:, yi].sum(axis=1)
        for cell in range(len(panel.cells)):
            if counted[cell]:
                own[int(panel.cell_unit[cell])] += int(annual[cell])
    subtree = list(own)
    for i in range(len(panel.units) - 1, 0, -1):
        parent = int(panel.parent[i])
        if parent >= 0:
            subtree[parent] += subtree[i]
    result, _ = roll_up_forecasts(
        data.tree,
        history,
        month,
        dict(zip(panel.units, subtree, strict=True)),
        dict(zip(panel.units, own, strict=True)),
    )
    return [result[code] for code in panel.units]
