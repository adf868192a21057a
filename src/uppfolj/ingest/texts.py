"""Files of unit texts, reasons and actions → records; no database."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from uppfolj.core.choices import ActionStatus, Heading
from uppfolj.core.errors import Problems
from uppfolj.core.money import Ore
from uppfolj.ingest import fields
from uppfolj.ingest.tables import Row, read_table

TEXT_KINDS = ("comments", "reasons", "actions")
HEADINGS = {"utfall": Heading.UTFALL, "analys": Heading.ANALYS, "åtgärd": Heading.ATGARD, "atgard": Heading.ATGARD,
            "åtgärder": Heading.ATGARD}
STATUSES = {"planerad": ActionStatus.PLANNED, "pågår": ActionStatus.ONGOING, "pagar": ActionStatus.ONGOING,
            "klar": ActionStatus.DONE}


@dataclass(frozen=True, slots=True)
class TextRecord:
    """One row of a comments, reasons or actions file; fields not in the kind stay empty."""

    kind: str
    year: int
    month: int
    unit: str
    text: str
    line: int
    heading: Heading | None = None
    amount: Ore | None = None
    responsible: str = ""
    timeplan: str = ""
    status: ActionStatus = ActionStatus.PLANNED
    follow_up: str = ""

    @property
    def key(self) -> tuple[int, int, str]:
        return self.year, self.month, self.unit


def _record(kind: str, name: str, row: Row, problems: Problems) -> TextRecord | None:
    """The row as a record, or None after noting every problem it has."""
    before = len(problems)
    year = problems.attempt(fields.integer, name, row, "ar", low=1900, high=2999)
    month = problems.attempt(fields.integer, name, row, "manad", low=1, high=12)
    unit = problems.attempt(fields.code, name, row, "enhet")
    text = row.text("text")
    if not text:
        problems.add(row.line, "text saknas")
    extra: dict[str, Any] = {}
    if kind == "comments":
        raw = row.text("rubrik")
        extra["heading"] = HEADINGS.get(raw.lower())
        if extra["heading"] is None:
            problems.add(row.line, f'rubrik "{raw}" ska vara Utfall, Analys eller Åtgärd')
    elif kind == "reasons":
        extra["amount"] = problems.attempt(fields.amount, name, row, "belopp")
    else:
        raw_status = row.text("status")
        extra["status"] = STATUSES.get(raw_status.lower()) if raw_status else ActionStatus.PLANNED
        if extra["status"] is None:
            problems.add(row.line, f'status "{raw_status}" ska vara planerad, pågår eller klar')
        extra["amount"] = problems.attempt(fields.amount, name, row, "belopp") if row.text("belopp") else None
        extra.update(responsible=row.text("ansvarig"), timeplan=row.text("tidplan"), follow_up=row.text("uppfoljning"))
    if len(problems) > before or year is None or month is None or unit is None:
        return None
    return TextRecord(kind, year, month, unit, text, row.line, **extra)


def read_texts(kind: str, path: str | os.PathLike[str]) -> tuple[str, list[TextRecord], Problems]:
    """Read a comments, reasons or actions file (CSV or XLSX), in file order.

    Returns the file's name, the records of its good rows and the problems of the others,
    not raised: the import adds units that do not exist and raises them all together.
    """
    if kind not in TEXT_KINDS:
        raise ValueError(kind)
    table = read_table(path)
    required = {"comments": ("rubrik", "text"), "reasons": ("text", "belopp"), "actions": ("text",)}[kind]
    table.require("ar", "manad", "enhet", *required)
    records = [record for row in table.rows if (record := _record(kind, table.name, row, table.problems)) is not None]
    return table.name, records, table.problems
