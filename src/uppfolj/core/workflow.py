"""The budget holder's month: texts, reasons and actions, and the rules that govern them.

One home for each rule: which states a unit moves between, what a unit needs before it can
be submitted, and which actions are carried into a month. The web's services and the period
result both call these; nothing else decides them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass
from enum import StrEnum

from uppfolj.core.choices import ActionStatus, Heading, UnitState
from uppfolj.core.figures import forecast_variance
from uppfolj.core.format import amount
from uppfolj.core.money import Ore

# Reasons explain the forecast variance when they differ from it by less than half a tkr.
REASONS_TOLERANCE: Ore = 50_000


@dataclass(frozen=True, slots=True)
class TextItem:
    """A text under Utfall, Analys or Åtgärd; `flagged` when it looks like a personnummer."""

    heading: Heading
    text: str
    flagged: bool = False


@dataclass(frozen=True, slots=True)
class ReasonItem:
    """A reason for the forecast variance (orsak), its amount in the variance's sense."""

    text: str
    amount: Ore  # positive = better than budget


@dataclass(frozen=True, slots=True)
class ActionItem:
    """An action against a variance (åtgärd); `month` is the month it was written in."""

    text: str
    responsible: str = ""  # ansvarig
    timeplan: str = ""  # tidplan
    status: ActionStatus = ActionStatus.PLANNED
    follow_up: str = ""  # uppföljning
    amount: Ore | None = None  # expected effect
    month: int = 0


class Step(StrEnum):
    """What can happen to a unit's month."""

    SAVE = "save"  # a draft is saved
    SUBMIT = "submit"  # handed in to the controller
    APPROVE = "approve"
    RETURN = "return"  # sent back with a comment


EDITABLE: frozenset[UnitState] = frozenset({UnitState.NOT_STARTED, UnitState.DRAFT, UnitState.RETURNED})
_FROM: dict[Step, frozenset[UnitState]] = {
    Step.SAVE: EDITABLE,
    Step.SUBMIT: EDITABLE,
    Step.APPROVE: frozenset({UnitState.SUBMITTED}),
    Step.RETURN: frozenset({UnitState.SUBMITTED}),
}


class StepError(Exception):
    """A step the unit's state does not allow; the message is Swedish and says why."""


def next_state(current: UnitState, step: Step) -> UnitState:
    """The state after the step, or StepError.

    Saving keeps a returned unit returned (the controller's comment still stands) and turns
    a unit not started into a draft.
    """
    if current not in _FROM[step]:
        if step in (Step.SAVE, Step.SUBMIT):
            raise StepError(f"Enheten är {current.label.lower()} och kan inte ändras; be ekonomen återsända den först.")
        raise StepError(f"Enheten är inte inlämnad (status: {current.label.lower()}).")
    if step is Step.SAVE:
        return UnitState.DRAFT if current is UnitState.NOT_STARTED else current
    return {Step.SUBMIT: UnitState.SUBMITTED, Step.APPROVE: UnitState.APPROVED, Step.RETURN: UnitState.RETURNED}[step]


def is_done(state: UnitState) -> bool:
    """Handed in or approved: the unit is not late."""
    return state in (UnitState.SUBMITTED, UnitState.APPROVED)


def submission_problems(
    *,
    forecast: Ore | None,
    annual_budget: Ore,
    texts: Mapping[Heading, str],
    reasons: Sequence[ReasonItem],
    remainder: str,
) -> list[str]:
    """Why a unit's month cannot be submitted yet (Swedish sentences); empty when it can.

    A forecast is needed. When it differs from the annual budget, Utfall and Analys must say
    what happened and why, and the reasons must add up to the variance or the rest be explained.
    """
    if forecast is None:
        return ["Ange en helårsprognos."]
    problems = []
    variance = forecast_variance(annual_budget, forecast)
    if variance != 0:
        missing = [h.label for h in (Heading.UTFALL, Heading.ANALYS) if not texts.get(h, "").strip()]
        if missing:
            problems.append(f"Prognosavvikelsen är {amount(variance, space=' ')} tkr: skriv {' och '.join(missing)}.")
    explained = sum(r.amount for r in reasons)
    rest = variance - explained
    if abs(rest) >= REASONS_TOLERANCE and not remainder.strip():
        problems.append(
            f"Orsakerna summerar till {amount(explained, space=' ')} tkr men prognosavvikelsen är "
            f"{amount(variance, space=' ')} tkr (rest {amount(rest, space=' ')} tkr). "
            "Lägg till orsaker eller förklara resten."
        )
    return problems


def carried_actions(by_month: Mapping[int, Sequence[ActionItem]], saved: Set[int], month: int) -> list[ActionItem]:
    """The actions a unit shows in `month`.

    A month the unit has written (it has actions or was saved) shows its own actions; a month
    it has not written shows the earlier month's actions that are not done: an action is
    carried from one report to the next until it is marked klar.
    """
    for m in range(month, 0, -1):
        if m in by_month or m in saved:
            own = list(by_month.get(m, ()))
            return own if m == month else [a for a in own if a.status is not ActionStatus.DONE]
    return []
