"""Detecting Swedish personal identity numbers (personnummer, samordningsnummer) in free text."""

from __future__ import annotations

import datetime as dt
import re

# YYMMDD-NNNN, YYMMDD+NNNN, YYYYMMDD-NNNN, YYYYMMDDNNNN, YYMMDDNNNN, not inside a longer number
_CANDIDATE = re.compile(r"(?<![\d])(\d{2})?(\d{2})(\d{2})(\d{2})\s?([-+]?)\s?(\d{4})(?![\d])")


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def _valid_date(yy: str, mm: str, dd: str, century: str | None) -> bool:
    day = int(dd)
    if day > 60:  # samordningsnummer: day + 60
        day -= 60
    year = int((century or "19") + yy)
    try:
        dt.date(year, int(mm), day)
    except ValueError:
        # 29 February in a century we guessed wrong: try the other one.
        if century is None and int(mm) == 2 and day == 29:
            return _valid_date(yy, mm, dd, "20")
        return False
    return True


def looks_like_pin(text: str) -> bool:
    """Whether the text holds something that is a valid personnummer (date and check digit).

    Ten digits without a separator must pass both tests too, so ordinary voucher numbers
    rarely trigger it; a controller would rather see one false alarm than miss a client.
    """
    for match in _CANDIDATE.finditer(text):
        century, yy, mm, dd, _sep, tail = match.groups()
        if _valid_date(yy, mm, dd, century) and _luhn_ok(yy + mm + dd + tail):
            return True
    return False
