"""The imports of CSV/XLSX files, shared by the command line and the web's uploads.

Each reads its file, writes it in one transaction (nothing changes on bad input), logs it with
its findings, and returns the Swedish summary lines the user is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import transaction

from uppfolj.core.choices import Phasing, TreeKind
from uppfolj.core.format import kr_text
from uppfolj.ingest.budget import read_budget
from uppfolj.ingest.forecasts import read_forecasts
from uppfolj.ingest.goals import read_goals
from uppfolj.ingest.investments import read_investments
from uppfolj.ingest.ledger import read_actuals
from uppfolj.ingest.risks import read_risks
from uppfolj.ingest.statistics import read_statistics
from uppfolj.ingest.texts import read_texts
from uppfolj.ingest.trees import read_template, read_unit_tree
from uppfolj.web import rules
from uppfolj.web.domain.budget import phase_budget, replace_budget
from uppfolj.web.domain.forecasts import replace_forecasts
from uppfolj.web.domain.goals import replace_goals
from uppfolj.web.domain.investments import replace_investments
from uppfolj.web.domain.ledger import replace_actuals_table
from uppfolj.web.domain.masterdata import finish_import, start_import
from uppfolj.web.domain.periods import note_locked_months
from uppfolj.web.domain.risks import replace_risks
from uppfolj.web.domain.statistics import replace_volumes
from uppfolj.web.domain.texts import replace_texts
from uppfolj.web.domain.trees import replace_template, replace_unit_tree

Progress = Callable[[int], None]


def import_unit_tree(path: Path, kind: TreeKind, *, user: Any) -> list[str]:
    """The organisation tree (`ansvar`) or the activity tree (`verksamhet`), replaced whole."""
    rules.require(user, rules.Act.IMPORT_LEDGER)
    column = "ansvar" if kind is TreeKind.ORGANISATION else "verksamhet"
    tree, specs = read_unit_tree(path, pattern_column=column)
    with transaction.atomic():
        log = start_import(kind, path.name, user=user)
        result = replace_unit_tree(kind, specs, tree, file=path.name)
        finish_import(log, rows=len(specs), summary=result, user=user)
    return [f"{path.name}: {result['units']} enheter ({result['added']} nya, {result['removed']} borttagna)"]


def import_template(path: Path, *, user: Any) -> list[str]:
    rules.require(user, rules.Act.IMPORT_LEDGER)
    tree, specs = read_template(path)
    with transaction.atomic():
        log = start_import("template", path.name, user=user)
        count = replace_template(tree, file=path.name)
        finish_import(log, rows=len(specs), user=user)
    return [f"{path.name}: {count} rapportrader"]


def import_actuals(path: Path, *, user: Any, progress: Progress | None = None) -> list[str]:
    rules.require(user, rules.Act.IMPORT_LEDGER)
    name, rows = read_actuals(path)
    with transaction.atomic():
        log = start_import("actuals", name, user=user)
        summary = replace_actuals_table(rows, import_id=log.pk, progress=progress)
        finish_import(log, rows=summary.rows, years=sorted(summary.years), user=user,
                      summary={"months": len(summary.months), "amount_ore": summary.amount})
    months = ", ".join(f"{y}-{m:02d}" for y, m in sorted(summary.months))
    lines = [f"{name}: {summary.rows} rader, summa {kr_text(summary.amount)}, månader {months or '-'}"]
    if summary.flagged:
        lines.append(f"Varning: {summary.flagged} rader har en text som ser ut som ett personnummer")
    return lines


def import_budget(path: Path, *, phasing: Phasing = Phasing.EVEN, user: Any) -> list[str]:
    rules.require(user, rules.Act.IMPORT_LEDGER)
    budget = read_budget(path)
    with transaction.atomic():
        log = start_import("budget", budget.name, user=user)
        records, notes = phase_budget(budget, phasing)
        summary = replace_budget(records, import_id=log.pk)
        finish_import(log, rows=summary.rows, years=sorted(summary.years), checks=notes, user=user,
                      summary={"phasing": phasing.value, "amount_ore": summary.amount})
    lines = [f"{budget.name}: {summary.rows} budgetrader (månader), summa {kr_text(summary.amount)}, "
             f"{summary.scopes} ansvar och år ersatta"]
    lines.extend(f"Obs: {note.message}" for note in notes)
    return lines


def import_forecasts(path: Path, *, user: Any) -> list[str]:
    """Forecasts replace each (year, month made, unit) of the file; a locked month refuses them."""
    rules.require(user, rules.Act.IMPORT_TEXTS)
    name, records, problems = read_forecasts(path)
    with transaction.atomic():
        note_locked_months({(r.year, r.month): r.line for r in reversed(records)}, problems, user=user)
        log = start_import("forecasts", name, user=user)
        changed = replace_forecasts(name, records, user=user, problems=problems)
        finish_import(log, rows=len(records), years=sorted({r.year for r in records}),
                      summary={"changed": changed}, user=user)
    return [f"{name}: {len(records)} prognoser, {changed} ändrade"]


TEXT_WORDS = {"comments": "kommentarer", "reasons": "orsaker", "actions": "åtgärder"}


def import_texts(kind: str, path: Path, *, user: Any) -> list[str]:
    """Comments (Utfall, Analys, Åtgärd), reasons or actions; each (year, month, unit) of the file
    is replaced, and a locked month refuses them."""
    rules.require(user, rules.Act.IMPORT_TEXTS)
    name, records, problems = read_texts(kind, path)
    with transaction.atomic():
        note_locked_months({(r.year, r.month): r.line for r in reversed(records)}, problems, user=user)
        log = start_import(kind, name, user=user)
        summary = replace_texts(kind, name, records, user=user, problems=problems)
        finish_import(log, rows=summary.rows, years=sorted({r.year for r in records}), user=user,
                      summary={"scopes": summary.scopes, "removed": summary.removed})
    lines = [f"{name}: {summary.rows} {TEXT_WORDS[kind]}, {summary.scopes} enheter och månader ersatta"]
    if summary.flagged:
        lines.append(f"Varning: {summary.flagged} kommentarer ser ut att innehålla ett personnummer "
                     "och visas inte i rapporterna")
    return lines


def import_statistics(path: Path, *, user: Any) -> list[str]:
    """Volumes per unit, month and measure; each (year, month, unit, measure) of the file is replaced."""
    rules.require(user, rules.Act.IMPORT_LEDGER)
    name, records, problems = read_statistics(path)
    with transaction.atomic():
        log = start_import("statistics", name, user=user)
        summary = replace_volumes(name, records, user=user, problems=problems)
        finish_import(log, rows=summary.rows, years=sorted({r.year for r in records}), user=user,
                      summary={"changed": summary.changed, "measures": summary.measures})
    return [f"{name}: {summary.rows} värden för {summary.measures} mått, {summary.changed} nya eller ändrade"]


def import_goals(path: Path, *, user: Any) -> list[str]:
    """Goals and their indicators; every goal of each year in the file is replaced."""
    rules.require(user, rules.Act.IMPORT_LEDGER)
    name, records, problems = read_goals(path)
    with transaction.atomic():
        log = start_import("goals", name, user=user)
        summary = replace_goals(name, records, problems=problems)
        finish_import(log, rows=summary.rows, years=summary.years, user=user, summary={"removed": summary.removed})
    years = ", ".join(str(y) for y in summary.years) or "-"
    return [f"{name}: {summary.rows} mål för {years} (alla mål för året ersatta)"]


def import_risks(path: Path, *, user: Any) -> list[str]:
    """The risk register; every risk of each (year, unit) in the file is replaced."""
    rules.require(user, rules.Act.IMPORT_LEDGER)
    name, records, problems = read_risks(path)
    with transaction.atomic():
        log = start_import("risks", name, user=user)
        summary = replace_risks(name, records, problems=problems)
        finish_import(log, rows=summary.rows, years=sorted({r.year for r in records}), user=user,
                      summary={"scopes": summary.scopes, "removed": summary.removed})
    return [f"{name}: {summary.rows} risker, {summary.scopes} enheter och år ersatta"]
def import_investments(path: Path, *, user: Any) -> list[str]:
    """Investment projects with their budgets; each year of the file is replaced (forecasts and
    comments the file leaves empty keep what was entered on the web)."""
    rules.require(user, rules.Act.IMPORT_LEDGER)
    name, records = read_investments(path)
    with transaction.atomic():
        log = start_import("investments", name, user=user)
        summary = replace_investments(records, user=user)
        finish_import(log, rows=summary.rows, years=summary.years, user=user,
                      summary={"added": summary.added, "changed": summary.changed, "removed": summary.removed})
    years = ", ".join(str(y) for y in summary.years) or "-"
    return [f"{name}: {summary.rows} investeringar för {years} ({summary.added} nya, {summary.changed} ändrade, "
            f"{summary.removed} borttagna), budget {kr_text(sum(r.budget for r in records))}"]
