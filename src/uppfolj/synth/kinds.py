"""One unit's months, by its kind: amounts per account (kronor, floats), volumes, row texts.

A statistical model may compute in floats; `simulate` rounds to whole öre at the edge. Every
random draw is made whatever the values drawn before it, so a unit's path depends on its seed and
kind only, and scaling its size (the demo's calibration) scales its money without changing its
story.
"""

from __future__ import annotations

import calendar
import math
import random
from dataclasses import dataclass, field

from uppfolj.core.choices import MeasureKind
from uppfolj.synth import economy as eco
from uppfolj.synth.accounts import MONTHS, ROW_PERSONNEL, ROW_PLACEMENTS, ROW_SUPPORT
from uppfolj.synth.spec import CARE_KINDS, Kind, UnitSpec

HOURS_PER_FTE = 100.0  # home care: client hours per full-time equivalent and month
ASSISTANCE_SHARE = 0.85  # the part of assistance hours that Försäkringskassan pays for
TEMP_COST = 0.92  # a temp's cost against own staff's salary for the same time
NORMALISING_RUNS = 4
GRANT_HOLDING = 2.5  # a unit holds a decided grant with this times its kind's grant chance (at most 1)
GRANT_DRIFT = 0.08  # how much a decided grant moves from one year to the next (sd of its log)
GRANT_SURPRISE = 0.15  # the chance of a year with an unannounced extra grant or a cut
GRANT_DEFERRED = 0.15  # the chance that a part of a year's grant is unspent and deferred to the next


@dataclass(frozen=True, slots=True)
class Recipe:
    """A kind's shape: monthly salary (kr, first year), shares of the gross cost, revenues as
    shares of the gross cost, growth of its activity per year."""

    salary: float = 0.0
    personnel: float = 0.0  # own staff incl. PO
    cover: float = 0.0  # how much of holiday and sick absence temps cover
    sick: float = 0.05
    inhyrd: float = 0.0
    rent: float = 0.0
    licences: float = 0.0
    material: float = 0.0
    travel: float = 0.0
    consultants: float = 0.0
    food: float = 0.0
    leasing: float = 0.0
    depreciation: float = 0.0
    purchases: float = 0.0
    support: float = 0.0
    fees: float = 0.0
    rent_income: float = 0.0
    sales: float = 0.0
    fk: float = 0.0
    grants: float = 0.0
    grant_chance: float = 0.0
    growth: float = 0.01
    growth_sd: float = 0.01
    day_price: float = 0.0

    @property
    def revenue_share(self) -> float:
        return self.fees + self.rent_income + self.sales + self.fk + self.grants * self.grant_chance


RECIPES: dict[Kind, Recipe] = {
    Kind.ADMINISTRATION: Recipe(salary=42000, personnel=0.78, cover=0.05, sick=0.035, licences=0.06, material=0.03,
                                travel=0.02, consultants=0.06, rent=0.05, grants=0.06, grant_chance=0.25),
    Kind.CASEWORK: Recipe(salary=38000, personnel=0.80, cover=0.15, sick=0.05, inhyrd=0.05, licences=0.03,
                          material=0.02, travel=0.02, consultants=0.03, rent=0.05, grants=0.08, grant_chance=0.35,
                          growth=0.02, growth_sd=0.02),
    Kind.SERVICE: Recipe(salary=31000, personnel=0.72, cover=0.4, sick=0.06, rent=0.10, material=0.08, travel=0.03,
                         licences=0.02, leasing=0.02, depreciation=0.03, fees=0.06, sales=0.02, grants=0.05,
                         grant_chance=0.2),
    Kind.HOME_CARE: Recipe(salary=29000, personnel=0.84, cover=0.9, sick=0.08, travel=0.03, leasing=0.04,
                           material=0.03, rent=0.04, licences=0.02, fees=0.12, grants=0.04, grant_chance=0.3,
                           growth=0.025, growth_sd=0.03),
    Kind.RESIDENTIAL_CARE: Recipe(salary=29500, personnel=0.76, cover=0.95, sick=0.08, rent=0.11, food=0.05,
                                  material=0.04, licences=0.01, inhyrd=0.01, depreciation=0.02, fees=0.08,
                                  rent_income=0.09, grants=0.03, grant_chance=0.3),
    Kind.HEALTH_CARE: Recipe(salary=40000, personnel=0.70, cover=0.5, sick=0.06, inhyrd=0.12, material=0.08,
                             leasing=0.02, depreciation=0.04, licences=0.02, rent=0.02, grants=0.03, grant_chance=0.2),
    Kind.PLACEMENTS_CHILDREN: Recipe(salary=38000, personnel=0.08, cover=0.1, purchases=0.90, travel=0.01,
                                     licences=0.01, day_price=4200, growth=0.03, growth_sd=0.08, grants=0.02,
                                     grant_chance=0.1),
    Kind.PLACEMENTS_ADULTS: Recipe(salary=38000, personnel=0.08, cover=0.1, purchases=0.90, travel=0.01,
                                   licences=0.01, day_price=2800, growth=0.02, growth_sd=0.10),
    Kind.INCOME_SUPPORT: Recipe(salary=37000, personnel=0.15, cover=0.1, support=0.82, licences=0.01, rent=0.01,
                                material=0.01, growth=0.0, growth_sd=0.06),
    Kind.LSS_GROUP_HOME: Recipe(salary=30000, personnel=0.82, cover=0.95, sick=0.08, rent=0.09, food=0.04,
                                material=0.03, leasing=0.01, inhyrd=0.01, rent_income=0.07, sales=0.05, fees=0.02),
    Kind.PERSONAL_ASSISTANCE: Recipe(salary=28000, personnel=0.93, cover=0.8, sick=0.07, travel=0.02, material=0.02,
                                     licences=0.01, consultants=0.02, fk=0.78, growth=0.02, growth_sd=0.05),
    Kind.UNALLOCATED: Recipe(),
}

