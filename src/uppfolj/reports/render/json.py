"""The JSON report of the contract: kronor in ledger sign, unrounded; percentages as numbers."""

from __future__ import annotations

import json
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from uppfolj.core.figures import Figures
from uppfolj.core.investments import InvestmentLine
from uppfolj.core.key_figures import KeyFigure
from uppfolj.core.money import Ore, kronor
from uppfolj.core.period import Line
from uppfolj.core.statistics import StatisticLine
from uppfolj.reports.goals import shown_goals
from uppfolj.reports.model import Report
from uppfolj.reports.risks import shown_risks

identifier = "json"
media_type = "application/json"


def kr(ore: Ore | None) -> float | None:
    """Öre as a JSON number of kronor. Two decimals at most, so the float's shortest form is the
    exact kronor value."""
    return None if ore is None else float(kronor(ore))


def _pct(value: Decimal | None) -> float | None:
    """A percentage (or a goal's figure) as a JSON number."""
    return None if value is None else float(value)


def _figures(f: Figures, *, with_forecast: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "annual_budget": kr(f.annual_budget),
        "period_budget": kr(f.period_budget),
        "actual": kr(f.actual),
        "variance": kr(f.variance),
        "consumed_pct": _pct(f.consumed_pct),
    }
    if with_forecast:
        out["forecast"] = kr(f.forecast)
        out["forecast_variance"] = kr(f.forecast_variance)
        out["forecast_change"] = kr(f.forecast_change)
    out["previous_year_period_actual"] = kr(f.previous_year_period_actual)
    out["previous_year_actual"] = kr(f.previous_year_actual)
    return out


def _line(line: Line, *, with_forecast: bool) -> dict[str, Any]:
    head: dict[str, Any] = {"code": line.code, "name": line.name, "parent": line.parent, "level": line.level}
    if not with_forecast:
        head["varav"] = line.varav
    return head | _figures(line.figures, with_forecast=with_forecast)


def _row(line: Line) -> dict[str, Any]:
    """A template row: its figures, and the reported unit's row forecast (null where it has none)."""
    out = _line(line, with_forecast=False)
    out["forecast"] = kr(line.figures.forecast)
    out["forecast_variance"] = kr(line.figures.forecast_variance)
    return out


def _number(value: Decimal | None) -> float | int | None:
    """A volume as a JSON number: an integer where it is whole, else its (at most four) decimals."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _statistic(line: StatisticLine) -> dict[str, Any]:
    """One unit's measure: volumes as numbers, unit costs in kronor per unit of volume (two decimals)."""
    return {"unit": line.unit, "measure": line.measure, "name": line.name, "unit_text": line.unit_text,
            "period_value": _number(line.period_value),
            "previous_year_period_value": _number(line.previous_year_period_value),
            "unit_cost": kr(line.unit_cost), "previous_unit_cost": kr(line.previous_unit_cost)}
def _investment(line: InvestmentLine) -> dict[str, Any]:
    """The contract's keys first, then the carry-over request (additive)."""
    return {"project": line.project, "name": line.name, "budget": kr(line.budget), "actual": kr(line.actual),
            "forecast": kr(line.forecast), "variance": kr(line.variance), "carry_over": kr(line.carry_over)}


def report_dict(report: Report) -> dict[str, Any]:
    """The report as the contract's JSON object."""
    return {
        "organisation": report.organisation,
        "year": report.year,
        "month": report.month,
        "kind": report.kind,
        "by": report.by,
        "units": [_line(u, with_forecast=True) for u in report.units],
        "rows": [_row(r) for r in report.rows],
        "net": _figures(report.net, with_forecast=False),
        "checks": [asdict(c) | {"unit": c.unit} for c in report.checks],
        # the units' own volumes only: totals over units below are the documents' reading
        "statistics": [_statistic(s) for s in report.statistics if s.own],
        "key_figures": [_key_figure(k) for k in report.key_figures],
        "goals": [{"code": g.code, "name": g.name, "indicator": g.indicator, "unit": g.unit,
                   "target": _pct(g.target), "outcome": _pct(g.outcome), "previous": _pct(g.previous),
                   "fulfilment": None if g.fulfilment is None else g.fulfilment.value} for g in shown_goals(report)],
        "risks": [{"unit": r.unit, "risk": r.risk, "probability": r.probability, "consequence": r.consequence,
                   "score": r.score, "amount": kr(r.amount), "owner": r.owner, "action": r.action}
                  for r in shown_risks(report)],
        "investments": [_investment(i) for i in report.investments],
    }


def _key_figure(k: KeyFigure) -> dict[str, Any]:
    """The contract's key figure: Kolada's numbers as JSON numbers, null never 0."""
    return {"kpi": k.kpi, "title": k.title, "municipality": k.municipality, "year": k.year,
            "value": _pct(k.value), "peer_mean": _pct(k.peer_mean), "national": _pct(k.national),
            "status": k.status or None}


def encode(value: dict[str, Any]) -> bytes:
    """A JSON object as the command line writes it: UTF-8, indented, a newline at the end."""
    return json.dumps(value, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"


def render(report: Report) -> bytes:
    return encode(report_dict(report))
