"""Forecast accuracy (prognossäkerhet) of a finished year as the web page shows it: per department
and forecast month the budget holders' forecast, the proposal (`auto`) and the run rate against
the year's outcome, limited to the units the reader may see.

The figures come from `uppfolj.web.domain.forecasting.year_accuracy`; this module only arranges
them, and words the largest miss as the documents do.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from uppfolj.core.forecasting.model import Accuracy, AccuracyRow
from uppfolj.core.format import month_name
from uppfolj.core.money import Ore
from uppfolj.reports.accuracy import AccuracyView, Block, mean_error_sentence, miss_sentence
from uppfolj.web.domain.balances import last_months


@dataclass(frozen=True, slots=True)
class Miss:
    """One forecast against the outcome: forecast − outcome (positive = forecast above the outcome)."""

    forecast: Ore | None
    outcome: Ore

    @property
    def error(self) -> Ore | None:
        return None if self.forecast is None else self.forecast - self.outcome

    @property
    def error_pct(self) -> Decimal | None:
        """The error in per cent of the outcome's size, with its sign."""
        if self.forecast is None or self.outcome == 0:
            return None
        return (Decimal(self.forecast - self.outcome) * 100 / abs(self.outcome)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP) + 0  # + 0 drops -0


@dataclass(frozen=True, slots=True)
class AccuracyLine:
    unit: str
    name: str
    month: int
    month_name: str
    outcome: Ore
    entered: Miss
    auto: Miss
    run_rate: Miss


@dataclass(frozen=True, slots=True)
class AccuracyPage:
    year: int
    departments: list[tuple[str, str, list[AccuracyLine]]]  # (code, name, lines by forecast month)
    total: list[AccuracyLine]  # the whole organisation; empty for a reader who does not see it all
    chart: list[AccuracyLine]  # what the chart shows: the whole organisation, else the first department
    chart_name: str
    largest_miss: str  # Swedish sentences, as the documents write them
    mean_errors: str


def _line(row: AccuracyRow) -> AccuracyLine:
    return AccuracyLine(row.unit, row.name, row.month, month_name(row.month), row.outcome,
                        Miss(row.entered, row.outcome), Miss(row.auto, row.outcome), Miss(row.run_rate, row.outcome))


def accuracy_page(accuracy: Accuracy, visible: Set[str] | None) -> AccuracyPage:
    """The page of one year: departments the reader may see (`visible`, None = all), the whole
    organisation only for a reader who sees everything."""
    departments: dict[str, tuple[str, list[AccuracyLine]]] = {}
    for row in accuracy.rows:
        if visible is None or row.unit in visible:
            departments.setdefault(row.unit, (row.name, []))[1].append(_line(row))
    grouped = [(code, name, sorted(lines, key=lambda x: x.month)) for code, (name, lines) in departments.items()]
    total = sorted((_line(r) for r in accuracy.total), key=lambda x: x.month) if visible is None else []
    chart, chart_name = (total, total[0].name) if total else (
        (grouped[0][2], f"{grouped[0][0]} {grouped[0][1]}") if grouped else ([], ""))
    miss, means = sentences(accuracy, visible)
    return AccuracyPage(accuracy.year, grouped, total, chart, chart_name, miss, means)


def sentences(accuracy: Accuracy, visible: Set[str] | None) -> tuple[str, str]:
    """The largest miss and the mean errors, worded as the documents' Prognossäkerhet section
    words them (`uppfolj.reports.accuracy`), over the departments the reader may see."""
    departments: list[Block] = []
    for row in accuracy.rows:
        if visible is not None and row.unit not in visible:
            continue
        if not departments or departments[-1].code != row.unit:
            departments.append(Block(row.unit, row.name, []))
        departments[-1].rows.append(row)
    for block in departments:
        block.rows.sort(key=lambda r: r.month)
    total_rows = sorted(accuracy.total, key=lambda r: r.month) if visible is None else []
    total = Block(total_rows[0].unit, total_rows[0].name, total_rows) if total_rows else None
    rows = [r for b in departments for r in b.rows] + total_rows
    months = sorted({r.month for r in rows if r.entered is not None}) or sorted({r.month for r in rows})
    view = AccuracyView(accuracy.year, departments, total, months, {}, final=False)
    return miss_sentence(view), mean_error_sentence(view)


def finished_years() -> list[int]:
    """Years whose ledger has all twelve months, newest first (those accuracy can be shown for)."""
    return sorted((year for year, last in last_months().items() if last == 12), reverse=True)
