"""Field values of SIE 4: amounts with a decimal point, dates YYYYMMDD, periods YYYYMM."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from uppfolj.core.money import Ore


class FieldError(ValueError):
    """A field that is not what its record needs; the message is Swedish.

    The reader notes it at the line being read, or at `line` when the row is another one
    (an #RTRANS counted when the next line is read).
    """

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def parse_ore(text: str) -> Ore:
    """``-1234.5`` → -123450 öre exactly; more than two non-zero decimals are refused."""
    body = text[1:] if text[:1] in ("-", "+") and len(text) > 1 else text
    whole, _, fraction = body.partition(".")
    if not (_digits(whole) or (not whole and fraction)) or (fraction and not _digits(fraction)):
        raise FieldError(f'belopp "{text}" är inte ett tal')
    if len(fraction) > 2:
        if fraction[2:].strip("0"):
            raise FieldError(f'belopp "{text}" har fler än två decimaler')
        fraction = fraction[:2]
    ore = int(whole or "0") * 100 + int((fraction + "00")[:2])
    return -ore if text[0] == "-" else ore


@lru_cache(maxsize=8192)
def parse_date(text: str) -> dt.date:
    """``20210105`` → date(2021, 1, 5); an impossible day such as 20210230 is refused."""
    if len(text) != 8 or not _digits(text):
        raise FieldError(f'datum "{text}" är inte på formen ÅÅÅÅMMDD')
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise FieldError(f'datum "{text}" finns inte') from None


@lru_cache(maxsize=4096)
def parse_period(text: str) -> int:
    """``202103`` → 202103 after checking the month; the result is YYYYMM as an int."""
    if len(text) != 6 or not _digits(text) or not 1 <= int(text[4:]) <= 12:
        raise FieldError(f'period "{text}" är inte på formen ÅÅÅÅMM')
    if int(text[:4]) < 1:
        raise FieldError(f'period "{text}" finns inte')
    return int(text)


def parse_year_index(text: str) -> int:
    """The year number of #RAR, #IB, #PSALDO...: 0 this year, -1 the year before."""
    body = text[1:] if text[:1] in ("-", "+") else text
    if not _digits(body) or len(body) > 3:
        raise FieldError(f'årsnummer "{text}" är inte ett heltal')
    return int(text)


def format_kronor(ore: Ore) -> str:
    """Öre as Swedish kronor for messages: ``-123456`` → ``-1 234,56 kr``."""
    sign = "-" if ore < 0 else ""
    whole, cents = divmod(abs(ore), 100)
    return f"{sign}{whole:,}".replace(",", " ") + f",{cents:02d} kr"
