"""Independent read-only queries at once, each on a database connection of its own.

A month's report groups the year's balances and budget five ways (`period_input._figures`).
On PostgreSQL each grouping is one backend process working alone; run one after the other,
they leave the machine's other cores idle while Python waits. Outside a transaction nothing
is lost by reading on other connections: with autocommit every query already sees its own
snapshot. Inside one (a test, an import that reports), the other connections would not see
its writes, so the reads run in turn on the caller's connection. So they do on SQLite, whose
in-memory test databases belong to one connection, and where the report needs no help (0.66 s
for the whole command at 2 M rows, bench/RESULTS.md).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.db import connection


def read_together(*reads: Callable[[], Any]) -> list[Any]:
    """The results of `reads`, in order; at once on PostgreSQL outside a transaction."""
    if len(reads) < 2 or connection.vendor != "postgresql" or connection.in_atomic_block:
        return [read() for read in reads]
    with ThreadPoolExecutor(max_workers=len(reads), thread_name_prefix="uppfolj-read") as pool:
        return list(pool.map(_on_own_connection, reads))


def _on_own_connection(read: Callable[[], Any]) -> Any:
    try:
        return read()
    finally:
        connection.close()  # this thread's connection: the thread ends with the pool
