"""Benchmark of the committee documents: the monthly report as XLSX, DOCX, HTML and PDF.

    .venv/bin/python bench/bench_documents.py [--rows N]

Builds (seeded) a 300-unit organisation in a temporary SQLite database through the import
services: root, 10 departments, 289 units with one cost centre each, a budget over 20 accounts,
N ledger rows (default 100 000) for January to June 2024, forecasts made in April, May and June
and texts, reasons and actions for 30 units. It then times, per format, what `uppfolj report`
does after the figures: loading the document inputs (texts, series, up to 50 000 ledger rows
for XLSX) and rendering. Prints a table and replaces the section "## Documents" of
bench/RESULTS.md. Goal: all four formats together under 10 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

from results import write_section  # bench/results.py: one writer of RESULTS.md

BENCH = Path(__file__).resolve().parent
SEED = 2024
YEAR, MONTH = 2024, 6
DEPARTMENTS = 10
UNITS = 289
ACCOUNTS = ["3510", "3610", "4610", "4620", "4510", "5011", "5012", "5111", "5611", "5811",
            "6110", "6410", "6910", "7010", "7510", "7910", "4010", "4410", "7610", "3110"]
GOAL_SECONDS = 10.0


def _build(rows: int) -> None:
    from django.db import transaction  # noqa: PLC0415

    from uppfolj.core.choices import Heading, TreeKind  # noqa: PLC0415
    from uppfolj.core.records import BudgetRecord, ForecastRecord, LedgerRecord  # noqa: PLC0415
    from uppfolj.core.tree import NodeSpec, build_tree  # noqa: PLC0415
    from uppfolj.ingest.texts import TextRecord  # noqa: PLC0415
    from uppfolj.web.domain.budget import replace_budget  # noqa: PLC0415
    from uppfolj.web.domain.forecasts import replace_forecasts  # noqa: PLC0415
    from uppfolj.web.domain.ledger import replace_actuals  # noqa: PLC0415
    from uppfolj.web.domain.texts import replace_texts  # noqa: PLC0415
    from uppfolj.web.domain.trees import replace_unit_tree  # noqa: PLC0415

    rng = random.Random(SEED)
    specs = [NodeSpec("SOC", "Socialtjänsten", "", "", line=1)]
    specs += [NodeSpec(f"AVD{d:02d}", f"Avdelning {d}", "SOC", "", line=1 + d) for d in range(1, DEPARTMENTS + 1)]
    units = [f"E{u:03d}" for u in range(UNITS)]
    specs += [NodeSpec(code, f"Enhet {u} med ett längre namn", f"AVD{u % DEPARTMENTS + 1:02d}", f"0{1000 + u}", line=20 + u)
              for u, code in enumerate(units)]
    tree = build_tree(specs, single_root=True, what="enhet")
    budget = []
    for u in range(UNITS):
        for account in ACCOUNTS:
            annual = rng.randint(10_000, 2_000_000) * 100 * (-1 if account.startswith("3") else 1)
            for month in range(1, 13):
                budget.append(BudgetRecord(YEAR, month, f"0{1000 + u}", account,
                                           annual // 12 + (annual % 12 if month == 12 else 0)))
    ledger = []
    for i in range(rows):
        u = rng.randrange(UNITS)
        account = rng.choice(ACCOUNTS)
        amount = rng.randint(100, 2_000_000) * (-1 if account.startswith("3") else 1)
        month = rng.randint(1, MONTH)
        ledger.append(LedgerRecord(YEAR, month, f"0{1000 + u}", account, amount, voucher=f"V{i}",
                                   text="Faktura", date=dt.date(YEAR, month, rng.randint(1, 28))))
    with transaction.atomic():
        replace_unit_tree(TreeKind.ORGANISATION, specs, tree, file="bench")
        replace_budget(budget, import_id=1)
        replace_actuals(ledger, import_id=2)
        forecasts = [ForecastRecord(YEAR, m, code, rng.randint(1, 40_000_000) * 100)
                     for m in (4, 5, 6) for code in units]
        replace_forecasts("bench", forecasts)
        picked = units[:30]
        replace_texts("comments", "bench", [TextRecord("comments", YEAR, MONTH, c, f"{h}: text om enhetens utfall och analys.", 1, heading=Heading(h))
                                            for c in picked for h in ("Utfall", "Analys", "Åtgärd")])
        replace_texts("reasons", "bench", [TextRecord("reasons", YEAR, MONTH, c, "Ökade volymer", 1, amount=-500_000_00)
                                           for c in picked])
        replace_texts("actions", "bench", [TextRecord("actions", YEAR, MONTH, c, "Översyn av bemanning", 1,
                                                      responsible="Enhetschef", timeplan="hösten", status="pågår")
                                           for c in picked])


def _write_results(rows: int, table: list[tuple[str, float, float, int, float]], build: float, load: float) -> str:
    total = sum(t[1] + t[2] for t in table)
    cpu_total = sum(t[4] for t in table)
    lines = [
        f"## Documents ({dt.date.today().isoformat()}, Python {platform.python_version()}, {platform.machine()})",
        "",
        f"Organisation: 300 units, {rows:,} ledger rows (January–June 2024), forecasts in three rounds, texts for 30 units. "
        f"Monthly report per June in tkr; the period result (load + compute) took {build:.2f} s and is shared.",
        "",
        "| format | load inputs s | render s | total s | CPU s | bytes |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    lines += [f"| {fmt} | {inputs:.2f} | {render:.2f} | {inputs + render:.2f} | {cpu:.2f} | {size:,} |"
              for fmt, inputs, render, size, cpu in table]
    verdict = "met" if total < GOAL_SECONDS else "NOT met"
    lines += ["", f"All four formats: {total:.2f} s wall clock, {cpu_total:.2f} s CPU (goal < {GOAL_SECONDS:.0f} s: {verdict}); "
              f"load average {load:.1f} on {os.cpu_count()} CPUs at the end (other work on the machine slows the wall clock).", ""]
    section = "\n".join(lines)
    write_section("Documents", section)
    return section


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        from uppfolj.cli.database import configure, migrate  # noqa: PLC0415

        configure(str(Path(tmp) / "bench.sqlite3"))
        migrate()
        started = time.perf_counter()
        _build(args.rows)
        print(f"data: {time.perf_counter() - started:.1f} s", file=sys.stderr)

        from uppfolj.core.choices import Format  # noqa: PLC0415
        from uppfolj.core.period import compute_period  # noqa: PLC0415
        from uppfolj.reports.model import Report  # noqa: PLC0415
        from uppfolj.reports.render import registry  # noqa: PLC0415
        from uppfolj.web.domain.period_input import load_period_input  # noqa: PLC0415

        started = time.perf_counter()
        report = Report(compute_period(load_period_input(YEAR, MONTH)))
        build = time.perf_counter() - started
        table = []
        for fmt in (Format.XLSX, Format.DOCX, Format.HTML, Format.PDF):
            cpu = time.process_time()
            started = time.perf_counter()
            # The drill-down sheet needs the ledger rows: the XLSX reads a result loaded with them.
            this = Report(compute_period(load_period_input(YEAR, MONTH, with_ledger=True))) if fmt is Format.XLSX else report
            loaded = time.perf_counter()
            data = registry.render(this, fmt)
            done = time.perf_counter()
            (Path(tmp) / f"report.{fmt}").write_bytes(data)
            table.append((fmt.value, loaded - started, done - loaded, len(data), time.process_time() - cpu))
    print(_write_results(args.rows, table, build, os.getloadavg()[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
