"""Reusable queries: the units a reader starts from, and the ledger drill-down behind a report cell."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet, Sum

from uppfolj.core.choices import TreeKind
from uppfolj.core.followup import row_matchers, unit_matcher
from uppfolj.core.period import PeriodResult
from uppfolj.core.tree import Tree
from uppfolj.web.domain import cache
from uppfolj.web.domain.trees import current_template, current_tree
from uppfolj.web.models import Account, LedgerRow, MonthlyBalance


def top_visible(result: PeriodResult, visible: set[str] | None) -> list[str]:
    """The highest units the reader sees, in tree order: the root for those who see everything,
    a budget holder's own units (without those under another of theirs) otherwise."""
    if visible is None:
        return [result.units[0].code]
    return [u.code for u in result.units if u.code in visible and u.line.parent not in visible]


def unit_tree() -> Tree | None:
    """The stored organisation tree."""
    return current_tree(TreeKind.ORGANISATION)


def subtree_cost_centres(year: int, unit_code: str) -> list[str]:
    """The cost centres with balances in `year` (or the year before) that fall in the unit's subtree."""
    tree = unit_tree()
    if tree is None or unit_code not in tree.nodes:
        return []
    inside = {n.code for n in tree.subtree(unit_code)}
    matcher = unit_matcher(tree)
    # Every drill-down page asks; only an import changes the answer (a tenth of a second over
    # ten years of a large city's balances), so it is kept per version of the figures.
    centres = cache.cached(("cost-centres", year), lambda: frozenset(
        MonthlyBalance.objects.filter(year__in=(year, year - 1)).values_list("cost_centre", flat=True).distinct()),
        stamp=cache.figures_stamp())
    return sorted(cc for cc in centres if matcher.owner(cc) in inside)


def row_accounts(year: int, month: int, unit_code: str, row_code: str) -> list[dict[str, Any]]:
    """Per account of a template row (own accounts and its children's): actual months 1..month (öre)."""
    template = current_template()
    if row_code not in template.nodes:
        return []
    inside = {n.code for n in template.subtree(row_code)}
    main, varav = row_matchers(template)
    varav_codes = {code for code, _ in varav}
    centres = subtree_cost_centres(year, unit_code)
    totals = (
        MonthlyBalance.objects.filter(year=year, month__lte=month, cost_centre__in=centres)
        .values_list("account").annotate(total=Sum("amount"), rows=Sum("rows")).order_by("account")
    )
    names = dict(Account.objects.values_list("code", "name"))
    out = []
    for account, total, rows in totals:
        owner = main.owner(account)
        in_varav = row_code in varav_codes and any(m.owner(account) == row_code for c, m in varav if c == row_code)
        if (owner in inside) or in_varav:
            out.append({"account": account, "name": names.get(account, ""), "actual": total, "rows": rows})
    return out


def ledger_rows(year: int, month: int, unit_code: str, account: str, search: str = "") -> QuerySet[LedgerRow]:
    """The ledger rows behind one account of a unit, months 1..month, optionally searched."""
    rows = LedgerRow.objects.filter(
        year=year, month__lte=month, account=account, cost_centre__in=subtree_cost_centres(year, unit_code)
    )
    if search:
        rows = rows.filter(Q(text__icontains=search) | Q(voucher__icontains=search) | Q(cost_centre=search))
    return rows.order_by("month", "id")
