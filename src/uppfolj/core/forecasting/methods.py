"""The simple forecast methods, exact in öre, for many series at once, and each one's monthly path.

Every full-year forecast is the actual of months 1..M plus the method's path of months
M+1..12 (only `budget` differs: it is the annual budget, whatever the months so far). Totals
are computed for arrays of series (base cells or units) with Python integers where a product
could leave 64 bits; `path` gives the same total month by month for one series.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from uppfolj.core.choices import ForecastMethod
from uppfolj.core.forecasting.panel import Bools, Floats, Ints, Known
from uppfolj.core.money import allot, split_scaled

M = ForecastMethod
# A ratio outside these bounds is taken as absurd: the year so far against last year's months
# (last_year_profile), this year's budget against last year's (last_year_remaining).
RATIO_LOW, RATIO_HIGH = 1 / 3, 3.0
SIMPLE = (M.BUDGET, M.RUN_RATE, M.REMAINING_BUDGET, M.LAST_YEAR_PROFILE, M.LAST_YEAR_REMAINING)


def div_round(
    numerator: npt.NDArray[np.int64] | npt.NDArray[np.object_],
    denominator: object,
    where: Bools | None = None,
) -> Ints:
    """numerator / denominator elementwise, rounded halves away from zero, exactly.

    The arithmetic is in Python integers (object arrays): products of two amounts in öre may
    exceed 64 bits. Entries outside `where` (and with a zero denominator) come out as 0: the
    caller masks them, and an absurd quotient there must not overflow the result.
    """
    num = np.asarray(numerator).astype(object)
    den = np.broadcast_to(np.asarray(denominator), num.shape).astype(object)
    keep = den != 0
    if where is not None:
        keep = keep & where
    num = np.where(keep, num, 0)
    den = np.where(keep, den, 1)
    num = np.where(den < 0, -num, num)
    den = np.abs(den)
    magnitude = (2 * np.abs(num) + den) // (2 * den)
    return np.where(num < 0, -magnitude, magnitude).astype(np.int64)


def ratio_ok(numerator: Ints, denominator: Ints) -> Bools:
    """Whether numerator / denominator is a sensible scale factor: same sign, within bounds."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(
            denominator != 0, numerator / np.where(denominator == 0, 1, denominator), 0.0
        )
    return (denominator != 0) & (ratio >= RATIO_LOW) & (ratio <= RATIO_HIGH)


@dataclass
class Plan:
    """Each method's full-year totals for n series at (year, month), and what they rested on."""

    known: Known
    totals: dict[ForecastMethod, Ints]
    profile_ok: Bools  # last_year_profile used last year's months (else remaining_budget)
    budget_ratio_ok: (
        Bools  # last_year_remaining scaled by this year's / last year's budget (else 1)
    )
    driver_ok: Bools | None = None  # driver used volumes (else remaining_budget)
    remaining_volume: Floats | None = None  # (n, 12): each remaining month's expected volume


def simple_plan(k: Known) -> Plan:
    """The simple methods (no volumes) for every series of `k`."""
    m = k.month
    a = k.to_date
    budget_year = k.budget.sum(axis=1)
    remaining_budget = a + k.budget[:, m:].sum(axis=1)
    run_rate = a.copy() if m == 12 else div_round(a * 12, m)
    ly_to_date, ly_rest = k.last[:, :m].sum(axis=1), k.last[:, m:].sum(axis=1)
    profile_ok = k.has_last & ratio_ok(a, ly_to_date)
    scaled = div_round(a.astype(object) * ly_rest.astype(object), ly_to_date, profile_ok)
    last_year_profile = np.where(profile_ok, a + scaled, remaining_budget)
    budget_ratio_ok = k.has_budget & k.has_last_budget & ratio_ok(budget_year, k.last_budget)
    grown = div_round(
        ly_rest.astype(object) * budget_year.astype(object), k.last_budget, budget_ratio_ok
    )
    last_year_remaining = np.where(
        k.has_last, a + np.where(budget_ratio_ok, grown, ly_rest), remaining_budget
    )
    totals = {
        M.BUDGET: budget_year,
        M.RUN_RATE: run_rate,
        M.REMAINING_BUDGET: remaining_budget,
        M.LAST_YEAR_PROFILE: last_year_profile,
        M.LAST_YEAR_REMAINING: last_year_remaining,
    }
    return Plan(k, totals, profile_ok, budget_ratio_ok)


