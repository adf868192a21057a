"""Budget files → annual rows to phase, or monthly rows (wide with m01..m12, or long)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from uppfolj.core.errors import InputError
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
    table = read_table(path)
    result = BudgetFile(table.name)
    name = table.name
    if "period" in table.headers:
        table.require("period", "ansvar", "konto", "belopp")
        for row in table.rows:
            year, month = fields.period(name, row)
            result.monthly.append(
                BudgetRecord(year, month, row.text("ansvar"), fields.code(name, row, "konto"),
                             fields.amount(name, row, "belopp"), row.text("verksamhet"), row.text("projekt"), row.line)
            )
        return result
    table.require("ar", "ansvar", "konto", "belopp")
    wide = any(c in table.headers for c in MONTH_COLUMNS)
    for row in table.rows:
        year = fields.integer(name, row, "ar", low=1900, high=2999)
        key: BudgetKey = (year, row.text("ansvar"), fields.code(name, row, "konto"), row.text("verksamhet"), row.text("projekt"))
        total = fields.amount(name, row, "belopp")
        cells = [row.text(c) for c in MONTH_COLUMNS] if wide else []
        if not any(cells):
            # No months given: phased later, after rows with the same key are added up.
            result.annual[key] = result.annual.get(key, 0) + total
            result.annual_lines.setdefault(key, row.line)
            continue
        months = [fields.amount(name, row, c) if row.text(c) else 0 for c in MONTH_COLUMNS]
        if sum(months) != total:
            raise InputError(
                name, row.line,
                f"månaderna summerar till {_kr(sum(months))} men belopp är {_kr(total)} (skillnad {_kr(total - sum(months))})",
            )
        result.monthly.extend(
            BudgetRecord(year, m, key[1], key[2], amount, key[3], key[4], row.line)
            for m, amount in enumerate(months, start=1) if amount
        )
    return result


def _kr(ore: Ore) -> str:
    sign = "-" if ore < 0 else ""
    whole, frac = divmod(abs(ore), 100)
    return f"{sign}{whole:,}".replace(",", " ") + (f",{frac:02d}" if frac else "") + " kr"
