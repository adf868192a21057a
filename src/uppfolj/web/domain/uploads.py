"""Imports uploaded in the web: the same readers, services and messages as `uppfolj import`."""

from __future__ import annotations

import importlib
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from uppfolj.core.errors import InputError
from uppfolj.core.format import kr_text
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


@dataclass
class UploadResult:
    ok: bool
    message: str  # Swedish: the CLI's summary line, or its one-line error


def kinds() -> list[str]:
    """The kinds of file this installation can import (SIE when its service is present)."""
    base = ["organisation", "activities", "template", "budget", "actuals", "forecasts"]
    try:
        importlib.import_module("uppfolj.web.domain.sie_import")
    except ImportError:
        return base
    return [*base, "sie"]


def import_upload(kind: str, name: str, chunks: Iterable[bytes], *, user: Any, phasing: str = "even") -> UploadResult:
    """Write the upload to a temporary file with its own name (messages name it), then import it."""
    safe = Path(name).name or "fil"
    with tempfile.TemporaryDirectory(prefix="uppfolj-upload-") as folder:
        path = Path(folder) / safe
        with path.open("wb") as out:
            for chunk in chunks:
                out.write(chunk)
        try:
            return UploadResult(True, _run(kind, path, user=user, phasing=phasing))
        except InputError as exc:
            return UploadResult(False, str(exc))
        except (ValueError, OSError) as exc:
            return UploadResult(False, f"{safe}: {exc}")


def _run(kind: str, path: Path, *, user: Any, phasing: str) -> str:
    if kind in ("organisation", "activities"):
        tree_kind = TreeKind.ORGANISATION if kind == "organisation" else TreeKind.ACTIVITY
        tree, specs = read_unit_tree(path, pattern_column="ansvar" if kind == "organisation" else "verksamhet")
        with transaction.atomic():
            log = start_import(kind if kind == "organisation" else TreeKind.ACTIVITY, path.name, user=user)
            result = replace_unit_tree(tree_kind, specs, tree, file=path.name)
            finish_import(log, rows=len(specs), summary=result, user=user)
        return f"{path.name}: {result['units']} enheter ({result['added']} nya, {result['removed']} borttagna)"
    if kind == "template":
        tree, specs = read_template(path)
        with transaction.atomic():
            log = start_import("template", path.name, user=user)
            count = replace_template(tree)
            finish_import(log, rows=len(specs), user=user)
        return f"{path.name}: {count} rapportrader"
    if kind == "actuals":
        table, records = open_actuals(path)
        with transaction.atomic():
            log = start_import("actuals", table.name, user=user)
            summary = replace_actuals(records, import_id=log.pk)
            finish_import(log, rows=summary.rows, years=sorted(summary.years), user=user,
                          summary={"months": len(summary.months), "amount_ore": summary.amount})
        months = ", ".join(f"{y}-{m:02d}" for y, m in sorted(summary.months))
        text = f"{table.name}: {summary.rows} rader, summa {kr_text(summary.amount)}, månader {months or '-'}"
        if summary.flagged:
            text += f". Varning: {summary.flagged} rader har en text som ser ut som ett personnummer"
        return text
    if kind == "budget":
        budget = read_budget(path)
        with transaction.atomic():
            log = start_import("budget", budget.name, user=user)
            budget_records, notes = phase_budget(budget, phasing)
            summary = replace_budget(budget_records, import_id=log.pk)
            finish_import(log, rows=summary.rows, years=sorted(summary.years), checks=notes, user=user,
                          summary={"phasing": phasing, "amount_ore": summary.amount})
        return (f"{budget.name}: {summary.rows} budgetrader (månader), summa {kr_text(summary.amount)}, "
                f"{summary.scopes} ansvar och år ersatta" + "".join(f". Obs: {n.message}" for n in notes))
    if kind == "forecasts":
        name, forecasts = read_forecasts(path)
        with transaction.atomic():
            log = start_import("forecasts", name, user=user)
            changed = replace_forecasts(name, forecasts, user=user)
            finish_import(log, rows=len(forecasts), years=sorted({r.year for r in forecasts}),
                          summary={"changed": changed}, user=user)
        return f"{name}: {len(forecasts)} prognoser, {changed} ändrade"
    if kind == "sie" and "sie" in kinds():
        sie = importlib.import_module("uppfolj.web.domain.sie_import")
        result = sie.import_sie(path, user=user)
        return (f"{path.name}: {result.actuals.rows} utfallsrader, {result.budget.rows} budgetrader, "
                f"år {', '.join(str(y) for y in result.years) or '-'}")
    raise ValueError(f"okänt slag av fil: {kind}")
