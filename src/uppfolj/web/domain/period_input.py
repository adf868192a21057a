"""Loading one month's `PeriodInput` from the database in one pass.

The sums are grouped in the database (monthly balances and budget lines), the rest are small
queries; nothing is computed here that `core.period.compute_period` computes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from functools import cache as cache_once
from functools import partial
from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from uppfolj.core.choices import ActionStatus, Heading, PeriodState, Severity, TreeKind, UnitState
from uppfolj.core.errors import UserError
from uppfolj.core.figures import Sums
from uppfolj.core.followup import Cell, row_matchers, unit_matcher
from uppfolj.core.period import (
    ForecastEntry,
    LedgerEntry,
    MonthCell,
    PeriodInfo,
    PeriodInput,
    RowForecastEntry,
    UnitWork,
)
from uppfolj.core.records import Check
from uppfolj.core.tree import Tree
from uppfolj.core.workflow import ActionItem, ReasonItem, TextItem
from uppfolj.web.domain import cache, month_sums
from uppfolj.web.domain.investments import outside_followup
from uppfolj.web.domain.together import read_together
from uppfolj.web.domain.trees import current_template, current_tree
from uppfolj.web.models import (
    Action,
    BudgetLine,
    Forecast,
    ImportLog,
    LedgerRow,
    MonthlyBalance,
    OrgUnit,
    Period,
    Reason,
    Role,
    RowForecast,
    UnitStatus,
    UnitText,
)

LEDGER_LIMIT = 50_000  # ledger rows listed in a report's drill-down sheet


class ReportError(UserError):
    """The report cannot be made (no organisation loaded, unknown unit); message in Swedish."""


def load_period_input(
    year: int, month: int, by: TreeKind = TreeKind.ORGANISATION, *, with_ledger: bool = False,
    ledger_limit: int = LEDGER_LIMIT, today: dt.date | None = None, only: str | None = None,
) -> PeriodInput:
    """Everything the month's follow-up of the tree `by` reads; the ledger rows only on request.

    With `only` (a unit of the organisation), the forecasts and work of that unit's subtree only:
    what its page needs, a few rows however large the organisation."""
    data = load_ledger_input(year, month, by)
    if only is not None and (by is not TreeKind.ORGANISATION or only not in data.tree.nodes):
        raise ReportError(f'enheten "{only}" finns inte')
    mine = Q() if only is None else Q(unit__code__in=[n.code for n in data.tree.subtree(only)])
    data.today, data.only = today or timezone.localdate(), only
    data.period = period_info(year, month)
    data.flagged_texts = list(UnitText.objects.filter(mine, flagged=True, year=year, month__lte=month)
                              .order_by("month", "unit__position").values_list("unit__code", "month"))
    data.import_checks = _import_checks(year)
    # Forecasts and comments exist for the organisation tree only; with `by activity` only
    # their personnummer check applies.
    data.forecasts = _forecasts(year, month, mine)
    data.row_forecasts = [RowForecastEntry(*row) for row in RowForecast.objects.filter(
        mine, year=year, month__lte=month).order_by("month", "id").values_list("unit__code", "month", "row", "amount")]
    if only is not None:
        data.net_months = _months(Forecast, year, month)
        data.row_months = _months(RowForecast, year, month)
    if by is TreeKind.ORGANISATION:
        _load_work(data, mine)
    if with_ledger:
        data.ledger, data.ledger_truncated = _ledger(year, month, by.ledger_key, data.tree, ledger_limit)
    return data


def load_ledger_input(year: int, month: int, by: TreeKind = TreeKind.ORGANISATION) -> PeriodInput:
    """What the month reads from the ledger, budget and trees only (`core.period.ledger_part`):
    no forecasts, texts or states."""
    tree = current_tree(by)
    if tree is None or tree.root is None:
        what, command = ("ingen organisation", "organisation") if by is TreeKind.ORGANISATION else (
            "inget verksamhetsträd", "activities")
        raise ReportError(f"{what} är inläst (uppfolj import {command})")
    template = current_template()
    key = by.ledger_key
    stamp = cache.figures_stamp()
    cells, monthly, period_known, year_known, flagged = cache.cached(
        ("figures", year, month, key), lambda: _figures(year, month, key, template, stamp), stamp=stamp)
    return PeriodInput(
        year=year, month=month, by=by, tree=tree, template=template, cells=cells, today=timezone.localdate(),
        period=PeriodInfo(year, month), monthly=monthly, previous_period_known=period_known,
        previous_year_known=year_known, flagged_ledger=flagged,
    )


def _months(model: type[Forecast] | type[RowForecast], year: int, month: int) -> set[int]:
    """The months 1..`month` in which any unit made a forecast of the year."""
    return set(model.objects.filter(year=year, month__lte=month).values_list("month", flat=True).distinct().order_by())


def period_info(year: int, month: int, *, hold: bool = False) -> PeriodInfo:
    """The month's state: never opened (no row), open or locked, with deadline and reopening.

    `hold` keeps the month's row from being locked or reopened until the transaction ends, so
    that a lock and a change of the month's texts never overlap (call inside
    `transaction.atomic()`). It is a shared row lock: the writers of different units do not wait
    for each other, only `lock_period` and `open_period`, which lock the row exclusively, wait
    for them (SQLite writes one transaction at a time anyway).
    """
    if hold and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {Period._meta.db_table} WHERE year = %s AND month = %s FOR SHARE",
                           [year, month])
    row = Period.objects.filter(year=year, month=month).first()
    if row is None:
        return PeriodInfo(year, month)
    return PeriodInfo(year, month, PeriodState(row.state), row.deadline, row.locked_at, row.reopen_reason)


def _figures(year: int, month: int, key: str, template: Tree,
             stamp: tuple[Any, ...]) -> tuple[list[Cell], list[MonthCell], bool, bool, list[tuple[str, int]]]:
    """What the month reads from budget and ledger (the expensive part of loading it): the sums,
    whether last year is known, and the rows that look like a personnummer.

    Each grouping is kept until the months it covers change (`month_sums`): after an import of
    the month's actuals, Y−1 and the budget are not grouped again."""
    month_sums.check(stamp)
    this_year, last_year = outside_followup(year, template), outside_followup(year - 1, template)
    mine, theirs = month_sums.exclusion(this_year), month_sums.exclusion(last_year)
    to_month = cache_once(lambda: month_sums.ledger_prints(year, month))
    budget_print = cache_once(lambda: month_sums.budget_print(year))
    actual, previous, budget = read_together(
        partial(month_sums.kept, ("actual", key, year, month, mine), to_month,
                partial(_actual, year, month, key, this_year)),
        partial(month_sums.kept, ("previous", key, year, month, theirs),
                lambda: month_sums.ledger_prints(year - 1), partial(_previous, year, month, key, last_year)),
        partial(month_sums.kept, ("budget", key, year, month, mine), budget_print,
                partial(_budget, year, month, key, this_year)),
    )
    cells = month_sums.derived("cells", [actual, previous, budget], (), partial(_cells, actual, previous, budget))
    covers, _ = row_matchers(template)
    outside = tuple(sorted(a for a in {c.account for c in cells} if covers.owner(a) is None))
    actual_months, budget_months = read_together(
        partial(month_sums.kept, ("actual-months", key, year, month, mine, outside), to_month,
                partial(_by_month, MonthlyBalance, year, month, key, exclude=this_year, outside=outside)),
        partial(month_sums.kept, ("budget-months", key, year, mine, outside), budget_print,
                partial(_by_month, BudgetLine, year, 12, key, exclude=this_year, outside=outside)),
    )
    monthly = month_sums.derived("monthly", [actual_months, budget_months], (),
                                 partial(_monthly, actual_months, budget_months))
    period_known = MonthlyBalance.objects.filter(year=year - 1, month__lte=month).exists()
    year_known = period_known or MonthlyBalance.objects.filter(year=year - 1).exists()
    return cells, monthly, period_known, year_known, _flagged_ledger(year, month)



