"""Forecast files → ForecastRecord list; the same key twice is an error naming both lines."""

from __future__ import annotations

import os

from uppfolj.core.errors import InputError
from uppfolj.core.records import ForecastRecord
from uppfolj.ingest import fields
from uppfolj.ingest.tables import read_table


def read_forecasts(path: str | os.PathLike[str]) -> tuple[str, list[ForecastRecord]]:
    table = read_table(path)
    table.require("ar", "manad", "enhet", "prognos")
    name = table.name
    seen: dict[tuple[int, int, str], int] = {}
    records = []
    for row in table.rows:
        year = fields.integer(name, row, "ar", low=1900, high=2999)
        month = fields.integer(name, row, "manad", low=1, high=12)
        unit = fields.code(name, row, "enhet")
        key = (year, month, unit)
        if key in seen:
            raise InputError(name, row.line, f"prognosen för {unit} {year}-{month:02d} finns redan på rad {seen[key]}")
        seen[key] = row.line
        records.append(ForecastRecord(year, month, unit, fields.amount(name, row, "prognos"), row.text("kommentar"), row.line))
    return name, records
