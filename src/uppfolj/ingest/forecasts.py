"""Forecast files → ForecastRecord list; the same key twice is an error naming both lines."""

from __future__ import annotations

import os

from uppfolj.core.errors import Problems
from uppfolj.core.records import ForecastRecord
from uppfolj.ingest import fields
from uppfolj.ingest.tables import read_table


def read_forecasts(path: str | os.PathLike[str]) -> tuple[str, list[ForecastRecord], Problems]:
    """The file's name, its good rows and the problems of the others.

    The problems are returned, not raised: the import adds those only the database can tell
    (units that do not exist) and raises them all together.
    """
    table = read_table(path)
    table.require("ar", "manad", "enhet", "prognos")
    name = table.name
    problems = table.problems
    seen: dict[tuple[int, int, str], int] = {}
    records = []
    for row in table.rows:
        year = problems.attempt(fields.integer, name, row, "ar", low=1900, high=2999)
        month = problems.attempt(fields.integer, name, row, "manad", low=1, high=12)
        unit = problems.attempt(fields.code, name, row, "enhet")
        if year is not None and month is not None and unit is not None:
            key = (year, month, unit)
            if key in seen:
                problems.add(row.line, f"prognosen för {unit} {year}-{month:02d} finns redan på rad {seen[key]}")
            else:
                seen[key] = row.line
        amount = problems.attempt(fields.amount, name, row, "prognos")
        if year is None or month is None or unit is None or amount is None:
            continue
        records.append(ForecastRecord(year, month, unit, amount, row.text("kommentar"), row.line))
    return name, records, problems
