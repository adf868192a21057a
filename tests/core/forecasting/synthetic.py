"""Seeded synthetic ledgers of a social services committee, with the seasonality forecasts must know.

Per base cell and year, twelve amounts in öre (ledger sign: costs positive, revenues negative):

- salaries (KOS-PERS): a staff level drifting month by month, the wage revision from April paid
  in April, May or June with the retroactive months as a lump, summer holiday months cheaper,
  a December accrual; driven by årsarbetare (a `medel` measure) in some units;
- temps (KOS-INH): summer replacements in June-August, a small base otherwise;
- placements (KOS-KOP): a number of placements drifting through the year × a daily price × the
  month's days, sometimes a late invoice; driven by vårddygn (`summa`);
- income support (KOS-BID): households with a winter and late-summer peak, drifting; driven by
  hushåll (`summa`);
- rent (KOS-LOK): quarterly in advance (January, April, July, October) in most units, monthly
  in some; the whole rent is internal (the `varav` row KOS-VI repeats it);
- other costs (KOS-OVR): annual licences in January, noisy monthly costs, a December accrual;
- fees (INT-AVG), state grants paid in one to three lumps in varying months (INT-BID), and
  assistance compensation from Försäkringskassan paid one to three months late and caught up
  by a December accrual (INT-ERS): revenues, negative.

Budgets are last year's outcome grown, with each row's planning error (placements underfunded
most), phased evenly, rents and salaries in some units by last year's profile. Entered
forecasts: leaf units in February, April, August and October, noisy and optimistic early.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from uppfolj.core.choices import MeasureKind
from uppfolj.core.forecasting.data import EnteredForecast, ForecastData, Measure
from uppfolj.core.money import allot
from uppfolj.core.tree import NodeSpec, Tree, build_tree

TEMPLATE_ROWS = [
    # code, parent, varav
    ("INT", "", False),
    ("INT-AVG", "INT", False),
    ("INT-BID", "INT", False),
    ("INT-ERS", "INT", False),
    ("KOS", "", False),
    ("KOS-PERS", "KOS", False),
    ("KOS-INH", "KOS", False),
    ("KOS-KOP", "KOS", False),
    ("KOS-BID", "KOS", False),
    ("KOS-LOK", "KOS", False),
    ("KOS-OVR", "KOS", False),
    ("KOS-VI", "KOS", True),  # varav interna kostnader: the rent again
]

KINDS = ("care", "ifo", "support", "lss")
ROWS_OF_KIND = {
    "care": ("KOS-PERS", "KOS-INH", "KOS-LOK", "KOS-OVR", "INT-AVG", "INT-BID"),
    "ifo": ("KOS-PERS", "KOS-KOP", "KOS-LOK", "KOS-OVR", "INT-BID"),
    "support": ("KOS-PERS", "KOS-BID", "KOS-LOK", "KOS-OVR", "INT-BID"),
    "lss": ("KOS-PERS", "KOS-INH", "KOS-LOK", "KOS-OVR", "INT-ERS"),
    "staff": ("KOS-PERS", "KOS-OVR", "KOS-LOK"),
}
HOLIDAY = np.array([1, 1, 1, 1, 1, 0.93, 0.62, 0.84, 1, 1, 1, 1])
TEMPS = np.array([0.1, 0.1, 0.1, 0.1, 0.3, 1.0, 1.6, 1.1, 0.2, 0.1, 0.1, 0.15])
SUPPORT_SEASON = np.array([1.08, 1.06, 1.04, 1.0, 0.97, 0.95, 0.97, 1.03, 1.02, 0.98, 0.95, 0.96])
FEES_SEASON = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 0.95, 0.8, 0.9, 1.0, 1.0, 1.0, 1.0])
KR = 100  # öre per krona


@dataclass
class Synthetic:
    data: ForecastData
    leaves: list[str]
    departments: list[str]


def org_tree(departments: int, units_per_department: int) -> tuple[Tree, list[str], list[str]]:
    specs = [NodeSpec("SOC", "Socialnämnden", "")]
    depts, leaves = [], []
    for d in range(departments):
        code = f"D{d + 1}"
        depts.append(code)
        specs.append(NodeSpec(code, f"Avdelning {d + 1}", "SOC"))
        for u in range(units_per_department):
            unit = f"{code}U{u + 1:02d}"
            leaves.append(unit)
            specs.append(NodeSpec(unit, f"Enhet {d + 1}.{u + 1}", code))
    return build_tree(specs, single_root=True, what="enhet"), depts, leaves


def template_tree() -> Tree:
    specs = [NodeSpec(code, code, parent, varav=varav) for code, parent, varav in TEMPLATE_ROWS]
    return build_tree(specs, single_root=False, what="rapportrad", check_overlaps=False)


def days(year: int) -> np.ndarray:
    return np.array([calendar.monthrange(year, m)[1] for m in range(1, 13)], dtype=float)


class _Unit:
    """One unit's true processes over the years."""

    def __init__(self, rng: np.random.Generator, kind: str, years: Sequence[int]) -> None:
        self.rng, self.kind, self.years = rng, kind, list(years)
        self.size = float(rng.lognormal(np.log(1.2e6), 0.5))  # monthly wage bill, kr
        self.staff = 1.0
        self.placements = float(rng.uniform(3, 12))
        self.households = float(rng.uniform(40, 150))
        self.rent = float(self.size * rng.uniform(0.06, 0.12))
        self.quarterly_rent = bool(rng.random() < 0.75)
        self.licences = float(self.size * rng.uniform(0.05, 0.4))
        self.grant = float(self.size * rng.uniform(0.3, 1.5))
        self.fees = float(self.size * rng.uniform(0.1, 0.3))
        self.volumes: dict[str, dict[int, list[Decimal | None]]] = {}
        self.backlog = 0.0  # assistance compensation owed, not yet paid
        self.grant_months = [(2, 8), (2,), (1, 4, 7, 10), (4, 9)][int(rng.integers(0, 4))]

    def year(self, y: int, idx: int) -> dict[str, np.ndarray]:
        rng = self.rng
        growth = 1.03**idx
        out: dict[str, np.ndarray] = {}
        # salaries: staff level drifting, sometimes a step within the year
        staff = np.empty(12)
        step_month = int(rng.integers(1, 13)) if rng.random() < 0.2 else 99
        step = rng.normal(0, 0.04)
        for m in range(12):
            self.staff *= 1 + rng.normal(0, 0.004)
            if m + 1 == step_month:
                self.staff *= 1 + step
            staff[m] = self.staff
        raise_rate = rng.uniform(0.02, 0.045)
        paid = int(rng.choice([4, 5, 6], p=[0.4, 0.4, 0.2]))
        wage = np.full(12, self.size * growth)
        wage[paid - 1 :] *= 1 + raise_rate
        pers = wage * staff * HOLIDAY * (1 + rng.normal(0, 0.012, 12))
        pers[paid - 1] += self.size * growth * raise_rate * staff[paid - 1] * (paid - 4)
        pers[11] += (
            self.size * growth * rng.uniform(0.1, 0.3)
        )  # December: holiday pay liability, accruals
        out["KOS-PERS"] = pers
        self.volumes.setdefault("arsarbetare", {})[y] = [
            Decimal(str(round(self.size / 45000 * s, 1))) for s in staff
        ]
        # temps: summer
        out["KOS-INH"] = (
            self.size * 0.12 * growth * TEMPS * rng.uniform(0.7, 1.3) * (1 + rng.normal(0, 0.1, 12))
        )
        # placements
        count = np.empty(12)
        drift = rng.normal(0, 0.12)
        for m in range(12):
            self.placements = max(0.5, self.placements + drift + rng.normal(0, 0.3))
            count[m] = self.placements
        care_days = count * days(y)
        price = 3800 * growth * rng.uniform(0.97, 1.03)
        kop = care_days * price
        if rng.random() < 0.3:
            kop[int(rng.integers(0, 12))] += price * rng.uniform(30, 200)  # a late invoice
        out["KOS-KOP"] = kop
        self.volumes.setdefault("vardygn", {})[y] = [Decimal(str(round(v))) for v in care_days]
        # income support
        trend = np.empty(12)
        for m in range(12):
            self.households *= 1 + rng.normal(0.002, 0.007)
            trend[m] = self.households
        households = trend * SUPPORT_SEASON
        out["KOS-BID"] = households * 9500 * growth**0.5 * (1 + rng.normal(0, 0.03, 12))
        self.volumes.setdefault("hushall", {})[y] = [Decimal(str(round(v))) for v in households]
        # rent
        rent = self.rent * 1.02**idx
        if self.quarterly_rent:
            out["KOS-LOK"] = np.array([3 * rent if m % 3 == 0 else 0.0 for m in range(12)])
        else:
            out["KOS-LOK"] = np.full(12, rent)
        # other costs: January licences, noisy months, December accrual
        ovr = self.size * 0.04 * growth * (1 + rng.normal(0, 0.2, 12))
        ovr[0] += self.licences * growth
        ovr[11] += self.size * 0.03 * rng.uniform(0, 2)
        out["KOS-OVR"] = np.maximum(ovr, 0)
        # fees
        out["INT-AVG"] = -self.fees * growth * FEES_SEASON * (1 + rng.normal(0, 0.05, 12))
        # state grants in lumps: the unit's usual months, sometimes a month late, amounts vary
        grant = np.zeros(12)
        total = self.grant * growth * rng.uniform(0.85, 1.15)
        for m in self.grant_months:
            paid_in = min(11, m + 1) if rng.random() < 0.3 else m
            grant[paid_in] -= total / len(self.grant_months)
        out["INT-BID"] = grant
        # assistance compensation: earned monthly, paid late, December accrual of what is owed
        earned = wage * staff * 0.95
        ers = np.zeros(12)
        for m in range(12):
            self.backlog += earned[m]
            if m % 2 == 1 or rng.random() < 0.2:  # usually every other month, now and then early
                ers[m] -= self.backlog
                self.backlog = 0.0
        ers[11] -= self.backlog
        self.backlog = 0.0
        out["INT-ERS"] = ers
        return out


