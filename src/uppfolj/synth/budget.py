"""Budgets: each year's is last year's outcome indexed, short by the unit's squeeze, with the state
grant decided for the year in place of last year's grants, in whole thousands, split over the cost
centres and phased evenly (most units) or by last year's profile."""

from __future__ import annotations

import random
from collections import defaultdict

from uppfolj.core.choices import Phasing
from uppfolj.core.phasing import phase_even, phase_profile
from uppfolj.synth import economy as eco
from uppfolj.synth.accounts import is_revenue
from uppfolj.synth.allot import allot
from uppfolj.synth.model import Months, Municipality
from uppfolj.synth.spec import Kind

# Holiday pay and the holiday liability are budgeted within monthly salaries; half of the temps
# too. Hired staff are budgeted only in part: nobody plans for them in full. State grants are
# budgeted as decided for the year (`Municipality.announced`), not from last year's.
FOLDED = {"5111": "5011", "5811": "5011"}
BUDGETED_SHARE = {"5021": 0.5, "7510": 0.3}
GRANT_ACCOUNT = "3510"
UNALLOCATED_ACCOUNT = "7699"


def squeeze_trait(rng: random.Random) -> float:
    """How far short of last year's indexed outcome a unit's cost budget falls, as a fraction:
    most near zero, one in four under-budgeted (it drifts away from its budget), one in ten
    generous."""
    draw, under, generous, normal = rng.random(), rng.uniform(0.03, 0.08), rng.uniform(-0.04, -0.015), rng.gauss(0.005, 0.01)
    if draw < 0.25:
        return under
    if draw < 0.35:
        return generous
    return normal


def make_budgets(muni: Municipality, years: dict[int, eco.Year]) -> None:
    """Fill `muni.budget` and `muni.unit_budget` for every emitted year."""
    spec = muni.spec
    for code, unit in muni.units.items():
        rng = random.Random(f"{spec.seed}/{code}/budget")
        trait = squeeze_trait(rng)
        squeeze = trait if unit.squeeze is None else unit.squeeze
        profiled = rng.random() < 0.2
        phasing = unit.phasing or (Phasing.LAST_YEAR if profiled else Phasing.EVEN)
        level = unit.size
        for year in spec.years:
            e = years[year]
            wobble = rng.gauss(0, 0.01)
            level *= 1 + e.budget_index
            factor = unit.budget_factor.get(year, 1.0)
            if unit.kind is Kind.UNALLOCATED:
                kronor = {UNALLOCATED_ACCOUNT: level * factor}
            else:
                indexed = {a: v * (1 + e.budget_index) for a, v in _from_outcome(muni.unit_actual[code].get(year - 1, {})).items()
                           if a != GRANT_ACCOUNT}
                decided = muni.announced.get(code, {}).get(year)
                if decided:
                    indexed[GRANT_ACCOUNT] = decided / 100
                kronor = _squeezed(indexed, (1 - squeeze - wobble) * factor)
            last_year = muni.unit_actual[code].get(year - 1, {})
            for account, value in sorted(kronor.items()):
                annual = round(value / 1000) * 1000 * 100  # whole thousands, in öre
                if annual:
                    _place(muni, code, year, account, annual, phasing=phasing, profile=last_year.get(account))


def _squeezed(indexed: dict[str, float], factor: float) -> dict[str, float]:
    """The net frame times `factor`, the cut (or addition) taken from the costs in proportion."""
    net = sum(indexed.values())
    costs = sum(v for a, v in indexed.items() if not is_revenue(a) and v > 0)
    if net <= 0 or costs <= 0:
        return indexed
    cut = net * (1 - factor)
    return {a: v - cut * v / costs if not is_revenue(a) and v > 0 else v for a, v in indexed.items()}


def _from_outcome(outcome: dict[str, Months]) -> dict[str, float]:
    """Last year's outcome per budget account, in kronor."""
    out: dict[str, float] = defaultdict(float)
    for account, months in outcome.items():
        total = sum(months) / 100
        share = BUDGETED_SHARE.get(account)
        if account == "5021":
            out["5011"] += total * (1 - share)  # type: ignore[operator]
            out[account] += total * share  # type: ignore[operator]
        elif share is not None:
            out[account] += total * share
        else:
            out[FOLDED.get(account, account)] += total
    return out


def _place(muni: Municipality, code: str, year: int, account: str, annual: int, *, phasing: Phasing,
           profile: Months | None) -> None:
    """Split a unit's annual budget over its cost centres and phase each into months."""
    unit_months = muni.unit_budget.setdefault(code, {}).setdefault(year, {}).setdefault(account, [0] * 12)
    for cc, amount in zip(muni.units[code].cost_centres, allot(annual, muni.weights[code]), strict=True):
        months = None
        if phasing is Phasing.LAST_YEAR and profile is not None:
            months = phase_profile(amount, profile)
        if months is None:
            months = phase_even(amount)
        muni.budget.setdefault((cc, account), {})[year] = months
        for m, value in enumerate(months):
            unit_months[m] += value