def _actual(year: int, month: int, key: str, exclude: Q | None) -> dict[tuple[str, str], int]:
    """Y's actual of months 1..M per (key, account)."""
    rows = MonthlyBalance.objects.filter(year=year, month__lte=month)
    rows = rows if exclude is None else rows.exclude(exclude)
    return {(k, a): int(total) for k, a, total in _grouped(rows.values_list(key, "account").annotate(total=Sum("amount")))}


def _previous(year: int, month: int, key: str, exclude: Q | None) -> dict[tuple[str, str], tuple[int, int]]:
    """Y−1's actual per (key, account): months 1..M and the whole year."""
    rows = MonthlyBalance.objects.filter(year=year - 1)
    rows = rows if exclude is None else rows.exclude(exclude)
    return {(k, a): (int(period), int(full)) for k, a, period, full in _grouped(rows.values_list(key, "account").annotate(
        period=Sum("amount", filter=Q(month__lte=month), default=0), full=Sum("amount")))}


def _budget(year: int, month: int, key: str, exclude: Q | None) -> dict[tuple[str, str], tuple[int, int]]:
    """Y's budget per (key, account): months 1..M and the whole year."""
    rows = BudgetLine.objects.filter(year=year)
    rows = rows if exclude is None else rows.exclude(exclude)
    return {(k, a): (int(period), int(annual)) for k, a, period, annual in _grouped(rows.values_list(key, "account").annotate(
        period=Sum("amount", filter=Q(month__lte=month), default=0), annual=Sum("amount")))}


