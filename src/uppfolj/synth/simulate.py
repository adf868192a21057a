"""Simulating a municipality from its spec: units' months, budgets, forecast rounds."""

from __future__ import annotations

import random
from decimal import Decimal

from uppfolj.core.records import VolumeRecord
from uppfolj.synth import economy as eco
from uppfolj.synth.allot import allot, ore
from uppfolj.synth.budget import make_budgets
from uppfolj.synth.forecasts import forecast_rounds
from uppfolj.synth.kinds import MEASURES, simulate_unit
from uppfolj.synth.model import Months, Municipality
from uppfolj.synth.spec import MunicipalitySpec


def simulate(spec: MunicipalitySpec) -> Municipality:
    """Simulate every unit from the year before the first (unemitted) to the last, then draw
    budgets from outcomes and the budget holders' forecast rounds."""
    years = eco.economy(spec.seed, spec.first_year - 1, spec.last_year)
    units = {unit.code: unit for _, unit in spec.units()}
    department_of = {unit.code: department.code for department, unit in spec.units()}
    weights = {}
    for code, unit in units.items():
        rng = random.Random(f"{spec.seed}/{code}/centres")
        weights[code] = [rng.randint(2, 6) for _ in unit.cost_centres]
    muni = Municipality(spec, units, department_of, weights)
    for code, unit in units.items():
        series = simulate_unit(unit, years, spec.seed)
        _store_unit(muni, code, series.amounts, series.notes, series.hints)
        _store_volumes(muni, code, series.volumes)
        muni.announced[code] = {year: ore(value) for year, value in series.announced.items()}
    make_budgets(muni, years)
    muni.forecast_records = forecast_rounds(muni)
    return muni


def _store_unit(muni: Municipality, code: str, amounts: dict[str, list[float]],
                notes: dict[tuple[str, int], list[tuple[str, float]]], hints: dict[tuple[str, int], int]) -> None:
    spec = muni.spec
    first = spec.first_year - 1
    centres = muni.units[code].cost_centres
    weights = muni.weights[code]
    per_year: dict[int, dict[str, Months]] = {}
    for account, series in sorted(amounts.items()):
        for t, value in enumerate(series):
            year, month = first + t // 12, t % 12 + 1
            cell = ore(value)
            per_year.setdefault(year, {}).setdefault(account, [0] * 12)[month - 1] = cell
            if year < spec.first_year:
                continue
            if (account, t) in notes:
                muni.parts[(code, account, year, month)] = _exact_parts(notes[(account, t)], cell)
            if (account, t) in hints:
                muni.hints[(code, account, year, month)] = hints[(account, t)]
            if month > spec.months_of(year) or not cell:
                continue
            for cc, part in zip(centres, allot(cell, weights), strict=True):
                if part:
                    muni.actual.setdefault((cc, account), {}).setdefault(year, [0] * 12)[month - 1] = part
    muni.unit_actual[code] = per_year


def _exact_parts(parts: list[tuple[str, float]], cell: int) -> list[tuple[str, int]]:
    """The labelled parts in öre, the largest taking what rounding leaves so they add up to the cell."""
    out = [(label, ore(value)) for label, value in parts]
    if out:
        largest = max(range(len(out)), key=lambda i: abs(out[i][1]))
        label, value = out[largest]
        out[largest] = (label, value + cell - sum(v for _, v in out))
    return out


def _store_volumes(muni: Municipality, code: str, volumes: dict[str, list[float]]) -> None:
    spec = muni.spec
    first = spec.first_year - 1
    for measure, series in volumes.items():
        definition = MEASURES[measure]
        quantum = Decimal(1).scaleb(-definition.places)
        for t, value in enumerate(series):
            year, month = first + t // 12, t % 12 + 1
            if year < spec.first_year or month > spec.months_of(year):
                continue
            muni.volume_records.append(VolumeRecord(
                year, month, code, measure, Decimal(repr(max(0.0, value))).quantize(quantum), definition.name,
                definition.unit_text, definition.kind, definition.row,
            ))
