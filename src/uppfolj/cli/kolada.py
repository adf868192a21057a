"""`uppfolj import kolada FILE` and `uppfolj kolada fetch`: thin handlers over `web.domain.kolada`."""

from __future__ import annotations

import argparse
from pathlib import Path

from uppfolj.web.domain import kolada
from uppfolj.web.rules import SYSTEM


def _print(lines: list[str]) -> int:
    for line in lines:
        print(line)
    return 0


def run_import(args: argparse.Namespace) -> int:
    return _print(kolada.import_kolada(Path(args.file), municipality=args.kommun, user=SYSTEM))


def run_fetch(args: argparse.Namespace) -> int:
    """The only command that goes to the network."""
    return _print(kolada.fetch_kolada(args.kommun, kpis=args.kpi, years=args.years, user=SYSTEM))
