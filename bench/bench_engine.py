"""Benchmark of the follow-up engine: importing actuals and building the JSON report.

    .venv/bin/python bench/bench_engine.py [--rows N] [--keep]

Generates (seeded) into bench/data/ a ledger CSV of N rows over 300 cost centres, 200 Kommun-Bas
accounts (classes 3-7) and 24 months (2023-2024), a 300-unit organisation and a budget. It then
times, in the same run:

- DuckDB reading the CSV and grouping it by (period, ansvar, konto): the baseline;
- `uppfolj import actuals` into a fresh SQLite database (wall, CPU and peak memory of the
  process), and into PostgreSQL when
  `scripts/postgres.sh` prints a URL (a separate database, created and dropped here);
- `uppfolj report --format json` as a whole command, and the period result (load + compute) in-process.

It prints a table and replaces the section "## Engine" of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from results import write_section  # bench/results.py: one writer of RESULTS.md

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
DATA = BENCH / "data"
OUT = BENCH / "out"
UPPFOLJ = REPO / ".venv" / "bin" / "uppfolj"
PYTHON = REPO / ".venv" / "bin" / "python"

COST_CENTRES = 300
ACCOUNTS = 200
YEARS = (2023, 2024)
REPORT_YEAR, REPORT_MONTH = 2024, 6
DEPARTMENTS = 19  # + the root + 280 units = 300 units
UNITS = 280
SEED = 2024
MEMORY_GOAL_MB = 1500  # peak resident memory of the import


# --- data -----------------------------------------------------------------------------------


def cost_centres() -> list[str]:
    # Leading zeros on purpose: codes are text.
    return [f"0{1000 + i}" for i in range(COST_CENTRES)]


def accounts(rng: random.Random) -> list[str]:
    """200 four-digit accounts spread over Kommun-Bas classes 3-7, all covered by the template."""
    per_class = ACCOUNTS // 5
    out: list[str] = []
    for klass in (3, 4, 5, 6, 7):
        out.extend(
            str(a) for a in sorted(rng.sample(range(klass * 1000, klass * 1000 + 1000), per_class))
        )
    return out


def write_organisation(path: Path, centres: list[str]) -> None:
    """Root, 19 departments, 280 units; the first 20 units own two cost centres, the rest one."""
    lines = ["kod;namn;overordnad;ansvar", "SOC;Socialtjänsten;;"]
    lines += [f"AVD{d:02d};Avdelning {d};SOC;" for d in range(1, DEPARTMENTS + 1)]
    index = 0
    for u in range(UNITS):
        width = 2 if u < COST_CENTRES - UNITS else 1
        own = centres[index : index + width]
        index += width
        pattern = own[0] if width == 1 else f"{own[0]}-{own[-1]}"
        lines.append(f"E{u:03d};Enhet {u};AVD{u % DEPARTMENTS + 1:02d};{pattern}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _kr(ore: int) -> str:
    sign = "-" if ore < 0 else ""
    whole, frac = divmod(abs(ore), 100)
    return f"{sign}{whole},{frac:02d}"


def write_ledger(
    path: Path, rows: int, centres: list[str], accts: list[str], rng: random.Random
) -> None:
    """Rows in period order, as ledger exports come; each cost centre books on its own 40
    accounts and belongs to one activity, so a month's balances sum several rows each."""
    periods = [f"{y}{m:02d}" for y in YEARS for m in range(1, 13)]
    own = {cc: rng.sample(accts, 40) for cc in centres}
    activity = {cc: ("510", "520", "560")[i % 3] for i, cc in enumerate(centres)}
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write("period;ansvar;konto;belopp;verksamhet;verifikation;text\n")
        chunk: list[str] = []
        for i in range(rows):
            cc = centres[rng.randrange(COST_CENTRES)]
            account = own[cc][rng.randrange(40)]
            ore = rng.randrange(100, 5_000_000)
            if account[0] == "3":
                ore = -ore  # revenues negative in ledger sign
            period = periods[i * len(periods) // rows]
            chunk.append(
                f"{period};{cc};{account};{_kr(ore)};{activity[cc]};V{i};Faktura {i % 9973}\n"
            )
            if len(chunk) >= 100_000:
                f.write("".join(chunk))
                chunk = []
        f.write("".join(chunk))


def write_budget(path: Path, centres: list[str], accts: list[str], rng: random.Random) -> None:
    """Wide budget for 2024 without months (phased evenly): 20 accounts per cost centre."""
    lines = ["ar;ansvar;konto;belopp"]
    for cc in centres:
        for account in rng.sample(accts, 20):
            ore = rng.randrange(10_000_00, 2_000_000_00)
            lines.append(f"2024;{cc};{account};{_kr(-ore if account[0] == '3' else ore)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_forecasts(path: Path) -> None:
    lines = ["ar;manad;enhet;prognos;kommentar"]
    for month in (4, 5):
        lines += [
            f"2024;{month};E{u:03d};{1_000_000 + u * 1000 + month};" for u in range(0, UNITS, 3)
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def generate(rows: int) -> dict[str, Path]:
    DATA.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    centres, accts = cost_centres(), accounts(rng)
    paths = {k: DATA / f"{k}.csv" for k in ("organisation", "budget", "forecasts")}
    paths["actuals"] = DATA / f"actuals-{rows}.csv"
    write_organisation(paths["organisation"], centres)
    write_budget(paths["budget"], centres, accts, rng)
    write_forecasts(paths["forecasts"])
    if not paths["actuals"].exists():
        write_ledger(paths["actuals"], rows, centres, accts, rng)
    return paths


# --- timings --------------------------------------------------------------------------------


def timed(fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def duckdb_baseline(csv: Path) -> tuple[float, float, int]:
    """Wall and CPU seconds (all threads) of DuckDB's read and group-by, and the rows counted."""
    import duckdb  # noqa: PLC0415 - only the bench needs it

    def run() -> int:
        con = duckdb.connect()
        rel = con.sql(
            f"SELECT period, ansvar, konto, SUM(belopp) AS belopp, COUNT(*) AS n FROM read_csv('{csv}', delim=';', "
            "header=true, decimal_separator=',', columns={'period': 'VARCHAR', 'ansvar': 'VARCHAR', "
            "'konto': 'VARCHAR', 'belopp': 'DECIMAL(18,2)', 'verksamhet': 'VARCHAR', 'verifikation': 'VARCHAR', "
            "'text': 'VARCHAR'}) GROUP BY ALL"
        )
        groups = rel.fetchall()
        con.close()
        return sum(g[4] for g in groups)

    cpu = time.process_time()
    seconds, groups = timed(run)
    return seconds, time.process_time() - cpu, groups


def uppfolj(db: str, *args: str | Path) -> tuple[float, float]:
    """Wall and CPU seconds of one `uppfolj` command (CPU: user + system of the process)."""
    seconds, cpu, _rss = uppfolj_measured(db, *args)
    return seconds, cpu


def uppfolj_measured(db: str, *args: str | Path) -> tuple[float, float, float]:
    """Wall and CPU seconds of one `uppfolj` command, and its peak resident memory in MB
    (the child's own rusage, as `/usr/bin/time -v` reports it)."""
    env = dict(os.environ, UPPFOLJ_DB=db)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen([str(UPPFOLJ), *map(str, args)], env=env, stdout=out, stderr=err)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            err.seek(0)
            message = err.read().decode(errors="replace").strip()
            raise SystemExit(f"uppfolj {' '.join(map(str, args))} failed: {message}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


_IN_PROCESS = """
import sys, time
from uppfolj.cli.database import configure
configure(sys.argv[1])
from uppfolj.core.period import compute_period
from uppfolj.reports.model import Report
from uppfolj.web.domain.period_input import load_period_input
from uppfolj.reports.render.json import render
best = None
for _ in range(3):
    t = time.perf_counter()
    report = Report(compute_period(load_period_input(int(sys.argv[2]), int(sys.argv[3]))))
    render(report)
    d = time.perf_counter() - t
    best = d if best is None else min(best, d)
print(best, len(report.units))
"""


def in_process_report(db: str) -> tuple[float, int]:
    out = subprocess.run(
        [str(PYTHON), "-c", _IN_PROCESS, db, str(REPORT_YEAR), str(REPORT_MONTH)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return float(out[0]), int(out[1])


def postgres_url() -> str | None:
    try:
        result = subprocess.run(
            ["bash", str(REPO / "scripts" / "postgres.sh")],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    url = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    return url if result.returncode == 0 and url.startswith("postgresql://") else None


def with_database(url: str, name: str, create: bool) -> str:
    import psycopg  # noqa: PLC0415

    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f"DROP DATABASE IF EXISTS {name}")
        if create:
            con.execute(f"CREATE DATABASE {name}")
    return re.sub(r"/[^/]*$", f"/{name}", url)


def run_backend(label: str, db: str, paths: dict[str, Path], rows: int) -> dict[str, float]:
    uppfolj(db, "init")
    seconds, cpu, rss = uppfolj_measured(db, "import", "actuals", paths["actuals"])
    figures = {"import": seconds, "import_cpu": cpu, "rows_per_s": rows / seconds, "import_rss": rss}
    uppfolj(db, "import", "organisation", paths["organisation"])
    uppfolj(db, "import", "budget", paths["budget"])
    uppfolj(db, "import", "forecasts", paths["forecasts"])
    OUT.mkdir(parents=True, exist_ok=True)
    # The package's bytecode, as an installed package has it (an editable install under
    # PYTHONDONTWRITEBYTECODE would compile every module on every start).
    subprocess.run([str(PYTHON), "-m", "compileall", "-q", str(REPO / "src" / "uppfolj")], check=True,
                   capture_output=True)
    runs = sorted(
        uppfolj(db, "report", "--year", str(REPORT_YEAR), "--month", str(REPORT_MONTH), "--format", "json",
                "-o", OUT / f"report-{label}.json")[0]
        for _ in range(3)
    )
    figures["report_cmd"] = runs[1]  # the median of three runs: one slow run on a busy machine is not the command
    figures["report_build"], units = in_process_report(db)
    if units != 1 + DEPARTMENTS + UNITS:
        raise SystemExit(f"{label}: the report has {units} units")
    return figures


# --- results --------------------------------------------------------------------------------


def _n(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ")


def table(rows: int, baseline: tuple[float, float], results: dict[str, dict[str, float]]) -> str:
    wall, cpu = baseline
    lines = [
        f"{_n(rows)} ledger rows ({COST_CENTRES} cost centres, {ACCOUNTS} accounts, 24 months), "
        f"{1 + DEPARTMENTS + UNITS}-unit organisation, report {REPORT_YEAR}-{REPORT_MONTH:02d}; "
        f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.1f} at the end. "
        "CPU = user + system seconds of the process (all threads), less sensitive to a busy machine.",
        "",
        "| what | seconds | CPU s | rows/s | peak MB | × DuckDB (wall) | × DuckDB (CPU) | goal |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        f"| DuckDB read + group by (period, ansvar, konto) | {wall:.2f} | {cpu:.2f} | {_n(rows / wall)} | | 1.0 | 1.0 | baseline |",
    ]
    for label, f in results.items():
        ratio = f["import"] / wall
        memory = "✓" if f["import_rss"] < MEMORY_GOAL_MB else "✗"
        lines.append(
            f"| `uppfolj import actuals`, {label} | {f['import']:.2f} | {f['import_cpu']:.2f} | {_n(f['rows_per_s'])} | "
            f"{f['import_rss']:.0f} | {ratio:.1f} | {f['import_cpu'] / cpu:.1f} | ≤ 3× {'✓' if ratio <= 3 else '✗'}, "
            f"< {MEMORY_GOAL_MB} MB {memory} |"
        )
    for label, f in results.items():
        lines.append(
            f"| `uppfolj report --format json`, {label} (whole command, median of 3) | {f['report_cmd']:.2f} | | | | | | "
            f"< 1 s {'✓' if f['report_cmd'] < 1 else '✗'} |"
        )
        lines.append(
            f"| period result (load + compute) + JSON render in-process, {label} | {f['report_build']:.3f} | | | | | | "
            f"< 1 s {'✓' if f['report_build'] < 1 else '✗'} |"
        )
    return "\n".join(lines) + "\n"


def write_engine_section(body: str) -> None:
    """Replace the section "## Engine" of RESULTS.md; other sections are left alone."""
    write_section("Engine", f"Made by `bench/bench_engine.py` ({time.strftime('%Y-%m-%d')}).\n\n{body}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument(
        "--no-results", action="store_true", help="print only; leave RESULTS.md alone"
    )
    args = parser.parse_args()

    gen_s, paths = timed(lambda: generate(args.rows))
    print(f"data in {DATA} ({gen_s:.1f} s)", flush=True)
    wall, cpu, counted = duckdb_baseline(paths["actuals"])
    if counted != args.rows:
        raise SystemExit(f"DuckDB read {counted} rows, expected {args.rows}")
    print(f"DuckDB: {wall:.2f} s ({cpu:.2f} s CPU)", flush=True)

    results: dict[str, dict[str, float]] = {}
    sqlite = DATA / "bench.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{sqlite}{suffix}").unlink(missing_ok=True)
    results["SQLite"] = run_backend("sqlite", str(sqlite), paths, args.rows)
    print(f"SQLite: {results['SQLite']}", flush=True)

    url = None if args.no_postgres else postgres_url()
    if url:
        db = with_database(url, "uppfolj_bench", create=True)
        try:
            results["PostgreSQL"] = run_backend("postgresql", db, paths, args.rows)
            print(f"PostgreSQL: {results['PostgreSQL']}", flush=True)
        finally:
            with_database(url, "uppfolj_bench", create=False)
    else:
        print("PostgreSQL: not available (scripts/postgres.sh printed no URL)")

    body = table(args.rows, (wall, cpu), results)
    print(body)
    if not args.no_results:
        write_engine_section(body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
