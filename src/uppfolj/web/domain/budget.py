"""Storing budgets: phasing annual rows, then replacing each (year, cost centre) in the file."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection
from django.db.models import Sum

from uppfolj.core.choices import Phasing, Severity
from uppfolj.core.phasing import phase_days, phase_even, phase_profile
from uppfolj.core.records import BudgetRecord, Check
from uppfolj.ingest.budget import BudgetFile, BudgetKey
from uppfolj.web.domain.bulk import analyze, insert_rows
from uppfolj.web.domain.ledger import ImportSummary
from uppfolj.web.models import BudgetLine, MonthlyBalance

_BUDGET = BudgetLine._meta.db_table
_COLUMNS = ("year", "month", "cost_centre", "account", "activity", "project", "amount", "import_id")


def phase_budget(budget: BudgetFile, phasing: Phasing) -> tuple[list[BudgetRecord], list[Check]]:
    """All monthly records of the file: given months as they are, annual rows phased by the key."""
    records = list(budget.monthly)
    notes: list[Check] = []
    profiles = _last_year_profiles(budget.annual) if phasing is Phasing.LAST_YEAR else {}
    for key, amount in budget.annual.items():
        year, cost_centre, account, activity, project = key
        line = budget.annual_lines[key]
        if phasing is Phasing.DAYS:
            months = phase_days(amount, year)
        elif phasing is Phasing.LAST_YEAR:
            profiled = phase_profile(amount, profiles.get((year - 1, cost_centre, account), [0] * 12))
            if profiled is None:
                notes.append(Check(Severity.WARNING, "phasing_fallback_even",
                                   f"{budget.name}:{line}: ansvar {cost_centre} konto {account} saknar utfall {year - 1}; "
                                   "budgeten periodiseras jämnt"))
                profiled = phase_even(amount)
            months = profiled
        else:
            months = phase_even(amount)
        records.extend(
            BudgetRecord(year, m, cost_centre, account, value, activity, project, line)
            for m, value in enumerate(months, start=1) if value
        )
    return records, notes


def _last_year_profiles(annual: dict[BudgetKey, int]) -> dict[tuple[int, str, str], list[int]]:
    """Previous year's monthly actuals per (year, cost centre, account), summed in the database."""
    wanted = {(k[0] - 1, k[1], k[2]) for k in annual}
    profiles: dict[tuple[int, str, str], list[int]] = defaultdict(lambda: [0] * 12)
    for year in {w[0] for w in wanted}:
        centres = sorted({w[1] for w in wanted if w[0] == year})
        for start in range(0, len(centres), 500):
            rows = (
                MonthlyBalance.objects.filter(year=year, cost_centre__in=centres[start : start + 500])
                .values("cost_centre", "account", "month").annotate(total=Sum("amount"))
            )
            for row in rows:
                key = (year, row["cost_centre"], row["account"])
                if key in wanted:
                    profiles[key][row["month"] - 1] += row["total"]
    return profiles


def replace_budget(records: Iterable[BudgetRecord], *, import_id: int) -> ImportSummary:
    """Write the monthly budget rows; each (year, cost centre) present loses its older budget.

    Must run inside `transaction.atomic()`.
    """
    summary = ImportSummary()
    scopes: set[tuple[int, str]] = set()
    rows = []
    for r in records:
        rows.append((r.year, r.month, r.cost_centre, r.account, r.activity, r.project, r.amount, import_id))
        scopes.add((r.year, r.cost_centre))
        summary.rows += 1
        summary.amount += r.amount
        summary.months.add((r.year, r.month))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"DELETE FROM {_BUDGET} WHERE year = %s AND cost_centre = %s",
            sorted(scopes),
        )
    insert_rows(_BUDGET, _COLUMNS, rows)
    analyze(_BUDGET)
    summary.scopes = len(scopes)
    summary.years = {y for y, _ in scopes}
    return summary
