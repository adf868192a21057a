"""A voucher while it is being read, and its rows as the general lexer gives them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from uppfolj.core.money import Ore
from uppfolj.ingest.sie.lexer import ObjectList


@dataclass(slots=True)
class VoucherRow:
    """One #TRANS, #RTRANS or #BTRANS row of a voucher."""

    account: str
    objects: ObjectList
    amount: Ore
    date: dt.date | None
    text: str
    line: int


@dataclass(slots=True)
class OpenVoucher:
    ident: str
    date: dt.date | None
    text: str
    line: int
    brace_line: int = 0
    total: Ore = 0
    pending: VoucherRow | None = None  # an #RTRANS waiting to see whether its #TRANS follows


def same_row(added: VoucherRow, row: VoucherRow) -> bool:
    """Whether a #TRANS repeats the #RTRANS before it (dates may differ: the RTRANS has the change date)."""
    return added.account == row.account and added.objects == row.objects and added.amount == row.amount
