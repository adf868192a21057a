"""The 80 % interval of a proposal: from the proposal's own errors, else a model, else a margin.

1. `auto`'s own unit-level errors at the same forecast month in at least two earlier years:
   ± 1.2816 × their root mean square (1.2816 is the normal distribution's 90 % point, so the
   interval holds 80 %), but never narrower than 1 % of the remaining months' absolute amounts
   (a unit whose few past errors happened to be 0 is not certain).
2. Otherwise the ETS model's interval of the remaining months' sum (see `ets`), centred on the
   proposal.
3. Otherwise ± 10 % of the remaining months' absolute amounts.

With no month left (M = 12) the forecast is the outcome and the interval is that point.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from uppfolj.core.money import Ore

Z80 = 1.2816  # two-sided 80 %: the standard normal's 90th percentile
FLOOR_SHARE = 0.01
FALLBACK_SHARE = 0.10
MIN_YEARS = 2


def _round(value: float) -> int:
    return math.floor(abs(value) + 0.5)


def interval(
    forecast: Ore,
    past_errors: Sequence[Ore],
    remaining: Sequence[Ore],
    ets_half_width: float | None,
) -> tuple[Ore, Ore, str]:
    """(low, high, basis in Swedish) around `forecast`; low ≤ forecast ≤ high."""
    spread = sum(abs(v) for v in remaining)
    if not remaining:
        return forecast, forecast, "inga månader återstår"
    if len(past_errors) >= MIN_YEARS:
        rmse = math.sqrt(sum(e * e for e in past_errors) / len(past_errors))
        half = max(Z80 * rmse, FLOOR_SHARE * spread)
        basis = f"förslagets fel samma månad tidigare år ({len(past_errors)} år)"
    elif ets_half_width is not None:
        half = ets_half_width
        basis = "ETS-modellens intervall"
    else:
        half = FALLBACK_SHARE * spread
        basis = "±10 % av återstående månader"
    width = _round(half)
    return forecast - width, forecast + width, basis
