"""The `uppfolj` command line: parse the options, configure Django from them, run the handler."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from uppfolj.cli.common import resolve
from uppfolj.cli.database import configure, ensure_schema
from uppfolj.cli.parser import build_parser
from uppfolj.core.errors import DISK_FULL, InputError, UserError, is_disk_full

__all__ = ["build_parser", "execute", "main"]


def execute(args: argparse.Namespace) -> int:
    """Run a parsed command; user errors go to stderr with exit status 1.

    A refused file prints every problem it has, one `FILE:LINE: message` line each (at most
    50, then a line saying that reading stopped); other user errors print one line.
    """
    try:
        return int(resolve(args.handler)(args))
    except InputError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except UserError as exc:
        print(f"uppfolj: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:
        if not is_disk_full(exc):
            raise
        print(f"uppfolj: {disk_full_message(args)}", file=sys.stderr)
        return 1


def disk_full_message(args: argparse.Namespace) -> str:
    """One Swedish line for a disk that filled up under the command: an import is one transaction,
    so the database is as it was before it."""
    if args.command == "import":
        return (f"{DISK_FULL}: {Path(args.file).name} lästes inte in och databasen är som före inläsningen. "
                "Frigör utrymme och försök igen.")
    return f"{DISK_FULL}: kommandot avbröts. Frigör utrymme och försök igen."


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)  # --help and --version end here, before any database
    try:
        configure(args.db)
    except ImproperlyConfigured as exc:  # e.g. production without a secret key: say so, no traceback
        print(f"uppfolj: {exc}", file=sys.stderr)
        return 1
    if args.check_schema:
        ensure_schema()
    return execute(args)