def cell_plan(k: Known) -> Plan:
    """The simple methods and `driver` for every base cell of `k` (which carries volumes)."""
    plan = simple_plan(k)
    remaining_budget = plan.totals[M.REMAINING_BUDGET]
    assert k.volume is not None and k.last_volume is not None
    assert k.has_driver is not None and k.mean_measure is not None
    m = k.month
    so_far = np.nansum(k.volume[:, :m], axis=1)
    months_known = np.sum(~np.isnan(k.volume[:, :m]), axis=1)
    ly_to_date = np.nansum(k.last_volume[:, :m], axis=1)
    ly_rest = k.last_volume[:, m:]
    ly_usable = (
        (ly_to_date > 0)
        & ~np.isnan(ly_rest).any(axis=1)
        & ~np.isnan(k.last_volume[:, :m]).any(axis=1)
    )
    left = 12 - m
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(ly_usable, so_far / np.where(ly_to_date > 0, ly_to_date, 1.0), 0.0)
        by_last_year = np.nan_to_num(ly_rest) * scale[:, None]
        average = np.where(months_known > 0, so_far / np.maximum(months_known, 1), 0.0)
        latest = _latest(k.volume[:, :m])
        level = np.where(k.mean_measure, latest, average)
    even = np.repeat(level[:, None], left, axis=1)
    remaining_volume = np.where(ly_usable[:, None], by_last_year, even)
    ok = k.has_driver & (so_far > 0) & (months_known > 0)
    if m == 12:
        forecast = k.to_date.copy()
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            factor = np.where(
                ok, remaining_volume.sum(axis=1) / np.where(so_far > 0, so_far, 1.0), 0.0
            )
            # the remaining months' pace against the pace so far: beyond the bounds, absurd
            pace = factor * np.maximum(months_known, 1) / left
        ok = ok & (pace >= RATIO_LOW) & (pace <= RATIO_HIGH)
        factor = np.where(ok, factor, 0.0)
        extra = k.to_date.astype(np.float64) * factor
        forecast = k.to_date + (np.sign(extra) * np.floor(np.abs(extra) + 0.5)).astype(np.int64)
    plan.totals[M.DRIVER] = np.where(ok, forecast, remaining_budget)
    plan.driver_ok = ok
    plan.remaining_volume = remaining_volume
    return plan


def _latest(values: Floats) -> Floats:
    """Each row's last non-NaN value (0 where none)."""
    if values.shape[1] == 0:
        return np.zeros(values.shape[0])
    present = ~np.isnan(values)
    last = values.shape[1] - 1 - np.argmax(present[:, ::-1], axis=1)
    picked = values[np.arange(values.shape[0]), last]
    return np.where(present.any(axis=1), picked, 0.0)


def path(plan: Plan, method: ForecastMethod, i: int) -> list[int]:
    """Series i's expected amounts of months M+1..12 under `method`, adding up exactly.

    actual(1..M) + sum(path) is the method's total, except for `budget` at M = 12, whose total
    is the annual budget while no month is left.
    """
    k = plan.known
    m = k.month
    left = 12 - m
    if left == 0:
        return []
    a = int(k.to_date[i])
    budget = [int(v) for v in k.budget[i, m:]]
    last = [int(v) for v in k.last[i, m:]]
    if method == M.BUDGET:
        behind = int(k.budget[i, :m].sum()) - a  # what the months so far left of the budget
        return [b + s for b, s in zip(budget, allot(behind, [1] * left), strict=True)]
    if method == M.RUN_RATE:
        return split_scaled([a] * left, 1, m)
    if method == M.LAST_YEAR_PROFILE and plan.profile_ok[i]:
        return _scaled(last, a, int(k.last[i, :m].sum()))
    if method == M.LAST_YEAR_REMAINING and k.has_last[i]:
        if plan.budget_ratio_ok[i]:
            return _scaled(last, int(k.budget[i].sum()), int(k.last_budget[i]))
        return last
    if method == M.DRIVER and plan.driver_ok is not None and plan.driver_ok[i]:
        assert plan.remaining_volume is not None
        total = int(plan.totals[M.DRIVER][i]) - a
        weights = [round(v * 1000) for v in plan.remaining_volume[i]]
        return allot(total, weights if any(weights) else [1] * left)
    return budget  # remaining_budget, and each method's fallback to it


def _scaled(weights: list[int], numerator: int, denominator: int) -> list[int]:
    """The months `weights` × numerator / denominator, their total rounded like the method's."""
    if not any(weights):
        return [0] * len(weights)
    return split_scaled(weights, numerator, denominator)
