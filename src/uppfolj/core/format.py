"""Swedish presentation of amounts, percentages and months; rounding happens only here."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from uppfolj.core.choices import Amounts
from uppfolj.core.money import Ore, kronor

NBSP = "\u00a0"
MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december")
MONTHS_SHORT = ("jan", "feb", "mars", "apr", "maj", "juni", "juli", "aug", "sep", "okt", "nov", "dec")


def scaled(ore: Ore, amounts: Amounts = Amounts.TKR, *, flip: bool = False) -> Decimal:
    """Öre in the chosen unit, rounded half away from zero to its decimals (tkr whole, mnkr one)."""
    value = kronor(-ore if flip else ore) / amounts.divisor
    return value.quantize(Decimal(1).scaleb(-amounts.places), rounding=ROUND_HALF_UP) + 0  # + 0 drops -0


def number(value: Decimal | int, places: int = 0, *, space: str = NBSP) -> str:
    """A number the Swedish way: no-break space between thousands, decimal comma, hyphen minus;
    rounded to `places` half away from zero.

    The text is Babel's for sv_SE (a test holds the two together over many values), written with
    Python's own formatting: a page or document prints thousands of numbers, and Babel's
    pattern machinery cost most of the time of a large overview."""
    rounded = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{rounded:,.{places}f}".replace(",", space).replace(".", ",")


def amount(ore: Ore | None, amounts: Amounts = Amounts.TKR, *, flip: bool = False, space: str = NBSP) -> str:
    """An amount in kr, tkr or mnkr; empty where the value is None (never 'None' or 'nan')."""
    if ore is None:
        return ""
    return number(scaled(ore, amounts, flip=flip), amounts.places, space=space)


def percent(value: Decimal | None, places: int = 1) -> str:
    """A percentage with a decimal comma; empty where it cannot be computed."""
    if value is None:
        return ""
    return number(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP), places)


def kr_text(ore: Ore) -> str:
    """An amount in kronor with two decimals and 'kr', for messages."""
    return f"{number(kronor(ore), 2, space=' ')} kr"


def mkr_text(ore: Ore, *, signed: bool = True) -> str:
    """An amount in millions for prose: '-14,6 mkr'."""
    value = scaled(ore, Amounts.MNKR)
    text = number(value if signed else abs(value), 1, space=NBSP)
    return f"{text}{NBSP}mkr"


def month_name(month: int) -> str:
    return MONTHS[month - 1]


def period_label(month: int) -> str:
    """'jan–mars' style label of months 1..month ('januari' for month 1)."""
    if month == 1:
        return "januari"
    return f"jan–{MONTHS_SHORT[month - 1]}"
