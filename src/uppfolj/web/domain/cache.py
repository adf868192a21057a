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

from uppfolj.web.models import AuditEntry

T = TypeVar("T")
MAX_ENTRIES = 32
_lock = threading.Lock()
_store: OrderedDict[tuple[Hashable, ...], Any] = OrderedDict()
enabled = True  # the benchmark turns it off to time the cold path


def data_stamp() -> tuple[Any, ...]:
    """The newest audit row: id and time, so a rolled-back id never matches."""
    return AuditEntry.objects.order_by("-id").values_list("id", "at").first() or (0, None)


# What a budget holder or controller writes during the month: none of it is read by the sums of
# budget and ledger (`period_input._cells`, `_monthly`), so those stay valid across these rows.
WORK_ACTIONS = (
    "uppfolj.forecast.saved", "uppfolj.forecast.row_saved", "uppfolj.texts.saved", "uppfolj.reasons.saved",
    "uppfolj.actions.saved", "uppfolj.unit.drafted", "uppfolj.unit.submitted", "uppfolj.unit.approved",
    "uppfolj.unit.returned",
)


def figures_stamp() -> tuple[Any, ...]:
    """The newest audit row that is not the month's work: the version of budget, ledger, trees,
    template and investments. On deadline day hundreds of saves change the data stamp every
    second; the sums of the ledger and budget are computed again only when this one changes."""
    return (AuditEntry.objects.exclude(action__in=WORK_ACTIONS).order_by("-id").values_list("id", "at").first()
            or (0, None))


def cached(key: tuple[Hashable, ...], compute: Callable[[], T], *, stamp: tuple[Any, ...] | None = None) -> T:
    """`compute()` once per key and stamp (the data stamp unless given); treat it as read-only."""
    if not enabled:
        return compute()
    full = (*key, data_stamp() if stamp is None else stamp)
    with _lock:
        if full in _store:
            _store.move_to_end(full)
            return _store[full]  # type: ignore[no-any-return]
    value = compute()
    with _lock:
        _store[full] = value
        while len(_store) > MAX_ENTRIES:
            _store.popitem(last=False)
    return value


def clear() -> None:
    with _lock:
        _store.clear()
