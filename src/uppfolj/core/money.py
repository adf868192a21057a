"""Exact money: amounts are integers of öre; parsing and conversion of Swedish amounts."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

Ore = int  # one hundredth of a krona; every stored amount is an integer of öre
# The largest amount read (kronor, exclusive): far beyond any municipality's ledger, and small
# enough that sums of millions of rows stay inside the database's 64-bit integers.
MAX_KRONOR = 10**12

_SPACES = "\u0020\u00a0\u202f\u2009"
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_GROUPED = re.compile(r"^\d{1,3}(?:X\d{3})+$")
# The common forms of ledger exports ("-7467", "1234,5", "-12.50"), read without the general path.
_PLAIN = re.compile(r"(-?)(\d+)(?:[.,](\d{1,2}))?")


class AmountError(ValueError):
    """A text that is not an amount; the message is Swedish and names the reason."""


def parse_amount(text: str, *, max_decimals: int = 2) -> Ore:
    """Parse a Swedish or international amount in kronor into öre.

    Accepts an optional sign (``-`` or ``−``), spaces / no-break spaces / narrow no-break
    spaces as thousands separators and one decimal mark (``,`` or ``.``); where both occur the
    last one is the decimal mark ("1.046.094,50"). Thousands groups must be three digits, so a
    typo such as "1 2" is refused rather than read as 12.
    """
    plain = _PLAIN.fullmatch(text)
    if plain is not None and max_decimals >= 2 and len(plain.group(2)) <= 12:
        sign, whole, cents = plain.groups()
        ore = int(whole) * 100 + (int(cents) * (10 if len(cents) == 1 else 1) if cents else 0)
        return -ore if sign else ore
    sign, raw = _sign(text, "tomt belopp")
    if not raw:
        raise AmountError(f'"{text.strip()}" är inte ett tal')
    integer, fraction = _split_decimal(raw, text)
    if not integer.isdigit() or (fraction and not fraction.isdigit()):
        raise AmountError(f'"{text.strip()}" är inte ett tal')
    if len(fraction) > max_decimals:
        raise AmountError(f'"{text.strip()}" har fler än {max_decimals} decimaler')
    _check_size(int(integer), text.strip())
    ore = int(integer) * 100 + int((fraction + "00")[:2])
    return -ore if sign == "-" else ore


def _sign(text: str, empty: str) -> tuple[str, str]:
    """The sign ('', '+' or '-'; a minus sign − read as -) and the digits after it."""
    raw = text.strip().replace("\u2212", "-")
    if not raw:
        raise AmountError(empty)
    if raw[0] in "+-":
        return raw[0], raw[1:].lstrip(_SPACES)
    return "", raw


def _check_size(whole: int | Decimal, shown: object) -> None:
    if abs(Decimal(whole)) >= MAX_KRONOR:
        raise AmountError(f'"{shown}" är för stort (högst 999 999 999 999 kr)')


def _split_decimal(raw: str, original: str) -> tuple[str, str]:
    """Split into integer digits (group separators removed) and fraction digits."""
    last_comma, last_dot = raw.rfind(","), raw.rfind(".")
    mark = "," if last_comma > last_dot else "." if last_dot >= 0 else ""
    if mark and raw.count(mark) > 1:
        # The same mark repeated is a thousands separator ("1.046.094"), never a decimal.
        mark = ""
    if mark:
        integer, fraction = raw.rsplit(mark, 1)
    else:
        integer, fraction = raw, ""
    grouping = integer
    for sep in _SPACES + ".,":
        grouping = grouping.replace(sep, "X")
    if "X" in grouping:
        if not grouping.replace("X", "").isdigit():
            # Letters beside a space ("kr 5") are not a grouping mistake: it is not a number.
            raise AmountError(f'"{original.strip()}" är inte ett tal')
        if not _GROUPED.match(grouping):
            raise AmountError(f'"{original.strip()}" har felaktiga tusentalsavgränsare')
        integer = grouping.replace("X", "")
    return integer, fraction


def ore_from_number(value: int | float | Decimal, *, max_decimals: int = 2) -> Ore:
    """Convert a numeric spreadsheet cell (kronor) to öre exactly.

    Floats from XLSX are read through their shortest decimal representation, which is what the
    spreadsheet shows, so 0.1 + 0.2 style artefacts never reach the amount.
    """
    if isinstance(value, bool):
        raise AmountError(f'"{value}" är inte ett tal')
    dec = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not dec.is_finite():
        raise AmountError(f'"{value}" är inte ett tal')
    _check_size(dec, value)
    scaled = dec * 100
    if scaled != scaled.to_integral_value():
        # Spreadsheets carry binary noise (12.345000000001); more than max decimals is an error.
        rounded = scaled.quantize(Decimal(1), rounding=ROUND_HALF_UP)
        if abs(scaled - rounded) > Decimal("0.000001"):
            raise AmountError(f'"{value}" har fler än {max_decimals} decimaler')
        scaled = rounded
    return int(scaled)


def kronor(ore: Ore) -> Decimal:
    """Öre as exact kronor."""
    return Decimal(ore).scaleb(-2)


def round_half_away(numerator: int, denominator: int) -> int:
    """Integer division rounded to nearest, halves away from zero (exact, no floats)."""
    if denominator == 0:
        raise ZeroDivisionError("denominator is zero")
    if denominator < 0:
        numerator, denominator = -numerator, -denominator
    quotient, remainder = divmod(abs(numerator), denominator)
    if 2 * remainder >= denominator:
        quotient += 1
    return quotient if numerator >= 0 else -quotient


def split_scaled(weights: Sequence[int], numerator: int, denominator: int) -> list[int]:
    """Each weight × numerator / denominator in whole öre, exactly.

    Every part lies within one öre of its exact value, and the parts add up to
    Σ weights × numerator / denominator rounded halves away from zero: the largest remainders
    take the öre the flooring left over (the earlier position first on equal remainders).
    Weights may have any sign.
    """
    if denominator == 0:
        raise ZeroDivisionError("denominator is zero")
    if denominator < 0:
        numerator, denominator = -numerator, -denominator
    raw = [w * numerator for w in weights]
    parts = [r // denominator for r in raw]
    extra = round_half_away(sum(raw), denominator) - sum(parts)
    order = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i] * denominator, reverse=True)
    for i in order[:extra]:
        parts[i] += 1
    return parts


def allot(total: int, weights: Sequence[int]) -> list[int]:
    """Split `total` exactly in proportion to integer weights (largest remainder).

    The parts add up to `total`; where the weights add up to 0 (or there are none but one
    place) the split is even. Weights may have any sign.
    """
    if not weights:
        raise ValueError("nothing to split into")
    denominator = sum(weights)
    if denominator == 0:
        return split_scaled([1] * len(weights), total, len(weights))
    return split_scaled(weights, total, denominator)


VOLUME_PLACES = 4  # decimals a volume (vårddygn, årsarbetare, sjukfrånvaro %) may have


def parse_quantity(text: str) -> Decimal:
    """A Swedish or international number that is not money (a volume): exact, at most four
    decimals, the same signs, separators and decimal marks as `parse_amount`."""
    sign, raw = _sign(text, "tomt värde")
    integer, fraction = _split_decimal(raw, text) if raw else ("", "")
    if not integer.isdigit() or (fraction and not fraction.isdigit()):
        raise AmountError(f'"{text.strip()}" är inte ett tal')
    if len(fraction) > VOLUME_PLACES:
        raise AmountError(f'"{text.strip()}" har fler än {VOLUME_PLACES} decimaler')
    _check_size(int(integer), text.strip())
    value = Decimal(f"{integer}.{fraction or '0'}")
    return -value if sign == "-" else value


def quantity_from_number(value: int | float | Decimal) -> Decimal:
    """A numeric spreadsheet cell as an exact volume (through its shortest decimal form)."""
    if isinstance(value, bool):
        raise AmountError(f'"{value}" är inte ett tal')
    dec = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not dec.is_finite():
        raise AmountError(f'"{value}" är inte ett tal')
    _check_size(dec, value)
    rounded = dec.quantize(Decimal(1).scaleb(-VOLUME_PLACES), rounding=ROUND_HALF_UP)
    if abs(dec - rounded) > Decimal("0.0000001"):
        raise AmountError(f'"{value}" har fler än {VOLUME_PLACES} decimaler')
    return rounded.normalize() if rounded == rounded.to_integral_value() else rounded
