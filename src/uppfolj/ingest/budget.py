"""Budget files → annual rows to phase, or monthly rows (wide with m01..m12, or long)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from uppfolj.core.money import Ore
from uppfolj.core.records import BudgetRecord
from uppfolj.ingest import fields
from uppfolj.ingest.tables import read_table

MONTH_COLUMNS = tuple(f"m{m:02d}" for m in range(1, 13))

BudgetKey = tuple[int, str, str, str, str]  # year, cost centre, account, activity, project


@dataclass
class BudgetFile:
    """A budget file read: months given, and annual amounts still to phase (summed per key)."""

    name: str
    monthly: list[BudgetRecord] = field(default_factory=list)
    annual: dict[BudgetKey, Ore] = field(default_factory=dict)
    annual_lines: dict[BudgetKey, int] = field(default_factory=dict)  # first line, for messages

    def scopes(self) -> set[tuple[int, str]]:
        """(year, cost centre) pairs this file replaces."""
        return {(r.year, r.cost_centre) for r in self.monthly} | {(k[0], k[1]) for k in self.annual}


def read_budget(path: str | os.PathLike[str]) -> BudgetFile:
    """Read a budget file, wide (`ar`, optional `m01`..`m12`) or long (`period`).

    Every row is read, bad ones too; their problems are raised together at the end.
    """
    table = read_table(path)
    result = BudgetFile(table.name)
    name = table.name
    problems = table.problems
    if "period" in table.headers:
        table.require("period", "ansvar", "konto", "belopp")
        for row in table.rows:
            when = problems.attempt(fields.period, name, row)
            account = problems.attempt(fields.code, name, row, "konto")
            amount = problems.attempt(fields.amount, name, row, "belopp")
            if when is None or account is None or amount is None:
                continue
            result.monthly.append(
                BudgetRecord(when[0], when[1], row.text("ansvar"), account, amount,
                             row.text("verksamhet"), row.text("projekt"), row.line)
            )
        problems.raise_if_any()
        return result
    table.require("ar", "ansvar", "konto", "belopp")
    wide = any(c in table.headers for c in MONTH_COLUMNS)
    for row in table.rows:
        year = problems.attempt(fields.integer, name, row, "ar", low=1900, high=2999)
        account = problems.attempt(fields.code, name, row, "konto")
        total = problems.attempt(fields.amount, name, row, "belopp")
        cells = [row.text(c) for c in MONTH_COLUMNS] if wide else []
        # A blank month is 0; every month that is not a number is noted, not only the first.
        months = [
            problems.attempt(fields.amount, name, row, column) if text else 0
            for column, text in zip(MONTH_COLUMNS, cells, strict=False)
        ]
        if year is None or account is None or total is None:
            continue
        key: BudgetKey = (year, row.text("ansvar"), account, row.text("verksamhet"), row.text("projekt"))
        if not any(cells):
            # No months given: phased later, after rows with the same key are added up.
            result.annual[key] = result.annual.get(key, 0) + total
            result.annual_lines.setdefault(key, row.line)
            continue
        given = [m for m in months if m is not None]
        if len(given) < len(months):
            continue  # a month that is not a number was noted; the sum would say nothing more
        if sum(given) != total:
            problems.add(
                row.line,
                f"månaderna summerar till {_kr(sum(given))} men belopp är {_kr(total)} (skillnad {_kr(total - sum(given))})",
            )
            continue
        result.monthly.extend(
            BudgetRecord(year, m, key[1], key[2], amount, key[3], key[4], row.line)
            for m, amount in enumerate(given, start=1) if amount
        )
    problems.raise_if_any()
    return result


def _kr(ore: Ore) -> str:
    sign = "-" if ore < 0 else ""
    whole, frac = divmod(abs(ore), 100)
    return f"{sign}{whole:,}".replace(",", " ") + (f",{frac:02d}" if frac else "") + " kr"
