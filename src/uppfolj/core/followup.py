"""The follow-up computation: summed cells mapped to units and template rows, rolled up."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial

from uppfolj.core.figures import Figures, Sums, figures_from
from uppfolj.core.forecast import ForecastHistory, previous_round, roll_up_forecasts
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


def unit_matcher(tree: Tree) -> Matcher:
    catch_all = next((n.code for n in tree.order if n.catch_all), None)
    return Matcher([(n.code, n.patterns) for n in tree.order if n.patterns], catch_all)


def row_matchers(template: Tree) -> tuple[Matcher, list[tuple[str, Matcher]]]:
    """The matcher for non-`varav` rows, and one per `varav` row (their accounts repeat)."""
    main = Matcher([(n.code, n.patterns) for n in template.order if not n.varav and n.patterns])
    varav = [(n.code, Matcher([(n.code, n.patterns)])) for n in template.order if n.varav and n.patterns]
    return main, varav


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
) -> FollowUp:
    """Place each cell on its unit and row, roll both trees up, and derive the figures.

    `forecasts` is None where forecasts do not apply (the activity tree).
    """
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
    unit_totals = {code: _net(template, rows) for code, rows in unit_rows.items()}
    own_totals = {code: _net(template, _roll_up_rows(template, own.get(code, {}))) for code in tree.nodes}

    by_month: dict[int, dict[str, Ore | None]] = {}
    at_budget: dict[str, list[str]] = {}
    prev = previous_round(forecast_months, month) if forecasts is not None else None
    if forecasts is not None:
        annual = {c: s.annual_budget for c, s in unit_totals.items()}
        own_annual = {c: s.annual_budget for c, s in own_totals.items()}
        # F(U, m) of every month up to M: the report's forecast, its previous round, the series.
        for m in range(1, month + 1):
            by_month[m], counted = roll_up_forecasts(tree, forecasts, m, annual, own_annual)
            if m == month:
                at_budget = counted
    nothing: dict[str, Ore | None] = dict.fromkeys(tree.nodes)
    forecast_now = by_month.get(month, nothing)
    forecast_before = by_month[prev] if prev is not None else nothing

    figures = partial(figures_from, previous_period_known=previous_period_known,
                      previous_year_known=previous_year_known)
    units = {
        code: figures(
            unit_totals[code],
            forecast=forecast_now[code],
            previous_forecast=forecast_before[code],
            has_previous_round=prev is not None,
        )
        for code in tree.nodes
    }
    rows = {code: {r: figures(s) for r, s in unit_rows[code].items()} for code in tree.nodes}
    net = {code: figures(unit_totals[code]) for code in tree.nodes}
    return FollowUp(units, rows, net, at_budget, unmatched, prev, by_month)


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
        if node.parent is None:
            visit(node)
    return result


def _net(template: Tree, rows: Mapping[str, Sums]) -> Sums:
    """Nettokostnad: the sum of the top-level rows."""
    total = Sums()
    for node in template.order:
        if node.parent is None and not node.varav and node.code in rows:
            total.add(rows[node.code])
    return total
