"""The grouped sums a month's report reads, kept until the months they cover change.

The report of month M of year Y reads three groupings of the monthly balances and the budget
(`period_input._figures`): Y's actuals of months 1..M, Y−1's actuals, Y's budget. An import of
the month's actuals changes the first only; the first page after it reads that grouping again
and keeps the other two. The database still groups; what changes is how much is regrouped.

Each grouping is kept with a print of what it covers: for the ledger, per month of the year,
its rows, lowest and newest id in `MonthlyBalance` (one grouped query over the year's index); for
the budget, the year's rows, lowest and newest id in `BudgetLine`. Writers replace rows (delete,
insert with new ids; nothing updates them in place), so every write that commits changes the
print of the months it touched, and a grouping over other months keeps its print.

A write that is rolled back after a report saw it (a test's transaction) could leave prints
that are met again; the figures stamp it was seen under is then gone from the audit trail, and
everything kept is dropped (`check`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Count, Max, Min, Q

from uppfolj.web.domain import cache
from uppfolj.web.models import AuditEntry, BudgetLine, MonthlyBalance

Print = tuple[Any, ...]
T = TypeVar("T")

# Off in a process that makes one report and ends (`uppfolj report`): nothing read is asked for
# again there, so the prints would only cost.
keep = True
MAX_PARTS = 64  # groupings of the months people look at (a dozen per month and tree), least recently used first out


_lock = threading.Lock()
_parts: OrderedDict[tuple[Hashable, ...], Any] = OrderedDict()  # (print, grouping) by what was grouped: kind, key, year, month, exclusion
_derived: OrderedDict[tuple[Hashable, ...], Any] = OrderedDict()  # added up from parts, by the parts' identities
_stamp: list[tuple[Any, ...] | None] = [None]  # the figures stamp the kept parts were last checked under


def exclusion(q: Q | None) -> tuple[Hashable, ...]:
    """A comparable form of the investment rows a report leaves out (`investments.outside_followup`)."""
    if q is None:
        return ()
    return tuple(sorted((str(name), tuple(sorted(map(str, values)))) for name, values in q.children))  # type: ignore[misc]


def check(stamp: tuple[Any, ...]) -> None:
    """Drop everything kept when the data it was checked under was rolled back (its audit row is gone)."""
    if not (cache.enabled and keep):
        return
    with _lock:
        previous = _stamp[0]
    if previous == stamp:
        return
    if previous is not None and (previous[0] == 0 or _audit_at(previous[0]) != previous[1]):
        clear()
    with _lock:
        _stamp[0] = stamp


def _audit_at(entry: int) -> Any:
    """The time of an audit row as `cache.figures_stamp` reads it (raw, as the backend returns it)."""
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "at" FROM "{AuditEntry._meta.db_table}" WHERE "id" = %s', [entry])
        row = cursor.fetchone()
    return row[0] if row else None


def clear() -> None:
    with _lock:
        _parts.clear()
        _derived.clear()


def _keep(store: OrderedDict[tuple[Hashable, ...], Any], key: tuple[Hashable, ...], value: Any) -> None:
    with _lock:
        store[key] = value
        store.move_to_end(key)
        while len(store) > MAX_PARTS:
            store.popitem(last=False)


def _found(store: OrderedDict[tuple[Hashable, ...], Any], key: tuple[Hashable, ...]) -> Any:
    with _lock:
        found = store.get(key)
        if found is not None:
            store.move_to_end(key)
    return found


def ledger_prints(year: int, to_month: int = 12) -> tuple[tuple[int, Print], ...]:
    """Each month 1..`to_month` of the year that has balances, with its print (rows, lowest and
    newest id), in one grouped query over the covering index `balance_scope`."""
    return tuple(sorted(
        (month, (n, lowest, newest)) for month, n, lowest, newest in
        MonthlyBalance.objects.filter(year=year, month__lte=to_month).values_list("month")
        .annotate(n=Count("id"), lowest=Min("id"), newest=Max("id")).order_by()
    ))


def budget_print(year: int) -> Print:
    """The year's budget print: rows, lowest and newest id, over the covering index `budget_report`."""
    agg = BudgetLine.objects.filter(year=year).aggregate(n=Count("id"), lowest=Min("id"), newest=Max("id"))
    return agg["n"], agg["lowest"], agg["newest"]


def kept(what: tuple[Hashable, ...], print_: Callable[[], Print], read: Callable[[], T]) -> T:
    """`read()` again only when the print of what it reads changed since it was last read.

    Call `check(stamp)` once first, with the figures stamp the caller read. With the cache off
    (`cache.enabled`) or `keep` off, everything is read and nothing is kept (no print is read)."""
    if not (cache.enabled and keep):
        return read()
    current = print_()
    found = _found(_parts, what)
    if found is not None and found[0] == current:
        return found[1]  # type: ignore[no-any-return]
    value = read()
    _keep(_parts, what, (current, value))
    return value


def derived(name: str, parts: Iterable[object], extra: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """`compute()` once for these parts (by identity: a part read again is a new object) and `extra`."""
    parts = tuple(parts)
    key = (name, tuple(id(p) for p in parts), extra)
    if not (cache.enabled and keep):
        return compute()
    found = _found(_derived, key)
    if found is not None:
        return found[1]  # type: ignore[no-any-return]
    value = compute()
    # The parts are kept beside the value so that their ids are not reused while it is kept.
    _keep(_derived, key, (parts, value))
    return value
