"""Forecast accuracy on the demo municipality, and the whole `uppfolj forecast backtest` command.

    .venv/bin/python bench/bench_forecast_demo.py [--workers 2]

1. Loads the demo municipality (`uppfolj.web.domain.demo.load_demo`: 2020-2023 and January-March
   2024 from `uppfolj.synth`, anchored on seed 000) into a temporary SQLite database, runs the
   command `uppfolj forecast backtest --year 2021 --to-year 2023 --months 1-11` as a user would
   (its wall time is reported), and writes bench/FORECAST.md: every method's MAE, bias and MAPE per
   forecast month over the leaf units (and over every unit), `auto`'s ratios against run_rate and
   "budget holds", and how often `auto` chose each method (from `propose` at every origin).
2. Loads `uppfolj.synth`'s large city (300 leaf units, 2021-2024) through the import services and
   times the same command over 2022-2024 × months 1-11 (300 units × 3 years × 11 months); the
   figures go to the section "## Forecast command" of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from results import write_section  # bench/results.py

BENCH = Path(__file__).resolve().parent
FORECAST_MD = BENCH / "FORECAST.md"
UPPFOLJ = str(Path(sys.executable).with_name("uppfolj"))
DEMO_YEARS = (2021, 2023)
CITY_YEARS = (2022, 2024)


def _backtest(db: Path, years: tuple[int, int], out: Path, workers: int) -> float:
    started = time.perf_counter()
    subprocess.run([UPPFOLJ, "--db", str(db), "forecast", "backtest", "--year", str(years[0]), "--to-year",
                    str(years[1]), "--months", "1-11", "--workers", str(workers), "-o", str(out)], check=True)
    return time.perf_counter() - started


def _leaves() -> set[str]:
    from uppfolj.web.models import OrgUnit  # noqa: PLC0415

    units = OrgUnit.objects.filter(tree="organisation")
    parents = set(units.exclude(parent=None).values_list("parent__code", flat=True))
    return set(units.values_list("code", flat=True)) - parents


def _table(result: dict[str, Any], units: set[str]) -> dict[tuple[str, int], tuple[int, float, float, float | None]]:
    """(method, month) -> n, MAE, bias (kr), MAPE (%) over the given units."""
    errors: dict[tuple[str, int], list[tuple[float, float]]] = defaultdict(list)
    for r in result["results"]:
        if r["unit"] in units:
            errors[(r["method"], r["month"])].append((r["forecast"] - r["outcome"], r["outcome"]))
    out = {}
    for key, pairs in errors.items():
        mapes = [abs(e) / abs(o) * 100 for e, o in pairs if o]
        out[key] = (len(pairs), sum(abs(e) for e, _ in pairs) / len(pairs), sum(e for e, _ in pairs) / len(pairs),
                    sum(mapes) / len(mapes) if mapes else None)
    return out


def _choices(years: tuple[int, int], leaves: set[str]) -> tuple[Counter[str], Counter[str]]:
    """How often auto's proposal named each method: per leaf unit (its main method) and per row."""
    from uppfolj.core import forecasting  # noqa: PLC0415
    from uppfolj.web.domain.forecasting import load_forecast_data  # noqa: PLC0415

    data = load_forecast_data()
    units: Counter[str] = Counter()
    rows: Counter[str] = Counter()
    for year in range(years[0], years[1] + 1):
        for month in range(1, 12):
            for p in forecasting.propose(data, year, month, with_ets=False):
                if p.unit in leaves:
                    units[p.method.value] += 1
                    rows.update(r.method.value for r in p.rows if r.forecast)
    return units, rows


def _tkr(kronor: float) -> str:
    """Kronor as whole tkr with a space between thousands."""
    return f"{kronor / 1000:,.0f}".replace(",", "\u00a0")


