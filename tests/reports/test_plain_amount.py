"""`plain_amount` (used for the ledger drill-down) prints exactly what `amount` prints."""

from __future__ import annotations

import random

import pytest

from uppfolj.core.choices import Amounts
from uppfolj.core.format import amount, plain_amount


@pytest.mark.parametrize("amounts", list(Amounts))
def test_plain_amount_equals_amount(amounts: Amounts) -> None:
    rng = random.Random(5)
    values = [0, 1, -1, 49, 50, -50, 99_999, -104_609_400, 104_609_400_00, *(rng.randint(-10**12, 10**12) for _ in range(2000))]

    assert [plain_amount(v, amounts) for v in values] == [amount(v, amounts) for v in values]
    assert plain_amount(None) == ""
    assert plain_amount(-150_000_00, amounts, flip=True) == amount(-150_000_00, amounts, flip=True)
