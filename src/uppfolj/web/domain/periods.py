"""A month's life: opened for forecasts and texts, locked (its result stored as published),
opened again with a reason. Each function runs in one transaction and audits itself.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from uppfolj.core.choices import PeriodState, TreeKind, UnitState
from uppfolj.core.errors import Problems, UserError
from uppfolj.core.period import PeriodInfo, PeriodResult, UnitResult, compute_period
from uppfolj.web import rules
from uppfolj.web.domain import snapshots
from uppfolj.web.domain.audit import log_action
from uppfolj.web.domain.balances import last_months
from uppfolj.web.domain.period_input import load_period_input, period_info
from uppfolj.web.models import OrgUnit, Period


class PeriodError(UserError):
    """A refused change of a month's state; the message is Swedish and says why."""


def note_locked_months(months: Mapping[tuple[int, int], int], problems: Problems, *, user: Any) -> None:
    """A file's forecasts or texts for a locked month are a problem of the file, on its first line
    for that month (`months` maps (year, month) to that line).

    Call inside the import's transaction: each month's row stays locked until it ends, so a lock
    cannot slip in between.
    """
    for (year, month), line in sorted(months.items()):
        refusal = rules.why_not(user, rules.Act.IMPORT_TEXTS, period=period_info(year, month, hold=True))
        if refusal is not None:
            problems.add(line, str(refusal))


def open_period(year: int, month: int, *, deadline: dt.date | None = None, reason: str = "", user: Any) -> PeriodInfo:
    """Open the month for forecasts and texts (or change its deadline).

    A locked month opens again only with a reason: its stored result is dropped, so its report
    is live again, and the reopening is audited with the reason.
    """
    rules.require(user, rules.Act.MANAGE_PERIOD)
    with transaction.atomic():
        row, created = Period.objects.select_for_update().get_or_create(year=year, month=month)
        key = f"{year}-{month:02d}"
        if row.state == PeriodState.LOCKED:
            if not reason.strip():
                raise PeriodError(f"Perioden {key} är låst. Ange en motivering för att öppna den igen.")
            was = {"state": row.state, "locked_at": row.locked_at.isoformat() if row.locked_at else None}
            row.state, row.reopened_at, row.reopen_reason = PeriodState.OPEN, timezone.now(), reason.strip()
            if deadline is not None:
                row.deadline = deadline
            row.save()
            dropped = snapshots.drop(year, month)
            log_action("uppfolj.period.reopened", user=user, object_type="period", object_key=key, old=was,
                       new={"state": row.state, "reason": row.reopen_reason, "stored_reports_dropped": dropped})
        else:
            old = None if created else {"deadline": row.deadline.isoformat() if row.deadline else None,
                                        "state": row.state}
            row.deadline = deadline
            row.save()
            log_action("uppfolj.period.opened", user=user, object_type="period", object_key=key, old=old,
                       new={"deadline": deadline.isoformat() if deadline else None, "state": row.state})
        return period_info(year, month)


def lock_period(year: int, month: int, *, user: Any) -> PeriodInfo:
    """Lock the month: forecasts, texts, reasons and actions of it can no longer change, and
    its result (per tree, with the ledger rows behind it) is stored as published."""
    rules.require(user, rules.Act.MANAGE_PERIOD)
    with transaction.atomic():
        row, _ = Period.objects.select_for_update().get_or_create(year=year, month=month)
        key = f"{year}-{month:02d}"
        if row.state == PeriodState.LOCKED:
            raise PeriodError(f"Perioden {key} är redan låst.")
        row.state, row.locked_at = PeriodState.LOCKED, timezone.now()
        row.save()
        stored = []
        for by in TreeKind:
            if OrgUnit.objects.filter(tree=by).exists():
                result = compute_period(load_period_input(year, month, by, with_ledger=True))
                snapshots.store(dataclasses.replace(result, frozen_at=row.locked_at), locked_at=row.locked_at)
                stored.append(by.value)
        log_action("uppfolj.period.locked", user=user, object_type="period", object_key=key,
                   old={"state": PeriodState.OPEN}, new={"state": PeriodState.LOCKED, "stored_reports": stored})
        return period_info(year, month)


def not_approved(result: PeriodResult) -> list[UnitResult]:
    """Units someone answers for, or has begun, that are not approved: what a lock leaves behind."""
    return [u for u in result.units
            if (u.responsible or u.state is not UnitState.NOT_STARTED) and u.state is not UnitState.APPROVED]


def known_periods() -> list[PeriodInfo]:
    """Every month that was opened or has actuals, newest first."""
    months = {(p.year, p.month) for p in Period.objects.all()}
    months |= {(year, m) for year, last in last_months().items() for m in range(1, last + 1)}
    return [period_info(y, m) for y, m in sorted(months, reverse=True)]

