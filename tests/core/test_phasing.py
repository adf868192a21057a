"""Phasing an annual amount over twelve months: exact öre, halves away from zero, December the rest."""

from __future__ import annotations

import pytest

from uppfolj.core.phasing import phase_by_weights, phase_days, phase_even, phase_profile


def test_phase_even_divisible_amount_is_equal_months() -> None:
    assert phase_even(1200) == [100] * 12


def test_phase_even_gives_december_the_remainder() -> None:
    # 100 000,00 kr / 12 = 8 333,333… → 8 333,33; December 100 000,00 − 11 × 8 333,33 = 8 333,37
    assert phase_even(10_000_000) == [833_333] * 11 + [833_337]


def test_phase_even_rounds_halves_away_from_zero() -> None:
    # 0,18 kr / 12 = 1,5 öre → 2 öre; December 18 − 22 = −4
    assert phase_even(18) == [2] * 11 + [-4]
    assert phase_even(-18) == [-2] * 11 + [4]


def test_phase_even_always_adds_up() -> None:
    for amount in (1, 7, 11, 13, 99_999, -123_457, 104_609_450):
        assert sum(phase_even(amount)) == amount


def test_phase_days_leap_year_uses_calendar_days() -> None:
    # 366 öre over 2024: one öre per day.
    assert phase_days(36_600, 2024) == [
        3100,
        2900,
        3100,
        3000,
        3100,
        3000,
        3100,
        3100,
        3000,
        3100,
        3000,
        3100,
    ]


def test_phase_days_common_year_rounds_and_december_takes_the_rest() -> None:
    months = phase_days(100_000, 2023)
    assert months[:2] == [round(100_000 * 31 / 365), round(100_000 * 28 / 365)]
    assert months[1] == 7671  # 7671,23 → 7671
    assert sum(months) == 100_000


def test_phase_profile_follows_last_years_months() -> None:
    profile = [0] * 6 + [1, 1] + [0] * 4
    assert phase_profile(1000, profile) == [0] * 6 + [500, 500] + [0] * 4


def test_phase_profile_halves_round_away_and_december_absorbs_the_difference() -> None:
    # 10,01 kr on July and August: 500,5 öre each → 501 and 501; December takes 1001 − 1002 = −1.
    profile = [0] * 6 + [1, 1] + [0] * 4
    assert phase_profile(1001, profile) == [0] * 6 + [501, 501] + [0] * 3 + [-1]


def test_phase_profile_of_zero_is_none() -> None:
    assert phase_profile(1000, [5, -5] + [0] * 10) is None


def test_phase_by_weights_needs_twelve_weights() -> None:
    with pytest.raises(ValueError, match="twelve weights"):
        phase_by_weights(100, [1] * 11)
