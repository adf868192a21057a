"""Benchmark of the web application: the overview and a unit page of a 300-unit organisation.

    .venv/bin/python bench/bench_web.py [--rows N] [--requests N]

Generates (seeded) into a temporary SQLite database, through the domain services: a 300-unit
organisation (root, 19 departments, 280 units over 300 cost centres), a budget over 40 accounts,
N ledger rows (default 2 000 000) over 2023 and 2024 months 1-6, and forecasts. Then it times
with Django's test client, logged in as the controller:

- warm: N requests (default 200) per page, the data unchanged;
- the first page after an import: the month's actuals (2024-06, a month's share of the rows)
  imported again through the import services, then one request, timed; N/10 times per page;
- the first page after a save: a unit's draft (E005's texts) saved, then one request, timed;
- the baseline, in the same run: the cache off, each request computing the month from nothing.

It prints median and 95th percentile (wall clock, and the request's CPU time, which another
job on the machine slows less); the section "## Web" of bench/RESULTS.md is replaced.
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
from collections.abc import Callable, Iterator
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


def import_month(rows: int, seed: int) -> None:
    """The month 2024-06 of the ledger imported again (its rows replace the month's), as a
    controller does while the books close: a month's share of the rows, new amounts."""
    from django.db import transaction

    from uppfolj.core.records import LedgerRecord
    from uppfolj.web.domain.ledger import replace_actuals
    from uppfolj.web.domain.masterdata import finish_import, start_import

    rng = random.Random(seed)
    centres = [f"0{1000 + i}" for i in range(300)]
    records = (LedgerRecord(YEAR, MONTH, centres[i % len(centres)], ACCOUNTS[i % len(ACCOUNTS)],
                            rng.randrange(100, 5_000_000) * (-1 if ACCOUNTS[i % len(ACCOUNTS)].startswith("3") else 1),
                            text=f"Rad {i}") for i in range(rows))
    with transaction.atomic():
        log = start_import("actuals", f"bench-{YEAR}-{MONTH:02d}-{seed}")
        summary = replace_actuals(records, import_id=log.pk)
        finish_import(log, rows=summary.rows, years=sorted(summary.years))


def save_draft(step: int) -> None:
    """E005's draft saved with a new text, as a budget holder does (the controller may)."""
    from django.contrib.auth import get_user_model

    from uppfolj.core.choices import Heading
    from uppfolj.web.domain.workflow import UnitContent, load_content, save_draft
    from uppfolj.web.models import OrgUnit, UnitStatus

    unit = OrgUnit.objects.get(tree="organisation", code="E005")
    status = UnitStatus.objects.filter(year=YEAR, month=MONTH, unit=unit).first()
    content = load_content(YEAR, MONTH, unit)
    texts = dict(content.texts)
    texts[Heading.ANALYS] = f"Analys, version {step}."
    save_draft(YEAR, MONTH, unit, UnitContent(content.forecast, texts, content.reasons, content.actions,
                                              content.remainder, content.row_forecasts),
               version=status.version if status else 0, user=get_user_model().objects.get(username="ekonom"))


def first_after(client: object, url: str, n: int, change: Callable[[int], None]) -> tuple[float, float, float]:
    """Median and p95 wall ms, and median CPU ms, of the first request after each of n changes."""
    walls, cpus = [], []
    for i in range(n):
        change(i)
        start, cpu = time.perf_counter(), time.process_time()
        response = client.get(url)  # type: ignore[attr-defined]
        walls.append((time.perf_counter() - start) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    walls.sort()
    return statistics.median(walls), walls[max(int(len(walls) * 0.95) - 1, 0)], statistics.median(cpus)


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
        results = {}
        pages = (("Översikt", f"/uppfoljning/{YEAR}/{MONTH}/"), ("Enhetssida (E005)", f"/uppfoljning/{YEAR}/{MONTH}/E005/"))
        for label, url in pages:
            results[label] = timed(client, url, args.requests)
            print(f"{label}: median {results[label][0]:.0f} ms, p95 {results[label][1]:.0f} ms", flush=True)
        changes = max(args.requests // 10, 5)
        month_rows = args.rows // 18
        imported, saved = {}, {}
        for label, url in pages:
            imported[label] = first_after(client, url, changes, lambda i: import_month(month_rows, 1000 + i))
            print(f"{label}, efter import: median {imported[label][0]:.0f} ms, p95 {imported[label][1]:.0f} ms, "
                  f"CPU {imported[label][2]:.0f} ms", flush=True)
        for label, url in pages:
            saved[label] = first_after(client, url, changes, save_draft)
            print(f"{label}, efter sparande: median {saved[label][0]:.0f} ms, p95 {saved[label][1]:.0f} ms, "
                  f"CPU {saved[label][2]:.0f} ms", flush=True)
        # The baseline, in the same run: nothing kept at all, every request computes the month from
        # the database (the cache off), as the first page after any change did before.
        from uppfolj.web.domain import cache

        cache.enabled = False
        cold = {}
        for label, url in pages:
            cold[label] = first_after(client, url, changes, lambda i: None)
            print(f"{label}, utan cache: median {cold[label][0]:.0f} ms, CPU {cold[label][2]:.0f} ms", flush=True)
        cache.enabled = True
    table = "\n".join(
        f"| {label} | {m:.0f} | {p:.0f} | {imported[label][0]:.0f} | {imported[label][1]:.0f} | {imported[label][2]:.0f} "
        f"| {saved[label][0]:.0f} | {saved[label][1]:.0f} | {saved[label][2]:.0f} | {cold[label][0]:.0f} | "
        f"{cold[label][2]:.0f} | {imported[label][2] / cold[label][2]:.2f} |"
        for label, (m, p) in results.items())
    warm = "met" if all(p < 300 for _, p in results.values()) else "NOT met"
    first = "met" if all(r[1] < 300 for r in (*imported.values(), *saved.values())) else "NOT met"
    write_results(
        f"`bench/bench_web.py` (SQLite, Django test client, logged in as the controller; {args.requests} "
        f"requests per page after 3 warm-up requests; Python {sys.version.split()[0]}; {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f} at the end).\n\n"
        f"Data: {data}.\n\n"
        "Warm: the data unchanged; the report is computed once per data version (uppfolj.web.domain.cache;\n"
        "the stamp is the newest audit row). After an import: the month's actuals (2024-06, "
        f"{month_rows} rows) imported again through the import services, then the page's first request, "
        f"{changes} times per page; only the groupings of the months the import changed are read again "
        "(uppfolj.web.domain.month_sums). After a save: E005's draft saved, then the page's first request, "
        f"{changes} times. Baseline, in the same run: the cache off, every request computing the month from "
        "the database as the first page after any change did before. CPU: the request's process time, "
        "median (another job on the machine slows it less than the wall clock); ratio: after an import ÷ "
        "baseline, CPU.\n\n"
        "| page | warm median ms | p95 ms | after import median ms | p95 ms | CPU ms | after save median ms | p95 ms "
        "| CPU ms | baseline median ms | CPU ms | ratio |\n"
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
        f"{table}\n\nGoal p95 < 300 ms (warm): {warm}. First page after a change, p95 < 300 ms: {first}.\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
