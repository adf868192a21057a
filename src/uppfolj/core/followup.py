"""The follow-up computation: summed cells mapped to units and template rows, rolled up."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial

from uppfolj.core.figures import Figures, Sums, figures_from
from uppfolj.core.forecast import (
    ForecastHistory,
    net_of_rows,
    previous_round,
    roll_up_forecasts,
    row_forecasts,
)
from uppfolj.core.money import Ore
from uppfolj.core.patterns import Matcher
from uppfolj.core.tree import Node, Tree


@dataclass(frozen=True, slots=True)
class Cell:
    """Sums for one ledger key (cost centre or activity code) and account."""

    key: str
    account: str
    sums: Sums


@dataclass
class Unmatched:
    """Amounts the report could not place, for the checks."""

    keys: dict[str, Sums] = field(default_factory=dict)  # cost centres / activities in no unit
    accounts: dict[str, Sums] = field(default_factory=dict)  # accounts in no template row


@dataclass
class FollowUp:
    """Figures per unit, per (unit, template row), and what could not be placed."""

    units: dict[str, Figures]
    rows: dict[str, dict[str, Figures]]  # unit code -> template row code -> figures
    net: dict[str, Figures]  # unit code -> Nettokostnad (the unit's own figures, no forecast)
    forecast_at_budget: dict[str, list[str]]  # unit -> children counted at budget in F(unit, M)
    unmatched: Unmatched
    previous_round: int | None
    forecast_by_month: dict[int, dict[str, Ore | None]] = field(default_factory=dict)  # m -> F(U, m)
    row_forecast: dict[str, dict[str, Ore | None]] = field(default_factory=dict)  # unit -> row -> R(U, M)

# unit -> month made -> template row -> the row's forecast (the budget holder's row lines)
RowForecastHistory = Mapping[str, Mapping[int, Mapping[str, Ore]]]


def unit_matcher(tree: Tree) -> Matcher:
    catch_all = next((n.code for n in tree.order if n.catch_all), None)
    return Matcher([(n.code, n.patterns) for n in tree.order if n.patterns], catch_all)


def row_matchers(template: Tree) -> tuple[Matcher, list[tuple[str, Matcher]]]:
    """The matcher for non-`varav` rows, and one per `varav` row (their accounts repeat)."""
    main = Matcher([(n.code, n.patterns) for n in template.order if not n.varav and n.patterns])
    varav = [(n.code, Matcher([(n.code, n.patterns)])) for n in template.order if n.varav and n.patterns]
    return main, varav


@dataclass(frozen=True)
class Placement:
    """The cells on their units and template rows, rolled up both trees, with the figures that
    need no forecast: everything of the follow-up that the ledger and budget decide. It changes
    only when they (or the trees) do, so a caller may keep it while forecasts are written."""

    unit_rows: dict[str, dict[str, Sums]]  # unit -> template row -> sums of the unit's subtree
    unit_totals: dict[str, Sums]  # unit -> Nettokostnad sums of its subtree
    own_totals: dict[str, Sums]  # unit -> Nettokostnad sums of its own cost centres
    own_rows: dict[str, dict[str, Sums]]  # unit -> template row -> sums of its own cost centres
    unmatched: Unmatched
    rows: dict[str, dict[str, Figures]]  # the figures of `unit_rows`
    net: dict[str, Figures]  # the figures of `unit_totals`
    previous_period_known: bool
    previous_year_known: bool


def place_cells(tree: Tree, template: Tree, cells: Iterable[Cell], *, previous_period_known: bool,
                previous_year_known: bool) -> Placement:
    """Place each cell on its unit and row and roll both trees up."""
    units_m = unit_matcher(tree)
    rows_m, varav_ms = row_matchers(template)
    own: dict[str, dict[str, Sums]] = defaultdict(lambda: defaultdict(Sums))
    unmatched = Unmatched()
    for cell in cells:
        row = rows_m.owner(cell.account)
        if row is None:
            unmatched.accounts.setdefault(cell.account, Sums()).add(cell.sums)
        unit = units_m.owner(cell.key)
        if unit is None:
            unmatched.keys.setdefault(cell.key, Sums()).add(cell.sums)
            continue
        if row is not None:
            own[unit][row].add(cell.sums)
        for code, matcher in varav_ms:
            if matcher.owner(cell.account) is not None:
                own[unit][code].add(cell.sums)

    unit_rows = _roll_up_units(tree, template, own)
    own_rows = {code: _roll_up_rows(template, own.get(code, {})) for code in tree.nodes}
    unit_totals = {code: _net(template, rows) for code, rows in unit_rows.items()}
    figures = partial(figures_from, previous_period_known=previous_period_known,
                      previous_year_known=previous_year_known)
    return Placement(
        unit_rows=unit_rows, unit_totals=unit_totals,
        own_totals={code: _net(template, rows) for code, rows in own_rows.items()},
        own_rows=own_rows, unmatched=unmatched,
        rows={code: {r: figures(s) for r, s in unit_rows[code].items()} for code in tree.nodes},
        net={code: figures(unit_totals[code]) for code in tree.nodes},
        previous_period_known=previous_period_known, previous_year_known=previous_year_known,
    )


def compute_followup(
    tree: Tree,
    template: Tree,
    cells: Iterable[Cell],
    *,
    month: int,
    previous_period_known: bool,
    previous_year_known: bool,
    forecasts: ForecastHistory | None,
    forecast_months: set[int],
    row_history: RowForecastHistory | None = None,
) -> FollowUp:
    """Place each cell on its unit and row, roll both trees up, and derive the figures.

    `forecasts` is None where forecasts do not apply (the activity tree). Where a unit has row
    forecasts in a month, its net forecast of that month is their sum (`row_history`).
    """
    placement = place_cells(tree, template, cells, previous_period_known=previous_period_known,
                            previous_year_known=previous_year_known)
    return follow_up(tree, template, placement, month=month, forecasts=forecasts,
                     forecast_months=forecast_months, row_history=row_history)


def follow_up(
    tree: Tree,
    template: Tree,
    placement: Placement,
    *,
    month: int,
    forecasts: ForecastHistory | None,
    forecast_months: set[int],
    row_history: RowForecastHistory | None = None,
) -> FollowUp:
    """The follow-up of placed cells with the forecasts of months 1..`month` (see
    `compute_followup`); what the ledger alone decides is taken from `placement` unchanged."""
    unit_rows, unit_totals = placement.unit_rows, placement.unit_totals
    by_month: dict[int, dict[str, Ore | None]] = {}
    at_budget: dict[str, list[str]] = {}
    prev = previous_round(forecast_months, month) if forecasts is not None else None
    row_forecast: dict[str, dict[str, Ore | None]] = {}
    by_made: dict[str, dict[int, dict[str, Ore | None]]] = {}
    if forecasts is not None and row_history:
        forecasts, by_made = _nets_from_rows(tree, template, unit_rows, forecasts, row_history)
    if forecasts is not None:
        annual = {c: s.annual_budget for c, s in unit_totals.items()}
        own_annual = {c: s.annual_budget for c, s in placement.own_totals.items()}
        # F(U, m) of every month up to M: the report's forecast, its previous round, the series.
        for m in range(1, month + 1):
            by_month[m], counted = roll_up_forecasts(tree, forecasts, m, annual, own_annual)
            if m == month:
                at_budget = counted
        if row_history:
            row_forecast = _row_forecasts_at(tree, template, unit_rows=unit_rows, own_rows=placement.own_rows,
                                             forecasts=forecasts, by_made=by_made, forecast_now=by_month[month],
                                             month=month)
    nothing: dict[str, Ore | None] = dict.fromkeys(tree.nodes)
    forecast_now = by_month.get(month, nothing)
    forecast_before = by_month[prev] if prev is not None else nothing
    units = {
        code: figures_from(
            unit_totals[code],
            forecast=forecast_now[code],
            previous_forecast=forecast_before[code],
            has_previous_round=prev is not None,
            previous_period_known=placement.previous_period_known,
            previous_year_known=placement.previous_year_known,
        )
        for code in tree.nodes
    }
    return FollowUp(units, placement.rows, placement.net, at_budget, placement.unmatched, prev, by_month,
                    row_forecast)


def _nets_from_rows(
    tree: Tree, template: Tree, unit_rows: Mapping[str, Mapping[str, Sums]],
    forecasts: ForecastHistory, row_history: RowForecastHistory,
) -> tuple[dict[str, list[tuple[int, Ore]]], dict[str, dict[int, dict[str, Ore | None]]]]:
    """The forecast history with each row-forecast month's net taken from its rows, and every
    unit's rows per month made."""
    history = {code: list(entries) for code, entries in forecasts.items()}
    by_made: dict[str, dict[int, dict[str, Ore | None]]] = {}
    for code, months in row_history.items():
        if code not in tree.nodes:
            continue
        annual = {row: s.annual_budget for row, s in unit_rows[code].items()}
        for made, given in months.items():
            values = row_forecasts(template, given, annual)
            by_made.setdefault(code, {})[made] = values
            entries = [(m, a) for m, a in history.get(code, []) if m != made]
            history[code] = [*entries, (made, net_of_rows(template, values))]
    return history, by_made


