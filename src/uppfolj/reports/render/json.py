"""The JSON report of the contract: kronor in ledger sign, unrounded; percentages as numbers."""

from __future__ import annotations

import json
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from uppfolj.core.figures import Figures
from uppfolj.core.investments import InvestmentLine
from uppfolj.core.money import Ore, kronor
from uppfolj.core.period import Line
from uppfolj.reports.model import Report

identifier = "json"
media_type = "application/json"


def kr(ore: Ore | None) -> float | None:
    """Öre as a JSON number of kronor. Two decimals at most, so the float's shortest form is the
    exact kronor value."""
    return None if ore is None else float(kronor(ore))


def _pct(value: Decimal | None) -> float | None:
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
        "investments": [_investment(i) for i in report.investments],
    }


def encode(value: dict[str, Any]) -> bytes:
    """A JSON object as the command line writes it: UTF-8, indented, a newline at the end."""
    return json.dumps(value, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"


def render(report: Report) -> bytes:
    return encode(report_dict(report))
