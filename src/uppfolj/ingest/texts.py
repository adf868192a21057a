"""Files of unit texts, reasons and actions → records; no database."""

from __future__ import annotations

import os
from dataclasses import dataclass

from uppfolj.core.errors import InputError
from uppfolj.core.money import Ore
from uppfolj.ingest import fields
from uppfolj.ingest.tables import Row, read_table

TEXT_KINDS = ("comments", "reasons", "actions")
HEADINGS = {"utfall": "Utfall", "analys": "Analys", "åtgärd": "Åtgärd", "atgard": "Åtgärd", "åtgärder": "Åtgärd"}
STATUSES = {"planerad": "planerad", "pågår": "pågår", "pagar": "pågår", "klar": "klar"}


@dataclass(frozen=True, slots=True)
class TextRecord:
    """One row of a comments, reasons or actions file; fields not in the kind stay empty."""

    kind: str
    year: int
    month: int
    unit: str
    text: str
    line: int
    heading: str = ""
    amount: Ore | None = None
    responsible: str = ""
    timeplan: str = ""
    status: str = "planerad"
    follow_up: str = ""

    @property
    def key(self) -> tuple[int, int, str]:
        return self.year, self.month, self.unit


def _text(name: str, row: Row) -> str:
    text = row.text("text")
    if not text:
        raise InputError(name, row.line, "text saknas")
    return text


def _record(kind: str, name: str, row: Row) -> TextRecord:
    year = fields.integer(name, row, "ar", low=1900, high=2999)
    month = fields.integer(name, row, "manad", low=1, high=12)
    unit = fields.code(name, row, "enhet")
    text = _text(name, row)
    if kind == "comments":
        raw = row.text("rubrik")
        heading = HEADINGS.get(raw.lower())
        if heading is None:
            raise InputError(name, row.line, f'rubrik "{raw}" ska vara Utfall, Analys eller Åtgärd')
        return TextRecord(kind, year, month, unit, text, row.line, heading=heading)
    if kind == "reasons":
        return TextRecord(kind, year, month, unit, text, row.line, amount=fields.amount(name, row, "belopp"))
    raw_status = row.text("status")
    status = STATUSES.get(raw_status.lower()) if raw_status else "planerad"
    if status is None:
        raise InputError(name, row.line, f'status "{raw_status}" ska vara planerad, pågår eller klar')
    effect = fields.amount(name, row, "belopp") if row.text("belopp") else None
    return TextRecord(kind, year, month, unit, text, row.line, amount=effect, responsible=row.text("ansvarig"),
                      timeplan=row.text("tidplan"), status=status, follow_up=row.text("uppfoljning"))


def read_texts(kind: str, path: str | os.PathLike[str]) -> tuple[str, list[TextRecord]]:
    """Read a comments, reasons or actions file (CSV or XLSX), in file order."""
    if kind not in TEXT_KINDS:
        raise ValueError(kind)
    table = read_table(path)
    required = {"comments": ("rubrik", "text"), "reasons": ("text", "belopp"), "actions": ("text",)}[kind]
    table.require("ar", "manad", "enhet", *required)
    return table.name, [_record(kind, table.name, row) for row in table.rows]
