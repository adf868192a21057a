"""Locked months: their results stored as published, and read back unchanged.

A result is encoded as JSON by msgspec (every dataclass, enum, date and Decimal of the period
result round-trips exactly) and compressed; one row per tree that was loaded when the month
was locked.
"""

from __future__ import annotations

import datetime as dt
import zlib

import msgspec

from uppfolj.core.choices import TreeKind
from uppfolj.core.period import PeriodResult
from uppfolj.web.models import PeriodSnapshot


def encode(result: PeriodResult) -> bytes:
    return zlib.compress(msgspec.json.encode(result), 6)


def decode(data: bytes) -> PeriodResult:
    return msgspec.json.decode(zlib.decompress(data), type=PeriodResult)


def store(result: PeriodResult, *, locked_at: dt.datetime) -> PeriodSnapshot:
    """Keep the result of a month being locked. Must run inside the lock's transaction."""
    return PeriodSnapshot.objects.create(year=result.year, month=result.month, tree=result.by,
                                         locked_at=locked_at, data=encode(result))


def stamp(year: int, month: int, by: TreeKind) -> tuple[int, dt.datetime] | None:
    """The stored result's id and time, or None when the month has none for the tree."""
    return PeriodSnapshot.objects.filter(year=year, month=month, tree=by).values_list("id", "locked_at").first()


def load(snapshot_id: int) -> PeriodResult:
    data = PeriodSnapshot.objects.values_list("data", flat=True).get(pk=snapshot_id)
    return decode(bytes(data))


def drop(year: int, month: int) -> int:
    """Forget the month's stored results (it is reopened); returns how many there were."""
    count, _ = PeriodSnapshot.objects.filter(year=year, month=month).delete()
    return count
