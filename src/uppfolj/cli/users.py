"""`uppfolj users import FILE` and `uppfolj users link NAME` (the command line acts as `rules.SYSTEM`).

The links are printed as paths, after `UPPFOLJ_BASE_URL` when it is set (the address the
municipality reaches the application at, say https://uppfoljning.kommun.se).
"""

from __future__ import annotations

import argparse
import csv
import os
from pathlib import Path

from uppfolj.core.spreadsheet import csv_cell
from uppfolj.web.domain import accounts
from uppfolj.web.rules import SYSTEM


def _base_url() -> str:
    return os.environ.get("UPPFOLJ_BASE_URL", "").rstrip("/")


def run_import(args: argparse.Namespace) -> int:
    result = accounts.import_users(Path(args.file), user=SYSTEM, initial_passwords=args.initial_passwords)
    lines = result.lines(_base_url())
    if args.output and result.access:
        with Path(args.output).open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out, delimiter=";")
            writer.writerow(["anvandarnamn", "namn", "epost", "lank", "startlosenord"])
            for a in result.access:
                cells = [a.username, a.name, a.email, _base_url() + a.link if a.link else "", a.password]
                writer.writerow([csv_cell(c) for c in cells])
        print(lines[0])
        print(f"{len(result.access)} nya användares inloggning skrivna till {args.output}")
        return 0
    for line in lines:
        print(line)
    return 0


def run_link(args: argparse.Namespace) -> int:
    path = accounts.new_link_for(args.username, actor=SYSTEM)
    print(f"{args.username}: engångslänk {_base_url()}{path}")
    return 0
