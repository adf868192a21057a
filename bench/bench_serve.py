"""Throughput of `/login/`: the standard library's threaded WSGI server against `uppfolj serve` (gunicorn).

    .venv/bin/python bench/bench_serve.py [--seconds S] [--clients N] [--workers W] [--rounds R]

Both servers run the same application on the same migrated SQLite database, each in its own
process; the client is N threads spread over a few Python processes, each opening a new
connection per request (like `ab -c N` without keep-alive), for S seconds. Rounds alternate between the servers so that
a machine's changing load hits both alike; the best round of each counts. Writes the section
"## Server" of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import platform
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from results import write_section  # bench/results.py: one writer of RESULTS.md

UPPFOLJ = Path(sys.executable).with_name("uppfolj")
# The server `uppfolj serve` ran before gunicorn: Django's threaded WSGIServer.
STDLIB = """
import sys
from uppfolj.cli.database import configure
configure(sys.argv[1])
from django.core.servers.basehttp import WSGIServer, WSGIRequestHandler, run
from django.core.wsgi import get_wsgi_application
WSGIRequestHandler.log_message = lambda *args: None  # no line per request on stderr
run("127.0.0.1", int(sys.argv[2]), get_wsgi_application(), threading=True, server_cls=WSGIServer)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(kind: str, db: Path, static: Path, workers: int) -> Iterator[int]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("UPPFOLJ_") and k != "DJANGO_SETTINGS_MODULE"}
    env["UPPFOLJ_STATIC_ROOT"] = str(static)
    if kind == "stdlib":
        command = [sys.executable, "-c", STDLIB, str(db), str(port)]
    else:
        command = [str(UPPFOLJ), "--db", str(db), "serve", "--port", str(port), "--workers", str(workers),
                   "--access-log", os.devnull]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):
            if fetch(port) == 200:
                break
            time.sleep(0.1)
        else:
            raise SystemExit(f"{kind} startade inte")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=60)


def fetch(port: int) -> int:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/login/")
        response = connection.getresponse()
        response.read()
        connection.close()
        return response.status
    except OSError:
        return 0


def load(port: int, clients: int, seconds: float, processes: int) -> tuple[float, int]:
    """Requests per second answered 200 by `clients` threads spread over `processes` client
    processes (one Python process alone cannot open connections fast enough), and the failures."""
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        shares = [clients // processes + (i < clients % processes) for i in range(processes)]
        counted = pool.starmap(load_in_process, [(port, n, seconds) for n in shares if n])
    return sum(rate for rate, _ in counted), sum(failed for _, failed in counted)


def load_in_process(port: int, clients: int, seconds: float) -> tuple[float, int]:
    ok = [0] * clients
    failed = [0] * clients
    stop = time.perf_counter() + seconds

    def client(i: int) -> None:
        while time.perf_counter() < stop:
            if fetch(port) == 200:
                ok[i] += 1
            else:
                failed[i] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(ok) / (time.perf_counter() - started), sum(failed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--client-processes", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "serve.sqlite3"
        subprocess.run([str(UPPFOLJ), "--db", str(db), "init"], check=True, stdout=subprocess.DEVNULL)
        best: dict[str, tuple[float, int]] = {}
        for _ in range(args.rounds):
            for kind in ("stdlib", "gunicorn"):
                with server(kind, db, Path(tmp) / "static", args.workers) as port:
                    load(port, args.clients, 1, args.client_processes)  # warm up: templates, the first connections
                    rate, failed = load(port, args.clients, args.seconds, args.client_processes)
                print(f"{kind}: {rate:.0f} förfrågningar/s, {failed} fel", flush=True)
                if kind not in best or rate > best[kind][0]:
                    best[kind] = (rate, failed)
    ratio = best["gunicorn"][0] / best["stdlib"][0]
    loadavg = os.getloadavg()[0]
    body = f"""## Server ({time.strftime('%Y-%m-%d')}, Python {platform.python_version()}, {os.cpu_count()} CPUs, \
load average {loadavg:.1f} at the end)

`bench/bench_serve.py`: GET `/login/` (the page every user opens first; a template, a CSRF
cookie, no database query) from {args.clients} client threads in {args.client_processes} processes, a new connection
per request, for {args.seconds:g} s; best of {args.rounds} alternating rounds. SQLite database, no proxy in front.
The machine was shared with other jobs (see the load average), which both servers met alike.

| server | requests/s | failed |
|---|---:|---:|
| standard library `WSGIServer` (threads, one process) | {best['stdlib'][0]:.0f} | {best['stdlib'][1]} |
| `uppfolj serve`: gunicorn, {args.workers} gthread workers × 4 threads | {best['gunicorn'][0]:.0f} | {best['gunicorn'][1]} |

Ratio gunicorn / standard library: **{ratio:.2f}**. The client runs on the same cores and is
itself Python, so the figures are a floor for both servers and the ratio is the point.
"""
    print(body)
    write_section("Server", body)


if __name__ == "__main__":
    main()
