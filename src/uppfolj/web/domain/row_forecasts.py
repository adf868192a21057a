"""Forecasts per template row (CONTRACT *forecasts by row*) as the unit page takes them: which
rows take one, the net they come to, and what cannot be stored together.

When a unit has row forecasts in a month, its net forecast is the sum of its top-level rows, a
row without a forecast counting at its annual budget and a parent row without one as its
children's sum (`uppfolj.web.domain.forecasts.net_from_rows`, the rule the import uses too).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from uppfolj.core.forecast import row_forecasts
from uppfolj.core.format import number
from uppfolj.core.money import Ore
from uppfolj.web.domain.cache import cached, figures_stamp
from uppfolj.web.domain.forecasts import net_from_rows, row_budgets
from uppfolj.web.domain.trees import current_template
from uppfolj.web.models import OrgUnit, RowForecast


def stored_row_forecasts(year: int, month: int, unit: OrgUnit) -> dict[str, Ore]:
    """The unit's row forecasts made in the month, row code -> öre."""
    return dict(RowForecast.objects.filter(year=year, month=month, unit=unit).values_list("row", "amount"))


def forecast_rows() -> list[str]:
    """The template rows a budget holder may forecast, in template order: every row that adds
    into the net (not a `varav` row, nor a row under one)."""
    tree = current_template()
    inside: set[str] = set()
    for node in tree.order:  # pre-order: a parent is decided before its children
        if not node.varav and (node.parent is None or node.parent in inside):
            inside.add(node.code)
    return [n.code for n in tree.order if n.code in inside]


def is_top_level(code: str) -> bool:
    """Whether the template row is a top-level row (those add up to the net)."""
    node = current_template().nodes.get(code)
    return node is not None and node.parent is None and not node.varav


def related_rows(code: str) -> set[str]:
    """The rows above and below a template row: those whose forecast must agree with its own."""
    tree = current_template()
    if code not in tree.nodes:
        return set()
    related = {n.code for n in tree.subtree(code)} - {code}
    parent = tree.nodes[code].parent
    while parent:
        related.add(parent)
        parent = tree.nodes[parent].parent
    return related


def unit_row_budgets(year: int, unit_code: str) -> dict[str, Ore]:
    """Per template row of the unit: its annual budget, children included."""
    return dict(cached(("row-budgets", year), lambda: row_budgets(year), stamp=figures_stamp()).get(unit_code, {}))


def net_of_rows(year: int, unit_code: str, given: Mapping[str, Ore]) -> Ore:
    """The unit's net forecast from its row forecasts (CONTRACT *forecasts by row*): the sum of
    its top-level rows, a row without a forecast counting at its annual budget and a parent row
    without one as its children's sum."""
    return net_from_rows(current_template(), unit_row_budgets(year, unit_code), given)


def row_from_children(year: int, unit_code: str, given: Mapping[str, Ore], row: str) -> Ore | None:
    """What a parent row comes to from the forecasts given below it (children without one at
    their annual budget), or None when no row below it has a forecast."""
    tree = current_template()
    below = {n.code for n in tree.subtree(row)} - {row}
    children = {code: amount for code, amount in given.items() if code in below}
    if not children:
        return None
    return row_forecasts(tree, children, unit_row_budgets(year, unit_code))[row]


def row_problems(year: int, unit_code: str, given: Mapping[str, Ore]) -> dict[str, str]:
    """Row code -> a Swedish message, for rows that cannot be stored: unknown rows, and a parent
    row whose forecast is not what the rows under it come to (both cannot hold at once)."""
    allowed = set(forecast_rows())
    tree = current_template()
    problems = {code: f"Raden {code} finns inte i rapportmallen eller räknas inte in i nettot."
                for code in given if code not in allowed}
    for code in given:
        if code in problems:
            continue
        from_children = row_from_children(year, unit_code, given, code)
        if from_children is not None and from_children != given[code]:
            problems[code] = (f"{tree.nodes[code].name}: {tkr_exact(given[code])} tkr är inte summan av raderna "
                              f"under ({tkr_exact(from_children)} tkr, rader utan prognos enligt årsbudget). "
                              "Töm raden eller ändra raderna under den.")
    return problems


def tkr_exact(ore: Ore) -> str:
    """Öre as tkr the way a form field shows them: whole where exact, else two decimals."""
    whole = ore % 100_000 == 0
    return number(Decimal(ore) / 100_000, 0 if whole else 2, space=" ")
