"""Which #PSALDO and #PBUDGET rows count, where one month and account has several."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from uppfolj.core.money import Ore
from uppfolj.ingest.sie.model import PeriodKey, PeriodRow


@dataclass(frozen=True, slots=True)
class Disagreement:
    """The ``{}`` row of a month and account differs from the sum of its object rows."""

    key: PeriodKey
    total_row: Ore
    object_sum: Ore
    line: int


def group_rows(rows: Iterable[PeriodRow]) -> dict[PeriodKey, list[PeriodRow]]:
    groups: dict[PeriodKey, list[PeriodRow]] = defaultdict(list)
    for row in rows:
        groups[(row.year_index, row.period, row.account)].append(row)
    return groups


def budget_rows(rows: Iterable[PeriodRow]) -> tuple[list[PeriodRow], list[Disagreement]]:
    """#PBUDGET: rows with objects are used; the ``{}`` row beside them is only checked.

    A ``{}`` row on its own is a budget without cost centre.
    """
    used: list[PeriodRow] = []
    disagreements: list[Disagreement] = []
    for key, group in group_rows(rows).items():
        with_objects = [row for row in group if row.objects]
        totals = [row for row in group if not row.objects]
        if not with_objects:
            used.extend(totals)
            continue
        used.extend(with_objects)
        disagreement = _compare(key, totals, with_objects)
        if disagreement is not None:
            disagreements.append(disagreement)
    return used, disagreements


def balance_rows(rows: Iterable[PeriodRow]) -> list[PeriodRow]:
    """#PSALDO: like #PBUDGET where the ``{}`` row is the sum of the object rows.

    Where it is not (Avendo's object balance files write the ``{}`` row as the part of the
    account booked without objects, and leave it out where there is none), the ``{}`` row is
    added to the object rows, which is what makes the months add up to #RES in those files.
    """
    used: list[PeriodRow] = []
    for key, group in group_rows(rows).items():
        with_objects = [row for row in group if row.objects]
        totals = [row for row in group if not row.objects]
        used.extend(with_objects)
        if not with_objects or _compare(key, totals, with_objects) is not None:
            used.extend(totals)
    return used


def _compare(
    key: PeriodKey, totals: list[PeriodRow], with_objects: list[PeriodRow]
) -> Disagreement | None:
    if not totals:
        return None
    total = sum(row.amount for row in totals)
    object_sum = sum(row.amount for row in with_objects)
    if total == object_sum:
        return None
    return Disagreement(key, total, object_sum, totals[0].line)


def sum_by_period(rows: Iterable[PeriodRow]) -> dict[PeriodKey, Ore]:
    sums: dict[PeriodKey, Ore] = defaultdict(int)
    for row in rows:
        sums[(row.year_index, row.period, row.account)] += row.amount
    return sums
