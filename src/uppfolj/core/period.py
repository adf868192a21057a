"""One month's follow-up, computed once: a plain input in, the complete result out.

`web.domain.period` loads a `PeriodInput` from the database in one pass; `compute_period`
turns it into a `PeriodResult`: figures per unit and template row, the forecast of every
month and round, the monthly series, each unit's texts, reasons and carried actions, its
state and what it lacks for submission, and every check. The JSON, the documents, the web
pages, the API and the command line all read that result; a locked month's result is stored
and served unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field, replace
from functools import cached_property

from uppfolj.core import checks as found
from uppfolj.core.choices import Heading, PeriodState, TreeKind, UnitState
from uppfolj.core.figures import Figures, forecast_variance
from uppfolj.core.followup import Cell, Placement, follow_up, place_cells, unit_matcher
from uppfolj.core.money import Ore
from uppfolj.core.patterns import Matcher
from uppfolj.core.records import Check
from uppfolj.core.tree import Tree
from uppfolj.core.workflow import (
    ActionItem,
    ReasonItem,
    TextItem,
    carried_actions,
    is_done,
    submission_problems,
)

MONTHS = range(1, 13)


# --- the input ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MonthCell:
    """Year Y's actual and budget of one ledger key in one month, over the template's accounts."""

    key: str
    month: int
    actual: Ore = 0
    budget: Ore = 0


@dataclass(frozen=True, slots=True)
class ForecastEntry:
    """A unit's own full-year forecast made in `month` (ledger sign)."""

    unit: str
    month: int
    amount: Ore
    comment: str = ""


@dataclass(frozen=True, slots=True)
class RowForecastEntry:
    """A unit's own full-year forecast of one template row, made in `month` (ledger sign)."""

    unit: str
    month: int
    row: str
    amount: Ore


@dataclass(frozen=True, slots=True)
class UnitWork:
    """What a unit's month holds in the workflow: its state, texts, reasons and remainder."""

    state: UnitState = UnitState.NOT_STARTED
    version: int = 0
    comment: str = ""  # the controller's comment when returning the unit
    remainder: str = ""  # why the reasons do not add up to the variance
    updated_by: str = ""
    texts: tuple[TextItem, ...] = ()
    reasons: tuple[ReasonItem, ...] = ()


@dataclass(frozen=True, slots=True)
class PeriodInfo:
    """The month itself: open, locked or never opened; its deadline; its last reopening."""

    year: int
    month: int
    state: PeriodState = PeriodState.NOT_OPENED
    deadline: dt.date | None = None
    locked_at: dt.datetime | None = None
    reopened_reason: str = ""

    @property
    def locked(self) -> bool:
        return self.state is PeriodState.LOCKED

    @property
    def key(self) -> str:
        """'2024-03', as messages and the audit log name the month."""
        return f"{self.year}-{self.month:02d}"


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """A ledger row behind the report (the drill-down sheet); `flagged` texts are never shown."""

    year: int
    month: int
    cost_centre: str
    account: str
    activity: str
    project: str
    voucher: str
    date: dt.date | None
    text: str
    amount: Ore
    flagged: bool = False
    unit: str = ""  # the unit that takes the row, filled in by compute_period


