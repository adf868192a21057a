"""`auto`: per base cell, a weighted combination of the simple methods and `driver`.

The weights at (Y, M) come only from the methods' errors at the same forecast month M in
earlier finished years, each earlier forecast made from what was known then (the plans of
every year at M are computed once and reused). Scores are relative squared errors (the error
divided by the cell's typical annual amount), shrunk toward the same method's score over all
cells of the same template row (a rent behaves like other rents); weights are inversely
proportional to the squared score, so a clearly better method takes nearly all of it. An error
from a year in which the method had to fall back to `remaining_budget` (no last year, no
volumes) says nothing about the method and is left out. With no usable history, the prior:
`last_year_remaining` where the cell has last year's months, else `remaining_budget`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from uppfolj.core.choices import ForecastMethod
from uppfolj.core.forecasting.methods import Plan, cell_plan
from uppfolj.core.forecasting.panel import Bools, Floats, Ints, Panel

M = ForecastMethod
CANDIDATES = (
    M.BUDGET,
    M.RUN_RATE,
    M.REMAINING_BUDGET,
    M.LAST_YEAR_PROFILE,
    M.LAST_YEAR_REMAINING,
    M.DRIVER,
)
SHRINK = 5.0  # the row's pooled score counts as this many years of the cell's own errors
SHARPNESS = 4.0  # weight ∝ score ** -SHARPNESS
FLOOR = 1e-6  # relative squared error below which methods count as equally perfect


def _used(plan: Plan) -> Bools:
    """(candidates, n): whether each method used its own information (not a fallback)."""
    k = plan.known
    n = k.actual.shape[0]
    yes = np.ones(n, dtype=np.bool_)
    driver_ok = plan.driver_ok if plan.driver_ok is not None else np.zeros(n, dtype=np.bool_)
    return np.stack([yes, yes, yes, plan.profile_ok, k.has_last, driver_ok])


@dataclass
class MonthTable:
    """Every year's cell plans at forecast month `month`, and `auto` for the years asked."""

    panel: Panel
    month: int
    plans: dict[int, Plan] = field(default_factory=dict)
    weights: dict[int, Floats] = field(default_factory=dict)  # year -> (candidates, cells)
    auto: dict[int, Ints] = field(default_factory=dict)  # year -> each cell's auto total

    def plan(self, year: int) -> Plan:
        if year not in self.plans:
            self.plans[year] = cell_plan(self.panel.known(year, self.month))
        return self.plans[year]

    def history(self, year: int) -> list[int]:
        """The finished years before `year`: the ones whose errors `auto` learns from."""
        return [h for h in self.panel.years if h < year and h in self.panel.complete]

    def candidates(self, year: int) -> Ints:
        """(candidates, cells): each method's total for every cell at (year, month)."""
        plan = self.plan(year)
        return np.stack([plan.totals[method] for method in CANDIDATES])

    def solve(self, years: Iterable[int]) -> None:
        """`auto` for each year (and the earlier years their intervals need), oldest first."""
        for year in sorted(set(years)):
            if year not in self.auto:
                self._solve(year)

    def _solve(self, year: int) -> None:
        plan = self.plan(year)
        weights = self._weights(year)
        totals = self.candidates(year).astype(np.float64)
        a = plan.known.to_date
        extra = (weights * (totals - a)).sum(axis=0)
        self.weights[year] = weights
        self.auto[year] = a + (np.sign(extra) * np.floor(np.abs(extra) + 0.5)).astype(np.int64)

    def _weights(self, year: int) -> Floats:
        plan = self.plan(year)
        n = len(self.panel.cells)
        available = np.ones((len(CANDIDATES), n), dtype=np.bool_)
        available[CANDIDATES.index(M.DRIVER)] = (
            plan.driver_ok if plan.driver_ok is not None else False
        )
        prior = np.zeros((len(CANDIDATES), n))
        prior[
            np.where(
                plan.known.has_last,
                CANDIDATES.index(M.LAST_YEAR_REMAINING),
                CANDIDATES.index(M.REMAINING_BUDGET),
            ),
            np.arange(n),
        ] = 1.0
        history = self.history(year)
        if not history or self.month == 12:
            return prior
        outcomes = np.stack([self.panel.outcome(h) for h in history]).astype(np.float64)  # (H, n)
        errors = np.stack([self.candidates(h) - self.panel.outcome(h) for h in history]).astype(
            np.float64
        )
        valid = np.stack([_used(self.plan(h)) for h in history])  # (H, C, n)
        scale = np.abs(outcomes).mean(axis=0) + 100.0  # öre; a cell of zeros is not divided by 0
        relative = np.where(valid, (errors / scale) ** 2, 0.0)
        count = valid.sum(axis=0).astype(np.float64)  # (C, n)
        own = relative.sum(axis=0)
        # the template row's pooled mean over every cell and year where the method was itself
        rows = self.panel.cell_row
        n_rows = len(self.panel.rows)
        pooled_sum = np.zeros((len(CANDIDATES), n_rows))
        pooled_count = np.zeros((len(CANDIDATES), n_rows))
        for c in range(len(CANDIDATES)):
            np.add.at(pooled_sum[c], rows, own[c])
            np.add.at(pooled_count[c], rows, count[c])
        with np.errstate(divide="ignore", invalid="ignore"):
            pooled = pooled_sum / pooled_count  # NaN where no cell of the row has it
        row_score = pooled[:, rows]
        has_pooled = ~np.isnan(row_score)
        score_sum = own + np.where(has_pooled, SHRINK * np.nan_to_num(row_score), 0.0)
        score_count = count + np.where(has_pooled, SHRINK, 0.0)
        usable = available & (score_count > 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            score = np.where(
                usable, score_sum / np.where(score_count > 0, score_count, 1.0), np.inf
            )
        weight = np.where(usable, np.maximum(score, FLOOR) ** -SHARPNESS, 0.0)
        total = weight.sum(axis=0)
        none = total == 0
        weight = np.where(none, prior, weight / np.where(none, 1.0, total))
        return weight

    def unit_auto(self, year: int) -> Ints:
        """Each unit's auto total (its subtree's counted cells summed)."""
        return self.panel.to_units(self.auto[year])
