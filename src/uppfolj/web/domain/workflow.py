"""A unit's month in the workflow: saved as a draft, submitted, approved or returned.

Each function asks `rules` (role, the user's units, the month's lock) and `core.workflow`
(states, what a submission needs), then writes and audits in one `transaction.atomic()`, so a
refused or failed change leaves neither data nor log behind.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from django.db import transaction
from django.utils import timezone

from uppfolj.core.choices import ActionStatus, Heading, UnitState
from uppfolj.core.errors import UserError
from uppfolj.core.format import amount as fmt_amount
from uppfolj.core.money import Ore
from uppfolj.core.period import UnitResult
from uppfolj.core.pin import looks_like_pin
from uppfolj.core.workflow import (
    ActionItem,
    ReasonItem,
    Step,
    StepError,
    carried_actions,
    next_state,
    submission_problems,
)
from uppfolj.web import rules
from uppfolj.web.domain import row_forecasts as row_rules
from uppfolj.web.domain.audit import log_action
from uppfolj.web.domain.period_input import period_info
from uppfolj.web.domain.trees import current_template
from uppfolj.web.models import Action, Forecast, OrgUnit, Reason, RowForecast, UnitStatus, UnitText

# The audit code of each state a unit moves into; written out so every code is a registered literal.
STATE_EVENTS = {
    UnitState.DRAFT: "uppfolj.unit.drafted",
    UnitState.SUBMITTED: "uppfolj.unit.submitted",
    UnitState.APPROVED: "uppfolj.unit.approved",
    UnitState.RETURNED: "uppfolj.unit.returned",
}


class WorkflowError(UserError):
    """A refused change; the message is Swedish and says why."""


class StaleVersionError(WorkflowError):
    """Someone else saved first; `changes` lists what differs from what the user sent."""

    def __init__(self, message: str, changes: list[str]) -> None:
        super().__init__(message)
        self.changes = changes


@dataclass
class UnitContent:
    """What a budget holder writes for a unit and month."""

    forecast: Ore | None = None  # full-year forecast, ledger sign
    texts: dict[Heading, str] = field(default_factory=dict)
    reasons: list[ReasonItem] = field(default_factory=list)
    actions: list[ActionItem] = field(default_factory=list)
    remainder: str = ""
    # Full-year forecasts of template rows made this month (row code -> öre). When there are
    # any, `forecast` is their net by the contract's rule (`net_of_rows`).
    row_forecasts: dict[str, Ore] = field(default_factory=dict)

    @classmethod
    def of(cls, unit: UnitResult, row_forecasts: Mapping[str, Ore] | None = None) -> UnitContent:
        """The content the period result shows for the unit (carried actions included), with
        the unit's row forecasts of the month as stored (`stored_row_forecasts`)."""
        return cls(unit.forecast_made, {h: unit.text_of(h) for h in Heading}, list(unit.reasons),
                   list(unit.actions), unit.remainder, dict(row_forecasts or {}))

    def texts_shown(self) -> dict[Heading, str]:
        """Every heading's text, '' where none: a missing heading and an empty one are the same."""
        return {h: self.texts.get(h, "") for h in Heading}

    def actions_shown(self) -> list[tuple[str, str, str, ActionStatus, str]]:
        """The actions as the user sees them: the month an action came from does not count."""
        return [(a.text, a.responsible, a.timeplan, a.status, a.follow_up) for a in self.actions]


def unit_key(year: int, month: int, unit: OrgUnit) -> str:
    """The audit key of a unit's month."""
    return f"{year}-{month:02d}/{unit.code}"


def row_key(year: int, month: int, unit: OrgUnit, row: str) -> str:
    """The audit key of one row forecast (as `uppfolj import forecasts` writes it)."""
    return f"{unit_key(year, month, unit)}/{row}"


def with_net(year: int, unit: OrgUnit, content: UnitContent) -> UnitContent:
    """The content with its net forecast taken from its rows, where it has rows.

    Raises:
        WorkflowError: a row cannot be stored, or a net was given that is not the rows' sum.
    """
    if not content.row_forecasts:
        return content
    problems = row_rules.row_problems(year, unit.code, content.row_forecasts)
    if problems:
        raise WorkflowError(" ".join(problems.values()))
    net = row_rules.net_of_rows(year, unit.code, content.row_forecasts)
    if content.forecast is not None and content.forecast != net:
        raise WorkflowError(f"Helårsprognosen {row_rules.tkr_exact(content.forecast)} tkr är inte summan av radernas prognoser "
                            f"({row_rules.tkr_exact(net)} tkr, rader utan prognos enligt årsbudget).")
    return replace(content, forecast=net)


