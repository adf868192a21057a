"""Rolling up forecasts through a tree: the contract's F(U, m)."""

from __future__ import annotations

from collections.abc import Mapping

from uppfolj.core.money import Ore
from uppfolj.core.tree import Node, Tree

# unit code -> list of (month made, amount), any order
ForecastHistory = Mapping[str, list[tuple[int, Ore]]]


def own_forecast(history: ForecastHistory, unit: str, month: int) -> Ore | None:
    """The unit's own forecast made in the latest month ≤ month, or None."""
    best: tuple[int, Ore] | None = None
    for made, amount in history.get(unit, ()):
        if made <= month and (best is None or made > best[0]):
            best = (made, amount)
    return None if best is None else best[1]


def roll_up_forecasts(
    tree: Tree,
    history: ForecastHistory,
    month: int,
    annual_budget: Mapping[str, Ore],
    own_annual_budget: Mapping[str, Ore],
) -> tuple[dict[str, Ore | None], dict[str, list[str]]]:
    """F(U, month) for every unit, and per unit the children counted at their annual budget.

    `annual_budget` is each unit's whole-subtree annual budget, `own_annual_budget` that of
    the unit's own cost centres only. The same rule rolls row forecasts up the template, where
    `varav` children repeat their parent's accounts and are never added into it.
    """
    result: dict[str, Ore | None] = {}
    at_budget: dict[str, list[str]] = {}
    has_any: dict[str, bool] = {}

    def visit(node: Node) -> None:
        for child in node.children:
            visit(child)
        own = own_forecast(history, node.code, month)
        added = [c for c in node.children if not c.varav]
        has_any[node.code] = own is not None or any(has_any[c.code] for c in added)
        if own is not None:
            result[node.code] = own
            return
        if not has_any[node.code]:
            result[node.code] = None
            return
        total = own_annual_budget.get(node.code, 0)
        fallback: list[str] = []
        for child in added:
            value = result[child.code]
            if value is None:
                fallback.append(child.code)
                total += annual_budget.get(child.code, 0)
            else:
                total += value
        result[node.code] = total
        at_budget[node.code] = fallback

    for node in tree.order:
        if node.parent not in tree.nodes:  # a root, or the top of a part
            visit(node)
    return result, at_budget


def previous_round(months_with_forecasts: set[int], month: int) -> int | None:
    """The latest month before `month` in which any forecast of the year was made."""
    earlier = [m for m in months_with_forecasts if m < month]
    return max(earlier) if earlier else None


def own_amounts(template: Tree, totals: Mapping[str, Ore]) -> dict[str, Ore]:
    """Each template row's own accounts' part of `totals` (a row's amount, children included):
    its total less its non-`varav` children's."""
    return {
        node.code: totals.get(node.code, 0) - sum(totals.get(c.code, 0) for c in node.children if not c.varav)
        for node in template.order
    }


def row_forecasts(template: Tree, given: Mapping[str, Ore], annual: Mapping[str, Ore]) -> dict[str, Ore | None]:
    """Every template row's forecast from a unit's row forecasts of one month (CONTRACT
    *forecasts by row*): a row's own forecast, else the sum of its children's (a child without
    one at its annual budget) and its own accounts' budget; top-level rows without any forecast
    count at their annual budget, so the top-level rows always add up to the net forecast.

    `annual` is each row's annual budget, children included.
    """
    history = {r: [(0, a)] for r, a in given.items()}
    values, _ = roll_up_forecasts(template, history, 0, annual, own_amounts(template, annual))
    for node in template.order:
        if node.parent is None and not node.varav and values[node.code] is None:
            values[node.code] = annual.get(node.code, 0)
    return values


def net_of_rows(template: Tree, values: Mapping[str, Ore | None]) -> Ore:
    """The net forecast of a unit's row forecasts: the sum of its top-level (non-varav) rows."""
    return sum(values[n.code] or 0 for n in template.order if n.parent is None and not n.varav)