def _row_forecasts_at(
    tree: Tree, template: Tree, *, unit_rows: Mapping[str, Mapping[str, Sums]],
    own_rows: Mapping[str, Mapping[str, Sums]], forecasts: ForecastHistory,
    by_made: Mapping[str, Mapping[int, Mapping[str, Ore | None]]], forecast_now: Mapping[str, Ore | None], month: int,
) -> dict[str, dict[str, Ore | None]]:
    """R(U, M) for every unit: the rows of the own forecast F(U, M) is taken from, if it has
    rows; else, where F(U, M) comes from the children, the sum of theirs (a child without a
    forecast at its rows' annual budget) and the unit's own cost centres' row budgets. A row is
    None where a part it needs has no row forecast; every row is None where F(U, M) is None."""
    result: dict[str, dict[str, Ore | None]] = {}
    none: dict[str, Ore | None] = dict.fromkeys(template.nodes)

    def visit(node: Node) -> dict[str, Ore | None]:
        children = {child.code: visit(child) for child in node.children}
        values: dict[str, Ore | None] = dict(none)
        if forecast_now.get(node.code) is not None:
            made = _own_month(forecasts, node.code, month)
            if made is not None:
                values = dict(by_made.get(node.code, {}).get(made, none))
            else:
                values = {r: own_rows[node.code][r].annual_budget if r in own_rows[node.code] else 0
                          for r in template.nodes}
                for child in node.children:
                    theirs = children[child.code]
                    for r in template.nodes:
                        part = (unit_rows[child.code][r].annual_budget if r in unit_rows[child.code] else 0) \
                            if forecast_now.get(child.code) is None else theirs[r]
                        current = values[r]
                        values[r] = None if part is None or current is None else current + part
        result[node.code] = values
        return values

    for node in tree.order:
        if node.parent not in tree.nodes:  # a root, or the top of a part
            visit(node)
    return result


