"""Reading a whole SIE file at once (tests, small files); imports stream through SieReader."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from uppfolj.core.errors import InputError
from uppfolj.core.records import BudgetRecord, LedgerRecord
from uppfolj.ingest.sie.model import SieInfo
from uppfolj.ingest.sie.parser import Progress, SieReader


@dataclass
class SieData:
    """A whole file read into memory (for tests and small files; imports stream instead)."""

    ledger: list[LedgerRecord]
    budget: list[BudgetRecord]
    info: SieInfo


def read_sie(
    path: str | Path,
    *,
    dims: Mapping[str, int] | None = None,
    strict: bool = False,
    progress: Progress | None = None,
) -> SieData:
    """Read a whole file into memory; with `strict`, a file with findings (or a quote left open
    at the end of a line, otherwise read with a warning) is refused."""
    reader = SieReader(path, dims=dims, progress=progress, strict=strict)
    ledger = list(reader.ledger_records())
    refuse_if_strict(reader.info, strict=strict)
    return SieData(ledger, reader.budget_records(), reader.info)


def refuse_if_strict(info: SieInfo, *, strict: bool) -> None:
    if strict and info.checks:
        first = info.checks[0].message
        raise InputError(
            info.file, None,
            f"{len(info.checks)} avvikelser i filen och --strict är valt; första: {first}",
        )
