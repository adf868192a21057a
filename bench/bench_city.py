"""Ten years of a large city's ledger on PostgreSQL: 25 M ledger rows, 300 units, 400 accounts.

    .venv/bin/python bench/bench_city.py [--years 10] [--rows-per-year 2500000] [--month-rows 200000]
        [--requests 5] [--reuse] [--keep]

Builds (seeded) in a fresh PostgreSQL database `uppfolj_city` (scripts/postgres.sh on port
UPPFOLJ_CITY_PG_PORT, default 54351): the 300-unit organisation of bench/bench_web.py and the
default template through `uppfolj import`, and `--years` years of ledger rows up to the last
year's November, `--rows-per-year` a year over 300 cost centres and 400 accounts. The ledger rows
are generated column-wise (numpy, pyarrow's CSV writer) and written with COPY straight into the
ledger table, two connections in parallel, its indexes built after the load; the monthly balances
are then computed by one INSERT ... SELECT ... GROUP BY, and the budget (every year) from them.
25 M rows through the Python importer would take the better part of an hour; the importer is timed
where it counts, on the month a controller loads.

Then, each against a baseline measured in the same run:
- the month's import: `uppfolj import actuals` of a CSV of `--month-rows` rows for the last
  year's December (new month), and the same file again (replacing the month), against a plain
  COPY of the same rows into an unindexed copy of the ledger table;
- `uppfolj report --format json` (the whole command), against `SELECT count(*), sum(amount)` of
  the year's balances;
- the overview, a unit's page, an account-group row's accounts and the drill-down to ledger rows
  (`/uppfoljning/Y/M/UNIT/konto/ACCOUNT/`, a leaf unit, a department and the whole organisation,
  first and last page), with Django's test client, the period result computed on every request,
  against `SELECT count(*)` of the month's ledger rows.

Table and index sizes (`pg_total_relation_size`) and EXPLAIN ANALYZE of the drill-down's count
are reported. `--reuse` skips the build when the database already holds the ledger (to measure
again); `--keep` leaves the database behind. The section "## Ten years on PostgreSQL" of
bench/RESULTS.md is replaced.
"""

# ruff: noqa: PLC0415 - Django is configured for the bench database first; its imports follow

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import io
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import psycopg
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from bench_web import organisation_csv  # the 300-unit organisation the other benches use
from results import write_section  # bench/results.py: one writer of RESULTS.md

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
BIN = Path(sys.executable).parent
PG_PORT = os.environ.get("UPPFOLJ_CITY_PG_PORT", "54351")
DATABASE = "uppfolj_city"
SEED = 2024
LAST_YEAR = 2024
MONTH = 12  # the month imported from a file and reported
LEDGER, BALANCE, BUDGET = "uppfolj_ledgerrow", "uppfolj_monthlybalance", "uppfolj_budgetline"
LEDGER_COLUMNS = ("year", "month", "cost_centre", "account", "activity", "project", "amount", "voucher", "text",
                  "date", "import_id", "flagged")
ACCOUNTS_PER_CENTRE = 60  # a cost centre books on some of the chart's accounts, a few of them often
ACTIVITIES = ("510", "511", "520", "530", "550", "560", "570", "580", "590", "600")
TEXTS = ("Leverantörsfaktura", "Lön", "Inköp", "Hyra", "Kundfaktura", "Ersättning", "Periodisering", "Bidrag",
         "Omföring", "Kostnadsfördelning", "Internränta", "Avgift")


