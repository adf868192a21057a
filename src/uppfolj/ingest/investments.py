"""Investments files (projects with their budgets) → InvestmentRecord list."""

from __future__ import annotations

import os

from uppfolj.core.investments import InvestmentRecord
from uppfolj.ingest import fields
from uppfolj.ingest.tables import read_table


def read_investments(path: str | os.PathLike[str]) -> tuple[str, list[InvestmentRecord]]:
    """The file's name and its rows, or InputError naming every bad line (nothing is returned then).

    Columns: `ar`, `projekt`, `namn`, `budget` (kr), optional `prognos` (kr) and `kommentar`.
    The same (year, project) twice is an error naming both lines. An empty `prognos` or
    `kommentar` means "not given": the import keeps the stored one.
    """
    table = read_table(path)
    table.require("ar", "projekt", "namn", "budget")
    name, problems = table.name, table.problems
    seen: dict[tuple[int, str], int] = {}
    records = []
    for row in table.rows:
        year = problems.attempt(fields.integer, name, row, "ar", low=1900, high=2999)
        project = problems.attempt(fields.code, name, row, "projekt")
        title = row.text("namn")
        if not title:
            problems.add(row.line, "namn saknas")
        budget = problems.attempt(fields.amount, name, row, "budget")
        forecast = None
        if row.text("prognos"):
            forecast = problems.attempt(fields.amount, name, row, "prognos")
            if forecast is None:
                continue
        if year is None or project is None or budget is None or not title:
            continue
        key = (year, project)
        if key in seen:
            problems.add(row.line, f"projekt {project} för {year} finns redan på rad {seen[key]}")
            continue
        seen[key] = row.line
        records.append(InvestmentRecord(year, project, title, budget, forecast, row.text("kommentar"), row.line))
    problems.raise_if_any()
    return name, records