def _grouped(query: QuerySet[Any, Any]) -> list[tuple[Any, ...]]:
    """The rows of a grouped `values_list` query as the database returns them, without Django's
    converters row by row (a third of the time of reading a grouping): the callers make the sums
    `int` (PostgreSQL returns the SUM of a bigint as numeric)."""
    sql, params = query.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _cells(actual: dict[tuple[str, str], int], previous: dict[tuple[str, str], tuple[int, int]],
           budget: dict[tuple[str, str], tuple[int, int]]) -> list[Cell]:
    """Sums per (key, account) for actuals of Y and Y−1 and budgets of Y.

    Rows of a registered investment on accounts the template does not cover are the investment
    follow-up's (`investments.outside_followup`), not the report's: they are left out of the
    groupings.
    """
    cells = []
    for cell_key in {**actual, **previous, **budget}:
        period_budget, annual_budget = budget.get(cell_key, (0, 0))
        period_previous, full_previous = previous.get(cell_key, (0, 0))
        sums = Sums(annual_budget, period_budget, actual.get(cell_key, 0), period_previous, full_previous)
        cells.append(Cell(cell_key[0], cell_key[1], sums))
    return cells


def _by_month(model: type[MonthlyBalance] | type[BudgetLine], year: int, month: int, key: str, *,
              exclude: Q | None, outside: tuple[str, ...]) -> dict[tuple[str, int], int]:
    """Per (key, month) of Y, months 1..`month`: the sums over the accounts the template covers
    (those of the cells that it does not cover, `outside`, are few, so they are the ones named)."""
    rows = model.objects.filter(year=year, month__lte=month)
    rows = rows if exclude is None else rows.exclude(exclude)
    grouped = rows.exclude(account__in=outside).values_list(key, "month").annotate(total=Sum("amount"))
    return {(k, m): int(total) for k, m, total in _grouped(grouped)}


def _monthly(actual: dict[tuple[str, int], int], budget: dict[tuple[str, int], int]) -> list[MonthCell]:
    """Year Y's actual (months 1..M) and budget (1..12) per key and month, over the accounts the
    template covers."""
    return [MonthCell(k, m, actual.get((k, m), 0), budget.get((k, m), 0)) for k, m in {**actual, **budget}]


def _forecasts(year: int, month: int, mine: Q) -> list[ForecastEntry]:
    rows = Forecast.objects.filter(mine, year=year, month__lte=month).values_list("unit__code", "month", "amount", "comment")
    return [ForecastEntry(code, made, amount, comment) for code, made, amount, comment in rows.order_by("month", "id")]


