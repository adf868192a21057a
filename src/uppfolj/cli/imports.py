"""`uppfolj import ...` for CSV and XLSX files: thin handlers over the import services (see `cli.parser`).

The command line acts as the system user (`rules.SYSTEM`), "kommandorad" in the audit log.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from uppfolj.cli.progress import progress_bar
from uppfolj.core.choices import TreeKind
from uppfolj.web.domain import imports
from uppfolj.web.rules import SYSTEM


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


def import_statistics(args: argparse.Namespace) -> int:
    return _print(imports.import_statistics(Path(args.file), user=SYSTEM))


def import_investments(args: argparse.Namespace) -> int:
    return _print(imports.import_investments(Path(args.file), user=SYSTEM))


def import_texts(args: argparse.Namespace) -> int:
    """comments, reasons or actions: the import sub-command's name is in `args.kind`."""
    return _print(imports.import_texts(args.kind, Path(args.file), user=SYSTEM))


def import_goals(args: argparse.Namespace) -> int:
    return _print(imports.import_goals(Path(args.file), user=SYSTEM))


def import_risks(args: argparse.Namespace) -> int:
    return _print(imports.import_risks(Path(args.file), user=SYSTEM))
