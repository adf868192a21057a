"""Goals files (the committee's goals and their indicators) → GoalRecord list."""

from __future__ import annotations

import os

from uppfolj.core.errors import Problems
from uppfolj.core.goals import Direction, GoalRecord, Source
from uppfolj.ingest import fields
from uppfolj.ingest.tables import Row, read_table

_DIRECTIONS = {"hogre": Direction.HIGHER, "högre": Direction.HIGHER, "lagre": Direction.LOWER,
               "lägre": Direction.LOWER}


def _optional(problems: Problems, name: str, row: Row, column: str) -> tuple[bool, object]:
    """(ok, value): an empty cell is None; a bad number is noted and not ok."""
    if not row.text(column):
        return True, None
    value = problems.attempt(fields.quantity, name, row, column)
    return value is not None, value


def read_goals(path: str | os.PathLike[str]) -> tuple[str, list[GoalRecord], Problems]:
    """The file's name, its good rows and the problems of the others (the import adds the units
    only the database knows, and raises them all together).

    The same (year, code) twice is an error naming both lines.
    """
    table = read_table(path)
    table.require("ar", "kod", "namn", "indikator", "malvarde", "riktning")
    name, problems = table.name, table.problems
    seen: dict[tuple[int, str], int] = {}
    records = []
    for row in table.rows:
        year = problems.attempt(fields.integer, name, row, "ar", low=1900, high=2999)
        code = problems.attempt(fields.code, name, row, "kod")
        goal = problems.attempt(fields.code, name, row, "namn")
        indicator = problems.attempt(fields.code, name, row, "indikator")
        target = problems.attempt(fields.quantity, name, row, "malvarde")
        direction = _DIRECTIONS.get(row.text("riktning").lower())
        if direction is None:
            problems.add(row.line, f'riktning "{row.text("riktning")}" ska vara hogre eller lagre')
        ok_outcome, outcome = _optional(problems, name, row, "utfall")
        ok_previous, previous = _optional(problems, name, row, "foregaende")
        try:
            source = Source.parse(row.text("kalla"))
            ok_source = True
        except ValueError as exc:
            problems.add(row.line, f"kalla {exc}")
            source, ok_source = None, False
        if None in (year, code, goal, indicator, target, direction) or not (ok_outcome and ok_previous and ok_source):
            continue
        assert year is not None and code is not None and target is not None and direction is not None
        key = (year, code)
        if key in seen:
            problems.add(row.line, f"målet {code} för {year} finns redan på rad {seen[key]}")
            continue
        seen[key] = row.line
        records.append(GoalRecord(year, code, goal or "", indicator or "", row.text("enhet") or None, target, direction,
                                  outcome, previous, source, row.line,  # type: ignore[arg-type]
                                  row.text("kommentar")))
    return name, records, problems
