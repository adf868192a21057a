"""The drafted Swedish summary of a report, written from the figures as a controller would."""

from __future__ import annotations

import calendar
from collections.abc import Sequence

from uppfolj.core.choices import Amounts, ReportKind
from uppfolj.core.format import mkr_text, month_name, scaled
from uppfolj.core.money import Ore
from uppfolj.core.period import Line
from uppfolj.reports.model import Report

DRAFT_NOTE = "Utkast – texten är framtagen automatiskt och kan redigeras"
MAX_CONTRIBUTORS = 3
# A unit is named as a cause only where its deviation is at least this large (öre): half a
# million kronor, so that a rounding-size deviation (−0,3 mkr) is not called "the deficit".
MIN_NAMED = 50_000_000


def period_phrase(report: Report) -> str:
    """'per mars', or 'per den 31 augusti' for interim reports."""
    if report.kind is ReportKind.INTERIM:
        last = calendar.monthrange(report.year, report.month)[1]
        return f"per den {last} {month_name(report.month)}"
    return f"per {month_name(report.month)}"


def _is_zero(ore: Ore) -> bool:
    """Whether the amount prints as 0,0 mkr."""
    return scaled(ore, Amounts.MNKR) == 0


def join_words(items: Sequence[str]) -> str:
    """'a', 'a och b', 'a, b och c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " och " + items[-1]


def _named(lines: Sequence[Line], value: dict[str, Ore]) -> str:
    return join_words([f"{line.name} ({mkr_text(value[line.code])})" for line in lines])


def _contributors(children: Sequence[Line], values: dict[str, Ore], *, deficit: bool, what: str) -> str:
    """One sentence on the largest deficits or surpluses among the children, or ''."""
    side = [c for c in children if abs(values[c.code]) >= MIN_NAMED and (values[c.code] < 0) == deficit]
    if not side:
        return ""
    side.sort(key=lambda c: abs(values[c.code]), reverse=True)
    top = side[:MAX_CONTRIBUTORS]
    noun = "underskott" if deficit else "överskott"
    others = [c for c in children if not _is_zero(values[c.code]) and (values[c.code] < 0) == deficit]
    if len(side) == 1 and len(others) == 1:
        subject = f"Det {what}{noun}et" if what else f"{noun.capitalize()}et"
        return f"{subject} finns inom {_named(top, values)}."
    if len(top) == 1:
        return f"Det största {what}{noun}et finns inom {_named(top, values)}."
    return f"De största {what}{noun}en finns inom {_named(top, values)}."


def _variance_word(ore: Ore) -> str:
    if _is_zero(ore):
        return "i nivå med budget"
    return "ett underskott mot budget" if ore < 0 else "ett överskott mot budget"


def shown_change(change: Ore) -> Ore:
    """forecast_change > 0 means the forecast costs more than last time: a deterioration, which the
    tables' Prognosförändring column shows negative (positive = better). Prose uses the same sign."""
    return -change


def _change_phrase(change: Ore) -> str:
    """'en försämring med −6,9 mkr': the word and the figure as the table shows it."""
    if _is_zero(change):
        return "oförändrat jämfört med föregående prognos"
    word = "en försämring" if change > 0 else "en förbättring"
    return f"{word} med {mkr_text(shown_change(change))} jämfört med föregående prognos"


def draft_summary(report: Report) -> list[str]:
    """The summary paragraphs: period variance, contributors, forecast and its change.

    Amounts keep the tables' sign (a deficit, a worse forecast: negative), and only units whose
    deviation reaches `MIN_NAMED` are named as its cause."""
    top = report.top
    figures = top.figures
    children = [u for u in report.units if u.parent == top.code]
    annual = report.kind is ReportKind.ANNUAL
    when = f"för helåret {report.year}" if annual else period_phrase(report)
    first = [f"{top.name} har {when} en budgetavvikelse om {mkr_text(figures.variance)}, {_variance_word(figures.variance)}."]
    variances = {c.code: c.figures.variance for c in children}
    for deficit in (True, False):
        sentence = _contributors(children, variances, deficit=deficit, what="")
        if sentence:
            first.append(sentence)
    paragraphs = [" ".join(first)]

    if figures.forecast_variance is not None and not annual:
        second = [f"Prognos för helåret sätts till {mkr_text(figures.forecast_variance)}"]
        if figures.forecast_change is not None:
            second[0] += ", " + _change_phrase(figures.forecast_change)
        second[0] += "."
        forecasts = {c.code: c.figures.forecast_variance for c in children if c.figures.forecast_variance is not None}
        with_forecast = [c for c in children if c.code in forecasts]
        sentence = _contributors(with_forecast, {k: v for k, v in forecasts.items() if v is not None},
                                 deficit=True, what="prognostiserade ")
        if sentence:
            second.append(sentence)
        changes = {c.code: c.figures.forecast_change for c in children if c.figures.forecast_change}
        if figures.forecast_change and not _is_zero(figures.forecast_change):
            worse = figures.forecast_change > 0
            movers = [c for c in children if c.code in changes and not _is_zero(changes[c.code] or 0)
                      and ((changes[c.code] or 0) > 0) == worse]
            movers.sort(key=lambda c: abs(changes[c.code] or 0), reverse=True)
            if movers:
                names = join_words([f"{c.name} ({mkr_text(shown_change(changes[c.code] or 0))})"
                                    for c in movers[:MAX_CONTRIBUTORS]])
                noun = "Försämringen" if worse else "Förbättringen"
                second.append(f"{noun} finns främst inom {names}.")
        paragraphs.append(" ".join(second))
    return paragraphs