def _load_work(data: PeriodInput, mine: Q) -> None:
    """States, texts, reasons and actions of the month (of the units `mine` selects), and who is
    responsible for which unit."""
    year, month = data.year, data.month
    texts: dict[str, list[TextItem]] = defaultdict(list)
    for code, heading, text, flagged in UnitText.objects.filter(mine, year=year, month=month).order_by(
        "unit__position", "position", "id").values_list("unit__code", "heading", "text", "flagged"):
        texts[code].append(TextItem(Heading(heading), text, flagged))
    reasons: dict[str, list[ReasonItem]] = defaultdict(list)
    for code, text, amount in Reason.objects.filter(mine, year=year, month=month).order_by(
        "unit__position", "position", "id").values_list("unit__code", "text", "amount"):
        reasons[code].append(ReasonItem(text, amount))
    statuses = {
        code: (state, version, comment, remainder, updated_by)
        for code, state, version, comment, remainder, updated_by in UnitStatus.objects.filter(
            mine, year=year, month=month).values_list("unit__code", "state", "version", "comment", "remainder", "updated_by")
    }
    work = {}
    for code in set(texts) | set(reasons) | set(statuses):
        state, version, comment, remainder, updated_by = statuses.get(code, (UnitState.NOT_STARTED, 0, "", "", ""))
        work[code] = UnitWork(UnitState(state), version, comment, remainder, updated_by,
                              tuple(texts.get(code, ())), tuple(reasons.get(code, ())))
    actions: dict[str, dict[int, list[ActionItem]]] = defaultdict(lambda: defaultdict(list))
    for a in Action.objects.filter(mine, year=year, month__lte=month).order_by("month", "position", "id").values_list(
        "unit__code", "month", "text", "responsible", "timeplan", "status", "follow_up", "amount"):
        code, made, text, responsible, timeplan, status, follow_up, effect = a
        actions[code][made].append(ActionItem(text, responsible, timeplan, ActionStatus(status), follow_up, effect, made))
    saved: dict[str, set[int]] = defaultdict(set)
    for code, made in UnitStatus.objects.filter(mine, year=year, month__lte=month).values_list("unit__code", "month"):
        saved[code].add(made)
    data.work, data.actions, data.saved_months = work, actions, saved
    data.responsible = set(
        OrgUnit.objects.filter(tree=TreeKind.ORGANISATION, holders__role=Role.BUDGET_HOLDER,
                               holders__user__is_active=True).values_list("code", flat=True)
    )


def _flagged_ledger(year: int, month: int) -> list[tuple[str, int]]:
    """Ledger rows whose text looks like a personnummer, counted per cost centre (a partial
    index finds them without reading the ledger).

    The condition is one range of years less the months after M, not an OR of two scopes: SQLite
    plans an OR branch by branch, and a branch without `flagged` cannot use the partial index, so
    it read every row of the two years through `ledger_scope` (1.2 s at 2 M rows)."""
    rows = (
        LedgerRow.objects.filter(flagged=True, year__gte=year - 1, year__lte=year).exclude(year=year, month__gt=month)
        .values_list("cost_centre").annotate(n=Count("id")).order_by("cost_centre")
    )
    return list(rows)


def _import_checks(year: int) -> list[Check]:
    """Findings of the latest import of each file that covered the year (e.g. SIE verification)."""
    latest: dict[tuple[str, str], ImportLog] = {}
    for log in ImportLog.objects.exclude(checks=[]).order_by("created_at", "id"):
        if year in (log.years or []):
            latest[(log.kind, log.file)] = log
    return [Check(Severity(c.get("severity", "warning")), c["code"], c["message"], c.get("unit"))
            for log in latest.values() for c in log.checks]


def _ledger(year: int, month: int, key: str, tree: Tree, limit: int) -> tuple[list[LedgerEntry], bool]:
    """The ledger rows of months 1..M of Y that a unit takes, at most `limit` of them."""
    matcher = unit_matcher(tree)
    codes = LedgerRow.objects.filter(year=year, month__lte=month).values_list(key, flat=True).distinct().order_by()
    wanted = [code for code in codes if matcher.owner(code) is not None]
    if not wanted:
        return [], False
    query = (
        LedgerRow.objects.filter(year=year, month__lte=month, **{f"{key}__in": wanted})
        .order_by(key, "account", "month", "id")
        .values_list("year", "month", "cost_centre", "account", "activity", "project", "voucher", "date", "text",
                     "amount", "flagged")
    )
    out = [LedgerEntry(*row) for row in query[: limit + 1].iterator(chunk_size=5000)]
    return out[:limit], len(out) > limit


def has_data(year: int, month: int) -> bool:
    """Whether the month is one the data knows: opened, or its year has actuals or budget."""
    return (
        Period.objects.filter(year=year, month=month).exists()
        or MonthlyBalance.objects.filter(year=year).exists()
        or BudgetLine.objects.filter(year=year).exists()
    )
