"""`uppfolj import comments|reasons|actions FILE`: unit texts, reasons and actions."""

from __future__ import annotations

import argparse
from functools import partial
from pathlib import Path

from uppfolj.cli.common import SubParsers
from uppfolj.web.domain import imports
from uppfolj.web.rules import SYSTEM

HELP = {
    "comments": "läser in kommentarer (Utfall, Analys, Åtgärd) per enhet och månad",
    "reasons": "läser in orsaker till prognosavvikelse",
    "actions": "läser in åtgärder vid avvikelse",
}


def add_commands(subparsers: SubParsers[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    for kind, helptext in HELP.items():
        p = subparsers.add_parser(kind, help=helptext, parents=[common])
        p.add_argument("file")
        p.set_defaults(func=partial(import_texts, kind=kind))


def import_texts(args: argparse.Namespace, *, kind: str) -> int:
    for line in imports.import_texts(kind, Path(args.file), user=SYSTEM):
        print(line)
    return 0
