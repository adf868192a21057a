"""Fast bulk writes of fact rows: COPY on PostgreSQL, executemany elsewhere."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection

_SQLITE_CACHE_KIB = 131072
_SQLITE_ANALYSIS_LIMIT = 1000


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Insert many rows into `table` on the current connection and transaction."""
    batch = rows if isinstance(rows, list) else list(rows)
    if not batch:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # the psycopg 3 cursor, for COPY
            with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in batch:
                    copy.write_row(row)
            return
        if connection.vendor == "sqlite":
            # Index pages of a large load stay in memory instead of spilling (the default is 2 MB).
            cursor.execute(f"PRAGMA cache_size = -{_SQLITE_CACHE_KIB}")
            # The sqlite3 cursor itself: Django's wrapper rewrites placeholders and checks every
            # parameter set, which costs as much as the insert on millions of rows.
            marks = ", ".join(["?"] * len(columns))
            connection.connection.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", batch)
            return
        placeholders = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", batch)


def analyze(*tables: str) -> None:
    """Refresh planner statistics after a large load, so reports pick the covering indexes."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Sample instead of reading every row: plans need the shape, not exact counts.
            cursor.execute(f"PRAGMA analysis_limit = {_SQLITE_ANALYSIS_LIMIT}")
        for table in tables:
            cursor.execute(f"ANALYZE {table}")
