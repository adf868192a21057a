"""Exact splits of integer amounts (öre): largest remainder, so the parts add up to the total."""

from __future__ import annotations

import math
from collections.abc import Sequence


def allot(total: int, weights: Sequence[int]) -> list[int]:
    """Split an integer exactly by non-negative integer weights (largest remainder).

    The parts carry the sign of `total` and add up to it; ties go to the earlier weight. All
    weights zero (or none but one) puts everything on the first.
    """
    if not weights:
        raise ValueError("at least one weight is needed")
    if any(w < 0 for w in weights):
        raise ValueError("weights must not be negative")
    denominator = sum(weights)
    if denominator == 0:
        return [total] + [0] * (len(weights) - 1)
    sign = -1 if total < 0 else 1
    raw = [abs(total) * w for w in weights]
    parts = [r // denominator for r in raw]
    order = sorted(range(len(weights)), key=lambda i: (-(raw[i] % denominator), i))
    for i in order[: abs(total) - sum(parts)]:
        parts[i] += 1
    return [sign * p for p in parts]


def int_weights(values: Sequence[float], *, scale: int = 1_000_000) -> list[int]:
    """Non-negative float weights as integers for `allot` (negative and non-finite as zero)."""
    return [int(v * scale) if v > 0 and math.isfinite(v) else 0 for v in values]


def ore(kronor: float) -> int:
    """A model's float amount in kronor as whole öre, halves away from zero (the edge where a
    statistical model's floats become money)."""
    cents = abs(kronor) * 100
    whole = math.floor(cents + 0.5)
    return whole if kronor >= 0 else -whole
