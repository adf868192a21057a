"""The seconds every database connection of the process spends in its queries, threads included.

Django's `CaptureQueriesContext` sees one connection, the caller's; the report's groupings run on
connections of their own at once (`uppfolj.web.domain.together`), so the benches time the one
place every query passes through instead. Summed over connections, the figure can exceed the wall
time of the queries it covers.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db.backends import utils


class SqlTime:
    def __init__(self) -> None:
        self.seconds = 0.0
        self.lock = threading.Lock()


@contextmanager
def sql_time() -> Iterator[SqlTime]:
    """Sum the time of every query executed inside the block, on any connection."""
    total = SqlTime()
    original = utils.CursorWrapper._execute_with_wrappers

    def timed(self: Any, *args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            with total.lock:
                total.seconds += time.perf_counter() - start

    utils.CursorWrapper._execute_with_wrappers = timed  # type: ignore[method-assign]
    try:
        yield total
    finally:
        utils.CursorWrapper._execute_with_wrappers = original  # type: ignore[method-assign]
