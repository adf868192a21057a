"""A small municipality with one unit of every kind, simulated once for the module's tests."""

from __future__ import annotations

import pytest

from uppfolj.synth import DepartmentSpec, Kind, Municipality, MunicipalitySpec, UnitSpec, simulate

KINDS = [k for k in Kind if k is not Kind.UNALLOCATED]


def every_kind_spec(seed: int = 7, *, last_month: int = 12, row_detail: float = 1.0) -> MunicipalitySpec:
    """Two departments: one unit of each kind (two cost centres on the home care unit), and a
    department with an unallocated budget line of its own plus two more placement units."""
    units = tuple(
        UnitSpec(f"U{i:02d}", kind.value, kind, 20e6 + 5e6 * i,
                 (f"{1000 + 10 * i}", f"{1001 + 10 * i}") if kind is Kind.HOME_CARE else (f"{1000 + 10 * i}",),
                 row_forecasts=kind is Kind.PERSONAL_ASSISTANCE)
        for i, kind in enumerate(KINDS)
    )
    extra = (
        UnitSpec("P1", "Placeringar 1", Kind.PLACEMENTS_CHILDREN, 40e6, ("2001",)),
        UnitSpec("P2", "Placeringar 2", Kind.PLACEMENTS_ADULTS, 30e6, ("2002",)),
    )
    own = UnitSpec("B", "Ej fördelat", Kind.UNALLOCATED, -5e6, ("2000",))
    return MunicipalitySpec("SOC", "Socialtjänsten", (DepartmentSpec("A", "Avdelning A", units),
                                                      DepartmentSpec("B", "Avdelning B", extra, own)),
                            2020, 2024, last_month, seed=seed, row_detail=row_detail)


@pytest.fixture(scope="module")
def muni() -> Municipality:
    return simulate(every_kind_spec())


def unit_of_kind(muni: Municipality, kind: Kind) -> str:
    return next(code for code, unit in muni.units.items() if unit.kind is kind)


def months(muni: Municipality, unit: str, account: str, year: int) -> list[int]:
    return muni.unit_actual[unit][year].get(account, [0] * 12)