GRANT_NAMES = ("stärkt bemanning", "kvalitetshöjande insatser", "psykisk hälsa", "kompetenslyft",
               "socialtjänst för barn och unga", "minskad ensamhet", "arbetsmarknadsinsatser")


@dataclass(frozen=True, slots=True)
class MeasureDef:
    code: str
    name: str
    unit_text: str
    kind: MeasureKind
    row: str  # the template row whose cost it drives, or ""
    places: int  # decimals kept


MEASURES: dict[str, MeasureDef] = {m.code: m for m in (
    MeasureDef("vardygn", "Vårddygn", "dygn", MeasureKind.SUM, ROW_PLACEMENTS, 0),
    MeasureDef("placeringar", "Pågående placeringar", "placeringar", MeasureKind.MEAN, "", 0),
    MeasureDef("hemtjanst_timmar", "Hemtjänsttimmar", "timmar", MeasureKind.SUM, ROW_PERSONNEL, 0),
    MeasureDef("hushall", "Hushåll med försörjningsstöd", "hushållsmånader", MeasureKind.SUM, ROW_SUPPORT, 0),
    MeasureDef("assistanstimmar", "Assistanstimmar", "timmar", MeasureKind.SUM, "", 0),
    MeasureDef("arsarbetare", "Årsarbetare", "åa", MeasureKind.MEAN, "", 1),
    MeasureDef("sjukfranvaro", "Sjukfrånvaro", "%", MeasureKind.MEAN, "", 1),
)}


@dataclass
class UnitSeries:
    """A unit's months from the unemitted first year on: amounts per account (kr), the parts of
    cells that are not one plain posting (label, kr), row-count hints, volumes, and each year's
    state grant decided before the year (what its budget counts on)."""

    amounts: dict[str, list[float]] = field(default_factory=dict)
    notes: dict[tuple[str, int], list[tuple[str, float]]] = field(default_factory=dict)
    hints: dict[tuple[str, int], int] = field(default_factory=dict)
    volumes: dict[str, list[float]] = field(default_factory=dict)
    announced: dict[int, float] = field(default_factory=dict)  # year -> the decided state grant (kr, negative)


class _Grid:
    """Months t = 0.. from January of the first simulated year."""

    def __init__(self, first: int, last: int) -> None:
        self.first = first
        self.years = list(range(first, last + 1))
        self.size = 12 * len(self.years)

    def year(self, t: int) -> int:
        return self.first + t // 12

    @staticmethod
    def month(t: int) -> int:
        return t % 12 + 1

    def days(self, t: int) -> int:
        return calendar.monthrange(self.year(t), self.month(t))[1]


