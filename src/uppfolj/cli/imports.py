"""`uppfolj import ...` for CSV and XLSX files: thin handlers over the import services."""

from __future__ import annotations

import argparse
from pathlib import Path

from uppfolj.cli.common import SubParsers, choice
from uppfolj.cli.progress import progress_bar
from uppfolj.core.choices import Phasing, TreeKind
from uppfolj.web.domain import imports
from uppfolj.web.rules import SYSTEM


def add_commands(subparsers: SubParsers[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    for kind, helptext, handler in (
        ("organisation", "läser in organisationsträdet", import_organisation),
        ("activities", "läser in verksamhetsträdet", import_activities),
        ("template", "ersätter rapportmallen", import_template),
        ("actuals", "läser in utfall (CSV eller XLSX)", import_actuals),
        ("forecasts", "läser in helårsprognoser", import_forecasts),
    ):
        p = subparsers.add_parser(kind, help=helptext, parents=[common])
        p.add_argument("file")
        p.set_defaults(func=handler)
    p = subparsers.add_parser("budget", help="läser in budget (CSV eller XLSX)", parents=[common])
    p.add_argument("file")
    p.add_argument("--phasing", type=choice(Phasing), choices=list(Phasing), default=Phasing.EVEN,
                   help="periodiseringsnyckel för årsbelopp")
    p.set_defaults(func=import_budget)


def _print(lines: list[str]) -> int:
    for line in lines:
        print(line)
    return 0


def import_organisation(args: argparse.Namespace) -> int:
    return _print(imports.import_unit_tree(Path(args.file), TreeKind.ORGANISATION, user=SYSTEM))


def import_activities(args: argparse.Namespace) -> int:
    return _print(imports.import_unit_tree(Path(args.file), TreeKind.ACTIVITY, user=SYSTEM))


def import_template(args: argparse.Namespace) -> int:
    return _print(imports.import_template(Path(args.file), user=SYSTEM))


def import_actuals(args: argparse.Namespace) -> int:
    with progress_bar(f"Läser {Path(args.file).name}") as tick:
        return _print(imports.import_actuals(Path(args.file), user=SYSTEM, progress=tick))


def import_budget(args: argparse.Namespace) -> int:
    return _print(imports.import_budget(Path(args.file), phasing=args.phasing, user=SYSTEM))


def import_forecasts(args: argparse.Namespace) -> int:
    return _print(imports.import_forecasts(Path(args.file), user=SYSTEM))
