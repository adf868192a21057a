"""`auto`: per base cell, a weighted combination of the simple methods and `driver`.

The weights at (Y, M) come only from the methods' errors at the same forecast month M in
earlier finished years, each earlier forecast made from what was known then (the plans of
every year at M are computed once and reused). A method's score for a cell is its mean squared
error there, shrunk toward the typical (median) cell of the same template row (a rent behaves
like other rents; a cell with two years of history does not pick a method on luck); weights
are proportional to score ** -3, so a clearly better method takes nearly all of it. An error
from a year in which the method had to fall back to `remaining_budget` (no last year, an absurd
ratio, no volumes) says nothing about the method and is left out, and a method that falls back
now is no candidate now. With no usable history, the prior: `last_year_remaining` where the
cell has last year's months, else `remaining_budget`. docs/forecasting.md has the formulas.
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
SHRINK = 5.0  # the row's typical score counts as this many years of the cell's own errors
SHARPNESS = 3.0  # weight ∝ score ** -SHARPNESS
# Errors below this share of the row's mean annual amount count as equally perfect.
FLOOR_SHARE = 1e-3


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
        # a method that falls back to remaining_budget now is no candidate of its own now
        available = _used(plan)
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
        errors = np.stack([self.candidates(h) - self.panel.outcome(h) for h in history]).astype(
            np.float64
        )
        valid = np.stack([_used(self.plan(h)) for h in history])  # (H, C, n)
        squared = np.where(valid, errors**2, 0.0)
        count = valid.sum(axis=0).astype(np.float64)  # (C, n): years with the method's own record
        own = squared.sum(axis=0)
        rows = self.panel.cell_row
        typical = np.full((len(CANDIDATES), len(self.panel.rows)), np.nan)
        floor = np.zeros(n)
        with np.errstate(divide="ignore", invalid="ignore"):
            per_cell = np.where(count > 0, own / np.where(count > 0, count, 1.0), np.nan)
        outcomes = np.abs(np.stack([self.panel.outcome(h) for h in history]).astype(np.float64))
        for r in np.unique(rows):
            cells = rows == r
            floor[cells] = (FLOOR_SHARE * (outcomes[:, cells].mean() + 100.0)) ** 2
            for c in range(len(CANDIDATES)):
                known = per_cell[c, cells]
                known = known[~np.isnan(known)]
                if known.size:
                    typical[c, r] = np.median(known)
        row_score = typical[:, rows]
        has_typical = ~np.isnan(row_score)
        score_sum = own + np.where(has_typical, SHRINK * np.nan_to_num(row_score), 0.0)
        score_count = count + np.where(has_typical, SHRINK, 0.0)
        usable = available & (score_count > 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            score = np.where(
                usable, score_sum / np.where(score_count > 0, score_count, 1.0), np.inf
            )
        score = np.maximum(score, floor)
        best = np.min(np.where(usable, score, np.inf), axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            # relative to the cell's best score, so that no weight underflows
            weight = np.where(
                usable, (score / np.where(np.isfinite(best), best, 1.0)) ** -SHARPNESS, 0.0
            )
        total = weight.sum(axis=0)
        none = total == 0
        weight = np.where(none, prior, weight / np.where(none, 1.0, total))
        return weight

    def unit_auto(self, year: int) -> Ints:
        """Each unit's auto total (its subtree's counted cells summed)."""
        return self.panel.to_units(self.auto[year])
