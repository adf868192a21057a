"""`ForecastData` from `uppfolj.synth`'s municipality, as `web.domain.forecasting` loads it from
the database: sums per cost centre and account placed on base cells (unit × template row, `varav`
rows repeating their accounts), volumes with the rows they drive, net forecasts."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

from uppfolj.core.forecasting.data import (
    CellKey,
    EnteredForecast,
    ForecastData,
    Measure,
    base_cells,
)
from uppfolj.core.tree import Tree, build_tree
from uppfolj.ingest.trees import read_template
from uppfolj.synth import Municipality, MunicipalitySpec, organisation, simulate

TEMPLATE = Path(__file__).resolve().parents[3] / "src" / "uppfolj" / "data" / "default-template.csv"


def forecast_data(spec: MunicipalitySpec) -> tuple[ForecastData, Tree]:
    """The simulated municipality of `spec` as the engine's input, and its organisation tree."""
    muni: Municipality = simulate(spec)
    tree = build_tree(organisation(spec), single_root=True, what="enhet")
    template = read_template(TEMPLATE)[0]

    def cells(
        source: Mapping[tuple[str, str], Mapping[int, list[int]]],
    ) -> dict[CellKey, dict[int, list[int]]]:
        sums = (
            (cost_centre, account, year, month, amount)
            for (cost_centre, account), years in source.items()
            for year, months in years.items()
            for month, amount in enumerate(months, start=1)
        )
        return base_cells(tree, template, sums)

    volumes: dict[tuple[str, str], dict[int, list[Decimal | None]]] = {}
    drivers: dict[CellKey, str] = {}
    measures: dict[str, Measure] = {}
    for v in muni.volume_records:
        volumes.setdefault((v.unit, v.measure), {}).setdefault(v.year, [None] * 12)[v.month - 1] = (
            v.value
        )
        if v.row:
            drivers[(v.unit, v.row)] = v.measure
        measures[v.measure] = Measure(v.measure, v.name, v.unit_text, v.kind)
    entered = [
        EnteredForecast(f.unit, f.year, f.month, f.amount)
        for f in muni.forecast_records
        if not f.row and f.amount is not None
    ]
    data = ForecastData(
        tree=tree,
        template=template,
        actual=cells(muni.actual),
        budget=cells(muni.budget),
        volumes=volumes,
        measures=measures,
        drivers=drivers,
        entered=entered,
        actual_months={y: spec.months_of(y) for y in spec.years},
    )
    return data, tree
