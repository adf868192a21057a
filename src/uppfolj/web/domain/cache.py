"""Reports and trees computed once per state of the data, shared by the pages of a process.

Every change to what a report reads writes an audit row (imports, forecasts, texts, trees), so
the newest audit row is the data's version stamp: one indexed query per request decides whether
a stored computation is still valid, in every process of an installation.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from uppfolj.core.tree import Tree
from uppfolj.reports.model import Report
from uppfolj.web.domain.report import build_report
from uppfolj.web.domain.trees import load_unit_tree
from uppfolj.web.models import AuditEntry

MAX_ENTRIES = 32
_lock = threading.Lock()
_store: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
enabled = True  # the benchmark turns it off to time the cold path


def data_stamp(action: str | None = None) -> tuple[Any, ...]:
    """The newest audit row (of one action, if given): id and time, so a rolled-back id never matches."""
    rows = AuditEntry.objects.all() if action is None else AuditEntry.objects.filter(action=action)
    latest = rows.order_by("-id").values_list("id", "at").first()
    return latest or (0, None)


def _cached(key: tuple[Any, ...], compute: Any, *, stamp_action: str | None = None) -> Any:
    if not enabled:
        return compute()
    full = (*key, data_stamp(stamp_action))
    with _lock:
        if full in _store:
            _store.move_to_end(full)
            return _store[full]
    value = compute()
    with _lock:
        _store[full] = value
        while len(_store) > MAX_ENTRIES:
            _store.popitem(last=False)
    return value


def report(year: int, month: int, *, unit: str | None = None, kind: str = "monthly") -> Report:
    """build_report, computed once per data version; treat the result as read-only."""
    return _cached(("report", year, month, unit, kind), lambda: build_report(year, month, unit=unit, kind=kind))


def unit_tree() -> Tree | None:
    """The organisation tree; it changes only when an organisation file is imported."""
    return _cached(("tree",), lambda: load_unit_tree("organisation"), stamp_action="uppfolj.import.organisation")


def clear() -> None:
    with _lock:
        _store.clear()
