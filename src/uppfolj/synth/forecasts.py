"""The budget holders' forecast rounds, made the way people make them.

Until spring the budget holds; from April a growing part of the drift is recognised, rounded to
100 tkr, an overrun less readily than a surplus is kept as a buffer, and on average too
optimistic. Not every unit forecasts every round. A department forecasts its units' sum with a
touch of its own. A few units forecast their revenues and costs apart (template rows INT and KOS,
the net line left empty).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from uppfolj.core.money import Ore
from uppfolj.core.records import ForecastRecord
from uppfolj.synth.accounts import ROW_COSTS, ROW_REVENUES, is_revenue
from uppfolj.synth.model import Months, Municipality
from uppfolj.synth.spec import Kind, UnitSpec

ROUNDING = 100_000 * 100  # 100 tkr in öre
PARTICIPATION = {2: 0.7, 3: 0.5, 4: 0.9, 5: 0.5, 6: 0.7, 7: 0.2, 8: 0.95, 9: 0.5, 10: 0.9, 11: 0.6, 12: 0.3, 1: 0.2}
RECOGNITION = {1: 0.0, 2: 0.0, 3: 0.05, 4: 0.35, 5: 0.45, 6: 0.55, 7: 0.6, 8: 0.7, 9: 0.75, 10: 0.85, 11: 0.9, 12: 0.95}
REASONS = {
    Kind.PLACEMENTS_CHILDREN: "placeringar", Kind.PLACEMENTS_ADULTS: "placeringar",
    Kind.INCOME_SUPPORT: "försörjningsstöd", Kind.HOME_CARE: "hemtjänsttimmar", Kind.HEALTH_CARE: "inhyrd personal",
    Kind.PERSONAL_ASSISTANCE: "assistansersättning", Kind.RESIDENTIAL_CARE: "personalkostnader",
    Kind.LSS_GROUP_HOME: "personalkostnader",
}


@dataclass(frozen=True, slots=True)
class _Person:
    """A budget holder's habits."""

    diligence: float  # how likely they are to hand in a round
    optimism: float  # how much of an overrun they admit
    rows: bool  # forecasts revenues and costs apart


def round_forecast(amount: float) -> Ore:
    """To 100 tkr, halves away from zero."""
    steps = abs(amount) / ROUNDING
    whole = int(steps + 0.5)
    return (whole if amount >= 0 else -whole) * ROUNDING


def _total(by_account: dict[str, Months], *, months: int = 12, part: str = "") -> int:
    return sum(sum(values[:months]) for account, values in by_account.items()
               if not part or (part == ROW_REVENUES) == is_revenue(account))


def _estimate(person: _Person, rng: random.Random, month: int, *, budget: int, outcome: int,
              ytd_actual: int, ytd_budget: int) -> float:
    """What the holder believes in `month`: the budget plus the part of the drift they see."""
    draws = rng.random(), rng.gauss(0, 0.003), rng.uniform(0, 0.004)
    if month <= 3 and draws[0] < 0.85:
        return float(budget)
    drift = 0.8 * (outcome - budget) + 0.2 * (ytd_actual - ytd_budget) * 12 / month
    seen = RECOGNITION[month] * drift * (person.optimism if drift > 0 else 0.6)
    return budget + seen + (draws[1] - draws[2]) * abs(budget)


def forecast_rounds(muni: Municipality) -> list[ForecastRecord]:
    spec = muni.spec
    out: list[ForecastRecord] = []
    for year in spec.years:
        months = [m for m in spec.forecast_months if year < spec.last_year or m <= spec.last_month]
        for department in spec.departments:
            made: dict[str, dict[int, Ore]] = {}  # unit -> month -> net forecast
            parts = ([department.own] if department.own is not None else []) + list(department.units)
            for unit in parts:
                made[unit.code] = _unit_rounds(muni, unit, year, months, out, emit=unit is not department.own)
            out.extend(_department_rounds(muni, department.code, [u.code for u in parts], year, months, made=made))
    return out