def chart(n: int = 400) -> list[str]:
    """`n` accounts of Kommun-Bas 13's classes 3-7 (every one covered by the default template),
    about one in seven a revenue account."""
    rng = np.random.default_rng(SEED)
    revenue = sorted(rng.choice(np.arange(3000, 4000, 10), size=n // 7, replace=False))
    costs = sorted(rng.choice(np.arange(4000, 8000, 5), size=n - n // 7, replace=False))
    return [str(a) for a in (*revenue, *costs)]


class City:
    """The ledger's shape: cost centres, accounts, which accounts each centre books on, its size."""

    def __init__(self, centres: list[str], accounts: list[str]) -> None:
        rng = np.random.default_rng(SEED + 1)
        self.centres = pa.array(centres)
        self.accounts = pa.array(accounts)
        self.revenue = np.array([a.startswith("3") for a in accounts])
        self.usage = np.stack([rng.choice(len(accounts), ACCOUNTS_PER_CENTRE, replace=False) for _ in centres])
        size = np.exp(rng.uniform(np.log(1), np.log(30), len(centres)))  # log-uniform, as the city of synth.bench
        self.weights = size / size.sum()
        self.activity = pa.array([ACTIVITIES[i % len(ACTIVITIES)] for i in range(len(centres))])
        self.texts = pa.array([f"{t} " for t in TEXTS])

    def month(self, year: int, month: int, rows: int, seed: int) -> pa.Table:
        """One month's ledger rows (amounts in öre, ledger sign), columns as the ledger table's."""
        rng = np.random.default_rng([SEED, year, month, seed])
        centre = rng.choice(len(self.weights), rows, p=self.weights)
        rank = np.minimum(rng.geometric(0.06, rows) - 1, ACCOUNTS_PER_CENTRE - 1)
        account = self.usage[centre, rank]
        amount = np.round(np.exp(rng.normal(8.5, 1.8, rows)) * 100).astype(np.int64) + 1
        sign = np.where(self.revenue[account], -1, 1) * np.where(rng.random(rows) < 0.04, -1, 1)
        project = rng.integers(1, 60, rows)
        days = calendar.monthrange(year, month)[1]
        first = (dt.date(year, month, 1) - dt.date(1970, 1, 1)).days
        text = pc.binary_join_element_wise(
            self.texts.take(pa.array(rng.integers(0, len(TEXTS), rows))),
            pc.cast(pa.array(rng.integers(1000, 999_999, rows)), pa.string()), "")
        return pa.table({
            "year": pa.array(np.full(rows, year, np.int16)),
            "month": pa.array(np.full(rows, month, np.int16)),
            "cost_centre": self.centres.take(pa.array(centre)),
            "account": self.accounts.take(pa.array(account)),
            "activity": self.activity.take(pa.array(centre)),
            "project": pc.if_else(pa.array(rng.random(rows) < 0.03),
                                  pc.binary_join_element_wise("P", pc.cast(pa.array(project), pa.string()), ""), ""),
            "amount": pa.array(amount * sign),
            "voucher": pc.cast(pa.array(np.arange(rows) // 4 + year * 10_000_000 + month * 100_000), pa.string()),
            "text": text,
            "date": pa.array(first + rng.integers(0, days, rows), pa.int32()).cast(pa.date32()),
            "import_id": pa.array(np.zeros(rows, np.int64)),
            "flagged": pa.array(np.zeros(rows, bool)),
        })


def csv_bytes(table: pa.Table) -> bytes:
    """The table as PostgreSQL's COPY ... (FORMAT csv) reads it."""
    out = io.BytesIO()
    pacsv.write_csv(table, out, pacsv.WriteOptions(include_header=False, quoting_style="needed"))
    return out.getvalue()


def actuals_file(table: pa.Table, path: Path) -> None:
    """The month as a controller's export: `;`, decimal comma, kronor."""
    amount = table["amount"]
    absolute = pc.abs(amount)
    kronor = pc.cast(pc.divide(absolute, 100), pa.string())
    ore = pc.utf8_lpad(pc.cast(pc.subtract(absolute, pc.multiply(pc.divide(absolute, 100), 100)), pa.string()), 2, "0")
    sign = pc.if_else(pc.less(amount, 0), "-", "")
    belopp = pc.binary_join_element_wise(sign, kronor, ",", ore, "")
    period = pc.cast(pc.add(pc.multiply(pc.cast(table["year"], pa.int32()), 100), pc.cast(table["month"], pa.int32())),
                     pa.string())
    out = pa.table({"period": period, "ansvar": table["cost_centre"], "konto": table["account"], "belopp": belopp,
                    "verksamhet": table["activity"], "projekt": table["project"], "verifikation": table["voucher"],
                    "text": table["text"]})
    pacsv.write_csv(out, str(path), pacsv.WriteOptions(delimiter=";", quoting_style="needed"))


# --- PostgreSQL ---------------------------------------------------------------------------------


def postgres() -> str:
    """The server's URL without a database."""
    env = {**os.environ, "UPPFOLJ_PG_PORT": PG_PORT}
    url = subprocess.run(["bash", str(REPO / "scripts/postgres.sh")], env=env, capture_output=True, text=True,
                         check=False).stdout.strip()
    if not url.startswith("postgresql://"):
        raise SystemExit("PostgreSQL could not be started (scripts/postgres.sh)")
    return url.rsplit("/", 1)[0]


def database(server: str, *, fresh: bool) -> str:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        if fresh:
            conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone():
            conn.execute(f"CREATE DATABASE {DATABASE} OWNER uppfolj")
    return f"{server}/{DATABASE}"


def scalar(url: str, sql: str, params: list[Any] | None = None) -> Any:
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(sql, params).fetchone()  # type: ignore[arg-type]
    return row[0] if row else None


def drop_indexes(conn: psycopg.Connection[Any], table: str) -> list[str]:
    """Drop the table's indexes but its primary key; their definitions, to build them again."""
    rows = conn.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i JOIN pg_index x ON x.indexrelid = "
        "(quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass "
        "WHERE i.tablename = %s AND NOT x.indisprimary", [table]).fetchall()
    for name, _ in rows:
        conn.execute(f'DROP INDEX "{name}"')
    return [definition for _, definition in rows]


def build(url: str, years: int, rows_per_year: int, city: City) -> dict[str, float]:
    """The ledger of `years` years up to November of LAST_YEAR, its balances and budgets; seconds per step."""
    took: dict[str, float] = {}
    months = [(y, m) for y in range(LAST_YEAR - years + 1, LAST_YEAR + 1) for m in range(1, 13)
              if (y, m) < (LAST_YEAR, MONTH)]
    per_month = rows_per_year // 12
    with psycopg.connect(url, autocommit=True) as conn:
        ledger_indexes = drop_indexes(conn, LEDGER)
        balance_indexes = drop_indexes(conn, BALANCE)
        budget_indexes = drop_indexes(conn, BUDGET)
    start = time.perf_counter()
    errors: list[BaseException] = []

    def load(share: list[tuple[int, int]]) -> None:
        try:
            sql = f"COPY {LEDGER} ({', '.join(LEDGER_COLUMNS)}) FROM STDIN (FORMAT csv)"
            with psycopg.connect(url) as conn, conn.cursor() as cursor, cursor.copy(sql) as copy:
                for y, m in share:
                    copy.write(csv_bytes(city.month(y, m, per_month, 0)))
        except BaseException as error:  # reported by the main thread
            errors.append(error)

    workers = [threading.Thread(target=load, args=(months[i::2],)) for i in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    if errors:
        raise errors[0]
    took["copy"] = time.perf_counter() - start
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET maintenance_work_mem = '512MB'")
        conn.execute("SET work_mem = '256MB'")
        start = time.perf_counter()
        for definition in ledger_indexes:
            conn.execute(definition)
        took["ledger indexes"] = time.perf_counter() - start
        start = time.perf_counter()
        conn.execute(
            f"INSERT INTO {BALANCE} (year, month, cost_centre, account, activity, project, amount, rows) "
            f"SELECT year, month, cost_centre, account, activity, project, sum(amount), count(*) FROM {LEDGER} "
            "GROUP BY year, month, cost_centre, account, activity, project")
        took["balances"] = time.perf_counter() - start
        start = time.perf_counter()
        # Each year's budget: the year's actual of the month, cost centre and account, plus 3 %;
        # LAST_YEAR's December, not loaded yet, as its November.
        conn.execute(
            f"INSERT INTO {BUDGET} (year, month, cost_centre, account, activity, project, amount, import_id) "
            "SELECT b.year, b.month, b.cost_centre, b.account, '', '', round(sum(b.amount) * 1.03)::bigint, 0 "
            f"FROM {BALANCE} b GROUP BY b.year, b.month, b.cost_centre, b.account")
        conn.execute(
            f"INSERT INTO {BUDGET} (year, month, cost_centre, account, activity, project, amount, import_id) "
            "SELECT year, %s, cost_centre, account, activity, project, amount, import_id "
            f"FROM {BUDGET} WHERE year = %s AND month = %s", [MONTH, LAST_YEAR, MONTH - 1])
        for definition in balance_indexes + budget_indexes:
            conn.execute(definition)
        took["balances and budget"] = took.pop("balances") + time.perf_counter() - start
        start = time.perf_counter()
        for table in (LEDGER, BALANCE, BUDGET):
            conn.execute(f"VACUUM (ANALYZE) {table}")
        took["vacuum analyze"] = time.perf_counter() - start
    return took


def sizes(url: str) -> list[tuple[str, int, int, int]]:
    """(table, rows, table bytes, index bytes) of the three fact tables."""
    out = []
    with psycopg.connect(url, autocommit=True) as conn:
        for table in (LEDGER, BALANCE, BUDGET):
            rows, heap, indexes = conn.execute(
                f"SELECT (SELECT count(*) FROM {table}), pg_table_size(%s), pg_indexes_size(%s)",
                [table, table]).fetchone()  # type: ignore[misc]
            out.append((table, rows, heap, indexes))
    return out


def explain(url: str, sql: str, params: list[Any]) -> tuple[float, str]:
    """Execution ms and the plan's first lines, of EXPLAIN ANALYZE."""
    with psycopg.connect(url, autocommit=True) as conn:
        plan = [r[0] for r in conn.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params).fetchall()]
    ms = next((float(line.split(":")[1].split()[0]) for line in plan if line.startswith("Execution Time")), 0.0)
    return ms, "\n".join(line if len(line) <= 150 else line[:147] + "..." for line in plan)


def timed_sql(url: str, sql: str, params: list[Any] | None = None, n: int = 3) -> float:
    """Best of `n` seconds of a query on an open connection."""
    best = float("inf")
    with psycopg.connect(url, autocommit=True) as conn:
        for _ in range(n):
            start = time.perf_counter()
            conn.execute(sql, params).fetchall()  # type: ignore[arg-type]
            best = min(best, time.perf_counter() - start)
    return best


def drill_down(url: str, account: str, centres: list[str]) -> list[tuple[str, float, float]]:
    """The drill-down page's queries (its count, its first and last page of 50 rows) with the
    index `ledger_account` and without it (dropped in a transaction that is rolled back): (what,
    ms with, ms without)."""
    where = "year = %s AND month <= %s AND account = %s AND cost_centre = ANY(%s)"
    columns = "year, month, cost_centre, account, activity, project, voucher, date, text, amount, flagged"
    rows = int(scalar(url, f"SELECT count(*) FROM {LEDGER} WHERE {where}", [LAST_YEAR, MONTH, account, centres]))
    queries = [
        ("count", f"SELECT count(*) FROM {LEDGER} WHERE {where}"),
        ("first page", f"SELECT {columns} FROM {LEDGER} WHERE {where} ORDER BY month, id LIMIT 50"),
        ("last page", f"SELECT {columns} FROM {LEDGER} WHERE {where} ORDER BY month, id LIMIT 50 "
                      f"OFFSET {max(rows - 50, 0)}"),
    ]
    out = []
    with psycopg.connect(url) as conn:
        for what, sql in queries:
            params = [LAST_YEAR, MONTH, account, centres]
            timings = []
            for drop in (False, True):
                if drop:
                    conn.execute('DROP INDEX "ledger_account"')
                best = float("inf")
                for _ in range(2):
                    start = time.perf_counter()
                    conn.execute(sql, params).fetchall()
                    best = min(best, time.perf_counter() - start)
                timings.append(best * 1000)
                conn.rollback()
            out.append((f"{what} ({rows:,} rows)", timings[0], timings[1]))
    return out


def plain_copy(url: str, data: bytes) -> float:
    """Seconds of COPY of the month's rows into an unindexed copy of the ledger table (rolled back)."""
    with psycopg.connect(url) as conn, conn.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE plain (LIKE {LEDGER} INCLUDING DEFAULTS INCLUDING IDENTITY)")
        start = time.perf_counter()
        with cursor.copy(f"COPY plain ({', '.join(LEDGER_COLUMNS)}) FROM STDIN (FORMAT csv)") as copy:
            copy.write(data)
        conn.commit()
        seconds = time.perf_counter() - start
        cursor.execute("DROP TABLE plain")
    return seconds


def uppfolj(db: str, *args: str | Path) -> tuple[float, str]:
    """Wall seconds and standard output of one `uppfolj` command."""
    env = {**os.environ, "UPPFOLJ_DB": db}
    start = time.perf_counter()
    result = subprocess.run([str(BIN / "uppfolj"), *map(str, args)], env=env, capture_output=True, text=True,
                            check=False, cwd=REPO)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"uppfolj {' '.join(map(str, args))} failed: {result.stderr.strip()}")
    return seconds, result.stdout


_IN_PROCESS = """
import sys, time
sys.path.insert(0, "bench")
from uppfolj.cli.database import configure
configure(sys.argv[1])
from sql_time import sql_time
from uppfolj.core.period import compute_period
from uppfolj.reports.model import Report
from uppfolj.reports.render.json import render
from uppfolj.web.domain import cache
from uppfolj.web.domain.period_input import load_period_input
cache.enabled = False
best = (float("inf"), 0.0)
for _ in range(3):
    with sql_time() as sql:
        start = time.perf_counter()
        render(Report(compute_period(load_period_input(int(sys.argv[2]), int(sys.argv[3])))))
        seconds = time.perf_counter() - start
    best = min(best, (seconds, sql.seconds))
print(*best)
"""


def in_process_report(db: str) -> tuple[float, float]:
    """Best of three of the period result loaded, computed and rendered as JSON in one process
    (no start-up, the results cache off): seconds, and the seconds of its SQL."""
    out = subprocess.run([sys.executable, "-c", _IN_PROCESS, db, str(LAST_YEAR), str(MONTH)], capture_output=True,
                         text=True, check=True, cwd=REPO).stdout.split()
    return float(out[0]), float(out[1])


def pages(db: str, requests: int, account: str, unit_account: str) -> list[tuple[str, float, float, float, float]]:
    """(page, cold median ms, its SQL ms, warm median ms, its SQL ms) with Django's test client
    as the controller. Cold: the process's results cache emptied before each request, as on the
    first request after an import; warm: cached per data version. SQL: the time the page's
    queries took on every connection (`sql_time`)."""
    os.environ["UPPFOLJ_DB"] = db
    os.environ["DJANGO_SETTINGS_MODULE"] = "uppfolj.web.settings"
    os.environ["UPPFOLJ_AXES"] = "0"
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import setup_test_environment

    from uppfolj.web.domain import cache
    from uppfolj.web.domain.users import create_demo_users

    setup_test_environment()  # the test client records each response's template context
    create_demo_users()
    client = Client()
    client.force_login(get_user_model().objects.get(username="ekonom"))
    base = f"/uppfoljning/{LAST_YEAR}/{MONTH}"
    last = _last_page(client, f"{base}/SOC/konto/{account}/")
    urls = [
        ("overview", f"{base}/"),
        ("unit page (E005)", f"{base}/E005/"),
        ("department page (AVD01)", f"{base}/AVD01/"),
        ("a row's accounts (E005, KOS-PERS)", f"{base}/E005/rad/KOS-PERS/"),
        (f"ledger rows, unit E005, account {unit_account}", f"{base}/E005/konto/{unit_account}/"),
        (f"ledger rows, department AVD01, account {account}", f"{base}/AVD01/konto/{account}/"),
        (f"ledger rows, whole organisation, account {account}", f"{base}/SOC/konto/{account}/"),
        (f"the same, last page ({last})", f"{base}/SOC/konto/{account}/?sida={last}"),
        ("the same, searched (`Hyra 12`)", f"{base}/SOC/konto/{account}/?q=Hyra%2012"),
    ]
    out = []
    for label, url in urls:
        cold, cold_sql = _samples(client, url, requests, before=cache.clear)
        client.get(url)
        warm, warm_sql = _samples(client, url, requests)
        out.append((label, cold, cold_sql, warm, warm_sql))
        print(f"{label}: cold {cold:.0f} ms (SQL {cold_sql:.0f}), warm {warm:.0f} ms (SQL {warm_sql:.0f})", flush=True)
    return out


def _last_page(client: Any, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return int(response.context["page"].paginator.num_pages)


def _samples(client: Any, url: str, n: int, before: Callable[[], None] | None = None) -> tuple[float, float]:
    """Median ms of `n` requests, and the median ms of their SQL (summed over the connections,
    `sql_time`); `before` runs before each."""
    from sql_time import sql_time

    samples, sql = [], []
    for _ in range(n):
        if before is not None:
            before()
        with sql_time() as spent:
            start = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        sql.append(spent.seconds * 1000)
    return statistics.median(samples), statistics.median(sql)


def setup(db: str, folder: Path, centres: list[str]) -> None:
    """Schema, organisation, forecasts of the last year: through the command line."""
    org = folder / "organisation.csv"
    organisation_csv(org)
    uppfolj(db, "init")
    uppfolj(db, "import", "organisation", org)
    rng = np.random.default_rng(SEED + 2)
    lines = ["ar;manad;enhet;prognos"] + [f"{LAST_YEAR};{m};E{u:03d};{int(rng.integers(10_000_000, 90_000_000))}"
                                           for u in range(0, 280, 3) for m in (4, 8, 10)]
    forecasts = folder / "forecasts.csv"
    forecasts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    uppfolj(db, "import", "forecasts", forecasts)


def best(n: int, run: Callable[[], float]) -> tuple[float, list[float]]:
    times = [run() for _ in range(n)]
    return min(times), times


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--rows-per-year", type=int, default=2_500_000)
    parser.add_argument("--month-rows", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=5, help="requests per page, cold and warm")
    parser.add_argument("--reuse", action="store_true", help="keep the built database if it holds a ledger")
    parser.add_argument("--keep", action="store_true", help="leave the database behind")
    parser.add_argument("--no-results", action="store_true", help="print only, leave bench/RESULTS.md")
    args = parser.parse_args()
    started = time.perf_counter()
    server = postgres()
    url = database(server, fresh=False)
    reuse = args.reuse and (scalar(url, "SELECT to_regclass(%s) IS NOT NULL", [LEDGER]) and
                            scalar(url, f"SELECT EXISTS (SELECT 1 FROM {LEDGER})"))
    centres = organisation_csv(Path(tempfile.gettempdir()) / "uppfolj-city-org.csv")
    city = City(centres, chart())
    month_table = city.month(LAST_YEAR, MONTH, args.month_rows, 1)
    with tempfile.TemporaryDirectory(prefix="uppfolj-bench-city-") as tmp:
        folder = Path(tmp)
        build_took: dict[str, float] = {}
        if not reuse:
            url = database(server, fresh=True)
            setup(url, folder, centres)
            build_took = build(url, args.years, args.rows_per_year, city)
            print("built:", ", ".join(f"{k} {v:.1f} s" for k, v in build_took.items()), flush=True)
        else:
            uppfolj(url, "init")
            with psycopg.connect(url, autocommit=True) as conn:  # the month is new again
                for table in (LEDGER, BALANCE):
                    conn.execute(f"DELETE FROM {table} WHERE year = %s AND month = %s", [LAST_YEAR, MONTH])
        table_sizes = sizes(url)
        for name, rows, heap, index in table_sizes:
            print(f"{name}: {rows} rows, table {heap / 2**20:.0f} MB, indexes {index / 2**20:.0f} MB", flush=True)
        actuals = folder / f"utfall-{LAST_YEAR}{MONTH:02d}.csv"
        actuals_file(month_table, actuals)
        # The month's import: new, then the same file again (the month replaced).
        copy_s, _ = best(3, lambda: plain_copy(url, csv_bytes(month_table)))
        imports = []
        for _ in range(2):
            seconds, out = uppfolj(url, "import", "actuals", actuals)
            imports.append(seconds)
            print(f"import actuals: {seconds:.2f} s: {out.strip().splitlines()[0] if out.strip() else ''}", flush=True)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"VACUUM (ANALYZE) {LEDGER}")  # as autovacuum does after a large change
            conn.execute(f"VACUUM (ANALYZE) {BALANCE}")
        month_count = timed_sql(url, f"SELECT count(*), sum(amount) FROM {LEDGER} WHERE year = %s AND month = %s",
                                [LAST_YEAR, MONTH])
        year_sum = timed_sql(url, f"SELECT count(*), sum(amount) FROM {BALANCE} WHERE year = %s", [LAST_YEAR])
        out_json = folder / "rapport.json"
        report_s, report_times = best(3, lambda: uppfolj(url, "report", "--year", str(LAST_YEAR), "--month",
                                                         str(MONTH), "--format", "json", "-o", out_json)[0])
        print(f"report: {report_times}", flush=True)
        in_process, in_process_sql = in_process_report(url)
        print(f"report in-process: {in_process:.3f} s, SQL {in_process_sql:.3f} s", flush=True)
        account = scalar(url, f"SELECT account FROM {BALANCE} WHERE year = %s GROUP BY account "
                              "ORDER BY sum(rows) DESC LIMIT 1", [LAST_YEAR])
        centre_list = centres
        plan_ms, plan = explain(
            url, f"SELECT count(*) FROM {LEDGER} WHERE year = %s AND month <= %s AND account = %s "
                 "AND cost_centre = ANY(%s)", [LAST_YEAR, MONTH, account, centre_list])
        unit_account = scalar(url, f"SELECT account FROM {BALANCE} WHERE year = %s AND cost_centre = ANY(%s) "
                                   "GROUP BY account ORDER BY sum(rows) DESC LIMIT 1", [LAST_YEAR, centres[10:12]])
        drill = [(f"whole organisation, account {account}: {what}", with_ms, without_ms)
                 for what, with_ms, without_ms in drill_down(url, account, centres)]
        drill += [(f"unit E005, account {unit_account}: {what}", with_ms, without_ms)
                  for what, with_ms, without_ms in drill_down(url, unit_account, centres[10:12])]
        for what, with_ms, without_ms in drill:
            print(f"drill-down {what}: {with_ms:.0f} ms with ledger_account, {without_ms:.0f} ms without", flush=True)
        page_rows = pages(url, args.requests, account, unit_account)
        total_rows = table_sizes[0][1]
    if not args.keep and not args.reuse:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    load = os.getloadavg()[0]
    report(args, build_took=build_took, table_sizes=table_sizes, total_rows=total_rows, copy_s=copy_s,
           imports=imports, month_count=month_count, year_sum=year_sum, report_s=report_s,
           report_times=report_times, in_process=in_process, in_process_sql=in_process_sql, page_rows=page_rows,
           plan_ms=plan_ms, plan=plan, load=load, drill=drill,
           whole=time.perf_counter() - started)
    return 0


DECISION = """Indexes, no partitioning. The report and the overview read the monthly balances and the budget
through covering indexes that begin with the year (`balance_report`, `budget_report` with the
amount since migration `0013_large_ledger`): index-only scans of one year's range, whose cost does
not depend on how many years the tables hold, which is what partitions by year would give. The one
query that read a whole year of the ledger was the drill-down's; `ledger_account` (PostgreSQL only)
makes it read the matching rows only, as the table shows, where a partition by year would still
have read the year's 2.5 M rows. The pages' remaining cold time is the period result computed in
Python and the report's five groupings of a year's balances and budget, not the ledger's size."""


def report(args: argparse.Namespace, *, build_took: dict[str, float], table_sizes: list[tuple[str, int, int, int]],
           total_rows: int, copy_s: float, imports: list[float], month_count: float, year_sum: float,
           report_s: float, report_times: list[float], in_process: float, in_process_sql: float,
           page_rows: list[tuple[str, float, float, float, float]],
           plan_ms: float, plan: str, load: float, drill: list[tuple[str, float, float]],
           whole: float) -> None:
    mb = 2**20
    size_lines = "\n".join(f"| `{name}` | {rows:,} | {heap / mb:,.0f} | {index / mb:,.0f} | {(heap + index) / mb:,.0f} |"
                           for name, rows, heap, index in table_sizes)
    total = sum(heap + index for _, _, heap, index in table_sizes)
    per_million = total / mb / (total_rows / 1e6) if total_rows else 0.0

    def mark(seconds: float) -> str:
        return "✓" if seconds < 1 else "✗"

    page_lines = "\n".join(
        f"| {label} | {cold:.0f} | {cold_sql:.0f} | {warm:.0f} | {warm_sql:.0f} | {cold_sql / 1000 / month_count:,.1f}× "
        f"| {mark(cold / 1000)} {mark(warm / 1000)} |"
        for label, cold, cold_sql, warm, warm_sql in page_rows)
    drill_lines = "\n".join(f"| {what} | {with_ms:.1f} | {without_ms:,.0f} | {without_ms / with_ms:,.0f}× |"
                            for what, with_ms, without_ms in drill)
    built = ", ".join(f"{k} {v:.0f} s" for k, v in build_took.items()) or "reused from an earlier run"
    body = f"""Made by `bench/bench_city.py` ({dt.date.today().isoformat()}; PostgreSQL, 2 CPUs, Python {sys.version.split()[0]};
load average {load:.1f} at the end; the whole run {whole / 60:.1f} min).

Data: {args.years} years × {args.rows_per_year:,} ledger rows ({total_rows:,} rows), 300 cost centres of a 300-unit
organisation, 400 accounts (each cost centre books on {ACCOUNTS_PER_CENTRE} of them), the default template.
The history is not loaded through the importer: it is generated column-wise and written with COPY
straight into the ledger table (two connections), its indexes built afterwards, the monthly
balances computed by one `INSERT … SELECT … GROUP BY` and the budget from them ({built}).
The month the controller loads goes through `uppfolj import actuals`.

Sizes after `VACUUM (ANALYZE)` (`pg_table_size`, `pg_indexes_size`):

| table | rows | table MB | indexes MB | total MB |
| --- | ---: | ---: | ---: | ---: |
{size_lines}

Disk: {per_million:,.0f} MB per million ledger rows, balances and budget included.

| what | seconds | baseline | baseline s | ratio | goal |
| --- | ---: | --- | ---: | ---: | --- |
| `uppfolj import actuals`, {args.month_rows:,} rows, a new month | {imports[0]:.2f} | plain COPY of the same rows, unindexed table | {copy_s:.2f} | {imports[0] / copy_s:.1f}× | |
| `uppfolj import actuals`, the same file again (month replaced) | {imports[1]:.2f} | plain COPY | {copy_s:.2f} | {imports[1] / copy_s:.1f}× | |
| `uppfolj report --format json`, {LAST_YEAR}-{MONTH:02d} (whole command, best of 3: {", ".join(f"{t:.2f}" for t in report_times)}) | {report_s:.2f} | `SELECT count(*), sum(amount)` of the year's balances | {year_sum:.3f} | {report_s / year_sum:,.0f}× | < 1 s {mark(report_s)} |
| the same report in one process: load + compute + JSON (best of 3), of which SQL {in_process_sql:.2f} s (summed over its connections) | {in_process:.2f} | the same | {year_sum:.3f} | {in_process / year_sum:,.0f}× | |

Pages (Django's test client as the controller, medians of {args.requests} requests; cold: the results
cache emptied before each request, as on the first request after an import; warm: cached per data
version; SQL: the time spent in the page's queries, the part that grows with the ledger, summed over
the connections: the report's five groupings run at once, each on its own). Baseline:
`SELECT count(*), sum(amount)` of the month's ledger rows, {month_count * 1000:.0f} ms.

| page | cold ms | cold SQL ms | warm ms | warm SQL ms | cold SQL ÷ baseline | < 1 s cold, warm |
| --- | ---: | ---: | ---: | ---: | ---: | --- |
{page_lines}

The drill-down's queries (the page's count, its first and its last page of 50 rows) for the
whole organisation and for unit E005 (its two cost centres), each on its most used account, with
the index `ledger_account` (year, account, cost centre, month) and without it
(dropped in a transaction rolled back), best of 2:

| query | with ms | without ms | without ÷ with |
| --- | ---: | ---: | ---: |
{drill_lines}

{DECISION}

The drill-down's count for the whole organisation (EXPLAIN ANALYZE, {plan_ms:.0f} ms):

```
{plan}
```
"""
    print(body)
    if not args.no_results:
        write_section("Ten years on PostgreSQL", body)


if __name__ == "__main__":
    raise SystemExit(main())