def simulate_unit(unit: UnitSpec, years: dict[int, eco.Year], seed: int) -> UnitSeries:
    """The unit's months for every year in `years` (consecutive, the unemitted one first)."""
    recipe = RECIPES[unit.kind]
    grid = _Grid(min(years), max(years))
    if unit.kind is Kind.UNALLOCATED:
        return UnitSeries()
    gross = unit.size / (1 - recipe.revenue_share)
    out = _run(unit, recipe, grid, years, seed=seed, gross=gross)
    # The kind's shares give the net only roughly (temps, holiday pay, the wage and price
    # indexes); runs again with the same draws make the first year's net the unit's size (whole
    # placement counts make it a little non-linear, hence more than one).
    for _ in range(NORMALISING_RUNS):
        net = sum(sum(series[:12]) for series in out.amounts.values())
        if net <= 0 or unit.size <= 0 or abs(net - unit.size) < 0.002 * unit.size:
            break
        gross *= unit.size / net
        out = _run(unit, recipe, grid, years, seed=seed, gross=gross)
    return out


def _run(unit: UnitSpec, recipe: Recipe, grid: _Grid, years: dict[int, eco.Year], *, seed: int, gross: float) -> UnitSeries:
    out = UnitSeries()
    _Simulation(unit, recipe, grid, years, rng=random.Random(f"{seed}/{unit.code}"), gross=gross, out=out).run()
    return out


