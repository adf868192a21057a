"""Benchmark of the forecasting engine: a full backtest, per-method cost, `propose`, accuracy.

    .venv/bin/python bench/bench_forecast.py [--units 300] [--workers 2] [--no-per-method]

Builds (seeded, in memory) `uppfolj.synth`'s large city (`bench_spec`: 300 leaf units under 30
departments, five years 2020-2024) as the engine's `ForecastData` (tests/core/forecasting/
from_synth.py places it on base cells as the database loader does). Then times, in the same run:

- `backtest` of the last three years × months 1..11 × every method, with 1 and with N workers
  (wall and CPU seconds);
- each method alone over one year × months 1..11 (one worker), to show what costs;
- `propose` for the last year's August, with and without ETS;

and gives `auto`'s mean absolute error over leaf units in April, August and October as a share
of run_rate's and budget's (the product's targets: August ≤ 0.4 and ≤ 0.5; April and October
below 1).

`measure()` returns the figures for a caller; run as a script it prints them and replaces the
section "## Forecasting" of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "src")]

from results import write_section  # noqa: E402 (bench/results.py, beside this file)
from tests.core.forecasting.from_synth import forecast_data  # noqa: E402

from uppfolj.core import forecasting  # noqa: E402
from uppfolj.core.choices import ForecastMethod  # noqa: E402
from uppfolj.core.forecasting.model import Backtest  # noqa: E402
from uppfolj.synth import bench_spec  # noqa: E402

YEARS = (2020, 2021, 2022, 2023, 2024)
MONTHS = list(range(1, 12))


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the workers)."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(units: int = 300, workers: int = 2, *, per_method: bool = True) -> dict[str, Any]:
    """Seconds of each step and auto's accuracy ratios; `units` leaf units, units/10 departments."""
    started = time.perf_counter()
    spec = bench_spec(
        units=units, departments=max(1, units // 10), years=len(YEARS), last_year=YEARS[-1]
    )
    data, tree = forecast_data(spec)
    leaves = {node.code for node in tree.order if not node.children}
    out: dict[str, Any] = {
        "units": len(data.tree.order),
        "cells": len(data.actual),
        "generate_s": time.perf_counter() - started,
    }
    backtest_years = list(YEARS[-3:])
    for n in sorted({1, workers}):
        t, cpu = time.perf_counter(), _cpu()
        result = forecasting.backtest(data, backtest_years, MONTHS, workers=n)
        out[f"backtest_{n}_workers_s"] = time.perf_counter() - t
        out[f"backtest_{n}_workers_cpu_s"] = _cpu() - cpu
        out["backtest_rows"] = len(result.results)
    out["ratios"] = _ratios(result, leaves)
    if per_method:
        costs: dict[str, float] = {}
        for method in forecasting.ALL_METHODS:
            t = time.perf_counter()
            forecasting.backtest(data, [YEARS[-1]], MONTHS, methods=[method], workers=1)
            costs[method.value] = time.perf_counter() - t
        out["per_method_one_year_s"] = costs
    t = time.perf_counter()
    forecasting.propose(data, YEARS[-1], 8)
    out["propose_s"] = time.perf_counter() - t
    t = time.perf_counter()
    forecasting.propose(data, YEARS[-1], 8, with_ets=False)
    out["propose_without_ets_s"] = time.perf_counter() - t
    return out


def _ratios(result: Backtest, leaves: set[str]) -> dict[int, tuple[float, float]]:
    """Per month 4, 8, 10: auto's mean absolute error over leaf units / run_rate's, / budget's."""
    errors: dict[tuple[int, ForecastMethod], list[int]] = {}
    for r in result.results:
        if r.unit in leaves:
            errors.setdefault((r.month, r.method), []).append(abs(r.forecast - r.outcome))

    def mae(month: int, method: ForecastMethod) -> float:
        values = errors[(month, method)]
        return sum(values) / len(values)

    return {
        m: (
            mae(m, ForecastMethod.AUTO) / mae(m, ForecastMethod.RUN_RATE),
            mae(m, ForecastMethod.AUTO) / mae(m, ForecastMethod.BUDGET),
        )
        for m in (4, 8, 10)
    }


def report(figures: dict[str, Any], workers: int) -> str:
    lines = [
        "## Forecasting",
        "",
        f"`uppfolj.synth` large city: {figures['units']} units, {figures['cells']} base cells, years "
        f"{YEARS[0]}-{YEARS[-1]}; {os.cpu_count()} CPU(s). `backtest` of {YEARS[-3]}-{YEARS[-1]} × months "
        f"1-11 × every method ({figures['backtest_rows']} rows):",
        "",
        "| step | seconds | CPU seconds |",
        "| --- | ---: | ---: |",
    ]
    for n in sorted({1, workers}):
        wall, cpu = figures[f"backtest_{n}_workers_s"], figures[f"backtest_{n}_workers_cpu_s"]
        lines.append(f"| backtest, {n} worker{'s' if n > 1 else ''} | {wall:.1f} | {cpu:.1f} |")
    lines.append(f"| propose (August, with ETS) | {figures['propose_s']:.1f} | |")
    lines.append(f"| propose (August, without ETS) | {figures['propose_without_ets_s']:.1f} | |")
    lines += [
        "",
        f"Load average at the end: {os.getloadavg()[0]:.1f} (other work on the machine slows the wall times).",
    ]
    lines += [
        "",
        "`auto`'s mean absolute error over leaf units, as a share of run_rate's / budget's:",
        "",
    ]
    lines += ["| month | run_rate | budget |", "| --- | ---: | ---: |"]
    for month, (run_rate, budget) in figures["ratios"].items():
        lines.append(f"| {month} | {run_rate:.2f} | {budget:.2f} |")
    if "per_method_one_year_s" in figures:
        lines += [
            "",
            "Each method alone, one year × months 1-11, one worker:",
            "",
            "| method | seconds |",
            "| --- | ---: |",
        ]
        for method, seconds in figures["per_method_one_year_s"].items():
            lines.append(f"| {ForecastMethod(method).value} | {seconds:.2f} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-per-method", action="store_true")
    args = parser.parse_args()
    figures = measure(args.units, args.workers, per_method=not args.no_per_method)
    text = report(figures, args.workers)
    print(text)
    write_section("Forecasting", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
