"""A simulated municipality: its months per cost centre and account in öre, budgets, volumes,
forecasts (`uppfolj.synth.simulate` builds it), and its organisation tree."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from uppfolj.core.records import BudgetRecord, ForecastRecord, VolumeRecord
from uppfolj.core.tree import NodeSpec
from uppfolj.synth.spec import MunicipalitySpec, UnitSpec

CellKey = tuple[str, str]  # (cost centre, account)
Months = list[int]  # twelve amounts in öre, January first
PartKey = tuple[str, str, int, int]  # (unit, account, year, month)


@dataclass
class Municipality:
    """What the generator made. `actual` holds the emitted months only (later months of the last
    year are 0); `unit_actual` every month of every simulated year per unit, the whole truth the
    budget holders' forecasts and the budgets are drawn from."""

    spec: MunicipalitySpec
    units: dict[str, UnitSpec]  # code -> spec, every unit that books
    department_of: dict[str, str]  # unit code -> department code
    weights: dict[str, list[int]]  # unit -> its cost centres' shares
    actual: dict[CellKey, dict[int, Months]] = field(default_factory=dict)
    budget: dict[CellKey, dict[int, Months]] = field(default_factory=dict)
    unit_actual: dict[str, dict[int, dict[str, Months]]] = field(default_factory=dict)
    unit_budget: dict[str, dict[int, dict[str, Months]]] = field(default_factory=dict)
    parts: dict[PartKey, list[tuple[str, int]]] = field(default_factory=dict)  # labelled parts of a unit's cell
    hints: dict[PartKey, int] = field(default_factory=dict)  # how many invoices a cell has (placements, households)
    announced: dict[str, dict[int, int]] = field(default_factory=dict)  # unit -> year -> its decided state grant (öre, negative)
    volume_records: list[VolumeRecord] = field(default_factory=list)
    forecast_records: list[ForecastRecord] = field(default_factory=list)

    def unit_of(self, cost_centre: str) -> str:
        return self._owner[cost_centre]

    def __post_init__(self) -> None:
        self._owner = {cc: code for code, unit in self.units.items() for cc in unit.cost_centres}

    def budget_records(self) -> Iterator[BudgetRecord]:
        """Every month of every year's budget, zero months left out."""
        for (cc, account), years in self.budget.items():
            for year, months in sorted(years.items()):
                for m, amount in enumerate(months, start=1):
                    if amount:
                        yield BudgetRecord(year, m, cc, account, amount)


def organisation(spec: MunicipalitySpec) -> list[NodeSpec]:
    """The organisation tree: the root, its departments (with their own cost centres, if any)
    and the leaf units, in report order."""
    nodes = [NodeSpec(spec.root_code, spec.root_name, "", "", line=2)]
    for department in spec.departments:
        own = ",".join(department.own.cost_centres) if department.own is not None else ""
        nodes.append(NodeSpec(department.code, department.name, spec.root_code, own, line=len(nodes) + 2))
        nodes.extend(NodeSpec(unit.code, unit.name, department.code, ",".join(unit.cost_centres), line=len(nodes) + 2 + i)
                     for i, unit in enumerate(department.units))
    return [NodeSpec(n.code, n.name, n.parent, n.patterns, line=i) for i, n in enumerate(nodes, start=2)]