def _markdown(result: dict[str, Any], leaves: set[str], seconds: float, choices: tuple[Counter[str], Counter[str]]) -> str:
    leaf = _table(result, leaves)
    everyone = _table(result, {r["unit"] for r in result["results"]})
    methods, months = result["methods"], result["months"]
    lines = [
        "# Forecast accuracy on the demo",
        "",
        f"Made by `make bench` (bench/bench_forecast_demo.py, {dt.date.today().isoformat()}). The demo municipality "
        f"({len(leaves)} leaf units under 10 departments, ledger 2020-2023 and January-March 2024 from "
        "`uppfolj.synth`) replayed by `uppfolj forecast backtest --year 2021 --to-year 2023 --months 1-11` "
        f"in {seconds:.1f} s (the whole command). Each forecast is made from what was known at the end of "
        "its month and compared with the year's outcome. Amounts in tkr; MAPE in %.",
        "",
        "## auto against run_rate and \"budget holds\" (leaf units)",
        "",
        "| month | auto MAE | run_rate MAE | budget MAE | auto / run_rate | auto / budget | entered MAE |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for m in months:
        auto, rr, budget = leaf[("auto", m)][1], leaf[("run_rate", m)][1], leaf[("budget", m)][1]
        entered = leaf.get(("entered", m))
        lines.append(f"| {m} | {_tkr(auto)} | {_tkr(rr)} | {_tkr(budget)} | {auto / rr:.2f} | "
                     f"{auto / budget:.2f} | {'–' if entered is None else _tkr(entered[1])} |")
    for title, table in (("leaf units", leaf), ("every unit, departments and the whole included", everyone)):
        lines += ["", f"## Every method per forecast month, {title}", ""]
        for measure, index in (("MAE (tkr)", 1), ("bias (tkr, forecast − outcome)", 2), ("MAPE (%)", 3)):
            lines += [f"### {measure}", "", "| method | " + " | ".join(str(m) for m in months) + " |",
                      "| --- |" + " ---: |" * len(months)]
            for method in methods:
                cells = []
                for m in months:
                    row = table.get((method, m))
                    value = None if row is None else row[index]
                    cells.append("–" if value is None else f"{value:.1f}" if index == 3 else _tkr(value))
                lines.append(f"| {method} | " + " | ".join(cells) + " |")
            lines.append("")
        n = {m: table[("auto", m)][0] for m in months}
        lines.append(f"n per method and month: {n[months[0]]} (units × years); entered only where a forecast existed.")
    units, rows = choices
    lines += ["", "## Which method auto chose", "",
              "Over every leaf unit × year × month 1-11 (the method carrying most of the months still to come), and "
              "over every non-zero template row of those units:", "",
              "| method | leaf units | rows |", "| --- | ---: | ---: |"]
    for method in sorted(set(units) | set(rows), key=lambda k: -(units[k] + rows[k])):
        lines.append(f"| {method} | {units[method]} | {rows[method]} |")
    return "\n".join(lines) + "\n"


def _load_city() -> None:
    from django.db import transaction  # noqa: PLC0415

    from uppfolj.core.choices import TreeKind  # noqa: PLC0415
    from uppfolj.core.tree import build_tree  # noqa: PLC0415
    from uppfolj.synth import bench_spec, ledger, organisation, simulate  # noqa: PLC0415
    from uppfolj.web.domain.budget import replace_budget  # noqa: PLC0415
    from uppfolj.web.domain.forecasts import replace_forecasts  # noqa: PLC0415
    from uppfolj.web.domain.ledger import replace_actuals  # noqa: PLC0415
    from uppfolj.web.domain.statistics import replace_volumes  # noqa: PLC0415
    from uppfolj.web.domain.trees import replace_unit_tree  # noqa: PLC0415

    muni = simulate(bench_spec(units=300, departments=30, years=4, last_year=CITY_YEARS[1]))
    specs = organisation(muni.spec)
    with transaction.atomic():
        replace_unit_tree(TreeKind.ORGANISATION, specs, build_tree(specs, single_root=True, what="enhet"), file="city")
        replace_actuals(ledger(muni), import_id=0)
        replace_budget(muni.budget_records(), import_id=0)
        replace_forecasts("city", muni.forecast_records)
        replace_volumes("city", muni.volume_records)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--part", choices=("demo", "city", "both"), default="both")
    args = parser.parse_args()
    if args.part == "both":
        # One database per process: Django reads its database settings once.
        for part in ("demo", "city"):
            subprocess.run([sys.executable, __file__, "--part", part, "--workers", str(args.workers)], check=True)
        return 0
    if args.part == "demo":
        return _demo(args.workers)
    return _city(args.workers)


def _demo(workers: int) -> int:
    from uppfolj.cli.database import configure, migrate  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.sqlite3"
        configure(str(db))
        migrate()
        from uppfolj.web.domain.demo import load_demo  # noqa: PLC0415

        load_demo()
        out = Path(tmp) / "backtest.json"
        seconds = _backtest(db, DEMO_YEARS, out, workers)
        result = json.loads(out.read_text(encoding="utf-8"))
        leaves = _leaves()
        FORECAST_MD.write_text(_markdown(result, leaves, seconds, _choices(DEMO_YEARS, leaves)), encoding="utf-8")
        print(FORECAST_MD.read_text(encoding="utf-8").split("## Every")[0])
    return 0


def _city(workers: int) -> int:
    from uppfolj.cli.database import configure, migrate  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "city.sqlite3"
        configure(str(db))
        migrate()
        started = time.perf_counter()
        _load_city()
        loaded = time.perf_counter() - started
        out = Path(tmp) / "backtest.json"
        seconds = _backtest(db, CITY_YEARS, out, workers)
        result = json.loads(out.read_text(encoding="utf-8"))
        units = len({r["unit"] for r in result["results"]})
        write_section("Forecast command", "\n".join([
            f"## Forecast command ({dt.date.today().isoformat()}, {os.cpu_count()} CPUs, load average "
            f"{os.getloadavg()[0]:.1f} at the end)",
            "",
            f"`uppfolj forecast backtest --year {CITY_YEARS[0]} --to-year {CITY_YEARS[1]} --months 1-11 --workers "
            f"{workers}` on `uppfolj.synth`'s large city ({units} units of which 300 leaves, loaded through the "
            f"import services in {loaded:.1f} s), SQLite, the whole command: **{seconds:.1f} s** for "
            f"{len(result['results'])} result rows (goal: under 60 s on 2 cores). Accuracy on the demo: "
            "bench/FORECAST.md.",
        ]))
        print(f"city backtest: {seconds:.1f} s, {len(result['results'])} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
