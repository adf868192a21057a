"""Benchmark of the SIE 4 import: a plain read-and-split pass, the parser alone, the whole import.

Run as ``python bench/bench_sie.py`` (``make bench`` does). It writes a SIE 4 file with one
million #TRANS rows over 300 cost centres into bench/data/ (git-ignored), times the three
passes in one run, prints lines/s and the ratio to the plain pass, and appends a section to
bench/RESULTS.md. If a throwaway virtualenv with the public ``pysie-accounting`` package exists
(``--pysie-python PATH``), that parser is timed on the same file for comparison.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "src"))

from results import write_section  # noqa: E402 - bench/results.py: one writer of RESULTS.md

from uppfolj.ingest.sie import SieReader  # noqa: E402 - after the path is set for a plain checkout

DATA = HERE / "data"
ROWS = 1_000_000
COST_CENTRES = 300
ROWS_PER_VOUCHER = 10
SEED = 2024
COST_ACCOUNTS = [str(a) for a in (*range(4010, 4100, 10), *range(5010, 5800, 20), *range(6110, 6990, 40))]
REVENUE_ACCOUNTS = ["3010", "3041", "3051", "3590"]
BANK = "1930"
TEXTS = ["Leverantörsfaktura", "Kaffebröd och fika", "Hyra lokal", "Konsultarvode", "Resa Malmö"]

PYSIE_SCRIPT = """
import sys, time
from pysie_accounting import pysie
p = pysie.PySIE()
p.sie_encoding = "cp437"
p.open_trans(sys.argv[2])
start, cpu = time.perf_counter(), time.process_time()
p.open(sys.argv[1])
wall, cpu = time.perf_counter() - start, time.process_time() - cpu
print(wall, cpu, sum(len(v[3]) for v in p.verifikat.values()))
"""


def kr(ore: int) -> str:
    sign = "-" if ore < 0 else ""
    return f"{sign}{abs(ore) // 100}.{abs(ore) % 100:02d}"


def generate(path: Path, rows: int = ROWS) -> None:
    """Write the benchmark file: balanced vouchers over a year, 300 cost centres, PC8."""
    rng = random.Random(SEED)
    centres = [str(5000 + i) for i in range(COST_CENTRES)]
    totals: dict[str, int] = defaultdict(int)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="cp437", newline="\r\n") as out:
        _header(out, centres)
        written = 0
        number = 0
        while written < rows:
            number += 1
            day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(366))
            date = day.strftime("%Y%m%d")
            out.write(f'#VER "A" "{number}" {date} "Verifikation {number}" {date}\n{{\n')
            balance = 0
            for _ in range(min(ROWS_PER_VOUCHER, rows - written) - 1):
                revenue = rng.random() < 0.15
                account = rng.choice(REVENUE_ACCOUNTS if revenue else COST_ACCOUNTS)
                amount = rng.randrange(100, 5_000_000) * (-1 if revenue else 1)
                balance += amount
                totals[account] += amount
                out.write(
                    f'#TRANS {account} {{"1" "{rng.choice(centres)}"}} {kr(amount)} {date} "{rng.choice(TEXTS)}"\n'
                )
            out.write(f"#TRANS {BANK} {{}} {kr(-balance)} {date}\n}}\n")
            totals[BANK] -= balance
            written += min(ROWS_PER_VOUCHER, rows - written)
        out.write(f"#IB 0 {BANK} 0.00\n#UB 0 {BANK} {kr(totals.pop(BANK))}\n")
        out.writelines(f"#RES 0 {account} {kr(total)}\n" for account, total in sorted(totals.items()))
    tmp.replace(path)


def _header(out: object, centres: list[str]) -> None:
    assert hasattr(out, "write")
    lines = [
        "#FLAGGA 0", "#FORMAT PC8", "#SIETYP 4", '#PROGRAM "bench_sie" 1.0', "#GEN 20250110",
        '#FNAMN "Benchkommunen Socialtjänst"', "#RAR 0 20240101 20241231", "#KPTYP EUBAS97",
    ]
    for account in [BANK, *REVENUE_ACCOUNTS, *COST_ACCOUNTS]:
        lines += [f'#KONTO {account} "Konto {account}"', f"#SRU {account} 7000"]
    lines.append('#DIM 1 "Ansvar"')
    lines += [f'#OBJEKT 1 "{c}" "Enhet {c} Äldreomsorg"' for c in centres]
    out.write("\n".join(lines) + "\n")


@dataclass
class Timing:
    wall: float  # seconds, best of the runs
    cpu: float  # CPU seconds of the same run (less disturbed by other work on a shared machine)


def timed(run: Callable[[], int], repeat: int = 3) -> tuple[Timing, int]:
    """The best of `repeat` runs: the machine may be shared, the minimum is the least disturbed."""
    best, count = Timing(float("inf"), float("inf")), 0
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        count = run()
        took = Timing(time.perf_counter() - start, time.process_time() - cpu)
        best = took if took.wall < best.wall else best
    return best, count


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def plain_pass(path: Path) -> int:
    """What any reader must at least do: read each line as text (CP437) and split it into fields."""
    lines = 0
    with path.open(encoding="cp437", newline="") as handle:
        for line in handle:
            line.split()
            lines += 1
    return lines


def plain_binary_pass(path: Path) -> int:
    """The same, reading bytes and decoding each line on its own (slower: per-line decode calls)."""
    lines = 0
    with path.open("rb") as handle:
        for raw in handle:
            raw.decode("cp437").split()
            lines += 1
    return lines


def parser_pass(path: Path) -> int:
    reader = SieReader(path)
    count = sum(1 for _ in reader.ledger_records())
    return count


def import_pass(path: Path) -> tuple[Timing, Timing, str]:
    """The whole `uppfolj import sie` in a fresh SQLite database (migration timed apart)."""
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "bench.sqlite3")
        command = [sys.executable, "-m", "uppfolj", "--db", db]
        env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
        start, cpu = time.perf_counter(), children_cpu()
        subprocess.run([*command, "init"], check=True, capture_output=True, env=env)
        migrated, migrated_cpu = time.perf_counter(), children_cpu()
        done = subprocess.run([*command, "import", "sie", str(path)], check=True, capture_output=True,
                              text=True, env=env)
        imported = Timing(time.perf_counter() - migrated, children_cpu() - migrated_cpu)
        return Timing(migrated - start, migrated_cpu - cpu), imported, done.stdout.splitlines()[0]


def pysie_pass(python: str, path: Path) -> Timing:
    """pysie-accounting's PySIE.open() on the same file, timed inside its own process."""
    with tempfile.TemporaryDirectory() as folder:
        trans = Path(folder) / "trans.csv"
        trans.write_text("SRU,Ink2\n7000,x\n", encoding="utf-8")
        done = subprocess.run([python, "-c", PYSIE_SCRIPT, str(path), str(trans)], check=True,
                              capture_output=True, text=True)
    wall, cpu, rows = done.stdout.split()
    assert int(rows) > 0
    return Timing(float(wall), float(cpu))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--no-import", action="store_true", help="skip the database import")
    parser.add_argument("--pysie-python", help="python of a throwaway venv with pysie-accounting")
    args = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    path = DATA / f"bench_{args.rows}.se"
    if not path.exists():
        print(f"generating {path} ...", flush=True)
        generate(path, args.rows)
    size = path.stat().st_size
    plain, lines = timed(lambda: plain_pass(path))
    binary, _ = timed(lambda: plain_binary_pass(path))
    parsed, records = timed(lambda: parser_pass(path))
    report = [
        f"## SIE 4 import ({dt.date.today().isoformat()}, Python {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs)",
        "",
        f"File: {lines:,} lines, {records:,} #TRANS rows, {COST_CENTRES} cost centres, "
        f"{size / 1e6:.1f} MB (PC8, CRLF), generated by bench/bench_sie.py.",
        "",
        "| pass | wall s | CPU s | lines/s (wall) | × plain pass (wall) | × plain pass (CPU) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        _row("plain pass: text-mode read + split", plain, lines, plain),
        _row("plain pass: binary read, decode each line, split", binary, lines, plain),
        _row("uppfolj SIE parser alone (LedgerRecords out)", parsed, lines, plain),
    ]
    if args.pysie_python:
        report.append(_row("pysie-accounting 0.0.2 `PySIE.open()`", pysie_pass(args.pysie_python, path), lines, plain))
    notes = []
    if not args.no_import:
        migrated, imported, first = import_pass(path)
        report.append(_row("`uppfolj import sie` into a fresh SQLite DB", imported, lines, plain))
        notes.append(f"Creating the fresh database before it (`uppfolj init`): {migrated.wall:.1f} s. "
                     f"The import printed: `{first}`.")
    ratio = parsed.wall / plain.wall
    verdicts = [f"parser within {PARSER_GOAL:g}× of the plain pass {'✓' if ratio <= PARSER_GOAL else '✗'}"]
    if not args.no_import:
        verdicts.append(f"the whole import under {IMPORT_GOAL_S:g} s {'✓' if imported.wall < IMPORT_GOAL_S else '✗'}")
    notes.append(
        f"Parser ÷ plain pass: {ratio:.2f}× against the text-mode pass, "
        f"{parsed.wall / binary.wall:.1f}× against the per-line decoding pass (wall). "
        f"Goals: {'; '.join(verdicts)}. Parser and plain passes: best of 3 runs."
    )
    text = "\n".join([*report, "", *notes, ""])
    print(text)
    write_section("SIE 4 import", text)
    return 0


PARSER_GOAL = 3.0  # × the plain pass (wall)
IMPORT_GOAL_S = 8.0  # the whole `uppfolj import sie` of the 1,000,000 #TRANS rows


def _row(name: str, took: Timing, lines: int, plain: Timing) -> str:
    return (f"| {name} | {took.wall:.2f} | {took.cpu:.2f} | {lines / took.wall:,.0f} | "
            f"{took.wall / plain.wall:.1f} | {took.cpu / plain.cpu:.1f} |")


if __name__ == "__main__":
    raise SystemExit(main())
