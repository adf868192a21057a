"""Master data (accounts, dimension objects) and the import log whose findings reports show."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

from uppfolj.core.records import Check
from uppfolj.web.domain.audit import log_action
from uppfolj.web.models import Account, DimensionObject, ImportLog

# The audit code of each kind of import (ImportLog.kind); written out so every code is a registered literal.
IMPORT_EVENTS = {
    "organisation": "uppfolj.import.organisation", "activity": "uppfolj.import.activity",
    "template": "uppfolj.import.template", "budget": "uppfolj.import.budget", "actuals": "uppfolj.import.actuals",
    "forecasts": "uppfolj.import.forecasts", "sie": "uppfolj.import.sie", "comments": "uppfolj.import.comments",
    "reasons": "uppfolj.import.reasons", "actions": "uppfolj.import.actions",
    "statistics": "uppfolj.import.statistics",
    "kolada": "uppfolj.import.kolada", "kolada_fetch": "uppfolj.kolada.fetched",
    "goals": "uppfolj.import.goals", "risks": "uppfolj.import.risks",
    "investments": "uppfolj.import.investments",
}


def upsert_accounts(names: Mapping[str, str]) -> int:
    """Create or rename accounts; returns how many changed."""
    existing = dict(Account.objects.filter(code__in=list(names)).values_list("code", "name"))
    new = [Account(code=c, name=n) for c, n in names.items() if c not in existing]
    changed = [Account(code=c, name=n) for c, n in names.items() if c in existing and existing[c] != n and n]
    Account.objects.bulk_create(new, batch_size=500)
    Account.objects.bulk_update(changed, ["name"], batch_size=500)
    return len(new) + len(changed)


def upsert_objects(dimension_name: str, names: Mapping[str, str]) -> int:
    """Create or rename the objects of one dimension (ansvar, verksamhet, projekt)."""
    existing = {
        o.code: o for o in DimensionObject.objects.filter(dimension=dimension_name, code__in=list(names))
    }
    new = [DimensionObject(dimension=dimension_name, code=c, name=n) for c, n in names.items() if c not in existing]
    changed = []
    for code, name in names.items():
        obj = existing.get(code)
        if obj is not None and name and obj.name != name:
            obj.name = name
            changed.append(obj)
    DimensionObject.objects.bulk_create(new, batch_size=500)
    DimensionObject.objects.bulk_update(changed, ["name"], batch_size=500)
    return len(new) + len(changed)


def start_import(kind: str, file: str, *, user: Any = None) -> ImportLog:
    """Open the log row of an import; its id tags the rows the import writes."""
    return ImportLog.objects.create(kind=kind, file=file, user=user if getattr(user, "is_authenticated", False) else None)


def finish_import(
    log: ImportLog,
    *,
    rows: int,
    years: Sequence[int] = (),
    checks: Sequence[Check] = (),
    summary: Mapping[str, Any] | None = None,
    user: Any = None,
) -> ImportLog:
    """Store the import's counts and findings and write it to the audit trail."""
    log.rows = rows
    log.years = sorted(set(years))
    log.checks = [asdict(c) for c in checks]
    log.summary = dict(summary or {})
    log.save(update_fields=["rows", "years", "checks", "summary"])
    log_action(
        IMPORT_EVENTS[log.kind], user=user, object_type="import", object_key=log.file,
        new={"rows": rows, "years": log.years, "checks": len(log.checks), **log.summary},
    )
    return log
