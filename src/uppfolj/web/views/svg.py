"""A small server-rendered SVG line chart (no JavaScript, no inline styles: CSS classes only)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from uppfolj.core.format import MONTHS_SHORT, amount, number
from uppfolj.core.period import UnitResult
from uppfolj.web.domain.accuracy import AccuracyLine
from uppfolj.web.domain.volumes import quantity

WIDTH, HEIGHT, PAD_X, PAD_Y = 640, 220, 70, 24


def forecast_chart(unit: UnitResult, *, title: str) -> SafeString:
    """F(U, m) per month as a line with dots, the annual budget as a dashed reference line."""
    points = [(m, f) for m, f in enumerate(unit.forecasts, start=1)]
    annual_budget = unit.figures.annual_budget
    values = [f for _, f in points if f is not None] + [annual_budget]
    if not points:
        return mark_safe("")
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 100_000, high + 100_000
    span = high - low

    def x(month: int) -> float:
        return PAD_X + (month - 1) * (WIDTH - 2 * PAD_X) / 11

    def y(value: int) -> float:
        return HEIGHT - PAD_Y - (value - low) * (HEIGHT - 2 * PAD_Y) / span

    known = [(m, f) for m, f in points if f is not None]
    line = " ".join(f"{x(m):.1f},{y(f):.1f}" for m, f in known)
    dots = format_html_join(
        "", '<circle class="chart-dot" cx="{}" cy="{}" r="4"><title>{}: {} tkr</title></circle>',
        ((f"{x(m):.1f}", f"{y(f):.1f}", MONTHS_SHORT[m - 1], amount(f)) for m, f in known),
    )
    labels = format_html_join(
        "", '<text class="chart-label" x="{}" y="{}" text-anchor="middle">{}</text>',
        ((f"{x(m):.1f}", HEIGHT - 4, MONTHS_SHORT[m - 1]) for m in range(1, 13)),
    )
    axis = format_html(
        '<text class="chart-label" x="4" y="{}">{}</text><text class="chart-label" x="4" y="{}">{}</text>',
        f"{y(high) + 4:.1f}", amount(high), f"{y(low) + 4:.1f}", amount(low),
    )
    budget_y = f"{y(annual_budget):.1f}"
    desc = "; ".join(f"{MONTHS_SHORT[m - 1]} {amount(f)} tkr" for m, f in known)
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-labelledby="chart-title chart-desc">'
        '<title id="chart-title">{title}</title><desc id="chart-desc">Årsbudget {budget} tkr. {desc}</desc>'
        '<line class="chart-budget" x1="{x0}" x2="{x1}" y1="{by}" y2="{by}"/>'
        '<text class="chart-label" x="{x1}" y="{bty}" text-anchor="end">Årsbudget</text>'
        '<polyline class="chart-line" points="{line}"/>{dots}{labels}{axis}</svg>',
        w=WIDTH, h=HEIGHT, title=title, budget=amount(annual_budget), desc=desc or "Ingen prognos ännu.",
        x0=PAD_X, x1=WIDTH - PAD_X, by=budget_y, bty=f"{y(annual_budget) - 6:.1f}", line=line,
        dots=dots, labels=labels, axis=axis,
    )


LEGEND_X, LEGEND_STEP = 20, 148
ACCURACY_SERIES = (  # (attribute, legend, line class, marker): told apart by dash and marker, not colour alone
    ("entered", "Inlämnad prognos", "chart-line", "circle"),
    ("auto", "Förslag (auto)", "chart-line chart-line-auto", "square"),
    ("run_rate", "Utfall i samma takt", "chart-line chart-line-runrate", "none"),
)


def accuracy_chart(lines: Sequence[AccuracyLine], *, title: str) -> SafeString:
    """Each forecast round's full-year forecast (entered, proposal, run rate) against the year's
    outcome, drawn as a solid reference line."""
    if not lines:
        return mark_safe("")
    outcome = lines[0].outcome
    values = [outcome] + [v for line in lines for v in (line.entered.forecast, line.auto.forecast,
                                                        line.run_rate.forecast) if v is not None]
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 100_000, high + 100_000
    span = high - low
    top = PAD_Y + 22  # room for the legend

    def x(month: int) -> float:
        return PAD_X + (month - 1) * (WIDTH - 2 * PAD_X) / 11

    def y(value: int) -> float:
        return HEIGHT - PAD_Y - (value - low) * (HEIGHT - PAD_Y - top) / span

    parts = []
    for i, (attr, legend, css, marker) in enumerate(ACCURACY_SERIES):
        points = [(line.month, getattr(line, attr).forecast) for line in lines
                  if getattr(line, attr).forecast is not None]
        if points:
            parts.append(format_html('<polyline class="{}" points="{}"/>', css,
                                     " ".join(f"{x(m):.1f},{y(v):.1f}" for m, v in points)))
        for m, v in points:
            tip = f"{legend}, {MONTHS_SHORT[m - 1]}: {amount(v)} tkr"
            if marker == "circle":
                parts.append(format_html('<circle class="chart-dot" cx="{}" cy="{}" r="4"><title>{}</title></circle>',
                                         f"{x(m):.1f}", f"{y(v):.1f}", tip))
            elif marker == "square":
                parts.append(format_html('<rect class="chart-dot-auto" x="{}" y="{}" width="7" height="7"><title>{}</title>'
                                         '</rect>', f"{x(m) - 3.5:.1f}", f"{y(v) - 3.5:.1f}", tip))
        lx = LEGEND_X + i * LEGEND_STEP
        parts.append(format_html('<line class="{}" x1="{}" x2="{}" y1="12" y2="12"/>'
                                 '<text class="chart-label" x="{}" y="16">{}</text>', css, lx, lx + 24, lx + 30, legend))
    lx = LEGEND_X + len(ACCURACY_SERIES) * LEGEND_STEP
    parts.append(format_html('<line class="chart-outcome" x1="{}" x2="{}" y1="12" y2="12"/>'
                             '<text class="chart-label" x="{}" y="16">Utfall {} tkr</text>',
                             lx, lx + 24, lx + 30, amount(outcome)))
    labels = format_html_join(
        "", '<text class="chart-label" x="{}" y="{}" text-anchor="middle">{}</text>',
        ((f"{x(line.month):.1f}", HEIGHT - 4, MONTHS_SHORT[line.month - 1]) for line in lines),
    )
    axis = format_html(
        '<text class="chart-label" x="4" y="{}">{}</text><text class="chart-label" x="4" y="{}">{}</text>',
        f"{y(high) + 4:.1f}", amount(high), f"{y(low) + 4:.1f}", amount(low),
    )
    desc = "; ".join(
        f"{MONTHS_SHORT[line.month - 1]}: inlämnad {amount(line.entered.forecast) or 'ingen'}, förslag "
        f"{amount(line.auto.forecast)}, samma takt {amount(line.run_rate.forecast)} tkr" for line in lines)
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-labelledby="acc-title acc-desc">'
        '<title id="acc-title">{title}</title><desc id="acc-desc">Utfall {outcome} tkr. {desc}</desc>'
        '<line class="chart-outcome" x1="{x0}" x2="{x1}" y1="{oy}" y2="{oy}"/>'
        '{parts}{labels}{axis}</svg>',
        w=WIDTH, h=HEIGHT, title=title, outcome=amount(outcome), desc=desc, x0=PAD_X, x1=WIDTH - PAD_X,
        oy=f"{y(outcome):.1f}", parts=mark_safe("".join(parts)),  # each part built by format_html
        labels=labels, axis=axis,
    )


def volume_chart(name: str, unit_text: str, this_year: Sequence[Decimal | None], last_year: Sequence[Decimal | None],
                 *, year: int, key: str) -> SafeString:
    """A measure month by month: this year solid with dots, last year dashed, the axis from 0."""
    values = [float(v) for v in (*this_year, *last_year) if v is not None]
    if not values:
        return mark_safe("")
    high = max(values) or 1.0
    top = PAD_Y + 22

    def x(month: int) -> float:
        return PAD_X + (month - 1) * (WIDTH - 2 * PAD_X) / 11

    def y(value: Decimal) -> float:
        return HEIGHT - PAD_Y - float(value) * (HEIGHT - PAD_Y - top) / high

    parts = []
    for i, (series, legend, css) in enumerate(((last_year, str(year - 1), "chart-line chart-line-last"),
                                               (this_year, str(year), "chart-line"))):
        points = [(m, v) for m, v in enumerate(series, start=1) if v is not None]
        if points:
            parts.append(format_html('<polyline class="{}" points="{}"/>', css,
                                     " ".join(f"{x(m):.1f},{y(v):.1f}" for m, v in points)))
        if i == 1:
            parts.extend(format_html('<circle class="chart-dot" cx="{}" cy="{}" r="4"><title>{} {}: {} {}</title></circle>',
                                     f"{x(m):.1f}", f"{y(v):.1f}", MONTHS_SHORT[m - 1], year, quantity(v), unit_text)
                         for m, v in points)
        lx = LEGEND_X + i * 110
        parts.append(format_html('<line class="{}" x1="{}" x2="{}" y1="12" y2="12"/>'
                                 '<text class="chart-label" x="{}" y="16">{}</text>', css, lx, lx + 24, lx + 30, legend))
    labels = format_html_join("", '<text class="chart-label" x="{}" y="{}" text-anchor="middle">{}</text>',
                              ((f"{x(m):.1f}", HEIGHT - 4, MONTHS_SHORT[m - 1]) for m in range(1, 13)))
    axis = format_html('<text class="chart-label" x="4" y="{}">{}</text><text class="chart-label" x="4" y="{}">0</text>',
                       f"{top + 4:.1f}", number(round(high)), f"{HEIGHT - PAD_Y + 4:.1f}")
    desc = "; ".join(f"{MONTHS_SHORT[m - 1]} {quantity(v)}" for m, v in enumerate(this_year, start=1) if v is not None)
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{key}-title {key}-desc">'
        '<title id="{key}-title">{name} per månad ({unit}), {year} och {last}</title>'
        '<desc id="{key}-desc">{year}: {desc}</desc>{parts}{labels}{axis}</svg>',
        w=WIDTH, h=HEIGHT, key=key, name=name, unit=unit_text, year=year, last=year - 1, desc=desc or "inga värden",
        parts=mark_safe("".join(parts)), labels=labels, axis=axis,  # each part built by format_html
    )