def _person(muni: Municipality, unit: UnitSpec) -> _Person:
    rng = random.Random(f"{muni.spec.seed}/{unit.code}/person")
    diligence, optimism, rows = rng.uniform(0.6, 1.0), rng.uniform(0.5, 0.95), rng.random() < 0.05
    has_revenue = any(is_revenue(a) for year in muni.unit_budget.get(unit.code, {}).values() for a in year)
    return _Person(diligence, optimism, (rows if unit.row_forecasts is None else unit.row_forecasts) and has_revenue)


def _unit_rounds(muni: Municipality, unit: UnitSpec, year: int, months: list[int], out: list[ForecastRecord], *,
                 emit: bool) -> dict[int, Ore]:
    """The unit's rounds of `year` (appended to `out` when `emit`); returns its net forecasts."""
    person = _person(muni, unit)
    rng = random.Random(f"{muni.spec.seed}/{unit.code}/{year}/forecasts")
    budget = muni.unit_budget.get(unit.code, {}).get(year, {})
    actual = muni.unit_actual.get(unit.code, {}).get(year, {})
    made: dict[int, Ore] = {}
    previous: dict[str, Ore] = {}
    for month in months:
        hands_in = rng.random() < PARTICIPATION[month] * person.diligence + (0.3 if month in (4, 8) else 0)
        if unit.kind is Kind.UNALLOCATED:  # a budget-only line: its holder knows nothing will be booked on it
            if hands_in and emit:
                out.append(ForecastRecord(year, month, unit.code, _total(actual), "Ej fördelad budget"))
            made[month] = _total(actual)
            continue
        lines = [ROW_REVENUES, ROW_COSTS] if person.rows else [""]
        values = {}
        for line in lines:
            estimate = _estimate(person, rng, month, budget=_total(budget, part=line), outcome=_total(actual, part=line),
                                 ytd_actual=_total(actual, months=month, part=line),
                                 ytd_budget=_total(budget, months=month, part=line))
            value = _total(budget, part=line) if estimate == _total(budget, part=line) else round_forecast(estimate)
            if line in previous and abs(value - previous[line]) < ROUNDING:
                value = previous[line]
            values[line] = value
        if not hands_in:
            continue
        previous = values
        net = sum(values.values())
        made[month] = net
        if not emit:
            continue
        comment = _comment(unit, net, _total(budget))
        if person.rows:
            out.append(ForecastRecord(year, month, unit.code, None, comment))
            out.extend(ForecastRecord(year, month, unit.code, values[line], row=line) for line in lines)
        else:
            out.append(ForecastRecord(year, month, unit.code, net, comment))
    return made


def _comment(unit: UnitSpec, forecast: int, budget: int) -> str:
    if forecast == budget:
        return "Budget håller"
    reason = REASONS.get(unit.kind, "verksamhetens kostnader")
    return f"{'Underskott' if forecast > budget else 'Överskott'} väntas, främst {reason}"


def _department_rounds(muni: Municipality, code: str, parts: list[str], year: int, months: list[int], *,
                       made: dict[str, dict[int, Ore]]) -> list[ForecastRecord]:
    """A department's rounds: its parts' latest forecasts (budget where none), plus its own view."""
    rng = random.Random(f"{muni.spec.seed}/{code}/{year}/department")
    budgets = {p: _total(muni.unit_budget.get(p, {}).get(year, {})) for p in parts}
    total_budget = sum(budgets.values())
    out = []
    for month in months:
        hands_in, own_view = rng.random(), rng.gauss(0, 0.002)
        if hands_in > 0.85 and not any(month in made[p] for p in parts):
            continue
        latest = {p: next((made[p][m] for m in sorted(made[p], reverse=True) if m <= month), budgets[p]) for p in parts}
        total = sum(latest.values())
        value = total if total == total_budget else round_forecast(total + own_view * abs(total_budget))
        out.append(ForecastRecord(year, month, code, value, "Budget håller" if value == total_budget else ""))
    return out
