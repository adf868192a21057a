"""`uppfolj import comments|reasons|actions FILE`: unit texts, reasons and actions."""

from __future__ import annotations

import argparse

from django.db import transaction

from uppfolj.ingest.texts import read_texts
from uppfolj.web.domain.masterdata import finish_import, start_import
from uppfolj.web.domain.texts import replace_texts

WORDS = {"comments": "kommentarer", "reasons": "orsaker", "actions": "åtgärder"}


def import_texts(args: argparse.Namespace) -> int:
    kind = args.kind  # the import sub-command's name: comments, reasons or actions
    name, records = read_texts(kind, args.file)
    with transaction.atomic():
        log = start_import(kind, name)
        summary = replace_texts(kind, name, records)
        finish_import(log, rows=summary.rows, years=sorted({r.year for r in records}),
                      summary={"scopes": summary.scopes, "removed": summary.removed})
    print(f"{name}: {summary.rows} {WORDS[kind]}, {summary.scopes} enheter och månader ersatta")
    if summary.flagged:
        print(f"Varning: {summary.flagged} kommentarer ser ut att innehålla ett personnummer och visas inte i rapporterna")
    return 0
