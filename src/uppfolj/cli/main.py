"""The `uppfolj` command line: parse arguments, set up Django, call a service, print."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from uppfolj import __version__
from uppfolj.cli.common import COMMON
from uppfolj.core.errors import InputError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="uppfolj", description="Budgetuppföljning och prognoser för socialtjänsten")
    parser.add_argument("--version", action="version", version=f"uppfolj {__version__}")
    parser.add_argument("--db", help="databas: sökväg till SQLite-fil eller postgresql://-URL (UPPFOLJ_DB)")
    top = parser.add_subparsers(dest="command", required=True, metavar="KOMMANDO")

    from uppfolj.cli import commands  # noqa: PLC0415 - Django must be configured before services load

    p = top.add_parser("init", help="skapar eller migrerar databasen", parents=[COMMON])
    p.set_defaults(func=_init)

    p = top.add_parser("import", help="läser in en fil")
    imports = p.add_subparsers(dest="kind", required=True, metavar="SLAG")
    commands.add_import_commands(imports, top)
    commands.add_report_command(top)
    commands.add_other_commands(top)
    return parser


def _init(args: argparse.Namespace) -> int:
    print("Databasen är klar.")
    return 0


def _db_from_argv(argv: Sequence[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--db" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--db="):
            return arg.split("=", 1)[1]
    return None


def execute(args: argparse.Namespace) -> int:
    """Run a parsed command; user errors go to stderr with exit status 1.

    A refused file prints every problem it has, one `FILE:LINE: message` line each (at most
    50, then a line saying that reading stopped); other user errors print one line.
    """
    try:
        return int(args.func(args))
    except InputError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except Exception as exc:
        from uppfolj.cli.commands import user_error  # noqa: PLC0415

        message = user_error(exc)
        if message is None:
            raise
        print(message, file=sys.stderr)
        return 1


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from uppfolj.cli.django_setup import migrate, setup_django  # noqa: PLC0415

    setup_django(_db_from_argv(argv))
    args = build_parser().parse_args(argv)
    # Every command runs against a migrated database; migrating is a no-op when it is current.
    migrate()
    return execute(args)
