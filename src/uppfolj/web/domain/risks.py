"""The risk register: the import (each (year, unit) of the file replaced), the risks a report
shows, and the budget holders' and controller's changes on the web, each audited.

A report of year Y month M shows the open risks of year Y raised in months 1..M of the reported
units, largest score first (`uppfolj.core.risks.ordered`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from uppfolj.core.choices import TreeKind
from uppfolj.core.errors import Problems
from uppfolj.core.risks import RiskItem, RiskRecord, ordered, score
from uppfolj.web import rules
from uppfolj.web.domain.audit import log_action
from uppfolj.web.models import OrgUnit, Risk


@dataclass(frozen=True, slots=True)
class RiskSummary:
    rows: int
    scopes: int  # (year, unit) pairs replaced
    removed: int


def replace_risks(file: str, records: Sequence[RiskRecord], *, problems: Problems | None = None) -> RiskSummary:
    """Write the risks: every risk of each (year, unit) in the file, closed ones too, is replaced
    by the file's risks of that year and unit. Must run inside `transaction.atomic()`.

    A risk whose unit is not in the organisation is noted in `problems`; if there are any,
    nothing is written and they are raised together. The import as a whole is audited by its
    import log.
    """
    problems = Problems(file) if problems is None else problems
    units = {u.code: u for u in OrgUnit.objects.filter(tree=TreeKind.ORGANISATION)}
    for r in records:
        if r.unit not in units:
            problems.add(r.line, f'enheten "{r.unit}" finns inte i organisationen')
    problems.raise_if_any()
    scopes = {(r.year, r.unit) for r in records}
    removed = 0
    for year in {y for y, _ in scopes}:
        count, _ = Risk.objects.filter(year=year, unit__in=[units[u] for y, u in scopes if y == year]).delete()
        removed += count
    Risk.objects.bulk_create([
        Risk(year=r.year, month=r.month, unit=units[r.unit], text=r.risk, probability=r.probability,
             consequence=r.consequence, amount=r.amount, owner=r.owner, action=r.action, position=i)
        for i, r in enumerate(records)
    ])
    return RiskSummary(rows=len(records), scopes=len(scopes), removed=removed)


def item(risk: Risk) -> RiskItem:
    return RiskItem(risk.unit.code, risk.unit.name, risk.text, risk.probability, risk.consequence, risk.amount,
                    risk.owner, risk.action, risk.month)


def report_risks(year: int, month: int) -> tuple[RiskItem, ...]:
    """The open risks of year `year` raised in months 1..`month`, in report order (the report
    keeps those of its units)."""
    found = Risk.objects.filter(year=year, month__lte=month, closed=False).select_related("unit")
    return tuple(ordered(item(r) for r in found))


def subtree_codes(code: str) -> list[str]:
    """The organisation unit's code and the codes of every unit below it."""
    children: dict[str | None, list[str]] = {}
    for child, parent in OrgUnit.objects.filter(tree=TreeKind.ORGANISATION).values_list("code", "parent__code"):
        children.setdefault(parent, []).append(child)
    found, stack = [], [code]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(children.get(current, []))
    return found


def register(year: int, visible: Iterable[str] | None, *, unit: str | None = None) -> list[Risk]:
    """The year's risks the viewer may see (`visible` None = all), open ones first in report
    order, then the closed ones; optionally only those of a unit and the units below it."""
    found = Risk.objects.filter(year=year).select_related("unit")
    if visible is not None:
        found = found.filter(unit__code__in=list(visible))
    if unit is not None:
        found = found.filter(unit__code__in=subtree_codes(unit))
    return sorted(found, key=lambda r: (r.closed, -score(r.probability, r.consequence), r.amount is None,
                                        -(r.amount or 0), r.unit.code, r.text))


RISK_FIELDS = ("enhet", "manad", "risk", "sannolikhet", "konsekvens", "belopp", "ansvarig", "atgard", "stangd")


def _values(risk: Risk) -> dict[str, Any]:
    """The risk's fields as the audit log and the form name them (belopp in öre)."""
    return {"enhet": risk.unit.code, "manad": risk.month, "risk": risk.text, "sannolikhet": risk.probability,
            "konsekvens": risk.consequence, "belopp": risk.amount, "ansvarig": risk.owner, "atgard": risk.action,
            "stangd": risk.closed}


def _apply(risk: Risk, values: dict[str, Any]) -> None:
    attributes = {"enhet": "unit", "manad": "month", "risk": "text", "sannolikhet": "probability",
                  "konsekvens": "consequence", "belopp": "amount", "ansvarig": "owner", "atgard": "action",
                  "stangd": "closed"}
    for name, value in values.items():
        setattr(risk, attributes[name], value)


def add_risk(year: int, unit: OrgUnit, values: dict[str, Any], *, user: Any) -> Risk:
    """A new risk of the unit (values by form name, `enhet` aside); audited `uppfolj.risk.added`.

    Raises:
        rules.RefusedError: the user may not edit the unit's risks.
    """
    rules.require(user, rules.Act.EDIT_RISKS, unit.code)
    with transaction.atomic():
        risk = Risk(year=year, unit=unit, position=Risk.objects.filter(year=year).count())
        _apply(risk, {k: v for k, v in values.items() if k != "enhet"})
        risk.save()
        log_action("uppfolj.risk.added", user=user, object_type="risk", object_key=f"{year}/{unit.code}/{risk.pk}",
                   new=_values(risk))
    return risk


def change_risk(risk: Risk, values: dict[str, Any], *, user: Any) -> bool:
    """Change a risk (values by form name; `enhet` an OrgUnit moves it to another unit, which the
    user must also be allowed); audited `uppfolj.risk.changed` with what changed.

    Raises:
        rules.RefusedError: the user may not edit the risk's unit (or the new one).
    """
    rules.require(user, rules.Act.EDIT_RISKS, risk.unit.code)
    if "enhet" in values:
        rules.require(user, rules.Act.EDIT_RISKS, values["enhet"].code)
    with transaction.atomic():
        risk = Risk.objects.select_for_update().select_related("unit").get(pk=risk.pk)
        before = _values(risk)
        _apply(risk, values)
        after = _values(risk)
        changed = [k for k in RISK_FIELDS if before[k] != after[k]]
        if not changed:
            return False
        risk.save()
        log_action("uppfolj.risk.changed", user=user, object_type="risk",
                   object_key=f"{risk.year}/{before['enhet']}/{risk.pk}",
                   old={k: before[k] for k in changed}, new={k: after[k] for k in changed})
    return True


def remove_risk(risk: Risk, *, user: Any) -> None:
    """Remove a risk from the register; audited `uppfolj.risk.removed` with all its values.

    Raises:
        rules.RefusedError: the user may not edit the risk's unit.
    """
    rules.require(user, rules.Act.EDIT_RISKS, risk.unit.code)
    with transaction.atomic():
        old = _values(risk)
        key = f"{risk.year}/{risk.unit.code}/{risk.pk}"
        risk.delete()
        log_action("uppfolj.risk.removed", user=user, object_type="risk", object_key=key, old=old)
