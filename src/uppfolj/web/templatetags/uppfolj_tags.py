"""Template filters: amounts in tkr the Swedish way, signed variances, percentages."""

from __future__ import annotations

from decimal import Decimal

from django import template

from uppfolj.core.choices import Amounts
from uppfolj.core.format import amount, month_name, number, percent, period_label
from uppfolj.core.money import round_half_away
from uppfolj.web.domain.volumes import quantity

register = template.Library()


@register.filter
def tkr(ore: int | None) -> str:
    """Whole tkr."""
    return amount(ore)


@register.filter
def signed_tkr(ore: int | None) -> str:
    """A variance with its sign always written (+ better than budget, - worse)."""
    text = amount(ore)
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


@register.filter
def krona(ore: int | None) -> str:
    """Whole kronor, halves away from zero (a cost per unit of volume): '5 058'."""
    return "" if ore is None else number(round_half_away(ore, 100))


@register.filter
def above_below(ore: int | None, what: str = "förslaget") -> str:
    """Words for a difference where higher is not better or worse in itself: 'över förslaget'."""
    if ore is None:
        return ""
    if abs(ore) < 50_000:
        return f"som {what}"
    return f"över {what}" if ore > 0 else f"under {what}"


@register.filter
def signed_pct(value: Decimal | None) -> str:
    """A percentage with its sign always written: '+8,1', '-2,0'."""
    text = percent(value)
    if value is None or not text or text.startswith("-") or value == 0:
        return text
    return f"+{text}"


@register.filter
def qty(value: Decimal | None) -> str:
    """A volume with the decimals it has."""
    return quantity(value)


@register.filter
def periodlabel(month: int) -> str:
    """'jan–mars': the months 1..month."""
    return period_label(int(month))
