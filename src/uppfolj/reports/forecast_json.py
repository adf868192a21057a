"""The JSON of `uppfolj forecast propose` and `uppfolj forecast backtest` (CONTRACT *Forecast
proposals and accuracy*): kronor in ledger sign, units and rows in the report's pre-order."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from uppfolj.core.forecasting.model import Backtest, UnitProposal
from uppfolj.reports.render.json import kr

_CENTS = Decimal("0.01")


def _kr_decimal(ore: Decimal) -> float:
    """A mean in öre (mae, bias) as kronor with two decimals."""
    return float((ore / 100).quantize(_CENTS))


def propose_dict(year: int, month: int, proposals: Sequence[UnitProposal]) -> dict[str, Any]:
    return {
        "year": year,
        "month": month,
        "units": [
            {
                "code": p.unit, "method": p.method.value, "forecast": kr(p.forecast), "low": kr(p.low),
                "high": kr(p.high),
                "rows": [{"code": r.code, "forecast": kr(r.forecast), "method": r.method.value} for r in p.rows],
            }
            for p in proposals
        ],
    }


def backtest_dict(result: Backtest) -> dict[str, Any]:
    return {
        "years": result.years,
        "months": result.months,
        "methods": [m.value for m in result.methods],
        "results": [
            {"unit": r.unit, "year": r.year, "month": r.month, "method": r.method.value,
             "forecast": kr(r.forecast), "outcome": kr(r.outcome)}
            for r in result.results
        ],
        "summary": [
            {"method": s.method.value, "month": s.month, "n": s.n, "mae": _kr_decimal(s.mae),
             "bias": _kr_decimal(s.bias), "mape": None if s.mape is None else float(s.mape.quantize(_CENTS))}
            for s in result.summary
        ],
    }

