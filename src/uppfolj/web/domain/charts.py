"""The forecast of one unit month by month (F(U, m) for m = 1..M), from the one report."""

from __future__ import annotations

from dataclasses import dataclass

from uppfolj.core.forecast import roll_up_forecasts
from uppfolj.reports.model import Report
from uppfolj.web.domain.cache import unit_tree
from uppfolj.web.domain.forecasts import forecast_history


@dataclass(frozen=True)
class SeriesPoint:
    month: int
    forecast: int | None  # öre


def forecast_series(report: Report, unit_code: str) -> list[SeriesPoint]:
    """F(unit, m) for the report's months; the report must cover the whole organisation tree."""
    tree = unit_tree()
    if tree is None or unit_code not in tree.nodes or report.by != "organisation":
        return []
    annual = {line.code: line.figures.annual_budget for line in report.units}
    own = {
        code: annual[code] - sum(annual.get(c.code, 0) for c in tree.nodes[code].children)
        for code in annual if code in tree.nodes
    }
    history, _ = forecast_history(report.year)
    points = []
    for month in range(1, report.month + 1):
        values, _ = roll_up_forecasts(tree, history, month, annual, own)
        points.append(SeriesPoint(month, values.get(unit_code)))
    return points
