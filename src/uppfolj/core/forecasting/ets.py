"""`ets`: an exponential smoothing model (statsforecast `AutoETS`) of a unit's monthly net.

The model is fitted on the unit's own monthly series (its whole subtree), every earlier year
with data and the year's months 1..M, and forecasts the months M+1..12. The model is additive
throughout, since a net may be negative or change sign: error and season additive, no trend
("ANA", season length 12) from 24 months on; below 24 months there is no season to learn and
the model is simple exponential smoothing ("ANN"). A fully automatic choice ("ZZZ") costs about
ten times as much per series (measured: ≈ 4 ms against ≈ 40 ms) for no gain on these series.
The series is fitted in units of its mean absolute month (so the optimiser sees numbers near 1)
and the means are rounded to öre at the end.

The 80 % interval of the months' sum: the model gives one per horizon; the half-widths are
combined as the square root of their sum of squares (errors of separate months taken as
independent). statsforecast is imported on first use: it takes seconds to load.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

SEASONAL_FROM = 24  # months of history before the model gets a season
SHORTEST = 6  # fewer months than this: no model at all


@dataclass(frozen=True, slots=True)
class EtsForecast:
    """The model's expected months M+1..12 (öre) and the 80 % half-width of their sum (öre)."""

    path: list[int]
    half_width: float
    model: str


def _round(value: float) -> int:
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


def _auto_ets(season_length: int, model: str) -> Any:
    from statsforecast.models import AutoETS  # noqa: PLC0415 (a heavy import, only when needed)

    return AutoETS(season_length=season_length, model=model)


def ets_forecast(series: Sequence[int], horizon: int) -> EtsForecast | None:
    """Fit and forecast `horizon` months; None where the series is too short or the fit fails."""
    if horizon <= 0:
        return EtsForecast([], 0.0, "")
    if len(series) < SHORTEST:
        return None
    values = np.asarray(series, dtype=np.float64)
    if np.all(values == values[0]):
        return EtsForecast([int(series[0])] * horizon, 0.0, "constant")
    scale = float(np.mean(np.abs(values))) or 1.0
    seasonal = len(series) >= SEASONAL_FROM
    model = "ANA" if seasonal else "ANN"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fitted = _auto_ets(12 if seasonal else 1, model).forecast(
                y=values / scale, h=horizon, level=[80]
            )
    except (ValueError, FloatingPointError, np.linalg.LinAlgError, ZeroDivisionError):
        return None
    mean = np.asarray(fitted["mean"], dtype=np.float64) * scale
    half = (
        (
            np.asarray(fitted["hi-80"], dtype=np.float64)
            - np.asarray(fitted["lo-80"], dtype=np.float64)
        )
        / 2
        * scale
    )
    if not (np.all(np.isfinite(mean)) and np.all(np.isfinite(half))):
        return None
    return EtsForecast([_round(v) for v in mean], float(math.sqrt(float(np.sum(half**2)))), model)
