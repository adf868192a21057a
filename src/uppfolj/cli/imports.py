"""`uppfolj import ...` for CSV and XLSX files: thin handlers over the import services (see `cli.parser`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from uppfolj.cli.progress import progress_bar
from uppfolj.core.choices import TreeKind
from uppfolj.web.domain import imports


def _print(lines: list[str]) -> int:
    for line in lines:
        print(line)
    return 0


def import_organisation(args: argparse.Namespace) -> int:
    return _print(imports.import_unit_tree(Path(args.file), TreeKind.ORGANISATION))


def import_activities(args: argparse.Namespace) -> int:
    return _print(imports.import_unit_tree(Path(args.file), TreeKind.ACTIVITY))


def import_template(args: argparse.Namespace) -> int:
    return _print(imports.import_template(Path(args.file)))


def import_actuals(args: argparse.Namespace) -> int:
    with progress_bar(f"Läser {Path(args.file).name}") as tick:
        return _print(imports.import_actuals(Path(args.file), progress=tick))


def import_budget(args: argparse.Namespace) -> int:
    return _print(imports.import_budget(Path(args.file), phasing=args.phasing))


def import_forecasts(args: argparse.Namespace) -> int:
    return _print(imports.import_forecasts(Path(args.file)))
