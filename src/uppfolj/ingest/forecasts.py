"""Forecast files → ForecastRecord list; the same key twice is an error naming both lines.

A line with `rad` is the forecast of that template row for the unit (CONTRACT *forecasts by
row*); a line without it is the unit's net forecast, whose `prognos` may then be empty when the
unit has row lines in the same month (the import checks it against their sum).
"""

from __future__ import annotations

import os

from uppfolj.core.errors import Problems
from uppfolj.core.records import ForecastRecord
from uppfolj.ingest import fields
from uppfolj.ingest.tables import read_table


def read_forecasts(path: str | os.PathLike[str]) -> tuple[str, list[ForecastRecord], Problems]:
    """The file's name, its good rows and the problems of the others.

    The problems are returned, not raised: the import adds those only the database can tell
    (units and rows that do not exist, net lines that differ from their rows) and raises them all
    together.
    """
    table = read_table(path)
    table.require("ar", "manad", "enhet", "prognos")
    name = table.name
    problems = table.problems
    seen: dict[tuple[int, int, str, str], int] = {}
    records = []
    for row in table.rows:
        year = problems.attempt(fields.integer, name, row, "ar", low=1900, high=2999)
        month = problems.attempt(fields.integer, name, row, "manad", low=1, high=12)
        unit = problems.attempt(fields.code, name, row, "enhet")
        row_code = row.text("rad")
        if year is not None and month is not None and unit is not None:
            key = (year, month, unit, row_code)
            if key in seen:
                what = f"prognosen för {unit}" + (f" rad {row_code}" if row_code else "")
                problems.add(row.line, f"{what} {year}-{month:02d} finns redan på rad {seen[key]}")
            else:
                seen[key] = row.line
        # A net line may leave `prognos` empty only beside row lines; the service checks that.
        given = bool(row_code or row.text("prognos"))
        amount = problems.attempt(fields.amount, name, row, "prognos") if given else None
        if year is None or month is None or unit is None or (given and amount is None):
            continue
        records.append(ForecastRecord(year, month, unit, amount, row.text("kommentar"), row.line, row_code))
    return name, records, problems
