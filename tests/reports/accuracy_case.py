"""A hand-made Prognossäkerhet case: five departments of Socialtjänsten, forecasts in February,
April, August and October, proposals and run rates every month 1-11.

Amounts are written in tenths of a million kronor (0,1 mkr) and stored as öre in ledger sign.
The October forecasts add up to 980,6 mkr against a budget of 962,3 mkr and an outcome of
951,8 mkr: the forecast pointed to -18,3 mkr, the year ended at +10,5 mkr.
"""

from __future__ import annotations

from decimal import Decimal

from uppfolj.core.choices import PeriodState, ReportKind, TreeKind
from uppfolj.core.figures import Figures
from uppfolj.core.forecasting.model import Accuracy, AccuracyRow
from uppfolj.core.money import Ore
from uppfolj.core.period import Line, PeriodInfo, PeriodResult, UnitResult
from uppfolj.reports.model import Report

TENTH = 10_000_000  # öre in 0,1 mkr
ROOT = ("SOC", "Socialtjänsten")
# code, name, annual budget, outcome (0,1 mkr)
DEPARTMENTS = [
    ("510", "Ledning och administration", 320, 312),
    ("515", "Barn och familj", 1500, 1624),
    ("520", "Vuxen", 820, 849),
    ("530", "Äldreomsorg", 4313, 4180),
    ("540", "Funktionsstöd", 2670, 2553),
]
ROUNDS = (2, 4, 8, 10)
# The entered forecasts' errors (forecast − outcome, 0,1 mkr) per round; None = no forecast.
ENTERED_ERRORS: dict[str, tuple[int | None, ...]] = {
    "510": (None, 4, 2, 1),
    "515": (60, 123, 98, 101),
    "520": (-30, -51, -85, -10),
    "530": (20, 42, 70, 120),
    "540": (15, 30, 55, 76),
}
AUTO_SLOPE = {"510": 5, "515": 60, "520": -40, "530": 50, "540": 30}  # proposal's error at month 1
RUN_RATE_SLOPE = {"510": 5, "515": -8, "520": 6, "530": -15, "540": 3}  # % of the outcome at month 0


def _auto_error(code: str, month: int) -> int:
    return AUTO_SLOPE[code] * (11 - month) // 10


def _run_rate_error(code: str, outcome: int, month: int) -> int:
    return outcome * RUN_RATE_SLOPE[code] * (12 - month) // 1200


def accuracy(year: int = 2023, errors: dict[str, tuple[int | None, ...]] | None = None) -> Accuracy:
    """The case's accuracy for `year`, optionally with other entered errors."""
    errors = errors or ENTERED_ERRORS
    rows: list[AccuracyRow] = []
    totals: dict[int, list[int]] = {m: [0, 0, 0, 0] for m in range(1, 12)}  # entered, auto, run rate, outcome
    made = {m for m in ROUNDS if any(e[ROUNDS.index(m)] is not None for e in errors.values())}
    for code, name, budget, outcome in DEPARTMENTS:
        for month in range(1, 12):
            error = errors[code][ROUNDS.index(month)] if month in ROUNDS else None
            entered = None if error is None else outcome + error
            auto = outcome + _auto_error(code, month)
            run_rate = outcome + _run_rate_error(code, outcome, month)
            rows.append(AccuracyRow(code, name, month, None if entered is None else entered * TENTH,
                                    auto * TENTH, run_rate * TENTH, outcome * TENTH))
            # A department without a forecast counts at its budget in the total's, as F(U, M) does.
            for i, value in enumerate((budget if entered is None else entered, auto, run_rate, outcome)):
                totals[month][i] += value
    total = [AccuracyRow(ROOT[0], ROOT[1], m, e * TENTH if m in made else None, a * TENTH, r * TENTH, o * TENTH)
             for m, (e, a, r, o) in totals.items()]
    return Accuracy(year, rows, total)


def _figures(budget: int, actual: int, month: int) -> Figures:
    period_budget = budget * month // 12
    return Figures(budget * TENTH, period_budget * TENTH, actual * TENTH, (period_budget - actual) * TENTH,
                   Decimal(actual * 100) / Decimal(budget), None, None)


def report(kind: ReportKind = ReportKind.INTERIM, month: int = 8, *, year: int = 2024,
           acc: Accuracy | None = None, unit: str | None = None) -> Report:
    """The report of `year` per `month` with the case's organisation (figures: the outcome of the
    accuracy year, at month 12 exactly the year's outcome)."""
    lines = []
    for code, name, budget, outcome in DEPARTMENTS:
        lines.append(Line(code, name, ROOT[0], 1, _figures(budget, outcome * month // 12, month)))
    budget_sum = sum(d[2] for d in DEPARTMENTS)
    actual_sum = sum(d[3] * month // 12 for d in DEPARTMENTS)
    lines.insert(0, Line(ROOT[0], ROOT[1], None, 0, _figures(budget_sum, actual_sum, month)))
    units = [UnitResult(line, [], line.figures, [None] * month, [], [0] * 12, [0] * 12, []) for line in lines]
    result = PeriodResult(ROOT[1], year, month, TreeKind.ORGANISATION, PeriodInfo(year, month, PeriodState.OPEN),
                          units, [], None, [], [])
    return Report(result, kind, unit, accuracy=acc)


def ore(tenths: int) -> Ore:
    return tenths * TENTH
