"""A large city's social services for benchmarks: 300 leaf units under about 30 departments,
each leaf a net cost of 5-150 mnkr a year, 1-3 cost centres each."""

from __future__ import annotations

import math
import random

from uppfolj.synth.spec import DepartmentSpec, Kind, MunicipalitySpec, UnitSpec

# The areas a department belongs to, the kinds of its units (with weights) and the area's share
# of the departments.
AREAS: tuple[tuple[str, tuple[tuple[Kind, int], ...], int], ...] = (
    ("Äldreomsorg", ((Kind.HOME_CARE, 4), (Kind.RESIDENTIAL_CARE, 5), (Kind.HEALTH_CARE, 2), (Kind.SERVICE, 1)), 9),
    ("Funktionsstöd", ((Kind.LSS_GROUP_HOME, 5), (Kind.PERSONAL_ASSISTANCE, 2), (Kind.SERVICE, 2)), 7),
    ("Barn och familj", ((Kind.CASEWORK, 3), (Kind.PLACEMENTS_CHILDREN, 3)), 5),
    ("Vuxen", ((Kind.CASEWORK, 3), (Kind.PLACEMENTS_ADULTS, 2), (Kind.SERVICE, 1)), 4),
    ("Ekonomiskt bistånd", ((Kind.INCOME_SUPPORT, 3), (Kind.CASEWORK, 2)), 3),
    ("Stab", ((Kind.ADMINISTRATION, 3), (Kind.CASEWORK, 1)), 2),
)
MIN_SIZE, MAX_SIZE = 5e6, 150e6  # net cost per leaf unit and year, kronor


def bench_spec(*, units: int = 300, departments: int = 30, years: int = 4, last_year: int = 2024,
               last_month: int = 12, seed: int = 2024, row_detail: float = 0.1) -> MunicipalitySpec:
    """`units` leaf units spread over `departments` departments for the `years` years up to
    `last_year` (its months up to `last_month`). Sizes are log-uniform in 5-150 mnkr, so the whole
    is some 12 000 mnkr a year at 300 units; `row_detail` 0.1 gives about one ledger row per cost
    centre, account and month (the monthly sums are what a benchmark of the engine needs)."""
    rng = random.Random(f"{seed}/bench")
    areas = _apportioned(departments)
    counts = [units // departments + (1 if d < units % departments else 0) for d in range(departments)]
    specs = []
    number = 0
    for d, count in enumerate(counts):
        area, kinds, _ = areas[d]
        code = f"D{d + 1:02d}"
        members = []
        for _ in range(count):
            number += 1
            kind = rng.choices([k for k, _ in kinds], [w for _, w in kinds])[0]
            size = math.exp(rng.uniform(math.log(MIN_SIZE), math.log(MAX_SIZE)))
            width = rng.choices((1, 2, 3), (0.6, 0.3, 0.1))[0]
            centres = tuple(f"{10000 + 10 * number + k}" for k in range(width))
            members.append(UnitSpec(f"E{number:03d}", f"{_NAMES[kind]} {number}", kind, size, centres))
        specs.append(DepartmentSpec(code, f"{area} {areas[: d + 1].count(areas[d])}", tuple(members)))
    return MunicipalitySpec("SOC", "Socialförvaltningen", tuple(specs), last_year - years + 1, last_year,
                            last_month, seed=seed, row_detail=row_detail)


def _apportioned(departments: int) -> list[tuple[str, tuple[tuple[Kind, int], ...], int]]:
    """Each department's area, the areas taking turns by their shares."""
    total = sum(share for *_, share in AREAS)
    out: list[tuple[str, tuple[tuple[Kind, int], ...], int]] = []
    for d in range(departments):
        out.append(max(AREAS, key=lambda a: a[2] * (d + 1) / total - out.count(a)))
    return out


_NAMES = {
    Kind.ADMINISTRATION: "Stab", Kind.CASEWORK: "Myndighet", Kind.SERVICE: "Stödverksamhet",
    Kind.HOME_CARE: "Hemtjänst", Kind.RESIDENTIAL_CARE: "Särskilt boende", Kind.HEALTH_CARE: "Hälso- och sjukvård",
    Kind.PLACEMENTS_CHILDREN: "Placeringar barn", Kind.PLACEMENTS_ADULTS: "Placeringar vuxna",
    Kind.INCOME_SUPPORT: "Ekonomiskt bistånd", Kind.LSS_GROUP_HOME: "Gruppbostad", Kind.PERSONAL_ASSISTANCE: "Personlig assistans",
    Kind.UNALLOCATED: "Ej fördelat",
}