@dataclass
class PeriodInput:
    """Everything one month's follow-up reads, loaded in one pass; no database inside."""

    year: int
    month: int
    by: TreeKind
    tree: Tree
    template: Tree
    cells: Sequence[Cell]  # (key, account) sums: actual Y 1..M, Y−1, budget Y
    today: dt.date
    period: PeriodInfo
    monthly: Sequence[MonthCell] = ()
    previous_period_known: bool = False
    previous_year_known: bool = False
    forecasts: Sequence[ForecastEntry] = ()  # year Y, made in months 1..12
    row_forecasts: Sequence[RowForecastEntry] = ()  # year Y, made in months 1..12
    work: Mapping[str, UnitWork] = field(default_factory=dict)  # month M, per unit
    actions: Mapping[str, Mapping[int, Sequence[ActionItem]]] = field(default_factory=dict)  # unit -> month ≤ M
    saved_months: Mapping[str, Set[int]] = field(default_factory=dict)  # months ≤ M a unit has a status in
    responsible: Set[str] = frozenset()  # units a budget holder is assigned to
    flagged_ledger: Sequence[tuple[str, int]] = ()  # (cost centre, rows) in Y 1..M and Y−1
    flagged_texts: Sequence[tuple[str, int]] = ()  # (unit, month) in Y 1..M
    import_checks: Sequence[Check] = ()  # findings of the imports that covered year Y
    ledger: Sequence[LedgerEntry] | None = None  # loaded only for the drill-down sheet
    ledger_truncated: bool = False
    # The result of this unit's subtree only (a unit's page): the forecasts and work are then
    # those units' only; cells and series stay the whole tree's (`ledger_part`).
    only: str | None = None
    # With `only`: the months in which any unit of the tree made a forecast (net, by row), so
    # that a part measures its changes against the same round as the whole.
    net_months: Set[int] | None = None
    row_months: Set[int] | None = None

    def forecast_months(self) -> tuple[set[int], set[int]]:
        """The months any forecast was made in: net forecasts, row forecasts."""
        nets = set(self.net_months) if self.net_months is not None else {f.month for f in self.forecasts}
        rows = set(self.row_months) if self.row_months is not None else {r.month for r in self.row_forecasts}
        return nets, rows


# --- the result ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a follow-up table: a unit, or a template row."""

    code: str
    name: str
    parent: str | None
    level: int
    figures: Figures
    varav: bool = False


@dataclass
class UnitResult:
    """One unit's month: its figures, forecasts, series, texts and workflow."""

    line: Line
    rows: list[Line]  # template rows, pre-order
    net: Figures  # Nettokostnad: the sum of the top-level rows, without forecast
    forecasts: list[Ore | None]  # F(U, m) for m = 1..M
    own_forecasts: list[tuple[int, Ore]]  # the unit's own forecasts, (month made, amount), m ≤ M
    actual_by_month: list[Ore]  # year Y, months 1..12 (0 after M)
    budget_by_month: list[Ore]
    forecast_at_budget: list[str]  # children counted at their annual budget in F(U, M)
    state: UnitState = UnitState.NOT_STARTED
    version: int = 0
    comment: str = ""
    remainder: str = ""
    updated_by: str = ""
    texts: list[TextItem] = field(default_factory=list)
    reasons: list[ReasonItem] = field(default_factory=list)
    actions: list[ActionItem] = field(default_factory=list)  # carried until done
    responsible: bool = False  # a budget holder is assigned to this unit
    late: bool = False  # responsible, not handed in, and the deadline has passed

    @property
    def code(self) -> str:
        return self.line.code

    @property
    def figures(self) -> Figures:
        return self.line.figures

    @property
    def forecast_made(self) -> Ore | None:
        """The unit's own forecast made in the report's month (what the budget holder edits)."""
        month = len(self.forecasts)
        return next((amount for made, amount in self.own_forecasts if made == month), None)

    def text_of(self, heading: Heading) -> str:
        """The texts under one heading, joined as the form shows them."""
        return "\n".join(t.text for t in self.texts if t.heading is heading)

    @property
    def submission_problems(self) -> list[str]:
        """What the unit lacks before it can be submitted (asked for by the one page that shows
        it: the sentences format amounts, too slow to write for every unit of every result)."""
        return submission_problems(
            forecast=self.forecast_made, annual_budget=self.figures.annual_budget,
            texts={h: self.text_of(h) for h in Heading}, reasons=self.reasons, remainder=self.remainder,
        )


