"""Reusable queries: which units a user may see, and ledger drill-down behind a report cell."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet, Sum

from uppfolj.core.choices import TreeKind
from uppfolj.core.followup import row_matchers, unit_matcher
from uppfolj.web import rules
from uppfolj.web.domain.cache import unit_tree
from uppfolj.web.domain.trees import load_template
from uppfolj.web.models import Account, LedgerRow, MonthlyBalance, OrgUnit


def visible_codes(user: Any) -> set[str] | None:
    """Codes of the organisation units the user may see; None = all of them, empty = none."""
    if rules.sees_whole_tree(user):
        return None
    if not rules.is_budget_holder(user):
        return set()
    cached = getattr(user, "_uppfolj_visible", None)
    if cached is not None:
        return set(cached)
    own = set(user.uppfolj_role.units.filter(tree=TreeKind.ORGANISATION).values_list("code", flat=True))
    children: dict[str | None, list[str]] = {}
    for code, parent in OrgUnit.objects.filter(tree=TreeKind.ORGANISATION).values_list("code", "parent__code"):
        children.setdefault(parent, []).append(code)
    seen: set[str] = set()
    stack = list(own)
    while stack:
        code = stack.pop()
        if code not in seen:
            seen.add(code)
            stack.extend(children.get(code, []))
    user._uppfolj_visible = frozenset(seen)
    return seen


def units_visible_to(user: Any) -> QuerySet[OrgUnit]:
    """The organisation units the user may see, in tree order."""
    units = OrgUnit.objects.filter(tree=TreeKind.ORGANISATION).order_by("position")
    codes = visible_codes(user)
    return units if codes is None else units.filter(code__in=codes)


def top_visible_codes(user: Any) -> list[str] | None:
    """The highest visible units (a budget holder's own, without those under another); None = root."""
    codes = visible_codes(user)
    if codes is None:
        return None
    parents = dict(OrgUnit.objects.filter(tree=TreeKind.ORGANISATION, code__in=codes).values_list("code", "parent__code"))
    order = list(units_visible_to(user).values_list("code", flat=True))
    return [c for c in order if parents.get(c) not in codes]


def subtree_cost_centres(year: int, unit_code: str) -> list[str]:
    """The cost centres with balances in `year` (or the year before) that fall in the unit's subtree."""
    tree = unit_tree()
    if tree is None or unit_code not in tree.nodes:
        return []
    inside = {n.code for n in tree.subtree(unit_code)}
    matcher = unit_matcher(tree)
    centres = MonthlyBalance.objects.filter(year__in=(year, year - 1)).values_list("cost_centre", flat=True).distinct()
    return sorted(cc for cc in set(centres) if matcher.owner(cc) in inside)


def row_accounts(year: int, month: int, unit_code: str, row_code: str) -> list[dict[str, Any]]:
    """Per account of a template row (own accounts and its children's): actual months 1..month (öre)."""
    template = load_template()
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
