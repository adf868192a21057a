"""Phasing keys (periodiseringsnycklar): spreading an annual budget over twelve months exactly."""

from __future__ import annotations

import calendar
from collections.abc import Sequence

from uppfolj.core.money import Ore, round_half_away


def phase_by_weights(amount: Ore, weights: Sequence[int]) -> list[Ore]:
    """Each month's share rounded to the öre (halves away from zero); December takes the rest."""
    total = sum(weights)
    if len(weights) != 12 or total == 0:
        raise ValueError("twelve weights with a non-zero sum are needed")
    months = [round_half_away(amount * w, total) for w in weights[:11]]
    months.append(amount - sum(months))
    return months


def phase_even(amount: Ore) -> list[Ore]:
    return phase_by_weights(amount, [1] * 12)


def phase_days(amount: Ore, year: int) -> list[Ore]:
    return phase_by_weights(amount, [calendar.monthrange(year, m)[1] for m in range(1, 13)])


def phase_profile(amount: Ore, profile: Sequence[int]) -> list[Ore] | None:
    """By last year's monthly actuals; None when there is no usable profile (sums to zero)."""
    if len(profile) != 12 or sum(profile) == 0:
        return None
    return phase_by_weights(amount, profile)
