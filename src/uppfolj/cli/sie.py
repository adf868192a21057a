"""`uppfolj import sie FILE` and `uppfolj export sie -o FILE --year Y`: thin shells over the services."""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from pathlib import Path

from uppfolj.cli.common import dimension_option
from uppfolj.cli.progress import progress_bar
from uppfolj.core.errors import InputError
from uppfolj.core.format import kr_text
from uppfolj.web.domain.sie_export import export_sie
from uppfolj.web.domain.sie_import import import_sie, summary_lines


def configured_dimensions(environ: Mapping[str, str] = os.environ) -> dict[str, int]:
    """The setting UPPFOLJ_SIE_DIM (`ansvar=1,verksamhet=20`); `--dim` overrides it per name."""
    text = environ.get("UPPFOLJ_SIE_DIM", "").strip()
    if not text:
        return {}
    try:
        return dict(dimension_option(part) for part in text.split(",") if part.strip())
    except argparse.ArgumentTypeError as exc:
        raise InputError("UPPFOLJ_SIE_DIM", None, str(exc)) from None


def run_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    dims = configured_dimensions() | dict(args.dim)
    size = path.stat().st_size if path.is_file() else None
    with progress_bar(f"Läser {path.name}", total=size) as tick:
        summary = import_sie(path, dims=dims, strict=args.strict, progress=tick)
    for line in summary_lines(summary):
        print(line)
    return 0


def run_export(args: argparse.Namespace) -> int:
    summary = export_sie(args.output, year=args.year, balance_account=args.balance_account)
    print(f"{summary.path.name}: {summary.vouchers} verifikationer, {summary.rows} rader för {summary.year}, "
          f"summa {kr_text(summary.amount)}")
    return 0
