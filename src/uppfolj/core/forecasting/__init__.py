"""The forecasting engine: proposals, backtests and forecast accuracy from a `ForecastData`.

Pure (numpy and statsforecast, no database): `propose`, `backtest` and `accuracy` read only
what was known at the end of the month they forecast from. docs/forecasting.md has every
method's formula.
"""

from uppfolj.core.forecasting.accuracy import accuracy
from uppfolj.core.forecasting.backtest import ALL_METHODS, backtest, summarise
from uppfolj.core.forecasting.propose import propose

__all__ = ["ALL_METHODS", "accuracy", "backtest", "propose", "summarise"]
