"""Risk register files → RiskRecord list."""

from __future__ import annotations

import os

from uppfolj.core import risks
from uppfolj.core.errors import Problems
from uppfolj.core.risks import RiskRecord
from uppfolj.ingest import fields
from uppfolj.ingest.tables import read_table


def read_risks(path: str | os.PathLike[str]) -> tuple[str, list[RiskRecord], Problems]:
    """The file's name, its good rows and the problems of the others (the import adds the units
    only the database knows, and raises them all together).

    `sannolikhet` and `konsekvens` are whole numbers 1-4; `belopp` is optional (kronor).
    """
    table = read_table(path)
    table.require("ar", "manad", "enhet", "risk", "sannolikhet", "konsekvens")
    name, problems = table.name, table.problems
    records = []
    for row in table.rows:
        year = problems.attempt(fields.integer, name, row, "ar", low=1900, high=2999)
        month = problems.attempt(fields.integer, name, row, "manad", low=1, high=12)
        unit = problems.attempt(fields.code, name, row, "enhet")
        text = problems.attempt(fields.code, name, row, "risk")
        probability = problems.attempt(fields.integer, name, row, "sannolikhet", low=risks.LOW, high=risks.HIGH)
        consequence = problems.attempt(fields.integer, name, row, "konsekvens", low=risks.LOW, high=risks.HIGH)
        given = bool(row.text("belopp"))
        amount = problems.attempt(fields.amount, name, row, "belopp") if given else None
        if None in (year, month, unit, text, probability, consequence) or (given and amount is None):
            continue
        assert year is not None and month is not None and unit is not None and text is not None
        assert probability is not None and consequence is not None
        records.append(RiskRecord(year, month, unit, text, probability, consequence, amount, row.text("ansvarig"),
                                  row.text("atgard"), row.line))
    return name, records, problems