def load_content(year: int, month: int, unit: OrgUnit) -> UnitContent:
    """The stored content, read inside a write (actions carried by the core rule)."""
    forecast = Forecast.objects.filter(year=year, month=month, unit=unit).values_list("amount", flat=True).first()
    texts: dict[Heading, str] = dict.fromkeys(Heading, "")
    for t in UnitText.objects.filter(year=year, month=month, unit=unit).order_by("position", "id"):
        heading = Heading(t.heading)
        texts[heading] = f"{texts[heading]}\n{t.text}" if texts[heading] else t.text
    reasons = [ReasonItem(r.text, r.amount) for r in Reason.objects.filter(year=year, month=month, unit=unit)]
    by_month: dict[int, list[ActionItem]] = {}
    for a in Action.objects.filter(year=year, month__lte=month, unit=unit).order_by("month", "position", "id"):
        by_month.setdefault(a.month, []).append(
            ActionItem(a.text, a.responsible, a.timeplan, ActionStatus(a.status), a.follow_up, a.amount, a.month))
    saved = set(UnitStatus.objects.filter(year=year, month__lte=month, unit=unit).values_list("month", flat=True))
    status = UnitStatus.objects.filter(year=year, month=month, unit=unit).first()
    return UnitContent(forecast, texts, reasons, carried_actions(by_month, saved, month),
                       status.remainder if status else "", row_rules.stored_row_forecasts(year, month, unit))


def describe_changes(before: UnitContent, after: UnitContent) -> list[str]:
    """Swedish lines naming what differs between two contents (for the stale-version message)."""
    lines = []
    if before.forecast != after.forecast:
        lines.append(f"Prognos: {_tkr(before.forecast)} → {_tkr(after.forecast)} tkr")
    for row in _changed_rows(before, after):
        lines.append(f"Prognos {row}: {_tkr(before.row_forecasts.get(row))} → {_tkr(after.row_forecasts.get(row))} tkr")
    for h in Heading:
        if (before.texts.get(h) or "") != (after.texts.get(h) or ""):
            lines.append(f"{h.label}: ”{_short(after.texts.get(h) or '')}”")
    if before.reasons != after.reasons:
        lines.append(f"Orsaker: {len(after.reasons)} rader, summa {_tkr(sum(r.amount for r in after.reasons))} tkr")
    if before.actions_shown() != after.actions_shown():
        lines.append(f"Åtgärder: {len(after.actions)} rader")
    if before.remainder != after.remainder:
        lines.append(f"Förklaring av rest: ”{_short(after.remainder)}”")
    return lines


def _changed_rows(before: UnitContent, after: UnitContent) -> list[str]:
    """Row codes whose forecast differs, in template order."""
    order = {code: i for i, code in enumerate(current_template().nodes)}
    rows = set(before.row_forecasts) | set(after.row_forecasts)
    return sorted((r for r in rows if before.row_forecasts.get(r) != after.row_forecasts.get(r)),
                  key=lambda r: (order.get(r, len(order)), r))


def _tkr(ore: Ore | None) -> str:
    return "–" if ore is None else fmt_amount(ore, space=" ")


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _status_for_update(year: int, month: int, unit: OrgUnit) -> UnitStatus:
    status, _ = UnitStatus.objects.select_for_update().get_or_create(year=year, month=month, unit=unit)
    return status


def _step(status: UnitStatus, step: Step) -> UnitState:
    try:
        return next_state(UnitState(status.state), step)
    except StepError as exc:
        raise WorkflowError(str(exc)) from None


def save_draft(year: int, month: int, unit: OrgUnit, content: UnitContent, *, version: int, user: Any) -> UnitStatus:
    """Store the content as a draft; refuses a locked month, a stale version or a closed state.

    Row forecasts replace the unit's rows of the month, and the net forecast is their sum
    (`with_net`); each changed row is audited as `uppfolj.forecast.row_saved`.
    """
    with transaction.atomic():
        period = period_info(year, month, hold=True)
        rules.require(user, rules.Act.EDIT_UNIT, unit.code, period)
        content = with_net(year, unit, content)
        status = _status_for_update(year, month, unit)
        before = load_content(year, month, unit)
        if status.version != version:
            who = status.updated_by or "någon annan"
            raise StaleVersionError(
                f"{who} sparade enheten {unit.code} medan du arbetade (version {status.version}, din {version}). "
                "Dina ändringar sparades inte; läs igenom det som ändrats och gör om dem.",
                describe_changes(content, before))
        old_state = UnitState(status.state)
        new_state = _step(status, Step.SAVE)
        _write_content(year, month, unit, content)
        status.state, status.remainder = new_state, content.remainder
        _bump(status, user)
        _log_changes(year, month, unit, before, content, user=user)
        if old_state is not new_state:
            _log_state(unit_key(year, month, unit), old_state, new_state, user)
        return status


