"""`uppfolj import sie FILE` and `uppfolj export sie -o FILE --year Y`: thin shells over the services."""

from __future__ import annotations

import argparse
from pathlib import Path

from uppfolj.cli.progress import progress_bar
from uppfolj.core.format import kr_text
from uppfolj.web.domain.sie_export import export_sie
from uppfolj.web.domain.sie_import import import_sie, summary_lines
from uppfolj.web.rules import SYSTEM


def run_import(args: argparse.Namespace) -> int:
    """The setting UPPFOLJ_SIE_DIM is read by the import service; `--dim` overrides it per name."""
    path = Path(args.file)
    size = path.stat().st_size if path.is_file() else None
    with progress_bar(f"Läser {path.name}", total=size) as tick:
        summary = import_sie(path, dims=dict(args.dim), strict=args.strict, progress=tick, user=SYSTEM)
    for line in summary_lines(summary):
        print(line)
    return 0


def run_export(args: argparse.Namespace) -> int:
    summary = export_sie(args.output, year=args.year, balance_account=args.balance_account)
    print(f"{summary.path.name}: {summary.vouchers} verifikationer, {summary.rows} rader för {summary.year}, "
          f"summa {kr_text(summary.amount)}")
    return 0
