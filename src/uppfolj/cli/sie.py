"""`uppfolj import sie FILE` and `uppfolj export sie -o FILE --year Y`: thin shells over the services."""

from __future__ import annotations

import argparse
from pathlib import Path

from uppfolj.cli.common import COMMON, SubParsers
from uppfolj.cli.progress import progress_bar
from uppfolj.core.format import kr_text
from uppfolj.ingest.sie.model import parse_dimension
from uppfolj.web.domain.sie_export import export_sie
from uppfolj.web.domain.sie_import import import_sie, summary_lines
from uppfolj.web.rules import SYSTEM


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
    """`--dim ansvar=1` → ("ansvar", 1)."""
    try:
        return parse_dimension(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def run_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    dims = dict(args.dim)
    size = path.stat().st_size if path.is_file() else None
    with progress_bar(f"Läser {path.name}", total=size) as tick:
        summary = import_sie(path, dims=dims, strict=args.strict, progress=tick, user=SYSTEM)
    for line in summary_lines(summary):
        print(line)
    return 0


def run_export(args: argparse.Namespace) -> int:
    summary = export_sie(args.output, year=args.year, balance_account=args.balance_account)
    print(f"{summary.path.name}: {summary.vouchers} verifikationer, {summary.rows} rader för {summary.year}, "
          f"summa {kr_text(summary.amount)}")
    return 0
