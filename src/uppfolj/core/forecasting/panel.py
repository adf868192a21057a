"""The engine's arrays: base cells × years × months, the trees as indexes, and what was known.

`Panel` holds everything of a `ForecastData` as integer arrays (öre, ledger sign) once;
`Panel.known(year, month)` cuts out what was known at the end of that month: actuals of the
year's months 1..month and of earlier years, budgets of the year and earlier, volumes of months
up to (year, month). Every forecast is computed from such a cut and from nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from uppfolj.core.choices import MeasureKind
from uppfolj.core.forecasting.data import CellKey, ForecastData
from uppfolj.core.tree import Tree

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
T = TypeVar("T", bound=np.generic)


def counted_rows(template: Tree) -> set[str]:
    """Template rows whose amounts count in a unit's net: no `varav` row on the way to the top."""
    counted: set[str] = set()
    for node in template.order:
        if node.varav:
            continue
        if node.parent is None or node.parent in counted:
            counted.add(node.code)
    return counted


@dataclass
class Known:
    """What was known at the end of `month` of `year`, for n series (base cells or units).

    `actual` holds the year's months 1..month (later months are 0); `last` the previous
    year's twelve months; budgets are the year's months as phased and last year's annual
    amount. Volumes (cells only) are NaN where unknown, months after `month` included.
    """

    year: int
    month: int
    actual: Ints  # (n, 12)
    last: Ints  # (n, 12)
    has_last: Bools  # (n,)
    budget: Ints  # (n, 12)
    has_budget: Bools
    last_budget: Ints  # (n,) last year's annual budget
    has_last_budget: Bools
    volume: Floats | None = None  # (n, 12), NaN after `month`
    last_volume: Floats | None = None  # (n, 12)
    mean_measure: Bools | None = None  # medel: the months are levels, averaged
    has_driver: Bools | None = None

    @property
    def to_date(self) -> Ints:
        """Actual of months 1..month."""
        return self.actual.sum(axis=1)


