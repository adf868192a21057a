"""Swedish number texts: exactly Babel's sv_SE formatting, rounded half away from zero."""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal

import pytest
from babel.numbers import format_decimal

from uppfolj.core.choices import Amounts
from uppfolj.core.format import NBSP, amount, number, percent


def babel(value: Decimal, places: int) -> str:
    """The reference: Babel's sv_SE text of the value rounded half away from zero."""
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    pattern = "#,##0" + ("." + "0" * places if places else "")
    text = format_decimal(rounded, format=pattern, locale="sv_SE", decimal_quantization=True)
    return text.replace("\u2212", "-").replace("\u202f", NBSP)


@pytest.mark.parametrize("places", [0, 1, 2, 3])
def test_number_is_babels_swedish_text(places: int) -> None:
    rng = random.Random(places)
    values = [Decimal(0), Decimal("-0.0"), Decimal("-0.04"), Decimal("0.05"), Decimal("-0.05"), Decimal("999.95"),
              Decimal("-999999.5"), Decimal("1E+3"), Decimal("12345678901234.5"),
              *(Decimal(rng.randrange(-10**8, 10**8)).scaleb(rng.randrange(-10, 6)) for _ in range(20_000))]

    assert [number(v, places) for v in values] == [babel(v, places) for v in values]


def test_amounts_and_percentages_read_the_swedish_way() -> None:
    assert amount(-104_609_400_00) == f"-104{NBSP}609"  # öre to whole tkr
    assert amount(150_000, Amounts.TKR) == "2"  # 1,5 tkr rounds half away from zero
    assert amount(-150_000) == "-2"
    assert amount(123_456_789_00, Amounts.MNKR) == "123,5"
    assert amount(1_234_50, Amounts.KR, space=" ") == "1 234,50"
    assert amount(None) == ""
    assert percent(Decimal("87.25")) == "87,3"
    assert percent(None) == ""
