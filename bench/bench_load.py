"""Deadline day under load, on PostgreSQL behind `uppfolj serve`, with and without faults.

    .venv/bin/python bench/bench_load.py [--holders 300] [--think 20] [--no-stress] [--faults pg-restart,kill-worker]
        [--no-load]

The deadline runs twice: at the pace `--think` (mean seconds between a budget holder's steps),
and at twice that pace, to show where the machine saturates. For each run: a fresh PostgreSQL database (scripts/postgres.sh on port UPPFOLJ_LOAD_PG_PORT,
default 54339, so that a test server on the default port is not touched), the city of
bench/load/setup_data.py, `uppfolj serve` as an installation runs it (gunicorn, its default
workers and threads), and the
locust scenario bench/load/locustfile.py run headless until every unit is approved. Afterwards
bench/load/check.py compares the database and the audit log with the scenario's own counts.

Faults (a shorter run each, --fault-holders units):
- pg-restart: `pg_ctl restart -m fast` while the budget holders save;
- kill-worker: SIGKILL of a server worker, four times, while saves and reports run.

The section "## Deadline load" of bench/RESULTS.md is replaced.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from importlib.metadata import version
from pathlib import Path
from typing import Any

import psycopg
from results import write_section  # bench/results.py: one writer of RESULTS.md

from uppfolj.web.serve import THREADS

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
BIN = Path(sys.executable).parent
PG_PORT = os.environ.get("UPPFOLJ_LOAD_PG_PORT", "54339")
WEB_PORT = int(os.environ.get("UPPFOLJ_LOAD_WEB_PORT", "8731"))
PAGES = ("unit page", "overview", "save draft", "submit", "approve", "unit page (controller)", "log in",
         "login page", "ledger rows", "report (JSON)")


def postgres() -> tuple[str, Path]:
    """The server's URL (without database) and its pg_ctl folder."""
    env = {**os.environ, "UPPFOLJ_PG_PORT": PG_PORT}
    url = subprocess.run(["bash", str(REPO / "scripts/postgres.sh")], env=env, capture_output=True, text=True,
                         check=True).stdout.strip()
    if not url:
        raise SystemExit("PostgreSQL could not be started (scripts/postgres.sh)")
    return url.rsplit("/", 1)[0], Path(os.environ.get("UPPFOLJ_PG_DIR", f"/var/tmp/uppfolj-pg-{PG_PORT}"))


def pg_bin() -> Path:
    return sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))[-1]


def as_postgres(*argv: str) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else list(argv)


def fresh_database(server: str, name: str) -> str:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name} OWNER uppfolj")
    return f"{server}/{name}"


def pg_version(url: str) -> str:
    with psycopg.connect(url) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]).split()[0] if row else "?"


def start_server(db: str, log: Path, workers: int | None = None) -> subprocess.Popen[bytes]:
    env = {**os.environ, "UPPFOLJ_DB": db, "DJANGO_SETTINGS_MODULE": "uppfolj.web.settings"}
    env.pop("UPPFOLJ_DEBUG", None)
    server = subprocess.Popen(
        [str(BIN / "uppfolj"), "serve", "--host", "127.0.0.1", "--port", str(WEB_PORT), "--access-log",
         str(log.with_suffix(".access.log")), *(["--workers", str(workers)] if workers else [])],
        cwd=REPO, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{WEB_PORT}/login/", timeout=5) as r:
                if r.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit(f"uppfolj serve did not answer; see {log}")


def workers(master: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(master)], check=False, capture_output=True, text=True).stdout.split()
    return [int(p) for p in out]


def cpu_seconds(pid: int) -> float:
    """CPU time of a process and of its children: its own and its reaped ones (/proc/PID/stat),
    plus its live children's own."""
    def fields(p: int) -> list[int]:
        try:
            stat = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return [0, 0, 0, 0]
        return [int(x) for x in stat[11:15]]

    ticks = sum(fields(pid)) + sum(sum(fields(child)[:2]) for child in workers(pid))
    return ticks / os.sysconf("SC_CLK_TCK")