class Panel:
    """A `ForecastData` as arrays; cells in a stable order, units in the tree's pre-order."""

    def __init__(self, data: ForecastData, years: Iterable[int] = ()) -> None:
        self.data = data
        tree, template = data.tree, data.template
        self.units = [node.code for node in tree.order]
        self.unit_index = {code: i for i, code in enumerate(self.units)}
        self.parent = np.array(
            [-1 if node.parent is None else self.unit_index[node.parent] for node in tree.order],
            dtype=np.int64,
        )
        self.rows = [node.code for node in template.order]
        self.row_index = {code: i for i, code in enumerate(self.rows)}
        self.row_parent = np.array(
            [-1 if node.parent is None else self.row_index[node.parent] for node in template.order],
            dtype=np.int64,
        )
        self.row_varav = np.array([node.varav for node in template.order], dtype=np.bool_)
        keys = sorted(set(data.actual) | set(data.budget) | set(data.drivers))
        for unit, row in keys:
            if unit not in self.unit_index or row not in self.row_index:
                raise ValueError(f"base cell ({unit}, {row}) is not in the trees")
        self.cells: list[CellKey] = keys
        self.cell_unit = np.array([self.unit_index[u] for u, _ in keys], dtype=np.int64)
        self.cell_row = np.array([self.row_index[r] for _, r in keys], dtype=np.int64)
        counted = counted_rows(template)
        self.counted = np.array([r in counted for _, r in keys], dtype=np.bool_)

        all_years = set(years)
        for series in (data.actual, data.budget):
            for by_year in series.values():
                all_years.update(by_year)
        for by_year_v in data.volumes.values():
            all_years.update(by_year_v)
        if not all_years:
            all_years = {0}
        self.first_year = min(all_years)
        self.years = list(range(self.first_year, max(all_years) + 1))
        n, ny = len(keys), len(self.years)
        self.actual = np.zeros((n, ny, 12), dtype=np.int64)
        self.has_actual = np.zeros((n, ny), dtype=np.bool_)
        self.budget = np.zeros((n, ny, 12), dtype=np.int64)
        self.has_budget = np.zeros((n, ny), dtype=np.bool_)
        for i, key in enumerate(keys):
            for target, present, source in (
                (self.actual, self.has_actual, data.actual),
                (self.budget, self.has_budget, data.budget),
            ):
                for year, months in source.get(key, {}).items():
                    target[i, year - self.first_year] = months
                    present[i, year - self.first_year] = True
        self._volumes(data)
        self.unit_actual = self.to_units(self.actual)  # (units, years, 12): each unit's net
        self.unit_has_actual = self.to_units(self.has_actual.astype(np.int64)) > 0
        with_data = [y for y in self.years if self.has_actual[:, self.index(y)].any()]
        self.complete = {y for y in with_data if data.actual_months.get(y, 12) == 12}

    def _volumes(self, data: ForecastData) -> None:
        n, ny = len(self.cells), len(self.years)
        self.volume = np.full((n, ny, 12), np.nan)
        self.has_driver = np.zeros(n, dtype=np.bool_)
        self.mean_measure = np.zeros(n, dtype=np.bool_)
        for i, key in enumerate(self.cells):
            measure = data.drivers.get(key)
            if measure is None:
                continue
            series = data.volumes.get((key[0], measure))
            if not series:
                continue
            self.has_driver[i] = True
            kind = data.measures[measure].kind if measure in data.measures else MeasureKind.SUM
            self.mean_measure[i] = kind == MeasureKind.MEAN
            for year, values in series.items():
                row = [np.nan if v is None else float(v) for v in values]
                self.volume[i, year - self.first_year] = row

    def index(self, year: int) -> int:
        return year - self.first_year

    def to_units(self, cells: npt.NDArray[T]) -> npt.NDArray[T]:
        """Sum a per-cell array over each unit's subtree, counted (non-`varav`) cells only."""
        out = np.zeros((len(self.units), *cells.shape[1:]), dtype=cells.dtype)
        np.add.at(out, self.cell_unit[self.counted], cells[self.counted])
        for i in range(len(self.units) - 1, 0, -1):
            parent = self.parent[i]
            if parent >= 0:
                out[parent] += out[i]
        return out

    def to_unit_rows(self, cells: npt.NDArray[T]) -> npt.NDArray[T]:
        """(units, rows, ...): a per-cell array as each unit's template rows show it.

        Every cell (those of `varav` rows too) is summed over the unit's subtree on its own row;
        then each row takes its non-`varav` children, as the follow-up report rolls rows up.
        """
        out = np.zeros((len(self.units), len(self.rows), *cells.shape[1:]), dtype=cells.dtype)
        np.add.at(out, (self.cell_unit, self.cell_row), cells)
        for i in range(len(self.units) - 1, 0, -1):
            parent = self.parent[i]
            if parent >= 0:
                out[parent] += out[i]
        for r in range(len(self.rows) - 1, -1, -1):
            parent = self.row_parent[r]
            if parent >= 0 and not self.row_varav[r]:
                out[:, parent] += out[:, r]
        return out

    def known(self, year: int, month: int) -> Known:
        """The base cells as known at the end of `month` of `year`."""
        yi = self.index(year)
        n = len(self.cells)
        inside = 0 <= yi < len(self.years)
        before = 0 <= yi - 1 < len(self.years)
        actual = self.actual[:, yi].copy() if inside else np.zeros((n, 12), dtype=np.int64)
        actual[:, month:] = 0
        volume = self.volume[:, yi].copy() if inside else np.full((n, 12), np.nan)
        volume[:, month:] = np.nan
        return Known(
            year=year,
            month=month,
            actual=actual,
            last=self.actual[:, yi - 1] if before else np.zeros((n, 12), dtype=np.int64),
            has_last=self.has_actual[:, yi - 1] if before else np.zeros(n, dtype=np.bool_),
            budget=self.budget[:, yi] if inside else np.zeros((n, 12), dtype=np.int64),
            has_budget=self.has_budget[:, yi] if inside else np.zeros(n, dtype=np.bool_),
            last_budget=self.budget[:, yi - 1].sum(axis=1)
            if before
            else np.zeros(n, dtype=np.int64),
            has_last_budget=self.has_budget[:, yi - 1] if before else np.zeros(n, dtype=np.bool_),
            volume=volume,
            last_volume=self.volume[:, yi - 1] if before else np.full((n, 12), np.nan),
            mean_measure=self.mean_measure,
            has_driver=self.has_driver,
        )

    def known_units(self, known: Known) -> Known:
        """The same cut summed to units (each unit's subtree, counted cells); no volumes."""

        def present(flags: Bools) -> Bools:
            return self.to_units(flags.astype(np.int64)) > 0

        return Known(
            year=known.year,
            month=known.month,
            actual=self.to_units(known.actual),
            last=self.to_units(known.last),
            has_last=present(known.has_last),
            budget=self.to_units(known.budget),
            has_budget=present(known.has_budget),
            last_budget=self.to_units(known.last_budget),
            has_last_budget=present(known.has_last_budget),
        )

    def unit_series(self, unit: int, year: int, month: int) -> list[int]:
        """A unit's monthly net from its first year with data through `month` of `year`."""
        yi = self.index(year)
        history = np.flatnonzero(self.unit_has_actual[unit, : max(yi, 0)])
        start = int(history[0]) if history.size else max(yi, 0)
        months = [int(v) for v in self.unit_actual[unit, start:yi].reshape(-1)]
        if 0 <= yi < len(self.years):
            months += [int(v) for v in self.unit_actual[unit, yi, :month]]
        else:
            months += [0] * month
        return months

    def outcome(self, year: int) -> Ints:
        """Each cell's actual of months 1..12 of `year` (a finished year)."""
        yi = self.index(year)
        if not 0 <= yi < len(self.years):
            return np.zeros(len(self.cells), dtype=np.int64)
        return self.actual[:, yi].sum(axis=1)

    def unit_outcome(self, year: int) -> Ints:
        yi = self.index(year)
        if not 0 <= yi < len(self.years):
            return np.zeros(len(self.units), dtype=np.int64)
        return self.unit_actual[:, yi].sum(axis=1)
