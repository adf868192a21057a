"""`auto`: per base cell, a weighted combination of the simple methods and `driver`.

Everything at (Y, M) is learnt from the same forecast month M in earlier finished years only,
each earlier forecast made from what was known then (every year's plans at M are computed once
and reused). Two stages:

1. **Per cell.** A method's score for a cell is its mean squared error there, shrunk toward the
   typical (median) cell of the same template row (a rent behaves like other rents; a cell with
   two years of history does not pick a method on luck); weights ∝ score ** -3, so a clearly
   better method takes nearly all of it. An error from a year in which the method had to fall
   back to `remaining_budget` (no last year, an absurd ratio, no volumes) says nothing about the
   method and is left out, and a method that falls back now is no candidate now. With no
   usable history, the prior: `last_year_remaining` where the cell has last year's months, else
   `remaining_budget`.
2. **Per unit.** The cells' errors are not independent: more assistance hours raise both the
   salaries and Försäkringskassan's compensation, so a unit's net can be forecast better by one
   method on all its rows (whose errors cancel) than by the best method of each row. Each unit's
   own cells therefore also weigh the strategies "stage 1" and "method m on every cell" by the
   unit's own net errors at M in earlier years, shrunk toward the typical unit and weighted the
   same way. Where a kind of units (units with the same rows) has enough unit-years, the kind
   instead fits one combination, by least squares on the simplex, of a wider set of strategies
   (also "method m on row r, stage 1 elsewhere"), which sees how the strategies' errors go
   together. A cell's weights are the mixture; everything stays a sum of base cells.

docs/forecasting.md has the formulas.
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
    M.LAST_YEAR_RECENT,
    M.DRIVER,
)
SHRINK = 5.0  # the typical cell's (unit's) score counts as this many years of the own errors
SHARPNESS = 3.0  # weight ∝ score ** -SHARPNESS
# Errors below this share of the row's (unit's) mean annual amount count as equally perfect.
FLOOR_SHARE = 1e-3
SMALLEST = 100.0  # öre added to a mean annual amount, so that a series of zeros has a scale
ALIKE = 3  # units with the same rows, at least this many, make their own typical unit (stage 2)
# A kind of units with at least this many unit-years of errors fits its strategies' combination
# by least squares (stage 2), with the strategies "method m on row r" among them.
FIT_MIN = 30
FIT_STEPS = 400  # at most this many iterations of the fit (accelerated projected gradient)
FIT_TOLERANCE = 1e-6  # ... until no weight moves by more than this


def _used(plan: Plan) -> Bools:
    """(candidates, n): whether each method used its own information (not a fallback)."""
    k = plan.known
    n = k.actual.shape[0]
    yes = np.ones(n, dtype=np.bool_)
    driver_ok = plan.driver_ok if plan.driver_ok is not None else np.zeros(n, dtype=np.bool_)
    recent_ok = plan.recent_ok if plan.recent_ok is not None else np.zeros(n, dtype=np.bool_)
    return np.stack([yes, yes, yes, plan.profile_ok, k.has_last, recent_ok, driver_ok])


def _weights_from(score: Floats, usable: Bools, floor: Floats) -> Floats:
    """Weights ∝ score ** -SHARPNESS over the usable entries of each column, adding up to 1.

    Columns with nothing usable get all zeros. Scores are taken relative to the column's best,
    so that no weight underflows.
    """
    score = np.maximum(np.where(usable, score, np.inf), floor)
    best = score.min(axis=0)
    finite = np.isfinite(best)
    with np.errstate(divide="ignore", invalid="ignore"):
        weight = np.where(usable & finite, (score / np.where(finite, best, 1.0)) ** -SHARPNESS, 0.0)
    total = weight.sum(axis=0)
    return weight / np.where(total > 0, total, 1.0)


@dataclass
class MonthTable:
    """Every year's cell plans at forecast month `month`, and `auto` for the years asked."""

    panel: Panel
    month: int
    plans: dict[int, Plan] = field(default_factory=dict)
    weights: dict[int, Floats] = field(default_factory=dict)  # year -> (candidates, cells)
    auto: dict[int, Ints] = field(default_factory=dict)  # year -> each cell's auto total
    first_stage: dict[int, tuple[Floats, Ints]] = field(default_factory=dict)  # stage 1 only

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

    def unit_auto(self, year: int) -> Ints:
        """Each unit's auto total (its subtree's counted cells summed)."""
        return self.panel.to_units(self.auto[year])

    # --- combining ------------------------------------------------------------------------

    def _combine(self, year: int, weights: Floats) -> Ints:
        """Each cell's A(1..M) + Σ weight × (method's total − A(1..M)), rounded to öre."""
        a = self.plan(year).known.to_date
        extra = (weights * (self.candidates(year).astype(np.float64) - a)).sum(axis=0)
        return a + (np.sign(extra) * np.floor(np.abs(extra) + 0.5)).astype(np.int64)

    def _solve(self, year: int) -> None:
        cell_weights, _ = self._first(year)
        history = self.history(year)
        weights = cell_weights
        if history and self.month < 12:
            assign = self._assignments()
            share = self._unit_strategies(history, assign)[:, self.panel.cell_unit]  # (S, cells)
            # strategy s gives each cell stage 1's weights (assign −1) or method m's (its fallback)
            pool = np.concatenate([cell_weights[None], self._everywhere(year)])  # (1 + C, C, n)
            cells = np.arange(len(self.panel.cells))
            weights = np.zeros_like(cell_weights)
            for s, a in enumerate(assign):
                weights += share[s] * pool[a + 1, :, cells].T
        self.weights[year] = weights
        self.auto[year] = self._combine(year, weights)

    def _first(self, year: int) -> tuple[Floats, Ints]:
        """Stage 1 (per cell only): its weights, totals and each method's score (inf: none)."""
        if year not in self.first_stage:
            weights = self._cell_weights(year)
            self.first_stage[year] = (weights, self._combine(year, weights))
        return self.first_stage[year]

    def _everywhere(self, year: int) -> Floats:
        """(C, C, cells): the strategy "method m on every cell" as weights; where m falls back
        now, its forecast is `remaining_budget`'s and is counted as that."""
        used = _used(self.plan(year))
        out = np.zeros((len(CANDIDATES), *used.shape))
        fallback = CANDIDATES.index(M.REMAINING_BUDGET)
        for m in range(len(CANDIDATES)):
            out[m, m] = used[m]
            out[m, fallback] += ~used[m]
        return out

    def _assignments(self) -> Ints:
        """(S, cells): the strategies of stage 2, each as every cell's method (−1: stage 1).

        Stage 1; "method m on every cell" for each m; then "method m on the cells of row r,
        stage 1 on the others" for each m and each (counted) template row r with cells: these
        are fitted only where a kind has enough units (`FIT_MIN`).
        """
        panel = self.panel
        n = len(panel.cells)
        out = [np.full(n, -1, dtype=np.int64)]
        out += [np.full(n, m, dtype=np.int64) for m in range(len(CANDIDATES))]
        for r in np.unique(panel.cell_row[panel.counted]):
            on_row = panel.cell_row == r
            out += [np.where(on_row, m, -1) for m in range(len(CANDIDATES))]
        return np.stack(out)

    def _alike(self) -> list[Ints]:
        """Groups of units whose own counted cells lie on the same template rows: units of a
        kind (home care, placements, income support) as far as the ledger shows it."""
        panel = self.panel
        rows: dict[int, set[int]] = {}
        for c in np.flatnonzero(panel.counted):
            rows.setdefault(int(panel.cell_unit[c]), set()).add(int(panel.cell_row[c]))
        groups: dict[frozenset[int], list[int]] = {}
        for unit, present in rows.items():
            groups.setdefault(frozenset(present), []).append(unit)
        return [np.array(g, dtype=np.int64) for g in groups.values()]

    def _own(self, cells: Floats) -> Floats:
        """(S, cells) -> (S, units): each unit's own counted cells summed (not its subtree)."""
        panel = self.panel
        out = np.zeros((cells.shape[0], len(panel.units)))
        np.add.at(out.T, panel.cell_unit[panel.counted], cells[:, panel.counted].T)
        return out

    # --- the two stages' weights ----------------------------------------------------------

    def _cell_weights(self, year: int) -> Floats:
        plan = self.plan(year)
        n = len(self.panel.cells)
        prior = np.zeros((len(CANDIDATES), n))
        on_prior = np.where(
            plan.known.has_last,
            CANDIDATES.index(M.LAST_YEAR_REMAINING),
            CANDIDATES.index(M.REMAINING_BUDGET),
        )
        prior[on_prior, np.arange(n)] = 1.0
        history = self.history(year)
        if not history or self.month == 12:
            return prior
        errors = np.stack([self.candidates(h) - self.panel.outcome(h) for h in history]).astype(
            np.float64
        )
        valid = np.stack([_used(self.plan(h)) for h in history])  # (H, C, n)
        count = valid.sum(axis=0).astype(np.float64)  # (C, n): years with the method's own record
        own = np.where(valid, errors**2, 0.0).sum(axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            per_cell = np.where(count > 0, own / np.where(count > 0, count, 1.0), np.nan)
        outcomes = np.abs(np.stack([self.panel.outcome(h) for h in history]).astype(np.float64))
        rows = self.panel.cell_row
        typical = np.full((len(CANDIDATES), len(self.panel.rows)), np.nan)
        floor = np.zeros(n)
        for r in np.unique(rows):
            cells = rows == r
            floor[cells] = (FLOOR_SHARE * (outcomes[:, cells].mean() + SMALLEST)) ** 2
            for c in range(len(CANDIDATES)):
                known = per_cell[c, cells]
                known = known[~np.isnan(known)]
                if known.size:
                    typical[c, r] = np.median(known)
        row_score = typical[:, rows]
        has_typical = ~np.isnan(row_score)
        score_sum = own + np.where(has_typical, SHRINK * np.nan_to_num(row_score), 0.0)
        score_count = count + np.where(has_typical, SHRINK, 0.0)
        usable = _used(plan) & (score_count > 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            score = score_sum / np.where(score_count > 0, score_count, 1.0)
        weights = _weights_from(score, usable, floor)
        return np.where(weights.sum(axis=0) > 0, weights, prior)

    def _unit_strategies(self, history: list[int], assign: Ints) -> Floats:
        """(S, units): each unit's weights of the strategies `assign` (see `_assignments`)."""
        errors, sizes, gross = [], [], []
        for h in history:
            outcome = self.panel.outcome(h).astype(np.float64)
            # "method m" on a cell is its method m (its fallback where it falls back)
            pool = np.vstack([self._first(h)[1][None, :], self.candidates(h)]).astype(np.float64)
            strategies = np.take_along_axis(pool, assign + 1, axis=0)
            errors.append(self._own(strategies - outcome))
            sizes.append(np.abs(self._own(outcome[None, :])[0]))
            gross.append(self._own(np.abs(outcome)[None, :])[0])
        simple = 1 + len(CANDIDATES)  # stage 1 and "method m everywhere"
        squared = (np.stack(errors)[:, :simple] ** 2).mean(axis=0)  # (1 + C, units)
        scale = np.mean(sizes, axis=0) + SMALLEST
        relative = squared / scale**2
        booked = self._own(np.ones((1, len(self.panel.cells))))[0] > 0
        # the typical unit: the median over units of each strategy's error relative to size
        typical = np.broadcast_to(
            np.median(relative[:, booked], axis=1, keepdims=True) if booked.any() else 0.0,
            relative.shape,
        ).copy()
        # where enough units have the same rows (units of a kind: home care, placements), the
        # typical unit is the median of those
        for group in self._alike():
            members = group[booked[group]]
            if members.size >= ALIKE:
                typical[:, members] = np.median(relative[:, members], axis=1, keepdims=True)
        years = len(history)
        score = (years * squared + SHRINK * typical * scale**2) / (years + SHRINK)
        usable = np.ones(score.shape, dtype=np.bool_)
        out = np.zeros((assign.shape[0], len(self.panel.units)))
        out[:simple] = _weights_from(score, usable, (FLOOR_SHARE * scale) ** 2)
        # where a kind has enough unit-years, its units take the combination of all strategies
        # that best forecast the kind's nets (each relative to the unit's gross amount)
        error = np.stack(errors)  # (H, S, units)
        size = np.stack(gross)  # (H, units)
        for group in self._alike():
            members = group[booked[group]]
            present = size[:, members] > 0  # unit-years in which the unit had a ledger
            if present.sum() < FIT_MIN:
                continue
            relative = error[:, :, members] / np.where(present, size[:, members], 1.0)[:, None]
            x = relative.transpose(0, 2, 1)[present]  # (unit-years, S)
            # a row the kind has no cells on leaves its strategies equal to stage 1: left out
            distinct = np.ones(x.shape[1], dtype=np.bool_)
            distinct[simple:] = np.abs(x[:, simple:] - x[:, :1]).max(axis=0) > 0
            fitted = simplex_least_squares(x[:, distinct])
            column = np.zeros(len(distinct))
            column[distinct] = fitted
            out[:, members] = column[:, None]
        return out


def simplex_least_squares(x: Floats) -> Floats:
    """The weights w ≥ 0, Σ w = 1 minimising |x w|² (x: observations × strategies).

    Each row of x is one unit-year's errors of every strategy; x w is the error of their
    combination. Accelerated projected gradient (FISTA) from equal weights; deterministic.
    """
    gram = x.T @ x / max(x.shape[0], 1)
    n = gram.shape[0]
    lipschitz = float(np.linalg.eigvalsh(gram)[-1]) if n else 0.0
    w = np.full(n, 1.0 / n)
    if lipschitz <= 0:
        return w
    y, t = w.copy(), 1.0
    for _ in range(FIT_STEPS):
        nxt = _to_simplex(y - gram @ y / lipschitz)
        t_next = (1.0 + np.sqrt(1.0 + 4.0 * t * t)) / 2.0
        y = nxt + (t - 1.0) / t_next * (nxt - w)
        done = np.abs(nxt - w).max() < FIT_TOLERANCE
        w, t = nxt, t_next
        if done:
            break
    return w


def _to_simplex(v: Floats) -> Floats:
    """The Euclidean projection of v onto {w ≥ 0, Σ w = 1}."""
    u = np.sort(v)[::-1]
    cumulative = np.cumsum(u) - 1.0
    k = np.arange(1, v.size + 1)
    rho = int(np.flatnonzero(u - cumulative / k > 0)[-1])
    return np.maximum(v - cumulative[rho] / (rho + 1), 0.0)
