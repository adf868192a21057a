"""Results computed once per state of the data, shared by the pages of a process.

Every change to what a result reads writes an audit row (imports, forecasts, texts, statuses,
trees, periods), so the newest audit row is the data's version stamp: one indexed query per
request decides whether a stored computation is still valid, in every process of an
installation.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from django.db import connection

from uppfolj.web.models import AuditEntry
from uppfolj.web.models.audit import WORK_ACTIONS

T = TypeVar("T")
MAX_ENTRIES = 128  # keys: a unit's page is one, and small
_lock = threading.Lock()
_store: OrderedDict[tuple[Hashable, ...], tuple[Any, Any]] = OrderedDict()  # key -> (stamp, value)
_gates: dict[tuple[Hashable, ...], threading.Lock] = {}  # one computation per key at a time
enabled = True  # the benchmark turns it off to time the cold path


def data_stamp() -> tuple[Any, ...]:
    """The newest audit row: id and time, so a rolled-back id never matches."""
    return AuditEntry.objects.order_by("-id").values_list("id", "at").first() or (0, None)


def figures_stamp() -> tuple[Any, ...]:
    """The newest audit row that is not the month's work (`WORK_ACTIONS`): the version of budget,
    ledger, trees, template and investments. On deadline day hundreds of saves change the data
    stamp every second; what the ledger decides is computed again only when this one changes."""
    with connection.cursor() as cursor:
        cursor.execute(_FIGURES_SQL)
        return cursor.fetchone() or (0, None)


def _figures_sql() -> str:
    # The actions as literals, as in the partial index `audit_figures_version`: SQLite uses a
    # partial index only for a WHERE clause it can compare with the index's, never for bound
    # parameters; without it, a year of saves is read backwards on every request.
    actions = ", ".join("'" + action.replace("'", "''") + "'" for action in WORK_ACTIONS)
    return (f'SELECT "id", "at" FROM "{AuditEntry._meta.db_table}" WHERE NOT ("action" IN ({actions})) '
            'ORDER BY "id" DESC LIMIT 1')


_FIGURES_SQL = _figures_sql()


def cached(key: tuple[Hashable, ...], compute: Callable[[], T], *, stamp: tuple[Any, ...] | None = None) -> T:
    """`compute()` once per key and stamp (the data stamp unless given); treat it as read-only.

    A key keeps only its newest value: a result of an older stamp is never asked for again, and
    a whole month's result is too large to keep for nothing."""
    if not enabled:
        return compute()
    current = data_stamp() if stamp is None else stamp
    with _lock:
        kept = _store.get(key)
        if kept is not None and kept[0] == current:
            _store.move_to_end(key)
            return kept[1]  # type: ignore[no-any-return]
        gate = _gates.setdefault(key, threading.Lock())
    # After a save every thread of the process asks for the new result at once: one computes it,
    # the others wait for it instead of computing it too.
    with gate:
        with _lock:
            kept = _store.get(key)
            if kept is not None and kept[0] == current:
                return kept[1]  # type: ignore[no-any-return]
        value = compute()
        with _lock:
            _store[key] = (current, value)
            _store.move_to_end(key)
            while len(_store) > MAX_ENTRIES:
                _store.popitem(last=False)
    return value


def clear() -> None:
    with _lock:
        _store.clear()