@dataclass
class PeriodResult:
    """The follow-up of months 1..month of year for the tree `by`: every unit, figure and check."""

    organisation: str  # the root's name
    year: int
    month: int
    by: TreeKind
    period: PeriodInfo
    units: list[UnitResult]  # the whole tree, pre-order
    forecast_rounds: list[int]  # months ≤ M in which any forecast of the year was made
    previous_round: int | None
    placement_checks: list[Check]  # rows no unit takes, accounts no template row covers
    other_checks: list[Check]  # personnummer, import findings, changes after the lock
    ledger: list[LedgerEntry] | None = None
    ledger_truncated: bool = False
    frozen_at: dt.datetime | None = None  # when the month was locked and this result stored

    def unit(self, code: str) -> UnitResult:
        return self.units[self._positions[code]]

    def has_unit(self, code: str) -> bool:
        return code in self._positions

    def subtree(self, code: str) -> list[UnitResult]:
        """The unit and every unit below it, in pre-order (the order of `units`)."""
        start = self._positions[code]
        top = self.units[start]
        out = [top]
        for unit in self.units[start + 1 :]:
            if unit.line.level <= top.line.level:
                break
            out.append(unit)
        return out

    def children(self, code: str) -> list[UnitResult]:
        return [u for u in self.units if u.line.parent == code]

    def late_units(self) -> list[UnitResult]:
        return [u for u in self.units if u.late]

    @cached_property
    def _positions(self) -> dict[str, int]:
        # Not a field: a cache of the stored units' order, never stored itself.
        return {u.code: i for i, u in enumerate(self.units)}


# --- the computation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LedgerPart:
    """What a month's result takes from the ledger, budget and trees alone: the placed cells,
    each unit's template lines and monthly series, and the placement checks. It does not change
    when forecasts, texts or states are written, so the web keeps it between those writes and
    `compute_period` adds only the month's work to it."""

    placement: Placement
    lines: dict[str, list[Line]]  # unit -> its template rows, without row forecasts
    actual_series: dict[str, list[Ore]]
    budget_series: dict[str, list[Ore]]
    placement_checks: list[Check]
    matcher: Matcher  # which unit takes a ledger key: series, checks, drill-down


def ledger_part(data: PeriodInput) -> LedgerPart:
    """The part of the month's result that depends on the ledger, budget and trees only."""
    placement = place_cells(data.tree, data.template, data.cells, previous_period_known=data.previous_period_known,
                            previous_year_known=data.previous_year_known)
    matcher = unit_matcher(data.tree)
    actual, budget = _series(data, matcher)
    return LedgerPart(
        placement=placement,
        lines={code: _rows(data.template, placement.rows[code], {}) for code in data.tree.nodes},
        actual_series=actual, budget_series=budget,
        placement_checks=found.unplaced(data.by, placement.unmatched.keys, placement.unmatched.accounts),
        matcher=matcher,
    )


def compute_period(data: PeriodInput, part: LedgerPart | None = None) -> PeriodResult:
    """The complete result of the month from its input; the one place the rules are applied.

    `part` is `ledger_part(data)`, computed here unless the caller kept it from an input with the
    same ledger, budget and trees."""
    if data.tree.root is None:
        raise ValueError("the tree has no root")  # the loader refuses an empty tree first
    part = part or ledger_part(data)
    tree = data.tree if data.only is None else data.tree.part(data.only)
    organisation = data.by is TreeKind.ORGANISATION
    history: dict[str, list[tuple[int, Ore]]] = defaultdict(list)
    for f in data.forecasts:
        history[f.unit].append((f.month, f.amount))
    row_history: dict[str, dict[int, dict[str, Ore]]] = defaultdict(lambda: defaultdict(dict))
    for r in data.row_forecasts:
        row_history[r.unit][r.month][r.row] = r.amount
    net_months, row_months = data.forecast_months()
    followup = follow_up(
        tree, data.template, part.placement, month=data.month,
        forecasts=history if organisation else None,
        forecast_months=net_months | row_months if organisation else set(),
        row_history=row_history if organisation else None,
    )
    deadline_passed = data.period.deadline is not None and data.today > data.period.deadline
    units = []
    for node in tree.order:
        line = Line(node.code, node.name, node.parent, node.level, followup.units[node.code])
        own = sorted((m, a) for m, a in history.get(node.code, ()) if m <= data.month)
        row_forecast = followup.row_forecast.get(node.code)
        unit = UnitResult(
            line=line,
            rows=_rows(data.template, followup.rows[node.code], row_forecast) if row_forecast
            else list(part.lines[node.code]),
            net=followup.net[node.code],
            forecasts=[followup.forecast_by_month[m].get(node.code) if organisation else None
                       for m in range(1, data.month + 1)],
            own_forecasts=own,
            actual_by_month=list(part.actual_series[node.code]),
            budget_by_month=list(part.budget_series[node.code]),
            forecast_at_budget=followup.forecast_at_budget.get(node.code, []),
        )
        if organisation:
            _add_work(unit, data, deadline_passed=deadline_passed)
        units.append(unit)
    rounds = sorted(m for m in net_months if m <= data.month) if organisation else []
    return PeriodResult(
        organisation=data.tree.root.name, year=data.year, month=data.month, by=data.by, period=data.period,
        units=units, forecast_rounds=rounds, previous_round=followup.previous_round,
        placement_checks=list(part.placement_checks),
        other_checks=_other_checks(data, part.matcher),
        ledger=_ledger(data, part.matcher), ledger_truncated=data.ledger_truncated,
    )


