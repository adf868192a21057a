"""What every sub-command shares: the `--db` option after the sub-command, the parsers' type."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TypeVar

from uppfolj.core.choices import Choice

C = TypeVar("C", bound=Choice)

SubParsers = argparse._SubParsersAction  # argparse offers no public name for it

# `--db` is accepted after the sub-command too (`uppfolj report ... --db x.sqlite3`).
COMMON = argparse.ArgumentParser(add_help=False)
COMMON.add_argument("--db", default=argparse.SUPPRESS, help=argparse.SUPPRESS)


def choice(kind: type[C]) -> Callable[[str], C]:
    """An argparse `type` turning the option's text into the enum member."""

    def convert(text: str) -> C:
        try:
            return kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f'"{text}" ska vara en av {", ".join(kind.values())}') from None

    convert.__name__ = kind.__name__
    return convert
