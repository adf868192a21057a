"""Small hand-made `ForecastData`: a few units and rows whose every figure can be checked by hand."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from uppfolj.core.forecasting.data import CellKey, EnteredForecast, ForecastData, Measure
from uppfolj.core.tree import NodeSpec, Tree, build_tree


def units(*specs: tuple[str, str]) -> Tree:
    """(code, parent) pairs; the first is the root."""
    return build_tree(
        [NodeSpec(c, f"Enhet {c}", p) for c, p in specs], single_root=True, what="enhet"
    )


def rows(*specs: tuple[str, str, bool]) -> Tree:
    """(code, parent, varav) triples."""
    nodes = [NodeSpec(c, f"Rad {c}", p, varav=v) for c, p, v in specs]
    return build_tree(nodes, single_root=False, what="rapportrad", check_overlaps=False)


ONE_UNIT = units(("U", ""))
TWO_ROWS = rows(("KOS", "", False), ("INT", "", False))


def data(
    actual: Mapping[CellKey, Mapping[int, Sequence[int]]],
    budget: Mapping[CellKey, Mapping[int, Sequence[int]]] | None = None,
    *,
    tree: Tree = ONE_UNIT,
    template: Tree = TWO_ROWS,
    volumes: Mapping[tuple[str, str], Mapping[int, Sequence[Decimal | None]]] | None = None,
    measures: Sequence[Measure] = (),
    drivers: Mapping[CellKey, str] | None = None,
    entered: Sequence[EnteredForecast] = (),
) -> ForecastData:
    return ForecastData(
        tree=tree,
        template=template,
        actual={k: {y: list(m) for y, m in v.items()} for k, v in actual.items()},
        budget={k: {y: list(m) for y, m in v.items()} for k, v in (budget or {}).items()},
        volumes={k: {y: list(m) for y, m in v.items()} for k, v in (volumes or {}).items()},
        measures={m.code: m for m in measures},
        drivers=dict(drivers or {}),
        entered=list(entered),
        actual_months={y: 12 for v in actual.values() for y in v},
    )


def even(total: int) -> list[int]:
    """An annual amount divisible by 12 spread evenly."""
    assert total % 12 == 0
    return [total // 12] * 12
