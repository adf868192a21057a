"""What municipality to generate: departments, leaf units of a kind, years, and how detailed."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from uppfolj.core.choices import Phasing


class Kind(StrEnum):
    """What a leaf unit does: decides its accounts, seasons, volumes and how its budget drifts."""

    ADMINISTRATION = "administration"  # staff, management, politics: salaries, licences, consultants
    CASEWORK = "handlaggning"  # needs assessment, investigations, open care: social workers, some hired
    SERVICE = "service"  # day activities, housing support, alarms, aids: staff, material, fees
    HOME_CARE = "hemtjanst"  # hours drive the staff; fees per hour
    RESIDENTIAL_CARE = "sarskilt_boende"  # places, 24/7 staff with summer temps, fees and rents
    HEALTH_CARE = "halso_sjukvard"  # nurses and hired nurses
    PLACEMENTS_CHILDREN = "placeringar_barn"  # bought care days (HVB, family homes) drifting
    PLACEMENTS_ADULTS = "placeringar_vuxna"  # bought care days for adults (LVM, HVB)
    INCOME_SUPPORT = "forsorjningsstod"  # households × norm, higher in winter
    LSS_GROUP_HOME = "lss_gruppbostad"  # LSS housing: 24/7 staff, rents, places sold
    PERSONAL_ASSISTANCE = "personlig_assistans"  # hours; Försäkringskassan pays 1-3 months late
    UNALLOCATED = "ej_fordelat"  # a budget-only line (savings not yet allotted): no ledger


CARE_KINDS = frozenset({Kind.HOME_CARE, Kind.RESIDENTIAL_CARE, Kind.HEALTH_CARE, Kind.LSS_GROUP_HOME,
                        Kind.PERSONAL_ASSISTANCE})


@dataclass(frozen=True)
class UnitSpec:
    """A leaf unit (or a department's own cost centres). `size` is its net cost per year in
    kronor around the first year (negative only for an unallocated budget line).

    Left as None, `phasing` (even for most, last year's profile for some), `squeeze` (how much
    its budget falls short of last year's outcome, indexed) and `row_forecasts` (whether its
    budget holder forecasts revenues and costs apart) are drawn from the seed.
    """

    code: str
    name: str
    kind: Kind
    size: float
    cost_centres: tuple[str, ...]
    phasing: Phasing | None = None
    squeeze: float | None = None
    row_forecasts: bool | None = None
    budget_factor: Mapping[int, float] = field(default_factory=dict)  # year -> extra factor on its cost budget
    pins: Mapping[tuple[int, int], int] = field(default_factory=dict)  # (year, month) -> placements held there


@dataclass(frozen=True)
class DepartmentSpec:
    code: str
    name: str
    units: tuple[UnitSpec, ...]
    own: UnitSpec | None = None  # cost centres on the department node itself


@dataclass(frozen=True)
class MunicipalitySpec:
    """The whole generated organisation. Years `first_year`..`last_year` are emitted, the last
    up to `last_month`; the year before the first is simulated too (unemitted) so that the first
    year's budget rests on an outcome. `row_detail` scales the ledger rows per cost centre,
    account and month (1.0: some 20-40 rows per cost centre and month; 0.1: about one per cell).
    """

    root_code: str
    root_name: str
    departments: tuple[DepartmentSpec, ...]
    first_year: int
    last_year: int
    last_month: int = 12
    seed: int = 0
    row_detail: float = 1.0
    forecast_months: tuple[int, ...] = (2, 3, 4, 5, 6, 8, 9, 10, 11)

    def units(self) -> Iterator[tuple[DepartmentSpec, UnitSpec]]:
        """Every unit that books (departments' own parts included), in organisation order."""
        for department in self.departments:
            if department.own is not None:
                yield department, department.own
            for unit in department.units:
                yield department, unit

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)

    def months_of(self, year: int) -> int:
        """How many months of `year` are emitted."""
        return self.last_month if year == self.last_year else 12
