"""The monthly workflow: periods open and lock; units move draft → submitted → approved / returned.

Every function runs in one `transaction.atomic()` and writes its audit rows inside it, so a
refused or failed change leaves neither data nor log behind.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from uppfolj.core.choices import ActionStatus, Heading, PeriodState, TreeKind, UnitState
from uppfolj.core.format import amount as fmt_amount
from uppfolj.core.pin import looks_like_pin
from uppfolj.web.domain.audit import log_action
from uppfolj.web.models import Action, Forecast, OrgUnit, Period, Reason, UnitStatus, UnitText

HEADINGS: tuple[str, ...] = (Heading.UTFALL.value, Heading.ANALYS.value, Heading.ATGARD.value)
EDITABLE = {UnitState.NOT_STARTED, UnitState.DRAFT, UnitState.RETURNED}
# Reasons add up when they differ from the forecast variance by less than half a tkr.
TOLERANCE_ORE = 50_000
# The audit code of each state a unit moves into; written out so every code is a registered literal.
STATE_EVENTS = {UnitState.DRAFT: "uppfolj.unit.drafted", UnitState.SUBMITTED: "uppfolj.unit.submitted",
                UnitState.APPROVED: "uppfolj.unit.approved", UnitState.RETURNED: "uppfolj.unit.returned"}


class WorkflowError(Exception):
    """A refused change; the message is Swedish and says why."""


class StaleVersionError(WorkflowError):
    """Someone else saved first; `changes` lists what differs from what the user sent."""

    def __init__(self, message: str, changes: list[str]) -> None:
        super().__init__(message)
        self.changes = changes


@dataclass
class ActionData:
    text: str
    responsible: str = ""
    timeplan: str = ""
    status: str = ActionStatus.PLANNED
    follow_up: str = ""


@dataclass
class ReasonData:
    text: str
    amount: int  # öre, in the variance's sense


@dataclass
class UnitContent:
    """What a budget holder writes for a unit and month."""

    forecast: int | None = None  # full-year forecast, öre, ledger sign
    texts: dict[str, str] = field(default_factory=dict)  # heading -> text
    reasons: list[ReasonData] = field(default_factory=list)
    actions: list[ActionData] = field(default_factory=list)
    remainder: str = ""

    def as_log(self) -> dict[str, Any]:
        return asdict(self)


def _key(year: int, month: int, unit: OrgUnit) -> str:
    return f"{year}-{month:02d}/{unit.code}"


def period_of(year: int, month: int) -> Period | None:
    return Period.objects.filter(year=year, month=month).first()


def is_locked(year: int, month: int) -> bool:
    return Period.objects.filter(year=year, month=month, state=PeriodState.LOCKED).exists()


def _refuse_if_locked(year: int, month: int) -> None:
    if Period.objects.select_for_update().filter(year=year, month=month, state=PeriodState.LOCKED).exists():
        raise WorkflowError(f"Perioden {year}-{month:02d} är låst. Inga ändringar kan göras.")


def status_of(year: int, month: int, unit: OrgUnit) -> UnitStatus:
    """The stored status, or an unsaved 'ej påbörjad' one."""
    found = UnitStatus.objects.filter(year=year, month=month, unit=unit).first()
    return found or UnitStatus(year=year, month=month, unit=unit, state=UnitState.NOT_STARTED, version=0)


def load_content(year: int, month: int, unit: OrgUnit) -> UnitContent:
    """The stored content; actions not yet done are carried from the latest earlier month."""
    forecast = Forecast.objects.filter(year=year, month=month, unit=unit).values_list("amount", flat=True).first()
    texts: dict[str, str] = dict.fromkeys(HEADINGS, "")
    for t in UnitText.objects.filter(year=year, month=month, unit=unit).order_by("position"):
        texts[t.heading] = (texts[t.heading] + "\n" + t.text).strip() if texts.get(t.heading) else t.text
    reasons = [ReasonData(r.text, r.amount) for r in Reason.objects.filter(year=year, month=month, unit=unit)]
    actions = [_action_data(a) for a in Action.objects.filter(year=year, month=month, unit=unit)]
    status = UnitStatus.objects.filter(year=year, month=month, unit=unit).first()
    if not actions and status is None:
        actions = [_action_data(a) for a in carried_actions(year, month, unit)]
    return UnitContent(forecast, texts, reasons, actions, status.remainder if status else "")


def _action_data(a: Action) -> ActionData:
    return ActionData(a.text, a.responsible, a.timeplan, a.status, a.follow_up)


def carried_actions(year: int, month: int, unit: OrgUnit) -> list[Action]:
    """Actions not done from the latest earlier month of the year that has actions."""
    earlier = (
        Action.objects.filter(year=year, month__lt=month, unit=unit).order_by("-month").values_list("month", flat=True).first()
    )
    if earlier is None:
        return []
    return list(Action.objects.filter(year=year, month=earlier, unit=unit).exclude(status=ActionStatus.DONE))


def reasons_total(content: UnitContent) -> int:
    return sum(r.amount for r in content.reasons)


def describe_changes(before: UnitContent, after: UnitContent) -> list[str]:
    """Swedish lines naming what differs between two contents (for the stale-version message)."""
    lines = []
    if before.forecast != after.forecast:
        lines.append(f"Prognos: {_tkr(before.forecast)} → {_tkr(after.forecast)} tkr")
    for h in HEADINGS:
        if (before.texts.get(h) or "") != (after.texts.get(h) or ""):
            lines.append(f"{h}: ”{_short(after.texts.get(h) or '')}”")
    if before.reasons != after.reasons:
        lines.append(f"Orsaker: {len(after.reasons)} rader, summa {_tkr(reasons_total(after))} tkr")
    if before.actions != after.actions:
        lines.append(f"Åtgärder: {len(after.actions)} rader")
    if before.remainder != after.remainder:
        lines.append(f"Förklaring av rest: ”{_short(after.remainder)}”")
    return lines


def _tkr(ore: int | None) -> str:
    return "–" if ore is None else fmt_amount(ore, space=" ")


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def open_period(year: int, month: int, *, deadline: dt.date | None, user: Any) -> Period:
    """Open (or re-date) a month; not-done actions of the previous month are carried into it."""
    with transaction.atomic():
        period, created = Period.objects.select_for_update().get_or_create(year=year, month=month)
        if period.state == PeriodState.LOCKED:
            raise WorkflowError(f"Perioden {year}-{month:02d} är låst och kan inte öppnas igen.")
        old = {"deadline": period.deadline.isoformat() if period.deadline else None, "state": period.state}
        period.deadline = deadline
        period.save()
        carried = 0
        for unit in OrgUnit.objects.filter(tree=TreeKind.ORGANISATION):
            if Action.objects.filter(year=year, month=month, unit=unit).exists():
                continue
            for position, a in enumerate(carried_actions(year, month, unit)):
                Action.objects.create(year=year, month=month, unit=unit, text=a.text, responsible=a.responsible,
                                      timeplan=a.timeplan, status=a.status, follow_up=a.follow_up, amount=a.amount,
                                      position=position)
                carried += 1
        log_action("uppfolj.period.opened", user=user, object_type="period", object_key=f"{year}-{month:02d}",
                   old=None if created else old,
                   new={"deadline": deadline.isoformat() if deadline else None, "state": period.state,
                        "carried_actions": carried})
        return period


def lock_period(year: int, month: int, *, user: Any) -> Period:
    """Lock a month: from now on nothing of it can change."""
    with transaction.atomic():
        period, _ = Period.objects.select_for_update().get_or_create(year=year, month=month)
        if period.state == PeriodState.LOCKED:
            raise WorkflowError(f"Perioden {year}-{month:02d} är redan låst.")
        period.state = PeriodState.LOCKED
        period.locked_at = timezone.now()
        period.save()
        log_action("uppfolj.period.locked", user=user, object_type="period", object_key=f"{year}-{month:02d}",
                   old={"state": PeriodState.OPEN}, new={"state": PeriodState.LOCKED})
        return period


def _locked_status(year: int, month: int, unit: OrgUnit) -> UnitStatus:
    status, _ = UnitStatus.objects.select_for_update().get_or_create(year=year, month=month, unit=unit)
    return status


def _check_version(status: UnitStatus, version: int, sent: UnitContent) -> None:
    if status.version != version:
        unit = status.unit
        current = load_content(status.year, status.month, unit)
        changes = describe_changes(sent, current)
        who = status.updated_by or "någon annan"
        raise StaleVersionError(
            f"{who} sparade enheten {unit.code} medan du arbetade (version {status.version}, din {version}). "
            "Dina ändringar sparades inte; läs igenom det som ändrats och gör om dem.", changes)


def save_draft(year: int, month: int, unit: OrgUnit, content: UnitContent, *, version: int, user: Any) -> UnitStatus:
    """Store the content as a draft; refuses a locked month, a stale version or a closed state."""
    with transaction.atomic():
        _refuse_if_locked(year, month)
        status = _locked_status(year, month, unit)
        _check_version(status, version, content)
        if status.state not in EDITABLE:
            raise WorkflowError(f"Enheten är {status.get_state_display().lower()} och kan inte ändras; "
                                "be ekonomen återsända den först.")
        before = load_content(year, month, unit)
        _write_content(year, month, unit, content)
        old_state = status.state
        status.state = UnitState.DRAFT if old_state == UnitState.NOT_STARTED else old_state
        status.remainder = content.remainder
        _bump(status, user)
        key = _key(year, month, unit)
        if before.forecast != content.forecast:
            log_action("uppfolj.forecast.saved", user=user, object_type="forecast", object_key=key,
                       old=None if before.forecast is None else {"prognos_ore": before.forecast},
                       new=None if content.forecast is None else {"prognos_ore": content.forecast})
        if before.texts != content.texts:
            log_action("uppfolj.texts.saved", user=user, object_type="texts", object_key=key,
                       old=before.texts, new=content.texts)
        if before.reasons != content.reasons or before.remainder != content.remainder:
            log_action("uppfolj.reasons.saved", user=user, object_type="reasons", object_key=key,
                       old={"reasons": [asdict(r) for r in before.reasons], "remainder": before.remainder},
                       new={"reasons": [asdict(r) for r in content.reasons], "remainder": content.remainder})
        if before.actions != content.actions:
            log_action("uppfolj.actions.saved", user=user, object_type="actions", object_key=key,
                       old=[asdict(a) for a in before.actions], new=[asdict(a) for a in content.actions])
        if old_state != status.state:
            _log_state(key, old_state, status.state, user)
        return status


def _write_content(year: int, month: int, unit: OrgUnit, content: UnitContent) -> None:
    scope: dict[str, Any] = {"year": year, "month": month, "unit": unit}
    if content.forecast is None:
        Forecast.objects.filter(**scope).delete()
    else:
        Forecast.objects.update_or_create(**scope, defaults={"amount": content.forecast})
    UnitText.objects.filter(**scope).delete()
    UnitText.objects.bulk_create([
        UnitText(**scope, heading=h, text=t.strip(), position=i, flagged=looks_like_pin(t))
        for i, h in enumerate(HEADINGS) if (t := content.texts.get(h, "")).strip()
    ])
    Reason.objects.filter(**scope).delete()
    Reason.objects.bulk_create([Reason(**scope, text=r.text, amount=r.amount, position=i)
                                for i, r in enumerate(content.reasons)])
    Action.objects.filter(**scope).delete()
    Action.objects.bulk_create([
        Action(**scope, text=a.text, responsible=a.responsible, timeplan=a.timeplan, status=a.status,
               follow_up=a.follow_up, position=i)
        for i, a in enumerate(content.actions)
    ])


def _bump(status: UnitStatus, user: Any) -> None:
    status.version += 1
    status.updated_by = getattr(user, "username", "") or ""
    status.save()


def _log_state(key: str, old: str, new: str, user: Any, comment: str = "") -> None:
    new_value: dict[str, Any] = {"state": new}
    if comment:
        new_value["comment"] = comment
    log_action(STATE_EVENTS[UnitState(new)], user=user, object_type="unitstatus",
               object_key=key, old={"state": old}, new=new_value)


def submission_problems(content: UnitContent, annual_budget: int) -> list[str]:
    """Why the content cannot be submitted yet (Swedish); empty when it can."""
    problems = []
    if content.forecast is None:
        problems.append("Ange en helårsprognos.")
        return problems
    variance = annual_budget - content.forecast
    diff = variance - reasons_total(content)
    if abs(diff) >= TOLERANCE_ORE and not content.remainder.strip():
        problems.append(
            f"Orsakerna summerar till {_tkr(reasons_total(content))} tkr men prognosavvikelsen är "
            f"{_tkr(variance)} tkr (rest {_tkr(diff)} tkr). Lägg till orsaker eller förklara resten.")
    return problems


def submit(year: int, month: int, unit: OrgUnit, content: UnitContent, *, version: int, annual_budget: int,
           user: Any) -> UnitStatus:
    """Save and hand in: the reasons must add up to the forecast variance, or the rest be explained."""
    problems = submission_problems(content, annual_budget)
    if problems:
        raise WorkflowError(" ".join(problems))
    with transaction.atomic():
        status = save_draft(year, month, unit, content, version=version, user=user)
        old = status.state
        status.state = UnitState.SUBMITTED
        status.submitted_at = timezone.now()
        status.comment = ""
        _bump(status, user)
        _log_state(_key(year, month, unit), old, status.state, user)
        return status


def _review(year: int, month: int, unit: OrgUnit, *, new: str, comment: str, user: Any) -> UnitStatus:
    with transaction.atomic():
        _refuse_if_locked(year, month)
        status = _locked_status(year, month, unit)
        if status.state != UnitState.SUBMITTED:
            raise WorkflowError(f"Enheten {unit.code} är inte inlämnad (status: {status.get_state_display().lower()}).")
        old = status.state
        status.state = new
        status.comment = comment
        _bump(status, user)
        _log_state(_key(year, month, unit), old, new, user, comment)
        return status


def approve(year: int, month: int, unit: OrgUnit, *, user: Any, comment: str = "") -> UnitStatus:
    return _review(year, month, unit, new=UnitState.APPROVED, comment=comment, user=user)


def return_with_comment(year: int, month: int, unit: OrgUnit, *, comment: str, user: Any) -> UnitStatus:
    if not comment.strip():
        raise WorkflowError("Skriv en kommentar som säger vad som ska rättas.")
    return _review(year, month, unit, new=UnitState.RETURNED, comment=comment.strip(), user=user)


def statuses(year: int, month: int) -> dict[str, UnitStatus]:
    return {s.unit.code: s for s in UnitStatus.objects.filter(year=year, month=month).select_related("unit")}


def late_units(year: int, month: int, *, today: dt.date | None = None) -> list[OrgUnit]:
    """Units not yet submitted (or approved) when the month's deadline has passed."""
    period = period_of(year, month)
    today = today or timezone.localdate()
    if period is None or period.deadline is None or today <= period.deadline:
        return []
    done = set(
        UnitStatus.objects.filter(year=year, month=month, state__in=[UnitState.SUBMITTED, UnitState.APPROVED])
        .values_list("unit_id", flat=True)
    )
    return [u for u in OrgUnit.objects.filter(tree=TreeKind.ORGANISATION).order_by("position") if u.id not in done]
