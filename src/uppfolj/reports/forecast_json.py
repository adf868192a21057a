"""The JSON of `uppfolj forecast propose` and `uppfolj forecast backtest` (CONTRACT *Forecast
proposals and accuracy*): kronor in ledger sign, units and rows in the report's pre-order."""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from uppfolj.core.forecasting.model import Backtest, UnitProposal
from uppfolj.core.money import Ore, kronor

_CENTS = Decimal("0.01")


def _kr(ore: Ore) -> float:
    # Whole öre, so the float's shortest form is the exact kronor value.
    return float(kronor(ore))


def _kr_decimal(ore: Decimal) -> float:
    """A mean in öre (mae, bias) as kronor with two decimals."""
    return float((ore / 100).quantize(_CENTS))


def propose_dict(year: int, month: int, proposals: Sequence[UnitProposal]) -> dict[str, Any]:
    return {
        "year": year,
        "month": month,
        "units": [
            {
                "code": p.unit, "method": p.method.value, "forecast": _kr(p.forecast), "low": _kr(p.low),
                "high": _kr(p.high),
                "rows": [{"code": r.code, "forecast": _kr(r.forecast), "method": r.method.value} for r in p.rows],
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
             "forecast": _kr(r.forecast), "outcome": _kr(r.outcome)}
            for r in result.results
        ],
        "summary": [
            {"method": s.method.value, "month": s.month, "n": s.n, "mae": _kr_decimal(s.mae),
             "bias": _kr_decimal(s.bias), "mape": None if s.mape is None else float(s.mape.quantize(_CENTS))}
            for s in result.summary
        ],
    }


def dumps(value: dict[str, Any]) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