def _rows(template: Tree, figures: Mapping[str, Figures], forecasts: Mapping[str, Ore | None]) -> list[Line]:
    """The unit's template rows, each with its row forecast R(U, M) where there is one."""
    lines = []
    for r in template.order:
        row = figures[r.code]
        forecast = forecasts.get(r.code)
        if forecast is not None:
            row = replace(row, forecast=forecast, forecast_variance=forecast_variance(row.annual_budget, forecast))
        lines.append(Line(r.code, r.name, r.parent, r.level, row, r.varav))
    return lines


def _add_work(unit: UnitResult, data: PeriodInput, *, deadline_passed: bool) -> None:
    """The workflow side of an organisation unit: state, texts, carried actions, what it lacks."""
    work = data.work.get(unit.code, UnitWork())
    unit.state, unit.version, unit.comment = work.state, work.version, work.comment
    unit.remainder, unit.updated_by = work.remainder, work.updated_by
    unit.texts, unit.reasons = list(work.texts), list(work.reasons)
    unit.actions = carried_actions(data.actions.get(unit.code, {}), data.saved_months.get(unit.code, set()), data.month)
    unit.responsible = unit.code in data.responsible
    unit.late = unit.responsible and deadline_passed and not data.period.locked and not is_done(unit.state)


def _series(data: PeriodInput, matcher: Matcher) -> tuple[dict[str, list[Ore]], dict[str, list[Ore]]]:
    """Each unit's actual and budget per month of year Y, its subtree included."""
    actual: dict[str, list[Ore]] = {code: [0] * 12 for code in data.tree.nodes}
    budget: dict[str, list[Ore]] = {code: [0] * 12 for code in data.tree.nodes}
    for cell in data.monthly:
        owner = matcher.owner(cell.key)
        if owner is not None:
            actual[owner][cell.month - 1] += cell.actual
            budget[owner][cell.month - 1] += cell.budget
    for node in reversed(data.tree.order):  # children before their parents
        if node.parent is not None:
            for m in range(12):
                actual[node.parent][m] += actual[node.code][m]
                budget[node.parent][m] += budget[node.code][m]
    return actual, budget


def _other_checks(data: PeriodInput, matcher: Matcher) -> list[Check]:
    owner = matcher.owner if data.by is TreeKind.ORGANISATION else (lambda _key: None)
    comments = [(f.unit, f.month, f.comment) for f in data.forecasts if f.comment and f.month <= data.month]
    checks = found.personal_identity_numbers(
        data.year, ledger=data.flagged_ledger, owner=owner, texts=data.flagged_texts, forecast_comments=comments,
    )
    return checks + list(data.import_checks)


def _ledger(data: PeriodInput, matcher: Matcher) -> list[LedgerEntry] | None:
    """The drill-down rows, each with the unit that takes it (rows no unit takes are left out)."""
    if data.ledger is None:
        return None
    key = data.by.ledger_key
    owned = ((entry, matcher.owner(getattr(entry, key))) for entry in data.ledger)
    return [replace(entry, unit=owner) for entry, owner in owned if owner is not None]
