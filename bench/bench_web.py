"""Benchmark of the web application: the overview and a unit page of a 300-unit organisation.

    .venv/bin/python bench/bench_web.py [--rows N] [--requests N]

Generates (seeded) into a temporary SQLite database, through the domain services: a 300-unit
organisation (root, 19 departments, 280 units over 300 cost centres), a budget over 40 accounts,
N ledger rows (default 2 000 000) over 2023 and 2024 months 1-6, and forecasts. Then it times
N requests (default 200) each with Django's test client, logged in as the controller, and prints
median and 95th percentile; the section "## Web" of bench/RESULTS.md is replaced.
"""

# ruff: noqa: PLC0415 - Django is configured for the temporary database first; imports follow

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from results import write_section  # bench/results.py: one writer of RESULTS.md

BENCH = Path(__file__).resolve().parent
SEED = 2024
YEAR, MONTH = 2024, 6
ACCOUNTS = ["3010", "3110", "3510", "3610", "4610", "4620", "4910", "5011", "5021", "5111", "5411", "5611",
            "5811", "6110", "6210", "6410", "6510", "6610", "6710", "6910", "7010", "7110", "7310", "7410",
            "7510", "7610", "7690", "7810", "7910", "7990", "4010", "4210", "4310", "4410", "4510", "4530",
            "4540", "4560", "4580", "4590"]


def organisation_csv(path: Path) -> list[str]:
    centres = [f"0{1000 + i}" for i in range(300)]
    lines = ["kod;namn;overordnad;ansvar", "SOC;Socialtjänsten;;"]
    lines += [f"AVD{d:02d};Avdelning {d};SOC;" for d in range(1, 20)]
    index = 0
    for u in range(280):
        width = 2 if u < 20 else 1
        own = centres[index : index + width]
        index += width
        lines.append(f"E{u:03d};Enhet {u};AVD{u % 19 + 1:02d};{own[0] if width == 1 else own[0] + '-' + own[-1]}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return centres


def ledger(rng: random.Random, centres: list[str], rows: int) -> Iterator[object]:
    from uppfolj.core.records import LedgerRecord

    months = [(2023, m) for m in range(1, 13)] + [(YEAR, m) for m in range(1, MONTH + 1)]
    per_month = rows // len(months)
    for year, month in months:
        for i in range(per_month):
            account = ACCOUNTS[i % len(ACCOUNTS)]
            amount = rng.randrange(100, 5_000_000)
            yield LedgerRecord(year, month, centres[i % len(centres)], account,
                               -amount if account.startswith("3") else amount, text=f"Rad {i}")


def load_city(org: Path, centres: list[str], rows: int, rng: random.Random, label: str) -> tuple[int, int]:
    """The organisation file's tree, a year's budget over ACCOUNTS and `rows` ledger rows, through
    the import services (inside the caller's transaction); (budget rows, ledger rows)."""
    from uppfolj.core.records import BudgetRecord
    from uppfolj.ingest.trees import read_unit_tree
    from uppfolj.web.domain.budget import replace_budget
    from uppfolj.web.domain.ledger import replace_actuals
    from uppfolj.web.domain.masterdata import finish_import, start_import
    from uppfolj.web.domain.trees import replace_unit_tree

    tree, specs = read_unit_tree(org, pattern_column="ansvar")
    replace_unit_tree("organisation", specs, tree, file=org.name)
    log = start_import("budget", f"{label}-budget")
    budget = [BudgetRecord(YEAR, m, cc, a, rng.randrange(1_000, 3_000_000) * (-1 if a.startswith("3") else 1))
              for cc in centres for a in ACCOUNTS for m in range(1, 13)]
    replace_budget(budget, import_id=log.pk)
    finish_import(log, rows=len(budget), years=[YEAR])
    log = start_import("actuals", f"{label}-actuals")
    summary = replace_actuals(ledger(rng, centres, rows), import_id=log.pk)
    finish_import(log, rows=summary.rows, years=sorted(summary.years))
    return len(budget), summary.rows


def build(db: Path, rows: int) -> str:
    from django.core.management import call_command
    from django.db import transaction

    from uppfolj.core.records import ForecastRecord
    from uppfolj.web.domain.forecasts import replace_forecasts
    from uppfolj.web.domain.users import create_demo_users

    call_command("migrate", verbosity=0, interactive=False)
    rng = random.Random(SEED)
    org = db.with_name("organisation.csv")
    centres = organisation_csv(org)
    started = time.perf_counter()
    with transaction.atomic():
        budget_rows, ledger_rows = load_city(org, centres, rows, rng, "bench")
        forecasts = [ForecastRecord(YEAR, m, f"E{u:03d}", rng.randrange(10_000_000, 900_000_000))
                     for u in range(0, 280, 3) for m in (2, 4, 6)]
        replace_forecasts("bench", forecasts)
    create_demo_users()
    return f"{ledger_rows} ledger rows, {budget_rows} budget rows, 300 units in {time.perf_counter() - started:.1f} s"


def timed(client: object, url: str, n: int) -> tuple[float, float]:
    samples = []
    for _ in range(3):
        client.get(url)  # type: ignore[attr-defined]
    for _ in range(n):
        start = time.perf_counter()
        response = client.get(url)  # type: ignore[attr-defined]
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def write_results(text: str) -> None:
    write_section("Web", text)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="uppfolj-bench-web-") as folder:
        db = Path(folder) / "web.sqlite3"
        os.environ["UPPFOLJ_DB"] = str(db)
        os.environ["DJANGO_SETTINGS_MODULE"] = "uppfolj.web.settings"
        os.environ["UPPFOLJ_AXES"] = "0"
        import django

        django.setup()
        from django.contrib.auth import get_user_model
        from django.test import Client

        data = build(db, args.rows)
        print(data, flush=True)
        client = Client()
        client.force_login(get_user_model().objects.get(username="ekonom"))
        from uppfolj.web.domain import cache

        results = {}
        pages = (("Översikt", f"/uppfoljning/{YEAR}/{MONTH}/"), ("Enhetssida (E005)", f"/uppfoljning/{YEAR}/{MONTH}/E005/"))
        for label, url in pages:
            results[label] = timed(client, url, args.requests)
            print(f"{label}: median {results[label][0]:.0f} ms, p95 {results[label][1]:.0f} ms", flush=True)
        cache.enabled = False  # every request computes the report again, as after each change of data
        cold = {}
        for label, url in pages:
            cold[label] = timed(client, url, max(args.requests // 10, 5))
            print(f"{label}, utan cache: median {cold[label][0]:.0f} ms, p95 {cold[label][1]:.0f} ms", flush=True)
    table = "\n".join(f"| {label} | {m:.0f} | {p:.0f} | {cold[label][0]:.0f} | {cold[label][1]:.0f} |"
                      for label, (m, p) in results.items())
    verdict = "met" if all(p < 300 for _, p in results.values()) else "NOT met"
    write_results(
        f"`bench/bench_web.py` (SQLite, Django test client, logged in as the controller; {args.requests} "
        f"requests per page after 3 warm-up requests; Python {sys.version.split()[0]}).\n\n"
        f"Data: {data}.\n\n"
        "Warm: the report is computed once per data version (uppfolj.web.domain.cache; the stamp is the\n"
        f"newest audit row). Cold: cache off, {max(args.requests // 10, 5)} requests, the period result computed on every request.\n\n"
        "| page | median ms | p95 ms | cold median ms | cold p95 ms |\n| --- | ---: | ---: | ---: | ---: |\n"
        f"{table}\n\nGoal p95 < 300 ms (warm): {verdict}.\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
