"""`accuracy` (prognossäkerhet): a finished year's forecasts per department and forecast month
against the year's outcome: the budget holders' F(U, m), `auto` and `run_rate`."""

from __future__ import annotations

from collections.abc import Sequence

from uppfolj.core.choices import ForecastMethod
from uppfolj.core.forecasting.backtest import unit_forecasts
from uppfolj.core.forecasting.data import ForecastData
from uppfolj.core.forecasting.model import Accuracy, AccuracyRow
from uppfolj.core.forecasting.panel import Panel

M = ForecastMethod
DEFAULT_MONTHS = tuple(range(1, 12))


def forecast_months(data: ForecastData, year: int) -> list[int]:
    """The months of `year` in which budget holders made forecasts (1..11), else 1..11.

    These are the forecast rounds the committee saw; `auto` and `run_rate` are shown for the
    same months so that the three can be compared round by round.
    """
    made = sorted({f.month for f in data.entered if f.year == year and 1 <= f.month <= 11})
    return made or list(DEFAULT_MONTHS)


def accuracy(data: ForecastData, year: int, months: Sequence[int] | None = None) -> Accuracy:
    """Per department (the root's children, in tree order) and month, and for the root."""
    chosen = sorted(set(months)) if months is not None else forecast_months(data, year)
    panel = Panel(data, [year])
    root = data.tree.root
    if root is None:
        return Accuracy(year, [], [])
    outcome = panel.unit_outcome(year)
    per_month = {
        m: unit_forecasts(panel, data, year, m, (M.RUN_RATE, M.AUTO, M.ENTERED)) for m in chosen
    }

    def rows_of(code: str, name: str) -> list[AccuracyRow]:
        u = panel.unit_index[code]
        out = []
        for m in chosen:
            f = per_month[m]
            auto, run_rate = f[M.AUTO][u], f[M.RUN_RATE][u]
            assert auto is not None and run_rate is not None
            out.append(AccuracyRow(code, name, m, f[M.ENTERED][u], auto, run_rate, int(outcome[u])))
        return out

    departments = [row for child in root.children for row in rows_of(child.code, child.name)]
    return Accuracy(year=year, rows=departments, total=rows_of(root.code, root.name))
