"""The forecasting engine: proposals, backtests and forecast accuracy from a `ForecastData`.

Pure (numpy and statsforecast, no database): `propose`, `backtest` and `accuracy` read only
what was known at the end of the month they forecast from. docs/forecasting.md has every
method's formula.

The engine's functions are imported on first use: importing the package (or its light
`uppfolj.core.forecasting.model`, which every report reads) does not load numpy, so a command
that only reports starts without it.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from uppfolj.core.forecasting.accuracy import accuracy
    from uppfolj.core.forecasting.backtest import ALL_METHODS, backtest, summarise
    from uppfolj.core.forecasting.propose import propose

__all__ = ["ALL_METHODS", "accuracy", "backtest", "propose", "summarise"]

_ENGINE = {"accuracy": ("accuracy",), "backtest": ("ALL_METHODS", "backtest", "summarise"), "propose": ("propose",)}


def __getattr__(name: str) -> Any:
    """The engine's functions, loaded together on first use (PEP 562)."""
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    modules = {module: importlib.import_module(f"{__name__}.{module}") for module in _ENGINE}
    for module, names in _ENGINE.items():
        for exported in names:
            globals()[exported] = getattr(modules[module], exported)
    return globals()[name]


class _Package(types.ModuleType):
    """The package, whose names `accuracy`, `backtest` and `propose` stay the engine's functions.

    Importing a submodule binds it on its package under its name; the submodules `accuracy`,
    `backtest` and `propose` are named like the functions they hold, so that binding is refused
    and the name is left to `__getattr__` (the former eager imports bound the functions last)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _ENGINE and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
