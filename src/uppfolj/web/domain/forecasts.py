"""Storing forecasts: each (year, month made, unit) in the file replaces the stored one.

A unit's forecast of a month is either one net figure or row forecasts (CONTRACT *forecasts by
row*). With rows, the stored net is their sum, rows without a forecast counting at their annual
budget; a net line beside them must be empty or equal that sum.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from django.db.models import Sum

from uppfolj.core.choices import TreeKind
from uppfolj.core.errors import Problems
from uppfolj.core.figures import Sums
from uppfolj.core.followup import Cell, compute_followup
from uppfolj.core.forecast import net_of_rows, row_forecasts
from uppfolj.core.format import kr_text
from uppfolj.core.money import Ore
from uppfolj.core.records import ForecastRecord
from uppfolj.core.tree import Tree
from uppfolj.web.domain.audit import log_action
from uppfolj.web.domain.trees import load_template, load_unit_tree
from uppfolj.web.models import BudgetLine, Forecast, OrgUnit, RowForecast

Key = tuple[int, int, str]  # (year, month made, unit)


def row_budgets(year: int) -> dict[str, dict[str, Ore]]:
    """Per unit and template row: the annual budget of year Y, children included."""
    tree, template = load_unit_tree(TreeKind.ORGANISATION), load_template()
    if tree is None or tree.root is None:
        return {}
    cells = [
        Cell(cc, account, Sums(annual_budget=total))
        for cc, account, total in BudgetLine.objects.filter(year=year).values_list("cost_centre", "account")
        .annotate(total=Sum("amount")).order_by()
    ]
    rows = compute_followup(tree, template, cells, month=12, previous_period_known=False,
                            previous_year_known=False, forecasts=None, forecast_months=set()).rows
    return {unit: {row: f.annual_budget for row, f in figures.items()} for unit, figures in rows.items()}


def net_from_rows(template: Tree, annual: Mapping[str, Ore], given: Mapping[str, Ore]) -> Ore:
    """The net forecast of a unit's row forecasts, with its rows' annual budgets (`row_budgets`)."""
    return net_of_rows(template, row_forecasts(template, given, annual))


class UnitRowRecord(Protocol):
    """A record of a unit (and optionally a template row) from a file line."""

    @property
    def unit(self) -> str: ...
    @property
    def row(self) -> str: ...
    @property
    def line(self) -> int: ...


def known_units_and_rows(records: Sequence[UnitRowRecord], problems: Problems) -> tuple[dict[str, OrgUnit], Tree]:
    """The organisation's units and the template; each record naming an unknown unit, or a
    template row that does not exist, is noted in `problems` with its line."""
    units = {u.code: u for u in OrgUnit.objects.filter(tree=TreeKind.ORGANISATION)}
    template = load_template()
    for r in records:
        if r.unit not in units:
            problems.add(r.line, f'enheten "{r.unit}" finns inte i organisationen')
        elif r.row and r.row not in template.nodes:
            problems.add(r.line, f'raden "{r.row}" finns inte i rapportmallen')
    return units, template


def replace_forecasts(
    file: str, records: Sequence[ForecastRecord], *, user: Any = None, problems: Problems | None = None
) -> int:
    """Write the forecasts, one audit row per changed value. Must run inside `transaction.atomic()`.

    Every row whose unit is not in the organisation, whose `rad` is not a template row, or whose
    net differs from its rows' sum is noted in `problems` (those the reader found, when given);
    if there are any, nothing is written and they are raised together.
    """
    problems = Problems(file) if problems is None else problems
    units, template = known_units_and_rows(records, problems)
    groups: dict[Key, list[ForecastRecord]] = defaultdict(list)
    for r in records:
        groups[(r.year, r.month, r.unit)].append(r)
    nets = _nets(groups, template, problems)
    problems.raise_if_any()
    return _write(groups, nets, units, user)


def _nets(groups: Mapping[Key, list[ForecastRecord]], template: Tree, problems: Problems) -> dict[Key, Ore]:
    """The net forecast of each (year, month, unit): the net line's, or its rows' sum."""
    budgets: dict[int, dict[str, dict[str, Ore]]] = {}
    nets: dict[Key, Ore] = {}
    for key, lines in groups.items():
        net_line = next((r for r in lines if not r.row), None)
        rows = {r.row: r.amount for r in lines if r.row and r.amount is not None}
        if not rows:
            if net_line is not None and net_line.amount is None:
                problems.add(net_line.line, "prognos saknas")
            elif net_line is not None and net_line.amount is not None:
                nets[key] = net_line.amount
            continue
        year, _, unit = key
        if year not in budgets:
            budgets[year] = row_budgets(year)
        total = net_from_rows(template, budgets[year].get(unit, {}), rows)
        if net_line is not None and net_line.amount is not None and net_line.amount != total:
            problems.add(net_line.line, f"prognos {kr_text(net_line.amount)} är inte summan av radernas prognoser "
                                        f"({kr_text(total)}, rader utan prognos räknade enligt budget)")
        nets[key] = total
    return nets


def _write(groups: Mapping[Key, list[ForecastRecord]], nets: Mapping[Key, Ore], units: Mapping[str, OrgUnit],
           user: Any) -> int:
    years = {key[0] for key in groups}
    existing = {(f.year, f.month, f.unit.code): f for f in Forecast.objects.filter(year__in=years).select_related("unit")}
    existing_rows: dict[Key, dict[str, Ore]] = defaultdict(dict)
    for year, month, code, row, amount in RowForecast.objects.filter(year__in=years).values_list(
            "year", "month", "unit__code", "row", "amount"):
        existing_rows[(year, month, code)][row] = amount
    changed = 0
    for key, lines in groups.items():
        year, month, code = key
        net_line = next((r for r in lines if not r.row), None)
        comment = net_line.comment if net_line is not None else next((r.comment for r in lines if r.comment), "")
        rows = {r.row: r.amount for r in lines if r.row and r.amount is not None}
        changed += _write_net(key, nets[key], comment, old=existing.get(key), unit=units[code], user=user)
        old_rows = existing_rows.get(key, {})
        if rows == old_rows:
            continue
        RowForecast.objects.filter(year=year, month=month, unit=units[code]).delete()
        RowForecast.objects.bulk_create(RowForecast(year=year, month=month, unit=units[code], row=row, amount=amount)
                                        for row, amount in rows.items())
        for row in sorted(set(rows) | set(old_rows)):
            if rows.get(row) != old_rows.get(row):
                log_action("uppfolj.forecast.row_imported", user=user, object_type="forecast",
                           object_key=f"{year}-{month:02d}/{code}/{row}",
                           old=None if row not in old_rows else {"prognos_ore": old_rows[row]},
                           new=None if row not in rows else {"prognos_ore": rows[row]})
                changed += 1
    return changed


def _write_net(key: Key, amount: Ore, comment: str, *, old: Forecast | None, unit: OrgUnit, user: Any) -> int:
    year, month, code = key
    if old is not None and old.amount == amount and old.comment == comment:
        return 0
    Forecast.objects.update_or_create(year=year, month=month, unit=unit, defaults={"amount": amount, "comment": comment})
    log_action(
        "uppfolj.forecast.imported", user=user, object_type="forecast", object_key=f"{year}-{month:02d}/{code}",
        old=None if old is None else {"prognos_ore": old.amount}, new={"prognos_ore": amount},
    )
    return 1
