"""What the parser needs and nothing more: `--db` after the sub-command, option types, handlers.

Nothing here may import Django or a Django-dependent module: the parser is built (and `--help`
answered) before Django is configured, so that `--db` is read by argparse and not by hand.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar, cast

from uppfolj.core.choices import Choice

C = TypeVar("C", bound=Choice)

SubParsers = argparse._SubParsersAction  # argparse offers no public name for it
Handler = Callable[[argparse.Namespace], int]

# `--db` is accepted after the sub-command too (`uppfolj report ... --db x.sqlite3`). SUPPRESS
# keeps the sub-parser from overwriting a `--db` given before the sub-command with None.
COMMON = argparse.ArgumentParser(add_help=False)
COMMON.add_argument("--db", default=argparse.SUPPRESS, help=argparse.SUPPRESS)


def handle(parser: argparse.ArgumentParser, target: str, *, check_schema: bool = True) -> None:
    """Name the function that runs a sub-command, as "module:function".

    The module is imported by `resolve` only after Django is configured, because handlers
    import services and models. `check_schema=False` is for `init`, which migrates itself.
    """
    parser.set_defaults(handler=target, check_schema=check_schema)


def resolve(target: str) -> Handler:
    """The handler a "module:function" name stands for."""
    module, _, name = target.partition(":")
    return cast(Handler, getattr(importlib.import_module(module), name))


def write_output(target: str | None, data: bytes) -> None:
    """The command's output to the file `target`, to standard output for "-", nowhere for None."""
    if target == "-":
        sys.stdout.buffer.write(data)
    elif target:
        Path(target).write_bytes(data)


def choice(kind: type[C]) -> Callable[[str], C]:
    """An argparse `type` turning the option's text into the enum member."""

    def convert(text: str) -> C:
        try:
            return kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f'"{text}" ska vara en av {", ".join(kind.values())}') from None

    convert.__name__ = kind.__name__
    return convert


def dimension_option(text: str) -> tuple[str, int]:
    """`--dim ansvar=1` → ("ansvar", 1)."""
    # Imported here: the SIE reader's package is not loaded by the commands that read no SIE.
    from uppfolj.ingest.sie.model import parse_dimension  # noqa: PLC0415

    try:
        return parse_dimension(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def month_option(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 12:
        raise argparse.ArgumentTypeError(f'"{text}" är inte en månad (1–12)')
    return int(text)


def date_option(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f'"{text}" är inte ett datum (ÅÅÅÅ-MM-DD)') from None
