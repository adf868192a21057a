"""Storing forecasts: each (year, month made, unit) in the file replaces the stored one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from uppfolj.core.choices import TreeKind
from uppfolj.core.errors import Problems
from uppfolj.core.records import ForecastRecord
from uppfolj.web.domain.audit import log_action
from uppfolj.web.models import Forecast, OrgUnit


def replace_forecasts(
    file: str, records: Sequence[ForecastRecord], *, user: Any = None, problems: Problems | None = None
) -> int:
    """Write the forecasts, one audit row per changed value. Must run inside `transaction.atomic()`.

    Every row whose unit is not in the organisation is noted in `problems` (those the reader
    found, when given); if there are any, nothing is written and they are raised together.
    """
    problems = Problems(file) if problems is None else problems
    units = {u.code: u for u in OrgUnit.objects.filter(tree=TreeKind.ORGANISATION)}
    for r in records:
        if r.unit not in units:
            problems.add(r.line, f'enheten "{r.unit}" finns inte i organisationen')
    problems.raise_if_any()
    existing = {
        (f.year, f.month, f.unit.code): f
        for f in Forecast.objects.filter(year__in={r.year for r in records}).select_related("unit")
    }
    changed = 0
    for r in records:
        old = existing.get((r.year, r.month, r.unit))
        if old is not None and old.amount == r.amount and old.comment == r.comment:
            continue
        Forecast.objects.update_or_create(
            year=r.year, month=r.month, unit=units[r.unit], defaults={"amount": r.amount, "comment": r.comment}
        )
        log_action(
            "uppfolj.forecast.imported", user=user, object_type="forecast",
            object_key=f"{r.year}-{r.month:02d}/{r.unit}",
            old=None if old is None else {"prognos_ore": old.amount}, new={"prognos_ore": r.amount},
        )
        changed += 1
    return changed