class _Simulation:
    def __init__(self, unit: UnitSpec, recipe: Recipe, grid: _Grid, years: dict[int, eco.Year], *,
                 rng: random.Random, gross: float, out: UnitSeries) -> None:
        self.unit, self.r, self.grid, self.years, self.rng, self.gross, self.out = unit, recipe, grid, years, rng, gross, out
        self.prices = self._index(lambda y: years[y].prices)
        self.activity = [1.0] * grid.size  # what fees, travel and food follow
        self.occupancy = [1.0] * grid.size

    # --- helpers -------------------------------------------------------------------------

    def _index(self, rate: object) -> list[float]:
        """A price level stepping each January (1.0 in the first simulated year)."""
        level, out = 1.0, []
        for y in self.grid.years:
            if y != self.grid.first:
                level *= 1 + rate(y)  # type: ignore[operator]
            out.extend([level] * 12)
        return out

    def _walk(self, growth: float, growth_sd: float, sd_month: float) -> list[float]:
        """A multiplicative random walk with a growth redrawn each year."""
        level, out = 1.0, []
        for _ in self.grid.years:
            g = self.rng.gauss(growth, growth_sd)
            step = (1 + g) ** (1 / 12) if g > -0.9 else 0.8
            for _m in range(12):
                level *= step * math.exp(self.rng.gauss(0, sd_month))
                out.append(level)
        return out

    def _book(self, account: str, t: int, amount: float, label: str = "") -> None:
        """Add to a month's cell; a label keeps the part apart in the ledger's texts."""
        series = self.out.amounts.setdefault(account, [0.0] * self.grid.size)
        if not 0 <= t < self.grid.size:
            return
        if label or (account, t) in self.out.notes:
            parts = self.out.notes.setdefault((account, t), [])
            if not parts and series[t]:
                parts.append(("", series[t]))
            parts.append((label, amount))
        series[t] += amount

    def _monthly(self, account: str, yearly: float, shape: list[float]) -> None:
        for t in range(self.grid.size):
            self._book(account, t, yearly / 12 * shape[t])

    def _noise(self, sd: float) -> list[float]:
        return [max(0.0, 1 + self.rng.gauss(0, sd)) for _ in range(self.grid.size)]

    # --- the unit ------------------------------------------------------------------------

    def run(self) -> None:
        r = self.r
        fte = self._drivers()
        if r.personnel:
            self._personnel(fte)
        self._fixed_costs()
        if r.purchases:
            self._placements()
        if r.support:
            self._income_support()
        if r.fees or r.rent_income or r.sales:
            self._revenues()
        if r.fk:
            self._assistance()
        if r.grant_chance:
            self._grants()

    def _drivers(self) -> list[float]:
        """Own staff (full-time equivalents) per month, and the activity that fees follow."""
        r, grid, rng = self.r, self.grid, self.rng
        fte0 = self.gross * r.personnel / (12 * r.salary * (1 + eco.PO_RATE + eco.PENSION_RATE)) if r.personnel else 0.0
        walk = self._walk(r.growth, r.growth_sd, 0.01 if self.unit.kind is not Kind.INCOME_SUPPORT else 0.015)
        noise = self._noise(0.01)
        occupancy = [min(1.0, 0.97 + rng.gauss(0, 0.02)) for _ in range(grid.size)]
        steps, level = [], 1.0
        for _ in range(grid.size):
            change, factor = rng.random(), rng.uniform(0.85, 1.2)
            if change < 0.04:
                level *= factor
            steps.append(level)
        kind = self.unit.kind
        if kind is Kind.HOME_CARE:
            hours = [fte0 * HOURS_PER_FTE * walk[t] * eco.HOME_CARE_SEASON[grid.month(t) - 1] * noise[t]
                     for t in range(grid.size)]
            self.out.volumes["hemtjanst_timmar"] = hours
            self.activity = [h / (fte0 * HOURS_PER_FTE) for h in hours]
            return [h / HOURS_PER_FTE for h in hours]
        if kind is Kind.PERSONAL_ASSISTANCE:
            self.activity = [steps[t] * walk[t] * grid.days(t) / 30.44 for t in range(grid.size)]
            return [fte0 * a * noise[t] for t, a in enumerate(self.activity)]
        if kind in (Kind.RESIDENTIAL_CARE, Kind.LSS_GROUP_HOME):
            expansions = [1.0 + 0.1 * (s > 1.1) for s in steps]  # rarely: more places
            self.occupancy = [o * e for o, e in zip(occupancy, expansions, strict=True)]
            self.activity = self.occupancy
            return [fte0 * e * noise[t] for t, e in enumerate(expansions)]
        if kind is Kind.INCOME_SUPPORT:
            self.activity = walk
            return [fte0 * (1 + 0.5 * (w - 1)) * noise[t] for t, w in enumerate(walk)]
        slow = self._walk(0.01, 0.01, 0.004)
        self.activity = slow
        return [fte0 * s * noise[t] for t, s in enumerate(slow)]

    def _personnel(self, fte: list[float]) -> None:
        """Salaries with the wage revision paid late with back pay, holiday pay in summer,
        temps (paid the month after) covering holidays and sick leave, PO, and the year-end
        change of the holiday pay liability."""
        r, grid, rng = self.r, self.grid, self.rng
        true_rate, paid_rate = [], []
        rate = r.salary * rng.uniform(0.95, 1.05)
        liability_months = rng.uniform(1.1, 1.5)
        liability = fte[0] * rate * liability_months * (1 + eco.PO_RATE)
        for y in grid.years:
            e = self.years[y]
            new = rate * (1 + e.wage_raise + rng.gauss(0, 0.002))
            for m in range(1, 13):
                true_rate.append(new if m >= e.revision_month else rate)
                paid_rate.append(new if m >= e.payout_month else rate)
            rate = new
        sick_base = r.sick * rng.uniform(0.8, 1.25)
        holiday = [eco.HOLIDAY[grid.month(t) - 1] * rng.uniform(0.9, 1.1) for t in range(grid.size)]
        sick = [sick_base * eco.SICK_SEASON[grid.month(t) - 1] * eco.PANDEMIC.get((grid.year(t), grid.month(t)), 1.0)
                * max(0.5, 1 + rng.gauss(0, 0.08)) for t in range(grid.size)]
        work = [fte[t] * true_rate[t] * (holiday[t] + sick[t]) * r.cover * TEMP_COST for t in range(grid.size)]
        before = fte[0] * true_rate[0] * (eco.HOLIDAY[11] + sick[0]) * r.cover * TEMP_COST
        saved_drift = [rng.gauss(0, 0.08) for _ in grid.years]
        for t in range(grid.size):
            y, m = grid.year(t), grid.month(t)
            own = fte[t] * paid_rate[t]
            salary = own * (1 - holiday[t])
            self._book("5011", t, salary)
            e = self.years[y]
            if m == e.payout_month:
                start = t - m + e.revision_month
                back = sum(fte[s] * (true_rate[s] - paid_rate[s]) for s in range(start, t))
                if back:
                    self._book("5011", t, back, f"Retroaktiv lön {MONTHS[e.revision_month - 1]}–{MONTHS[m - 2]} {y}")
                salary += back
            holiday_pay = own * holiday[t] * eco.HOLIDAY_SUPPLEMENT
            self._book("5111", t, holiday_pay)
            temps = work[t - 1] if t else before
            self._book("5021", t, temps)
            self._book("5611", t, eco.PO_RATE * (salary + temps + holiday_pay))
            self._book("5711", t, eco.PENSION_RATE * (salary + holiday_pay))
            if m == 12:
                liability_months = max(0.6, liability_months + saved_drift[y - grid.first])
                new_liability = fte[t] * true_rate[t] * liability_months * (1 + eco.PO_RATE)
                self._book("5811", t, new_liability - liability)
                liability = new_liability
        self.out.volumes["arsarbetare"] = [fte[t] * (1 + (holiday[t] + sick[t]) * r.cover) for t in range(grid.size)]
        if self.unit.kind in CARE_KINDS:
            self.out.volumes["sjukfranvaro"] = [100 * s for s in sick]

    def _fixed_costs(self) -> None:
        """Rent quarterly in advance, licences in January, material with a December peak and a
        year-end accrual reversed in January, travel, consultants in lumps, hired staff, food,
        car leasing, depreciation."""
        r, grid, rng, g, prices = self.r, self.grid, self.rng, self.gross, self.prices
        if r.rent:
            for t in range(0, grid.size, 3):
                quarter = (grid.month(t) + 2) // 3
                self._book("6010", t, g * r.rent / 4 * prices[t], f"Lokalhyra kv {quarter} {grid.year(t)}")
        if r.licences:
            for t in range(0, grid.size, 12):
                self._book("6830", t, g * r.licences * prices[t] * rng.uniform(0.85, 1.15))
        if r.material:
            noise = self._noise(0.15)
            shape = [eco.MATERIAL_SEASON[grid.month(t) - 1] / 1.0 * noise[t] * prices[t] for t in range(grid.size)]
            self._monthly("6410", g * r.material, shape)
            before = g * r.material / 12 * rng.uniform(0.3, 0.8)
            self._book("6410", 0, -before, f"Återföring upplupen kostnad {grid.first - 1}")
            for y in grid.years:
                t = 12 * (y - grid.first) + 11
                accrued = g * r.material / 12 * rng.uniform(0.3, 0.8) * prices[t]
                self._book("6410", t, accrued, f"Upplupen kostnad {y}")
                self._book("6410", t + 1, -accrued, f"Återföring upplupen kostnad {y}")
        if r.travel:
            noise = self._noise(0.2)
            summer = {7: 0.5, 8: 0.8}
            self._monthly("7010", g * r.travel, [self.activity[t] * summer.get(grid.month(t), 1.08) * noise[t] * prices[t]
                                                 for t in range(grid.size)])
        if r.consultants:
            for t in range(grid.size):
                hit, size = rng.random(), rng.lognormvariate(0, 0.5)
                if hit < 0.25:
                    self._book("7410", t, g * r.consultants / 12 / 0.25 * size / 1.13 * prices[t])
        if r.inhyrd:
            level, target = 1.0, 1.0
            for t in range(grid.size):
                if grid.month(t) == 1:
                    target = min(3.0, max(0.2, target * math.exp(rng.gauss(0, 0.35))))
                level = max(0.0, 0.7 * level + 0.3 * target + rng.gauss(0, 0.15))
                season = 1.5 if grid.month(t) in (6, 7, 8) else 0.9
                self._book("7510", t, g * r.inhyrd / 12 * level * season * prices[t])
        if r.food:
            noise = self._noise(0.05)
            self._monthly("4011", g * r.food, [self.occupancy[t] * noise[t] * prices[t] for t in range(grid.size)])
        if r.leasing:
            self._monthly("6310", g * r.leasing, prices)
        if r.depreciation:
            level = 1.0
            for t in range(grid.size):
                if grid.month(t) == 1:
                    invest, factor = rng.random(), rng.uniform(1.1, 1.4)
                    level *= factor if invest < 0.3 else 0.97
                self._book("7910", t, g * r.depreciation / 12 * level)

    def _placements(self) -> None:
        """Bought care days: a count of placements following its trend with steps, days in the
        month, a price per day rising each year. One unit in five is invoiced the month after,
        with the December accrued and reversed in January."""
        r, grid, rng, unit = self.r, self.grid, self.rng, self.unit
        price = r.day_price * rng.uniform(0.8, 1.25)
        start = max(1.0, self.gross * r.purchases / (price * 365))
        lagged = rng.random() < 0.2
        pins = {12 * (y - grid.first) + m - 1: n for (y, m), n in unit.pins.items() if y in self.years}
        trend, level = [], start
        for _ in grid.years:
            g = rng.gauss(r.growth, r.growth_sd)
            for _m in range(12):
                level *= (1 + g) ** (1 / 12) if g > -0.9 else 0.8
                trend.append(level)
        if pins:  # bend the trend toward the pinned counts over the year before each
            for pin_t, value in sorted(pins.items()):
                gap = value - trend[pin_t]
                for t in range(max(0, pin_t - 12), grid.size):
                    trend[t] += gap * min(1.0, (t - pin_t + 12) / 12)
        count, days_out, cost_out, counts = round(start), [], [], []
        sd = max(0.6, 0.08 * start)
        for t in range(grid.size):
            shock, partial, mix = rng.gauss(0, sd), rng.uniform(0.2, 0.8), rng.gauss(0, 0.03)
            previous = count
            count = max(0, previous + round(0.3 * (trend[t] - previous) + shock))
            if t in pins:
                count = pins[t]
            days = grid.days(t)
            care_days = count * days + round((previous - count) * days * partial)
            care_days = max(0, care_days)
            if grid.month(t) == 1:
                y = grid.year(t)
                price *= 1 + self.years[y].prices + self.years[y].placement_prices if y != grid.first else 1
            counts.append(count)
            days_out.append(float(care_days))
            cost_out.append(care_days * price * (1 + mix))
        self.out.volumes["vardygn"] = days_out
        self.out.volumes["placeringar"] = [float(c) for c in counts]
        for t in range(grid.size):
            self.out.hints[("4610", t)] = max(1, counts[t])
            if not lagged:
                self._book("4610", t, cost_out[t])
                continue
            month, year = grid.month(t), grid.year(t)
            last = cost_out[t - 1] if t else cost_out[0]
            if month == 1:
                self._book("4610", t, last, f"Placeringar december {year - 1}")
                self._book("4610", t, -last, f"Återföring upplupen kostnad placeringar {year - 1}")
            else:
                self._book("4610", t, last, f"Placeringar {MONTHS[month - 2]}")
            if month == 12:
                self._book("4610", t, cost_out[t], f"Upplupen kostnad placeringar december {year}")

    def _income_support(self) -> None:
        """Households × the norm, higher in winter and early in the year; the norm rises each January."""
        r, grid, rng = self.r, self.grid, self.rng
        norm = rng.uniform(7000, 9500)
        start = self.gross * r.support / (12 * norm)
        walk = self.activity
        households, cost = [], []
        for t in range(grid.size):
            y = grid.year(t)
            if grid.month(t) == 1 and y != grid.first:
                norm *= 1 + self.years[y].norm_raise
            noise, mix = rng.gauss(0, 0.02), rng.gauss(0, 0.02)
            count = max(0, round(start * walk[t] * eco.SUPPORT_SEASON[grid.month(t) - 1] * (1 + noise)))
            households.append(float(count))
            cost.append(count * norm * (1 + mix))
            self.out.hints[("4510", t)] = count
        self.out.volumes["hushall"] = households
        for t in range(grid.size):
            self._book("4510", t, cost[t])

    def _revenues(self) -> None:
        """Fees following the activity, residents' rents following occupancy, places sold."""
        r, grid, rng, g, prices = self.r, self.grid, self.rng, self.gross, self.prices
        noise = self._noise(0.03)
        if r.fees:
            self._monthly("3110", -g * r.fees, [self.activity[t] * noise[t] * prices[t] for t in range(grid.size)])
        if r.rent_income:
            self._monthly("3411", -g * r.rent_income, [self.occupancy[t] / 0.97 * prices[t] for t in range(grid.size)])
        if r.sales:
            level, shape = 1.0, []
            for t in range(grid.size):
                change, factor = rng.random(), rng.uniform(0.5, 1.5)
                if change < 0.05:
                    level = min(2.0, level * factor)
                shape.append(level * prices[t])
            self._monthly("3610", -g * r.sales, shape)

    def _assistance(self) -> None:
        """Försäkringskassan pays each month's hours 1-3 months late; what is unpaid at the year's
        end is accrued in December and reversed in January."""
        r, grid, rng = self.r, self.grid, self.rng
        first_rate = self.years[grid.first].fk_rate
        hours_base = self.gross * r.fk / (12 * first_rate * ASSISTANCE_SHARE)
        hours = [hours_base * a for a in self.activity]
        self.out.volumes["assistanstimmar"] = hours
        pending: dict[int, float] = {}  # months not yet paid -> amount
        lag: dict[int, int] = {}
        # The last months of the year before the first are paid in its first months, as that
        # year's December accrued them.
        for s in (-3, -2, -1):
            lag[s] = rng.choices((1, 2, 3), (0.5, 0.35, 0.15))[0]
            if s + lag[s] >= 0:
                pending[s] = hours[0] * first_rate * ASSISTANCE_SHARE
        self._book("3590", 0, sum(pending.values()), f"Återföring upplupen assistansersättning {grid.first - 1}")
        for t in range(grid.size):
            rate = self.years[grid.year(t)].fk_rate
            pending[t] = hours[t] * rate * ASSISTANCE_SHARE
            lag[t] = rng.choices((1, 2, 3), (0.5, 0.35, 0.15))[0]
            due = [s for s in pending if s + lag[s] <= t]
            for s in sorted(due):
                label = f"Assistansersättning FK {MONTHS[s % 12]}"
                self._book("3590", t, -pending.pop(s), label)
            if grid.month(t) == 12:
                open_amount = sum(pending.values())
                self._book("3590", t, -open_amount, f"Upplupen assistansersättning {grid.year(t)}")
                self._book("3590", t + 1, open_amount, f"Återföring upplupen assistansersättning {grid.year(t)}")

    def _grants(self) -> None:
        """A state grant decided before the year (applied for in the winter), its amount drifting
        modestly from year to year and known to the budget, paid in one to three lumps at varying
        months. In a few years (`GRANT_SURPRISE`) the year brings what nobody budgeted: an extra
        grant in the autumn, or the decided grant cut by 10-40 %. Units without a decided grant
        now and then get an unannounced one. Sometimes a part unspent at the year's end is
        deferred to the next year."""
        r, grid, rng, g = self.r, self.grid, self.rng, self.gross
        holding = min(1.0, GRANT_HOLDING * r.grant_chance)
        holds = rng.random() < holding
        level = g * r.grants * r.grant_chance / holding * rng.uniform(0.7, 1.3)
        name = rng.choice(GRANT_NAMES)
        for y in grid.years:
            drift = rng.gauss(0, GRANT_DRIFT)
            payments = rng.choices((1, 2, 3), (0.4, 0.35, 0.25))[0]
            months = sorted(rng.sample(range(1, 13), 3))[:payments]
            weights = [rng.uniform(0.3, 1.0) for _ in range(3)][:payments]
            surprise, extra_or_cut, cut, extra = rng.random(), rng.random(), rng.uniform(0.1, 0.4), rng.uniform(0.2, 0.6)
            extra_month, extra_name = rng.choice((9, 10, 11)), rng.choice(GRANT_NAMES)
            defer, deferred_share = rng.random(), rng.uniform(0.1, 0.4)
            if y != grid.first:
                level *= math.exp(drift)
            base = 12 * (y - grid.first)
            decided = level * self.prices[base] if holds else 0.0
            unannounced = surprise < GRANT_SURPRISE
            if decided:
                self.out.announced[y] = -decided
                paid = decided * (1 - cut) if unannounced and extra_or_cut >= 0.5 else decided
                for m, w in zip(months, weights, strict=True):
                    self._book("3510", base + m - 1, -paid * w / sum(weights), f"Statsbidrag {name} {y}")
                if defer < GRANT_DEFERRED:
                    self._book("3510", base + 11, paid * deferred_share, f"Förutbetalt statsbidrag {name} {y}")
                    self._book("3510", base + 12, -paid * deferred_share, f"Återföring förutbetalt statsbidrag {y}")
            if unannounced and (extra_or_cut < 0.5 or not decided):
                amount = g * r.grants * r.grant_chance / holding * extra * self.prices[base]
                self._book("3510", base + extra_month - 1, -amount, f"Statsbidrag {extra_name} {y} (nytt beslut)")
