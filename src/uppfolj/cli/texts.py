"""`uppfolj import comments|reasons|actions FILE`: unit texts, reasons and actions."""

from __future__ import annotations

import argparse
from functools import partial

from django.db import transaction

from uppfolj.cli.common import SubParsers
from uppfolj.ingest.texts import read_texts
from uppfolj.web.domain.masterdata import finish_import, start_import
from uppfolj.web.domain.texts import replace_texts

HELP = {
    "comments": "läser in kommentarer (Utfall, Analys, Åtgärd) per enhet och månad",
    "reasons": "läser in orsaker till prognosavvikelse",
    "actions": "läser in åtgärder vid avvikelse",
}
WORDS = {"comments": "kommentarer", "reasons": "orsaker", "actions": "åtgärder"}


def add_commands(subparsers: SubParsers[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    for kind, helptext in HELP.items():
        p = subparsers.add_parser(kind, help=helptext, parents=[common])
        p.add_argument("file")
        p.set_defaults(func=partial(import_texts, kind=kind))


def import_texts(args: argparse.Namespace, *, kind: str) -> int:
    name, records, problems = read_texts(kind, args.file)
    with transaction.atomic():
        log = start_import(kind, name)
        summary = replace_texts(kind, name, records, problems=problems)
        finish_import(log, rows=summary.rows, years=sorted({r.year for r in records}),
                      summary={"scopes": summary.scopes, "removed": summary.removed})
    print(f"{name}: {summary.rows} {WORDS[kind]}, {summary.scopes} enheter och månader ersatta")
    if summary.flagged:
        print(f"Varning: {summary.flagged} kommentarer ser ut att innehålla ett personnummer och visas inte i rapporterna")
    return 0