def _log_changes(year: int, month: int, unit: OrgUnit, before: UnitContent, after: UnitContent, *,
                 user: Any) -> None:
    key = unit_key(year, month, unit)
    if before.forecast != after.forecast:
        log_action("uppfolj.forecast.saved", user=user, object_type="forecast", object_key=key,
                   old=None if before.forecast is None else {"prognos_ore": before.forecast},
                   new=None if after.forecast is None else {"prognos_ore": after.forecast})
    for row in _changed_rows(before, after):
        old, new = before.row_forecasts.get(row), after.row_forecasts.get(row)
        log_action("uppfolj.forecast.row_saved", user=user, object_type="forecast",
                   object_key=row_key(year, month, unit, row),
                   old=None if old is None else {"prognos_ore": old}, new=None if new is None else {"prognos_ore": new})
    if before.texts_shown() != after.texts_shown():
        log_action("uppfolj.texts.saved", user=user, object_type="texts", object_key=key,
                   old={h.value: t for h, t in before.texts.items()}, new={h.value: t for h, t in after.texts.items()})
    if before.reasons != after.reasons or before.remainder != after.remainder:
        log_action("uppfolj.reasons.saved", user=user, object_type="reasons", object_key=key,
                   old={"reasons": [_reason_log(r) for r in before.reasons], "remainder": before.remainder},
                   new={"reasons": [_reason_log(r) for r in after.reasons], "remainder": after.remainder})
    if before.actions_shown() != after.actions_shown():
        log_action("uppfolj.actions.saved", user=user, object_type="actions", object_key=key,
                   old=[_action_log(a) for a in before.actions], new=[_action_log(a) for a in after.actions])


def _reason_log(r: ReasonItem) -> dict[str, Any]:
    return {"text": r.text, "belopp_ore": r.amount}  # as imported reasons are logged


def _action_log(a: ActionItem) -> dict[str, Any]:
    return {"text": a.text, "responsible": a.responsible, "timeplan": a.timeplan, "status": a.status.value,
            "follow_up": a.follow_up}


def _write_content(year: int, month: int, unit: OrgUnit, content: UnitContent) -> None:
    scope: dict[str, Any] = {"year": year, "month": month, "unit": unit}
    if content.forecast is None:
        Forecast.objects.filter(**scope).delete()
    else:
        Forecast.objects.update_or_create(**scope, defaults={"amount": content.forecast})
    RowForecast.objects.filter(**scope).delete()
    RowForecast.objects.bulk_create([RowForecast(**scope, row=row, amount=amount)
                                     for row, amount in content.row_forecasts.items()])
    UnitText.objects.filter(**scope).delete()
    UnitText.objects.bulk_create([
        UnitText(**scope, heading=h, text=t.strip(), position=i, flagged=looks_like_pin(t))
        for i, h in enumerate(Heading) if (t := content.texts.get(h, "")).strip()
    ])
    Reason.objects.filter(**scope).delete()
    Reason.objects.bulk_create([Reason(**scope, text=r.text, amount=r.amount, position=i)
                                for i, r in enumerate(content.reasons)])
    Action.objects.filter(**scope).delete()
    Action.objects.bulk_create([
        Action(**scope, text=a.text, responsible=a.responsible, timeplan=a.timeplan, status=a.status,
               follow_up=a.follow_up, amount=a.amount, position=i)
        for i, a in enumerate(content.actions)
    ])


def _bump(status: UnitStatus, user: Any) -> None:
    status.version += 1
    status.updated_by = getattr(user, "username", "") or ""
    status.save()


def _log_state(key: str, old: UnitState, new: UnitState, user: Any, comment: str = "") -> None:
    new_value: dict[str, Any] = {"state": new.value}
    if comment:
        new_value["comment"] = comment
    log_action(STATE_EVENTS[new], user=user, object_type="unitstatus", object_key=key,
               old={"state": old.value}, new=new_value)


def submit(year: int, month: int, unit: OrgUnit, content: UnitContent, *, version: int, annual_budget: Ore,
           user: Any) -> UnitStatus:
    """Save and hand in, when the content meets `core.workflow.submission_problems`."""
    content = with_net(year, unit, content)
    problems = submission_problems(forecast=content.forecast, annual_budget=annual_budget, texts=content.texts,
                                   reasons=content.reasons, remainder=content.remainder)
    if problems:
        raise WorkflowError(" ".join(problems))
    with transaction.atomic():
        status = save_draft(year, month, unit, content, version=version, user=user)
        old = UnitState(status.state)
        status.state = _step(status, Step.SUBMIT)
        status.submitted_at = timezone.now()
        status.comment = ""
        _bump(status, user)
        _log_state(unit_key(year, month, unit), old, UnitState.SUBMITTED, user)
        return status


def _review(year: int, month: int, unit: OrgUnit, *, step: Step, comment: str, user: Any) -> UnitStatus:
    with transaction.atomic():
        period = period_info(year, month, hold=True)
        rules.require(user, rules.Act.REVIEW, unit.code, period)
        status = _status_for_update(year, month, unit)
        old = UnitState(status.state)
        new = _step(status, step)
        status.state, status.comment = new, comment
        _bump(status, user)
        _log_state(unit_key(year, month, unit), old, new, user, comment)
        return status


def approve(year: int, month: int, unit: OrgUnit, *, user: Any, comment: str = "") -> UnitStatus:
    return _review(year, month, unit, step=Step.APPROVE, comment=comment, user=user)


def return_with_comment(year: int, month: int, unit: OrgUnit, *, comment: str, user: Any) -> UnitStatus:
    if not comment.strip():
        raise WorkflowError("Skriv en kommentar som säger vad som ska rättas.")
    return _review(year, month, unit, step=Step.RETURN, comment=comment.strip(), user=user)