def postmaster(pg_dir: Path) -> int:
    return int((pg_dir / "data" / "postmaster.pid").read_text().split()[0])


def inject(fault: str, master: int, pg_dir: Path, stop: threading.Event, events: list[str]) -> None:
    """The fault, at moments when the budget holders are saving."""
    started = time.monotonic()

    def at(seconds: float) -> bool:
        return not stop.wait(max(0.0, seconds - (time.monotonic() - started)))

    if fault == "pg-restart" and at(20):
        t = time.monotonic()
        # The new server logs to its file: a pipe it inherited would never close.
        done = subprocess.run(as_postgres(str(pg_bin() / "pg_ctl"), "-D", str(pg_dir / "data"), "-l",
                                          str(pg_dir / "server.log"), "-m", "fast", "-w", "restart"),
                              cwd=pg_dir, check=False, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
        events.append(f"{time.monotonic() - started:.0f} s: pg_ctl restart -m fast (rc {done.returncode}, "
                      f"{time.monotonic() - t:.1f} s)")
    if fault == "kill-worker":
        for when in (15, 22, 29, 36):
            if not at(when):
                break
            pids = workers(master)
            if pids:
                victim = random.choice(pids)
                os.kill(victim, signal.SIGKILL)
                events.append(f"{time.monotonic() - started:.0f} s: SIGKILL worker {victim}")


def run(label: str, holders: int, fault: str | None, rows: int, out: Path, *, think: float,
        server_workers: int | None = None) -> dict[str, Any]:
    server_url, pg_dir = postgres()
    db = fresh_database(server_url, f"uppfolj_load_{label.replace('-', '_')}")
    setup = subprocess.run([str(BIN / "python"), str(BENCH / "load/setup_data.py"), "--rows", str(rows),
                            "--holders", str(holders)], env={**os.environ, "UPPFOLJ_DB": db}, cwd=REPO,
                           check=False, capture_output=True, text=True)
    if setup.returncode:
        raise SystemExit(setup.stderr)
    print(f"[{label}] {setup.stdout.strip()}", flush=True)
    server = start_server(db, out / f"{label}-server.log", server_workers)
    worker_count = len(workers(server.pid))
    counts = out / f"{label}-counts.json"
    events: list[str] = []
    stop = threading.Event()
    injector = threading.Thread(target=inject, args=(fault, server.pid, pg_dir, stop, events)) if fault else None
    started = time.monotonic()
    cpu_before = cpu_seconds(server.pid), cpu_seconds(postmaster(pg_dir))
    cpu: tuple[float, float] = (0.0, 0.0)
    try:
        locust = subprocess.Popen(
            [str(BIN / "locust"), "-f", str(BENCH / "load/locustfile.py"), "--headless", "-u", str(holders + 6),
             "-r", "5", "--host", f"http://127.0.0.1:{WEB_PORT}", "--csv", str(out / label), "--run-time", "300s",
             "--stop-timeout", "5", "--only-summary", "--loglevel", "WARNING"],
            cwd=REPO, env={**os.environ, "LOAD_HOLDERS": str(holders), "LOAD_COUNTS": str(counts), "LOAD_THINK": str(think)},
            stdout=(out / f"{label}-locust.log").open("wb"), stderr=subprocess.STDOUT)
        if injector:
            injector.start()
        locust.wait()
        elapsed = time.monotonic() - started
        # the PostgreSQL restart makes a new postmaster: its CPU before the restart is not counted
        cpu = (cpu_seconds(server.pid) - cpu_before[0], cpu_seconds(postmaster(pg_dir)) - cpu_before[1])
    finally:
        stop.set()
        if injector:
            injector.join()
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    check = subprocess.run([str(BIN / "python"), str(BENCH / "load/check.py"), str(counts)],
                           env={**os.environ, "UPPFOLJ_DB": db}, cwd=REPO, check=False, capture_output=True, text=True)
    summary = json.loads(check.stdout or "{}") if check.stdout.strip() else {"problems": [check.stderr[-500:]],
                                                                             "problem count": 1}
    stats = read_stats(out / f"{label}_stats.csv")
    print(f"[{label}] {elapsed:.0f} s; check: {json.dumps(summary, ensure_ascii=False)}", flush=True)
    for name, s in stats.items():
        print(f"[{label}]   {name}: {s}", flush=True)
    return {"label": label, "holders": holders, "fault": fault, "events": events, "elapsed": elapsed, "cpu": cpu,
            "think": think, "workers": worker_count,
            "load": os.getloadavg(),
            "stats": stats, "check": summary, "setup": setup.stdout.strip(), "pg": pg_version(db)}


def read_stats(path: Path) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = "all" if row["Name"] == "Aggregated" else row["Name"]
            out[name] = {"n": int(row["Request Count"]), "failures": int(row["Failure Count"]),
                         "p50": float(row["50%"] or 0), "p95": float(row["95%"] or 0), "p99": float(row["99%"] or 0),
                         "rps": float(row["Requests/s"] or 0)}
    return out


def table(stats: dict[str, dict[str, float]]) -> str:
    lines = ["| page | requests | errors | p50 ms | p95 ms | p99 ms |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    order = [p for p in PAGES if p in stats] + sorted(set(stats) - set(PAGES) - {"all"}) + ["all"]
    for name in order:
        s = stats.get(name)
        if s:
            lines.append(f"| {name} | {s['n']:.0f} | {s['failures']:.0f} | {s['p50']:.0f} | {s['p95']:.0f} | {s['p99']:.0f} |")
    return "\n".join(lines)


def verdict(result: dict[str, Any]) -> str:
    s, c = result["stats"], result["check"]
    total = s.get("all", {"n": 0, "failures": 0, "rps": 0})
    rate = 100 * total["failures"] / total["n"] if total["n"] else 0
    web_cpu, db_cpu = result["cpu"]
    per_request = 1000 * (web_cpu + max(db_cpu, 0)) / total["n"] if total["n"] else 0
    return (f"{total['n']:.0f} requests in {result['elapsed']:.0f} s, {total['rps']:.1f} requests/s, "
            f"server CPU {web_cpu:.0f} s uppfolj serve + "
            f"{f'{db_cpu:.0f} s' if db_cpu >= 0 else 'n/a (restarted)'} PostgreSQL = {per_request:.0f} ms per request "
            f"(capacity on 2 free cores about {2000 / per_request if per_request else 0:.0f} requests/s); "
            f"load average at the end {result['load'][0]:.1f}; "
            f"errors {rate:.2f} %; check: {c.get('audited saves', '?')} audited saves for "
            f"{c.get('confirmed saves', '?')} confirmed (+{c.get('saves with unknown outcome', 0)} with lost answers), "
            f"{c.get('approved', '?')}/{c.get('units', '?')} units approved "
            f"({c.get('unfinished', 0)} not finished when the run ended), {c.get('problem count', '?')} problems"
            + (f": {'; '.join(c.get('problems', []))}" if c.get("problems") else "")
            + (f"; 5xx pages: {c['error pages']}" if c.get("error pages") else ""))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--holders", type=int, default=300)
    parser.add_argument("--fault-holders", type=int, default=100)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--faults", default="pg-restart,kill-worker")
    parser.add_argument("--think", type=float, default=20.0,
                        help="mean seconds a budget holder takes between steps (reading, typing)")
    parser.add_argument("--no-stress", action="store_true", help="not the run at twice the pace")
    parser.add_argument("--workers", type=int, help="server processes (default: what `uppfolj serve` chooses)")
    parser.add_argument("--no-load", action="store_true", help="only the fault runs")
    args = parser.parse_args()
    out = BENCH / "out" / "load"
    out.mkdir(parents=True, exist_ok=True)
    results = []
    if not args.no_load:
        results.append(run("deadline", args.holders, None, args.rows, out, think=args.think,
                           server_workers=args.workers))
        if not args.no_stress:
            results.append(run("deadline-stress", args.holders, None, args.rows, out, think=args.think / 2,
                               server_workers=args.workers))
    for fault in [f for f in args.faults.split(",") if f]:
        results.append(run(fault, args.fault_holders, fault, args.rows, out, think=args.think,
                           server_workers=args.workers))
    write(results)
    ok = all(r["check"].get("problem count") == 0 for r in results)
    main_run = next((r for r in results if r["label"] == "deadline"), None)
    if main_run:
        ok = ok and main_run["stats"]["all"]["failures"] == 0
    return 0 if ok else 1


def write(results: list[dict[str, Any]]) -> None:
    cpus = len(os.sched_getaffinity(0))
    parts = [
        f"`bench/bench_load.py` ({dt.date.today().isoformat()}): locust {_version('locust')} headless against "
        f"`uppfolj serve` as installed (gunicorn {_version('gunicorn')}, gthread, its defaults: "
        f"{results[0]['workers']} workers × {THREADS} threads on {cpus} cores, access log written), "
        f"PostgreSQL {results[0]['pg']} on the same machine ({platform.machine()}, {cpus} CPUs shared by "
        f"PostgreSQL, the server and locust; Python {platform.python_version()}). Settings `uppfolj.web.settings` "
        f"(DEBUG off), plain HTTP on 127.0.0.1. A budget holder takes {0.5 * results[0]['think']:g}-"
        f"{1.5 * results[0]['think']:g} s between steps (reading the page, typing a forecast and three texts; "
        "a person needs minutes, and 300 people hand in over a day, so this is deadline day compressed "
        "into a few minutes, some hundred times denser than a real one); the controllers 0.5-1.5 s "
        "between approvals; users start at 5 per second.",
        "Scenario (bench/load/locustfile.py): each budget holder logs in, opens their unit, saves a draft "
        "forecast with Utfall, Analys and a rest explanation 3 times and submits (each save re-reads the "
        "page for its version and CSRF token); 5 controllers watch the overview and approve the units "
        "of their share as they are submitted; a committee reader browses the overview, unit pages, "
        "ledger rows and the JSON report. bench/load/check.py then compares the scenario's counts with "
        "the database and the audit log: every confirmed save audited exactly once, each unit's version "
        "equal to its audited writes, the stored forecast and texts those of the last audited save.",
    ]
    for r in results:
        title = {"deadline": f"Deadline: {r['holders']} budget holders",
                 "deadline-stress": f"Deadline at twice the pace: {r['holders']} budget holders, "
                                    f"{0.5 * r['think']:g}-{1.5 * r['think']:g} s between steps", "pg-restart":
                 f"Fault: PostgreSQL restarted during the load ({r['holders']} budget holders)",
                 "kill-worker": f"Fault: SIGKILL of gunicorn workers during saves and reports ({r['holders']} budget holders)"
                 }[r["label"]]
        parts.append(f"### {title}\n\nData: {r['setup']}.\n\n{table(r['stats'])}\n\n{verdict(r)}."
                     + (f"\n\nEvents: {'; '.join(r['events'])}." if r["events"] else ""))
    main_run = next((r for r in results if r["label"] == "deadline"), None)
    if main_run:
        s = main_run["stats"]
        met = (all(s.get(p, {"p95": 1e9})["p95"] < 300 for p in ("unit page", "overview"))
               and s["all"]["failures"] == 0 and main_run["check"].get("problem count") == 0)
        parts.append(f"Goal (p95 < 300 ms for the unit page and the overview, 0 % errors, nothing lost): "
                     f"{'met' if met else 'NOT met'}.")
    write_section("Deadline load", "\n\n".join(parts))


def _version(package: str) -> str:
    return version(package)


if __name__ == "__main__":
    raise SystemExit(main())
