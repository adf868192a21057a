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
    the unit's own cost centres only.
    """
    result: dict[str, Ore | None] = {}
    at_budget: dict[str, list[str]] = {}
    has_any: dict[str, bool] = {}

    def visit(node: Node) -> None:
        for child in node.children:
            visit(child)
        own = own_forecast(history, node.code, month)
        has_any[node.code] = own is not None or any(has_any[c.code] for c in node.children)
        if own is not None:
            result[node.code] = own
            return
        if not has_any[node.code]:
            result[node.code] = None
            return
        total = own_annual_budget.get(node.code, 0)
        fallback: list[str] = []
        for child in node.children:
            value = result[child.code]
            if value is None:
                fallback.append(child.code)
                total += annual_budget.get(child.code, 0)
            else:
                total += value
        result[node.code] = total
        at_budget[node.code] = fallback

    for node in tree.order:
        if node.parent is None:
            visit(node)
    return result, at_budget


def previous_round(months_with_forecasts: set[int], month: int) -> int | None:
    """The latest month before `month` in which any forecast of the year was made."""
    earlier = [m for m in months_with_forecasts if m < month]
    return max(earlier) if earlier else None
