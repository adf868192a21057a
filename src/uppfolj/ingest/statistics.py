"""Statistics files (volumes per unit, month and measure) → VolumeRecord list."""

from __future__ import annotations

import os

from uppfolj.core.choices import MeasureKind
from uppfolj.core.errors import Problems
from uppfolj.core.records import VolumeRecord
from uppfolj.ingest import fields
from uppfolj.ingest.tables import read_table

_KINDS = {"summa": MeasureKind.SUM, "sum": MeasureKind.SUM, "medel": MeasureKind.MEAN, "mean": MeasureKind.MEAN}


def read_statistics(path: str | os.PathLike[str]) -> tuple[str, list[VolumeRecord], Problems]:
    """The file's name, its good rows and the problems of the others (the import adds the
    units and rows only the database knows, and raises them all together).

    The same (year, month, unit, measure) twice is an error naming both lines; a measure given
    two kinds (`typ`) in one file is an error too, since its months could not be combined.
    """
    table = read_table(path)
    table.require("ar", "manad", "enhet", "matt", "varde")
    name, problems = table.name, table.problems
    seen: dict[tuple[int, int, str, str], int] = {}
    kinds: dict[str, tuple[MeasureKind, int]] = {}
    records = []
    for row in table.rows:
        year = problems.attempt(fields.integer, name, row, "ar", low=1900, high=2999)
        month = problems.attempt(fields.integer, name, row, "manad", low=1, high=12)
        unit = problems.attempt(fields.code, name, row, "enhet")
        measure = problems.attempt(fields.code, name, row, "matt")
        value = problems.attempt(fields.quantity, name, row, "varde")
        kind_text = row.text("typ").lower() or "summa"
        kind = _KINDS.get(kind_text)
        if kind is None:
            problems.add(row.line, f'typ "{row.text("typ")}" ska vara summa eller medel')
        elif measure is not None:
            first = kinds.setdefault(measure, (kind, row.line))
            if first[0] is not kind:
                problems.add(row.line, f"måttet {measure} har typ {first[0].value} på rad {first[1]} men {kind.value} här")
        if None in (year, month, unit, measure, value) or kind is None:
            continue
        assert year is not None and month is not None and unit is not None and measure is not None
        assert value is not None
        key = (year, month, unit, measure)
        if key in seen:
            problems.add(row.line, f"värdet för {unit} {measure} {year}-{month:02d} finns redan på rad {seen[key]}")
            continue
        seen[key] = row.line
        records.append(VolumeRecord(year, month, unit, measure, value, row.text("namn"), row.text("enhetstext"),
                                    kind, row.text("rad"), row.line))
    return name, records, problems
