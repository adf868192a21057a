"""Storing unit texts, reasons and actions: each (year, month, unit) in the file is replaced."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models

from uppfolj.core.choices import TreeKind
from uppfolj.core.errors import Problems
from uppfolj.core.pin import looks_like_pin
from uppfolj.ingest.texts import TextRecord
from uppfolj.web.domain.audit import log_action
from uppfolj.web.models import Action, OrgUnit, Reason, UnitText

MODELS: dict[str, type[models.Model]] = {"comments": UnitText, "reasons": Reason, "actions": Action}
AUDIT_CODES = {"comments": "uppfolj.texts.imported", "reasons": "uppfolj.reasons.imported",
               "actions": "uppfolj.actions.imported"}


@dataclass(frozen=True)
class TextsSummary:
    rows: int
    scopes: int  # (year, month, unit) replaced
    removed: int
    flagged: int  # texts that look like a personnummer


def _describe(obj: Any, kind: str) -> dict[str, Any]:
    if kind == "comments":
        return {"rubrik": obj.heading, "text": "[dold]" if obj.flagged else obj.text}
    if kind == "reasons":
        return {"text": obj.text, "belopp_ore": obj.amount}
    return {"text": obj.text, "status": obj.status, "ansvarig": obj.responsible, "tidplan": obj.timeplan}


def replace_texts(
    kind: str, file: str, records: Sequence[TextRecord], *, user: Any = None, problems: Problems | None = None
) -> TextsSummary:
    """Replace what each (year, month, unit) of the file holds. Must run inside `transaction.atomic()`.

    Every row whose unit is not in the organisation is noted in `problems` (those the reader
    found, when given); if there are any, nothing is written and they are raised together.
    """
    problems = Problems(file) if problems is None else problems
    model = MODELS[kind]
    units = {u.code: u for u in OrgUnit.objects.filter(tree=TreeKind.ORGANISATION)}
    for r in records:
        if r.unit not in units:
            problems.add(r.line, f'enheten "{r.unit}" finns inte i organisationen')
    problems.raise_if_any()
    by_key: dict[tuple[int, int, str], list[TextRecord]] = {}
    for r in records:
        by_key.setdefault(r.key, []).append(r)
    removed = flagged = 0
    manager: Any = model.objects  # type: ignore[attr-defined]
    for (year, month, code), rows in by_key.items():
        unit = units[code]
        old = list(manager.filter(year=year, month=month, unit=unit).order_by("position", "id"))
        old_desc = [_describe(o, kind) for o in old]
        removed += len(old)
        manager.filter(year=year, month=month, unit=unit).delete()
        new: list[models.Model] = []
        for position, r in enumerate(rows):
            common = {"year": year, "month": month, "unit": unit, "text": r.text, "position": position}
            if kind == "comments":
                assert r.heading is not None  # the reader refuses a comment without its heading
                pin = looks_like_pin(r.text)
                flagged += pin
                obj: models.Model = UnitText(heading=r.heading, flagged=pin, **common)
            elif kind == "reasons":
                obj = Reason(amount=r.amount or 0, **common)
            else:
                obj = Action(responsible=r.responsible, timeplan=r.timeplan, status=r.status,
                             follow_up=r.follow_up, amount=r.amount, **common)
            new.append(obj)
        manager.bulk_create(new)
        log_action(AUDIT_CODES[kind], user=user, object_type=kind, object_key=f"{year}-{month:02d}/{code}",
                   old=old_desc or None, new=[_describe(o, kind) for o in new])
    return TextsSummary(len(records), len(by_key), removed, flagged)