def _own_month(forecasts: ForecastHistory, unit: str, month: int) -> int | None:
    """The month of the unit's own forecast that F(U, month) takes, if it has one."""
    made = [m for m, _ in forecasts.get(unit, ()) if m <= month]
    return max(made) if made else None


def _roll_up_rows(template: Tree, own: Mapping[str, Sums]) -> dict[str, Sums]:
    """Each template row: its own accounts plus its non-`varav` children."""
    result: dict[str, Sums] = {}

    def visit(node: Node) -> Sums:
        total = own[node.code].copy() if node.code in own else Sums()
        for child in node.children:
            child_sums = visit(child)
            if not child.varav:
                total.add(child_sums)
        result[node.code] = total
        return total

    for node in template.order:
        if node.parent is None:
            visit(node)
    return result


def _roll_up_units(
    tree: Tree, template: Tree, own: Mapping[str, Mapping[str, Sums]]
) -> dict[str, dict[str, Sums]]:
    """Per unit: the own row sums of its whole subtree, rolled up over the template rows."""
    result: dict[str, dict[str, Sums]] = {}

    def visit(node: Node) -> dict[str, Sums]:
        acc: dict[str, Sums] = {r: s.copy() for r, s in own.get(node.code, {}).items()}
        for child in node.children:
            for r, s in visit(child).items():
                acc.setdefault(r, Sums()).add(s)
        result[node.code] = _roll_up_rows(template, acc)
        return acc

    for node in tree.order:
        if node.parent not in tree.nodes:  # a root, or the top of a part
            visit(node)
    return result


def _net(template: Tree, rows: Mapping[str, Sums]) -> Sums:
    """Nettokostnad: the sum of the top-level rows."""
    total = Sums()
    for node in template.order:
        if node.parent is None and not node.varav and node.code in rows:
            total.add(rows[node.code])
    return total
