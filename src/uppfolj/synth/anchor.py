"""Landing a generated municipality on given department figures of its last year (the demo's seed
table): calibrate the spec so the simulation comes near, then move what is left, exactly.

`calibrate` scales each department's unit sizes (its whole history with them) so that its last
year's budget comes out at the target, and sets that year's budget factor so that the simulated
year's outcome stands to its budget as the target's latest forecast does. `anchor` then makes the figures exact
to the öre: the annual budget on the department's largest budget line, the period budget by
moving budget between the months to date and the rest of the year, the actual to date on the
department's most volatile cost rows (or, when far below, as a state grant), and the department's
forecasts, with its units' forecasts of those months allotted so that they add up to it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from uppfolj.core.money import Ore
from uppfolj.core.records import ForecastRecord
from uppfolj.synth.accounts import ROW_COSTS, is_revenue
from uppfolj.synth.allot import allot
from uppfolj.synth.model import Municipality
from uppfolj.synth.simulate import simulate
from uppfolj.synth.spec import DepartmentSpec, MunicipalitySpec, UnitSpec

# How readily a cost account absorbs the rest of an actual: what varies most in real ledgers.
VOLATILITY = {"4610": 4, "7510": 4, "4510": 3, "5021": 3, "6410": 2, "7410": 2, "5011": 1}
GRANT_ACCOUNT = "3510"
GRANT_BEYOND = 0.05
MIN_FACTOR, MAX_FACTOR = 0.75, 1.15  # how far calibration may set a department's budget off its trend  # an actual this far (of the costs to date) below the model's arrives as a grant


@dataclass(frozen=True)
class DepartmentTarget:
    """A department's figures of the spec's last year (öre, ledger sign)."""

    code: str
    annual_budget: Ore
    period_budget: Ore  # months 1..last_month
    actual: Ore  # months 1..last_month
    forecasts: Mapping[int, Ore] = field(default_factory=dict)  # month made -> the department's forecast
    comments: Mapping[int, str] = field(default_factory=dict)


def anchored(spec: MunicipalitySpec, targets: Sequence[DepartmentTarget]) -> Municipality:
    """The municipality of `spec`, calibrated and anchored on `targets`."""
    muni = simulate(calibrate(spec, targets))
    anchor(muni, targets)
    return muni


def _parts(department: DepartmentSpec) -> list[UnitSpec]:
    return ([department.own] if department.own is not None else []) + list(department.units)


def calibrate(spec: MunicipalitySpec, targets: Sequence[DepartmentTarget], *, passes: int = 3) -> MunicipalitySpec:
    """A spec whose simulation lands near the targets (see the module's description)."""
    year, by_code = spec.last_year, {t.code: t for t in targets}
    for _ in range(passes):
        muni = simulate(spec)
        departments = []
        for department in spec.departments:
            target = by_code.get(department.code)
            if target is None:
                departments.append(department)
                continue
            codes = [u.code for u in _parts(department)]
            budget = sum(sum(sum(v) for v in muni.unit_budget.get(c, {}).get(year, {}).values()) for c in codes)
            outcome = sum(sum(sum(v) for v in muni.unit_actual.get(c, {}).get(year, {}).values()) for c in codes)
            current = _parts(department)[0].budget_factor.get(year, 1.0)
            factor = current
            forecast = target.forecasts[max(target.forecasts)] if target.forecasts else 0
            if forecast > 0 and target.annual_budget > 0 and outcome > 0 and budget > 0:
                # The budget the simulated year's outcome overruns (or underruns) as the target's forecast says.
                wanted = current * outcome * target.annual_budget / (forecast * budget)
                factor = min(MAX_FACTOR, max(MIN_FACTOR, wanted))
            scale = target.annual_budget * current / (budget * factor) if budget else 1.0
            departments.append(_scaled(department, scale, factor, year))
        spec = dataclasses.replace(spec, departments=tuple(departments))
    return spec


def _scaled(department: DepartmentSpec, scale: float, factor: float, year: int) -> DepartmentSpec:
    def one(unit: UnitSpec) -> UnitSpec:
        factors = dict(unit.budget_factor)
        factors[year] = factor
        return dataclasses.replace(unit, size=unit.size * scale, budget_factor=factors)

    return dataclasses.replace(department, own=None if department.own is None else one(department.own),
                               units=tuple(one(u) for u in department.units))


def anchor(muni: Municipality, targets: Sequence[DepartmentTarget]) -> None:
    """Make each target department's last-year figures exact (see the module's description)."""
    spec = muni.spec
    for department in spec.departments:
        target = next((t for t in targets if t.code == department.code), None)
        if target is None:
            continue
        units = _parts(department)
        centres = [cc for u in units for cc in u.cost_centres]
        _annual_budget(muni, centres, target.annual_budget)
        _period_budget(muni, centres, target.period_budget)
        _actual(muni, units, target.actual)
        for unit in units:
            _recount(muni, unit)
        _forecasts(muni, department, units, target)


def _budget_cells(muni: Municipality, centres: Sequence[str]) -> list[list[int]]:
    year = muni.spec.last_year
    return [years[year] for (cc, _), years in sorted(muni.budget.items()) if cc in centres and year in years]


def _annual_budget(muni: Municipality, centres: Sequence[str], target: Ore) -> None:
    cells = _budget_cells(muni, centres)
    gap = target - sum(sum(c) for c in cells)
    if not gap:
        return
    if not cells:
        raise ValueError(f"no budget to anchor on for cost centres {', '.join(centres)}")
    largest = max(cells, key=lambda c: abs(sum(c)))
    for m, part in enumerate(allot(gap, [1] * 12)):
        largest[m] += part


def _period_budget(muni: Municipality, centres: Sequence[str], target: Ore) -> None:
    months = muni.spec.last_month
    cells = _budget_cells(muni, centres)
    gap = target - sum(sum(c[:months]) for c in cells)
    if not gap or months == 12:
        return
    for cell, share in zip(cells, allot(gap, [abs(sum(c)) for c in cells]), strict=True):
        for m, part in enumerate(allot(share, [1] * months)):
            cell[m] += part
        for m, part in enumerate(allot(share, [1] * (12 - months)), start=months):
            cell[m] -= part


def _actual(muni: Municipality, units: Sequence[UnitSpec], target: Ore) -> None:
    spec = muni.spec
    year, months = spec.last_year, spec.last_month
    centres = [cc for u in units for cc in u.cost_centres]
    cells = [(cc, account, years[year]) for (cc, account), years in sorted(muni.actual.items())
             if cc in centres and year in years]
    gap = target - sum(sum(c[:months]) for _, _, c in cells)
    if not gap:
        return
    costs = [(cc, account, c, m) for cc, account, c in cells if not is_revenue(account)
             for m in range(months) if c[m] > 0]
    cost_total = sum(c[m] for _, _, c, m in costs)
    if (gap < 0 and -gap > GRANT_BEYOND * cost_total) or not costs:
        _grant(muni, units, gap)
        return
    weights = [c[m] * VOLATILITY.get(account, 1) for _, account, c, m in costs]
    for (_, _, cell, m), part in zip(costs, allot(gap, weights), strict=True):
        cell[m] += part


def _grant(muni: Municipality, units: Sequence[UnitSpec], amount: Ore) -> None:
    """Book `amount` as a state grant paid in the last month, to the unit that has most grants."""
    year, month = muni.spec.last_year, muni.spec.last_month

    def grants(unit: UnitSpec) -> tuple[int, float]:
        received = -sum(sum(y.get(GRANT_ACCOUNT, [0] * 12)) for y in muni.unit_actual.get(unit.code, {}).values())
        return received, unit.size

    unit = max(units, key=grants)
    cell = muni.actual.setdefault((unit.cost_centres[0], GRANT_ACCOUNT), {}).setdefault(year, [0] * 12)
    key = (unit.code, GRANT_ACCOUNT, year, month)
    before = _unit_cell(muni, unit, GRANT_ACCOUNT, year, month)
    parts = muni.parts.get(key) or ([("", before)] if before else [])
    muni.parts[key] = [*parts, (f"Statsbidrag riktade insatser {year}", amount)]
    cell[month - 1] += amount


def _unit_cell(muni: Municipality, unit: UnitSpec, account: str, year: int, month: int) -> int:
    return sum(muni.actual.get((cc, account), {}).get(year, [0] * 12)[month - 1] for cc in unit.cost_centres)


def _recount(muni: Municipality, unit: UnitSpec) -> None:
    """The unit's last-year budget and emitted actual months again from its cost centres."""
    year, months = muni.spec.last_year, muni.spec.last_month
    budget: dict[str, list[int]] = {}
    for (cc, account), years in muni.budget.items():
        if cc in unit.cost_centres and year in years:
            row = budget.setdefault(account, [0] * 12)
            for m, v in enumerate(years[year]):
                row[m] += v
    muni.unit_budget.setdefault(unit.code, {})[year] = budget
    actual = muni.unit_actual.setdefault(unit.code, {}).setdefault(year, {})
    for account in {a for (cc, a) in muni.actual if cc in unit.cost_centres} | set(actual):
        row = actual.setdefault(account, [0] * 12)
        for m in range(months):
            row[m] = _unit_cell(muni, unit, account, year, m + 1)


def _forecasts(muni: Municipality, department: DepartmentSpec, units: Sequence[UnitSpec],
               target: DepartmentTarget) -> None:
    """The department's forecasts of the last year become the target's; in those months each of
    its units forecasts, allotted so that the units (and its own cost centres' budget) add up."""
    year = muni.spec.last_year
    records = muni.forecast_records
    kept = [r for r in records if not (r.year == year and r.unit == department.code)]
    leaves = list(department.units)
    own_budget = 0 if department.own is None else _budget(muni, department.own, year)
    for month, amount in sorted(target.forecasts.items()):
        kept.append(ForecastRecord(year, month, department.code, amount, target.comments.get(month, "")))
        if not leaves:
            continue
        latest = {u.code: _latest(kept, u.code, year, month) for u in leaves}
        values = {u.code: latest[u.code] if latest[u.code] is not None else _budget(muni, u, year) for u in leaves}
        gap = amount - own_budget - sum(values.values())  # type: ignore[arg-type]
        drift = {u.code: _outcome(muni, u, year) - _budget(muni, u, year) for u in leaves}
        weights = [max(0, drift[u.code] if gap > 0 else -drift[u.code]) + abs(_budget(muni, u, year)) // 100
                   for u in leaves]
        shares = allot(gap // 100, weights) if gap % 100 == 0 else allot(gap, weights)
        scale = 100 if gap % 100 == 0 else 1
        kept = [r for r in kept if not (r.year == year and r.month == month and r.unit in values)]
        for unit, share in zip(leaves, shares, strict=True):
            kept.extend(_unit_lines(muni, unit, year, month, net=values[unit.code] + share * scale, before=records))  # type: ignore[operator]
    muni.forecast_records = kept


def _unit_lines(muni: Municipality, unit: UnitSpec, year: int, month: int, *, net: Ore,
                before: Sequence[ForecastRecord]) -> list[ForecastRecord]:
    """A unit's forecast lines of a month: the net, or (a unit forecasting by row) its rows with
    the costs taking the change."""
    rows = {r.row: r.amount for r in before if r.unit == unit.code and r.year == year and r.row}
    budget = _budget(muni, unit, year)
    comment = "Budget håller" if net == budget else ("Underskott väntas" if net > budget else "Överskott väntas")
    if not rows:
        return [ForecastRecord(year, month, unit.code, net, comment)]
    revenues = sum(sum(v) for a, v in muni.unit_budget[unit.code][year].items() if is_revenue(a))
    latest_revenue = next((r.amount for r in sorted(before, key=lambda r: r.month, reverse=True)
                           if r.unit == unit.code and r.year == year and r.row != ROW_COSTS and r.row
                           and r.month <= month and r.amount is not None), revenues)
    return [ForecastRecord(year, month, unit.code, None, comment),
            ForecastRecord(year, month, unit.code, latest_revenue, row="INT"),
            ForecastRecord(year, month, unit.code, net - latest_revenue, row=ROW_COSTS)]


def _latest(records: Sequence[ForecastRecord], unit: str, year: int, month: int) -> Ore | None:
    """The unit's net forecast made latest in a month ≤ `month` (row lines summed)."""
    made = [r for r in records if r.unit == unit and r.year == year and r.month <= month]
    if not made:
        return None
    last = max(r.month for r in made)
    lines = [r for r in made if r.month == last]
    rows = [r.amount for r in lines if r.row and r.amount is not None]
    if rows:
        return sum(rows)
    return next((r.amount for r in lines if not r.row), None)


def _budget(muni: Municipality, unit: UnitSpec, year: int) -> Ore:
    return sum(sum(v) for v in muni.unit_budget.get(unit.code, {}).get(year, {}).values())


def _outcome(muni: Municipality, unit: UnitSpec, year: int) -> Ore:
    return sum(sum(v) for v in muni.unit_actual.get(unit.code, {}).get(year, {}).values())
