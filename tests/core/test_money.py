"""money.parse_amount and friends: Swedish and international amounts into exact öre."""

from __future__ import annotations

from decimal import Decimal

import pytest

from uppfolj.core.money import AmountError, kronor, ore_from_number, parse_amount, round_half_away


@pytest.mark.parametrize(
    ("text", "ore"),
    [
        ("0", 0),
        ("12", 1200),
        ("-234.5", -23450),
        ("-234,5", -23450),
        ("1 046 094,50", 104609450),
        ("1\u00a0046\u00a0094,50", 104609450),
        ("1\u202f046\u202f094,50", 104609450),
        ("1.046.094,50", 104609450),
        ("1,046,094.50", 104609450),
        ("1.046.094", 104609400),
        ("\u22127 467", -746700),
        ("\u2212 12,30", -1230),
        ("+5,05", 505),
        ("  78,40  ", 7840),
        ("0,01", 1),
        ("-0,01", -1),
        ("007", 700),
    ],
)
def test_parse_amount_accepts_swedish_and_international_forms(text: str, ore: int) -> None:
    assert parse_amount(text) == ore


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("12x3", '"12x3" är inte ett tal'),
        ("", "tomt belopp"),
        ("-", '"-" är inte ett tal'),
        ("1,234", None),  # valid: 1.234 would be 3 decimals → error below
        ("1,005", '"1,005" har fler än 2 decimaler'),
        ("12.345", '"12.345" har fler än 2 decimaler'),
        ("1 2", '"1 2" har felaktiga tusentalsavgränsare'),
        ("12 34,5", '"12 34,5" har felaktiga tusentalsavgränsare'),
        ("1,2,3.4", '"1,2,3.4" har felaktiga tusentalsavgränsare'),
        ("1e5", '"1e5" är inte ett tal'),
        ("--5", '"--5" är inte ett tal'),
        ("kr 5", '"kr 5" är inte ett tal'),
        ("5 kr", '"5 kr" är inte ett tal'),
    ],
)
def test_parse_amount_refuses_what_is_not_an_amount(text: str, message: str | None) -> None:
    if message is None:
        # "1,234": a single comma is the decimal mark, so three decimals.
        message = '"1,234" har fler än 2 decimaler'
    with pytest.raises(AmountError) as info:
        parse_amount(text)
    assert str(info.value) == message


def test_parse_amount_allows_more_decimals_when_asked() -> None:
    assert parse_amount("1,234", max_decimals=3) == 123


@pytest.mark.parametrize(
    ("value", "ore"),
    [
        (12, 1200),
        (12.5, 1250),
        (0.1 + 0.2, 30),
        (-7467.0, -746700),
        (Decimal("1046094.50"), 104609450),
        (12.340000000001, 1234),
    ],
)
def test_ore_from_number_reads_spreadsheet_cells_exactly(value: float, ore: int) -> None:
    assert ore_from_number(value) == ore


@pytest.mark.parametrize("value", [12.345, float("nan"), True])
def test_ore_from_number_refuses_bad_cells(value: float) -> None:
    with pytest.raises(AmountError):
        ore_from_number(value)


def test_kronor_is_exact() -> None:
    assert kronor(104609450) == Decimal("1046094.50")


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        (5, 2, 3),
        (-5, 2, -3),
        (4, 2, 2),
        (7, 3, 2),
        (-7, 3, -2),
        (5, -2, -3),
        (1, 12, 0),
        (6, 12, 1),
        (-6, 12, -1),
    ],
)
def test_round_half_away_rounds_halves_away_from_zero(
    numerator: int, denominator: int, expected: int
) -> None:
    assert round_half_away(numerator, denominator) == expected
