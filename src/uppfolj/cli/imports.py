"""`uppfolj import ...`: thin handlers over the import services, each one transaction."""

from __future__ import annotations

import argparse
from pathlib import Path

from django.db import transaction

from uppfolj.cli.progress import progress_bar
from uppfolj.core.format import kr_text
from uppfolj.core.phasing import PHASINGS
from uppfolj.ingest.budget import read_budget
from uppfolj.ingest.forecasts import read_forecasts
from uppfolj.ingest.ledger import open_actuals
from uppfolj.ingest.trees import read_template, read_unit_tree
from uppfolj.web.domain.budget import phase_budget, replace_budget
from uppfolj.web.domain.forecasts import replace_forecasts
from uppfolj.web.domain.ledger import replace_actuals
from uppfolj.web.domain.masterdata import finish_import, start_import
from uppfolj.web.domain.trees import replace_template, replace_unit_tree
from uppfolj.web.models.org import TreeKind


def add_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    for kind, helptext in (
        ("organisation", "läser in organisationsträdet"),
        ("activities", "läser in verksamhetsträdet"),
        ("template", "ersätter rapportmallen"),
        ("actuals", "läser in utfall (CSV eller XLSX)"),
        ("forecasts", "läser in helårsprognoser"),
    ):
        p = subparsers.add_parser(kind, help=helptext, parents=[common])
        p.add_argument("file")
        p.set_defaults(func=_HANDLERS[kind])
    p = subparsers.add_parser("budget", help="läser in budget (CSV eller XLSX)", parents=[common])
    p.add_argument("file")
    p.add_argument("--phasing", choices=PHASINGS, default="even", help="periodiseringsnyckel för årsbelopp")
    p.set_defaults(func=import_budget)


def _name(path: str) -> str:
    return Path(path).name


def import_tree(args: argparse.Namespace, kind: str, column: str) -> int:
    tree, specs = read_unit_tree(args.file, pattern_column=column)
    with transaction.atomic():
        log = start_import(kind, _name(args.file))
        result = replace_unit_tree(kind, specs, tree, file=_name(args.file))
        finish_import(log, rows=len(specs), summary=result)
    print(f"{_name(args.file)}: {result['units']} enheter ({result['added']} nya, {result['removed']} borttagna)")
    return 0


def import_organisation(args: argparse.Namespace) -> int:
    return import_tree(args, TreeKind.ORGANISATION, "ansvar")


def import_activities(args: argparse.Namespace) -> int:
    return import_tree(args, TreeKind.ACTIVITY, "verksamhet")


def import_template(args: argparse.Namespace) -> int:
    tree, specs = read_template(args.file)
    with transaction.atomic():
        log = start_import("template", _name(args.file))
        count = replace_template(tree)
        finish_import(log, rows=len(specs))
    print(f"{_name(args.file)}: {count} rapportrader")
    return 0


def import_actuals(args: argparse.Namespace) -> int:
    table, records = open_actuals(args.file)
    with progress_bar(f"Läser {table.name}") as tick, transaction.atomic():
        log = start_import("actuals", table.name)
        summary = replace_actuals(records, import_id=log.id, progress=tick)
        finish_import(log, rows=summary.rows, years=sorted(summary.years),
                      summary={"months": len(summary.months), "amount_ore": summary.amount})
    months = ", ".join(f"{y}-{m:02d}" for y, m in sorted(summary.months))
    print(f"{table.name}: {summary.rows} rader, summa {kr_text(summary.amount)}, månader {months or '-'}")
    if summary.flagged:
        print(f"Varning: {summary.flagged} rader har en text som ser ut som ett personnummer")
    return 0


def import_budget(args: argparse.Namespace) -> int:
    budget = read_budget(args.file)
    with transaction.atomic():
        log = start_import("budget", budget.name)
        records, notes = phase_budget(budget, args.phasing)
        summary = replace_budget(records, import_id=log.id)
        finish_import(log, rows=summary.rows, years=sorted(summary.years), checks=notes,
                      summary={"phasing": args.phasing, "amount_ore": summary.amount})
    print(f"{budget.name}: {summary.rows} budgetrader (månader), summa {kr_text(summary.amount)}, "
          f"{summary.scopes} ansvar och år ersatta")
    for note in notes:
        print(f"Obs: {note.message}")
    return 0


def import_forecasts(args: argparse.Namespace) -> int:
    name, records = read_forecasts(args.file)
    with transaction.atomic():
        log = start_import("forecasts", name)
        changed = replace_forecasts(name, records)
        finish_import(log, rows=len(records), years=sorted({r.year for r in records}), summary={"changed": changed})
    print(f"{name}: {len(records)} prognoser, {changed} ändrade")
    return 0


_HANDLERS = {
    "organisation": import_organisation,
    "activities": import_activities,
    "template": import_template,
    "actuals": import_actuals,
    "forecasts": import_forecasts,
}