def make(
    departments: int = 4,
    units_per_department: int = 6,
    years: Sequence[int] = (2019, 2020, 2021, 2022, 2023),
    seed: int = 1,
    *,
    entered: bool = True,
) -> Synthetic:
    rng = np.random.default_rng(seed)
    tree, depts, leaves = org_tree(departments, units_per_department)
    template = template_tree()
    actual: dict[tuple[str, str], dict[int, list[int]]] = {}
    budget: dict[tuple[str, str], dict[int, list[int]]] = {}
    volumes: dict[tuple[str, str], dict[int, list[Decimal | None]]] = {}
    drivers: dict[tuple[str, str], str] = {}
    errors = {
        "KOS-KOP": (-0.08, 0.12),
        "KOS-BID": (-0.03, 0.06),
        "INT-BID": (0.0, 0.2),
        "INT-ERS": (0.0, 0.05),
    }
    units = [(u, KINDS[i % len(KINDS)]) for i, u in enumerate(leaves)] + [
        (d, "staff") for d in depts
    ]
    outcomes: dict[str, list[float]] = {}
    for unit, kind in units:
        sim = _Unit(rng, kind, years)
        rows = ROWS_OF_KIND[kind]
        profile_phasing = rng.random() < 0.4
        last: dict[str, np.ndarray] = {}
        for idx, y in enumerate(years):
            series = sim.year(y, idx)
            for row in rows:
                months = [round(v * KR) for v in series[row]]
                actual.setdefault((unit, row), {})[y] = months
                bias, spread = errors.get(row, (0.0, 0.03))
                expected = sum(last[row]) * 1.03 if row in last else float(np.sum(series[row])) * KR
                annual = round(expected * (1 + bias + rng.normal(0, spread)))
                if row in last and (profile_phasing or row == "KOS-LOK") and sum(last[row]) != 0:
                    weights = [int(v) for v in last[row]]
                else:
                    weights = [1] * 12
                budget.setdefault((unit, row), {})[y] = allot(annual, weights)
                last[row] = np.array(months)
                outcomes.setdefault(unit, [0.0] * len(years))[idx] += sum(months)
            if "KOS-LOK" in rows:
                actual.setdefault((unit, "KOS-VI"), {})[y] = actual[(unit, "KOS-LOK")][y]
                budget.setdefault((unit, "KOS-VI"), {})[y] = budget[(unit, "KOS-LOK")][y]
        if "KOS-KOP" in rows:
            drivers[(unit, "KOS-KOP")] = "vardygn"
            volumes[(unit, "vardygn")] = sim.volumes["vardygn"]
        if "KOS-BID" in rows:
            drivers[(unit, "KOS-BID")] = "hushall"
            volumes[(unit, "hushall")] = sim.volumes["hushall"]
        if kind == "care":
            drivers[(unit, "KOS-PERS")] = "arsarbetare"
            volumes[(unit, "arsarbetare")] = sim.volumes["arsarbetare"]
    measures = {
        "vardygn": Measure("vardygn", "Vårddygn", "dygn", MeasureKind.SUM),
        "hushall": Measure("hushall", "Hushåll", "hushåll", MeasureKind.SUM),
        "arsarbetare": Measure("arsarbetare", "Årsarbetare", "åa", MeasureKind.MEAN),
    }
    forecasts: list[EnteredForecast] = []
    if entered:
        for unit in leaves:
            for idx, y in enumerate(years):
                for month in (2, 4, 8, 10):
                    if rng.random() < 0.15:
                        continue
                    noise = rng.normal(-0.02 * (12 - month) / 10, 0.06 * (12 - month) / 10)
                    forecasts.append(
                        EnteredForecast(unit, y, month, round(outcomes[unit][idx] * (1 + noise)))
                    )
    data = ForecastData(
        tree=tree,
        template=template,
        actual=actual,
        budget=budget,
        volumes=volumes,
        measures=measures,
        drivers=drivers,
        entered=forecasts,
        actual_months=dict.fromkeys(years, 12),
    )
    return Synthetic(data, leaves, depts)
