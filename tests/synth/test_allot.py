"""Exact splits: the parts add up to the total, by largest remainder, signs kept."""

from __future__ import annotations

import pytest

from uppfolj.synth.allot import allot, ore


def test_allot_adds_up_and_gives_remainders_to_the_largest_fractions() -> None:
    assert allot(100, [1, 1, 1]) == [34, 33, 33]
    assert allot(10, [3, 3, 4]) == [3, 3, 4]
    assert allot(7, [1, 2]) == [2, 5]  # 2.33 and 4.67: the larger fraction takes the öre


def test_allot_keeps_the_sign_of_the_total() -> None:
    assert allot(-100, [1, 1, 1]) == [-34, -33, -33]
    assert sum(allot(-2_591_400_000, [5, 3, 2])) == -2_591_400_000


def test_allot_of_zero_weights_puts_everything_on_the_first() -> None:
    assert allot(5, [0, 0]) == [5, 0]


def test_allot_refuses_negative_weights() -> None:
    with pytest.raises(ValueError, match="negative"):
        allot(5, [1, -1])


@pytest.mark.parametrize("total", [0, 1, 99, 12_345_678_901, -77])
def test_allot_is_exact_for_any_total(total: int) -> None:
    weights = [7, 0, 13, 1, 99]

    parts = allot(total, weights)

    assert sum(parts) == total
    assert parts[1] == 0


def test_ore_rounds_halves_away_from_zero() -> None:
    assert ore(0.125) == 13
    assert ore(-0.125) == -13
    assert ore(1234.5649) == 123456
