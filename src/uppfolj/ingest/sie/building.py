"""Build LedgerRecords fast: the hot loop of a large file makes one per #TRANS line.

LedgerRecord is a frozen dataclass, so its ``__init__`` sets each of its eleven fields with
``object.__setattr__``: about 1.7 µs a record, more than reading the line. :data:`ledger_record`
takes the same positional arguments and gives an equal LedgerRecord in about a sixth of the
time: a plain class with the same slots in the same order sets them by ordinary attribute
stores, then the instance's class is set to LedgerRecord (allowed for classes of the same
layout). Where that does not hold (another Python, a changed record), it is LedgerRecord itself.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any, cast

from uppfolj.core.records import LedgerRecord

MakeLedger = Callable[..., LedgerRecord]


def _twin_of(record: type) -> type:
    names = [field.name for field in dataclasses.fields(record)]
    if tuple(names) != tuple(getattr(record, "__slots__", ())) or hasattr(record, "__post_init__"):
        raise TypeError("not a plain slots dataclass")
    body = "".join(f"    self.{name} = {name}\n" for name in names)
    source = f"def __init__(self, {', '.join(names)}):\n{body}    self.__class__ = record\n"
    scope: dict[str, Any] = {"record": record}
    exec(source, scope)  # the source is built from the record's own field names
    return type(f"_{record.__name__}Twin", (), {"__slots__": tuple(names), "__init__": scope["__init__"]})


def _fast_ledger_twin() -> type | None:
    try:
        twin = _twin_of(LedgerRecord)
        values = (2024, 1, "5001", "4010", -12345, "a", "p", "A 1", "t", dt.date(2024, 1, 5), 7)
        made, plain = twin(*values), LedgerRecord(*values)
        shell: Any = object.__new__(twin)  # as the hot loop of parser.py fills it, field by field
        for name, value in zip(LedgerRecord.__slots__, values, strict=True):
            setattr(shell, name, value)
        shell.__class__ = LedgerRecord
        if all(type(r) is LedgerRecord and r == plain and hash(r) == hash(plain) for r in (made, shell)):
            return twin
    except TypeError:
        pass
    return None


# A class with LedgerRecord's slots whose instances may become LedgerRecords (None where that
# does not work); calling it with LedgerRecord's arguments gives a LedgerRecord.
LEDGER_TWIN: type | None = _fast_ledger_twin()
ledger_record: MakeLedger = LedgerRecord if LEDGER_TWIN is None else cast(MakeLedger, LEDGER_TWIN)
