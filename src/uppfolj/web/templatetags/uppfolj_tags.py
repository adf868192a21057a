"""Template filters: amounts in tkr the Swedish way, signed variances, percentages."""

from __future__ import annotations

from decimal import Decimal

from django import template

from uppfolj.core.choices import Amounts
from uppfolj.core.format import amount, month_name, percent, plain_amount

register = template.Library()


@register.filter
def tkr(ore: int | None) -> str:
    """Whole tkr; plain_amount gives format.amount's text without Babel's cost per cell."""
    return plain_amount(ore)


@register.filter
def signed_tkr(ore: int | None) -> str:
    """A variance with its sign always written (+ better than budget, - worse)."""
    text = plain_amount(ore)
    if ore is None or not text:
        return text
    return text if text.startswith("-") or text == "0" else f"+{text}"


@register.filter
def sign_class(ore: int | None) -> str:
    if ore is None or abs(ore) < 50_000:
        return "var-zero"
    return "var-pos" if ore > 0 else "var-neg"


@register.filter
def sign_word(ore: int | None) -> str:
    if ore is None or abs(ore) < 50_000:
        return ""
    return "överskott" if ore > 0 else "underskott"


@register.filter
def pct(value: Decimal | None) -> str:
    return percent(value)


@register.filter
def monthname(month: int) -> str:
    return month_name(int(month))


@register.filter
def kr(ore: int | None) -> str:
    return amount(ore, Amounts.KR)
