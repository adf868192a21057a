"""`uppfolj import sie FILE` and `uppfolj export sie -o FILE --year Y`: thin shells over the services."""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from pathlib import Path

from uppfolj.cli.common import COMMON, SubParsers
from uppfolj.cli.progress import progress_bar
from uppfolj.core.errors import InputError
from uppfolj.core.format import kr_text
from uppfolj.ingest.sie.model import DIMENSION_NAMES
from uppfolj.web.domain.sie_export import export_sie
from uppfolj.web.domain.sie_import import import_sie, summary_lines


def add_commands(import_subparsers: SubParsers[argparse.ArgumentParser],
                 top_subparsers: SubParsers[argparse.ArgumentParser]) -> None:
    """Add `import sie` and the top-level `export sie`."""
    p = import_subparsers.add_parser("sie", help="läser in en SIE 4-fil", parents=[COMMON])
    p.add_argument("file")
    p.add_argument("--dim", action="append", type=dimension_option, default=[], metavar="NAMN=NUMMER",
                   help="vilken SIE-dimension som är ansvar, verksamhet eller projekt (standard ansvar=1, projekt=6)")
    p.add_argument("--strict", action="store_true", help="vägra filen om kontrollerna hittar avvikelser")
    p.set_defaults(func=run_import)
    export = top_subparsers.add_parser("export", help="skriver ut data ur databasen")
    kinds = export.add_subparsers(dest="export_kind", required=True, metavar="SLAG")
    p = kinds.add_parser("sie", help="skriver årets utfall som SIE 4 (PC8)", parents=[COMMON])
    p.add_argument("-o", "--output", required=True, help="utfil")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--balance-account", help="konto som tar differensen så att varje verifikation balanserar")
    p.set_defaults(func=run_export)


def dimension_option(text: str) -> tuple[str, int]:
    """`ansvar=1` → ("ansvar", 1)."""
    name, sep, number = text.partition("=")
    name = name.strip().lower()
    number = number.strip()
    if not sep or name not in DIMENSION_NAMES or not (number.isascii() and number.isdigit()) or int(number) < 1:
        raise argparse.ArgumentTypeError(
            f'"{text}" ska vara NAMN=NUMMER, där NAMN är ansvar, verksamhet eller projekt'
        )
    return name, int(number)


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
