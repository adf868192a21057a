"""Investment follow-up: the investments file, the actuals from the ledger's project dimension,
and the controller's forecasts, comments and carry-over requests on the web.

An import replaces the investments of each year it has: projects of that year not in the file
are removed, the others get the file's name and budget. A forecast or comment the file leaves
empty keeps what was entered on the web, so that loading a corrected budget file never wipes a
controller's forecasts; the carry-over request is never in the file and always kept.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max, Q, Sum

from uppfolj.core.followup import row_matchers
from uppfolj.core.investments import InvestmentLine, InvestmentRecord, belongs_to_investments
from uppfolj.core.tree import Tree
from uppfolj.web import rules
from uppfolj.web.domain.audit import log_action
from uppfolj.web.models import BudgetLine, Investment, MonthlyBalance

# The fields a controller edits on the web, with the Swedish names the audit log shows.
# Amounts are öre (the `_ore` suffix, as the forecasts' audit rows).
EDITABLE = {"forecast": "prognos_ore", "comment": "kommentar", "carry_over": "overforing_ore",
            "carry_over_reason": "motivering"}
_IMPORTED = {"name": "namn", "budget": "budget_ore", "forecast": "prognos_ore", "comment": "kommentar"}


@dataclass(frozen=True, slots=True)
class InvestmentSummary:
    rows: int
    added: int
    changed: int
    removed: int
    years: list[int]


def _values(inv: Investment, names: Mapping[str, str]) -> dict[str, Any]:
    return {word: getattr(inv, attr) for attr, word in names.items()}


def replace_investments(records: Sequence[InvestmentRecord], *, user: Any = None) -> InvestmentSummary:
    """Write the file's projects (call inside `transaction.atomic()`); every project added,
    changed or removed is audited `uppfolj.investment.imported` with its old and new values."""
    years = sorted({r.year for r in records})
    stored = {(i.year, i.project): i for i in Investment.objects.filter(year__in=years)}
    added = changed = 0
    for position, r in enumerate(records):
        inv = stored.pop((r.year, r.project), None)
        if inv is None:
            inv = Investment(year=r.year, project=r.project, name=r.name, position=position, budget=r.budget,
                             forecast=r.forecast, comment=r.comment)
            inv.save()
            added += 1
            log_action("uppfolj.investment.imported", user=user, object_type="investment",
                       object_key=f"{r.year}/{r.project}", new=_values(inv, _IMPORTED))
            continue
        before = _values(inv, _IMPORTED)
        inv.name, inv.budget, inv.position = r.name, r.budget, position
        if r.forecast is not None:
            inv.forecast = r.forecast
        if r.comment:
            inv.comment = r.comment
        inv.save()
        after = _values(inv, _IMPORTED)
        if after != before:
            changed += 1
            log_action("uppfolj.investment.imported", user=user, object_type="investment",
                       object_key=f"{r.year}/{r.project}",
                       old={k: v for k, v in before.items() if after[k] != v},
                       new={k: v for k, v in after.items() if before[k] != v})
    for (year, project), inv in stored.items():
        log_action("uppfolj.investment.imported", user=user, object_type="investment",
                   object_key=f"{year}/{project}", old=_values(inv, {**_IMPORTED, **EDITABLE}))
        inv.delete()
    return InvestmentSummary(len(records), added, changed, len(stored), years)


def registered_projects(year: int) -> frozenset[str]:
    return frozenset(Investment.objects.filter(year=year).values_list("project", flat=True))


def outside_followup(year: int, template: Tree) -> Q | None:
    """The ledger and budget rows of `year` that belong to the investment follow-up rather than
    the report: a registered investment's project code on an account no template row covers.
    None where there are none. Use as `.exclude(...)` on MonthlyBalance or BudgetLine of the year."""
    projects = registered_projects(year)
    if not projects:
        return None
    covers, _ = row_matchers(template)
    accounts: set[str] = set()
    for model in (MonthlyBalance, BudgetLine):
        for project, account in (model.objects.filter(year=year, project__in=projects)
                                 .values_list("project", "account").distinct().order_by()):
            if belongs_to_investments(project, covers.owner(account) is not None, projects):
                accounts.add(account)
    if not accounts:
        return None
    return Q(project__in=projects, account__in=sorted(accounts))


def investment_lines(year: int, month: int) -> tuple[InvestmentLine, ...]:
    """The year's projects in file order, each with its actual of months 1..M (any account)."""
    investments = list(Investment.objects.filter(year=year))
    if not investments:
        return ()
    actuals = dict(
        MonthlyBalance.objects.filter(year=year, month__lte=month, project__in=[i.project for i in investments])
        .values_list("project").annotate(total=Sum("amount")).order_by()
    )
    return tuple(
        InvestmentLine(i.project, i.name, i.budget, actuals.get(i.project, 0), i.forecast, i.comment,
                       i.carry_over, i.carry_over_reason)
        for i in investments
    )


def latest_month(year: int) -> int:
    """The last month of the year with ledger rows (12 for a year without any): 'actual to date'."""
    found = MonthlyBalance.objects.filter(year=year).aggregate(last=Max("month"))["last"]
    return int(found) if found else 12


def save_investment(investment: Investment, changes: Mapping[str, Any], *, user: Any) -> bool:
    """Store what a controller changed on the web (`EDITABLE` fields: forecast and carry-over in
    öre or None, comment and reason as text); audited `uppfolj.investment.saved` with the old and
    new value of each changed field. Returns whether anything changed.

    Raises:
        rules.NotAllowedError: the user may not edit investments.
    """
    rules.require(user, rules.Act.EDIT_INVESTMENTS)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    with transaction.atomic():
        inv = Investment.objects.select_for_update().get(pk=investment.pk)
        old = {EDITABLE[k]: getattr(inv, k) for k, v in changes.items() if getattr(inv, k) != v}
        if not old:
            return False
        new = {EDITABLE[k]: v for k, v in changes.items() if EDITABLE[k] in old}
        for attr, value in changes.items():
            setattr(inv, attr, value)
        inv.save(update_fields=list(changes))
        log_action("uppfolj.investment.saved", user=user, object_type="investment",
                   object_key=f"{inv.year}/{inv.project}", old=old, new=new)
    return True


@dataclass(frozen=True, slots=True)
class InvestmentRow:
    """One project on the investments page: its stored row's id (the form's field names) and figures."""

    pk: int
    line: InvestmentLine

    def field(self, name: str) -> str:
        return f"{name}-{self.pk}"

    @property
    def fields(self) -> dict[str, str]:
        """The form field of each editable value (for the template)."""
        return {attr: self.field(attr) for attr in EDITABLE}


def investment_rows(year: int, month: int) -> list[InvestmentRow]:
    """The year's projects for the page, in file order, with their actual of months 1..M."""
    pks = list(Investment.objects.filter(year=year).values_list("pk", flat=True))
    return [InvestmentRow(pk, line) for pk, line in zip(pks, investment_lines(year, month), strict=True)]


def save_investments(year: int, changes: Mapping[int, Mapping[str, Any]], *, user: Any) -> int:
    """Store the page's changes (investment id -> field -> value) in one transaction; returns how
    many projects changed. Raises rules.NotAllowedError as `save_investment` does."""
    rules.require(user, rules.Act.EDIT_INVESTMENTS)
    changed = 0
    with transaction.atomic():
        stored = Investment.objects.in_bulk([pk for pk in changes])
        for pk, values in changes.items():
            investment = stored.get(pk)
            if investment is not None and investment.year == year:
                changed += save_investment(investment, values, user=user)
    return changed
