"""Exact splits of öre: `split_scaled` and `allot` add up, stay within one öre, keep signs."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from uppfolj.core.money import allot, round_half_away, split_scaled


def test_allot_splits_by_weights_exactly() -> None:
    assert allot(100, [1, 1, 1]) == [34, 33, 33]
    assert allot(-100, [1, 1, 1]) == [-33, -33, -34]
    assert allot(10, [3, 0, 1]) == [8, 0, 2]  # 7.5 and 2.5: the earlier takes the half


def test_allot_with_weights_adding_up_to_zero_is_even() -> None:
    assert allot(9, [5, -5, 0]) == [3, 3, 3]


def test_allot_needs_somewhere_to_put_it() -> None:
    with pytest.raises(ValueError, match="nothing to split"):
        allot(5, [])


def test_split_scaled_rounds_the_total_once() -> None:
    # 3 × 10 / 9 each = 3.33; total 10 × 26 / 9 = 28.89 → 29
    parts = split_scaled([3, 3, 3, 3, 3, 3, 3, 3, 2], 10, 9)
    assert sum(parts) == 29
    assert parts == [4, 4, 4, 3, 3, 3, 3, 3, 2]  # the largest remainders (3.33), earliest first


def test_split_scaled_with_a_negative_denominator() -> None:
    assert split_scaled([1, 2], 5, -2) == [-3, -5]  # -2.5 and -5, the total -7.5 → -8


@given(
    st.lists(st.integers(-(10**12), 10**12), min_size=1, max_size=12),
    st.integers(-(10**12), 10**12),
    st.integers(-(10**12), 10**12).filter(lambda d: d != 0),
)
def test_split_scaled_parts_within_one_ore_and_adding_up(
    weights: list[int], numerator: int, denominator: int
) -> None:
    parts = split_scaled(weights, numerator, denominator)
    assert sum(parts) == round_half_away(sum(weights) * numerator, denominator)
    for w, p in zip(weights, parts, strict=True):
        assert abs(p - Fraction(w * numerator, denominator)) < 1


@given(st.integers(-(10**12), 10**12), st.lists(st.integers(-1000, 1000), min_size=1, max_size=12))
def test_allot_adds_up(total: int, weights: list[int]) -> None:
    assert sum(allot(total, weights)) == total
