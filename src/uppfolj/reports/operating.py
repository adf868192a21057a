"""Driftredovisning (the February report, seed 004): intäkter, kostnader and nettokostnad with the
full-year forecast, its deviation from budget in money and as a percentage of budget, and last
year's outcome; the same per department (Verksamhetens nettokostnader)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from uppfolj.core.choices import Amounts
from uppfolj.core.figures import Figures, forecast_variance
from uppfolj.core.format import mkr_text, month_name, percent
from uppfolj.core.money import Ore
from uppfolj.core.period import Line
from uppfolj.reports.layout import (
    NUMBER_FORMATS,
    ROUNDING_NOTE,
    Cell,
    Column,
    Fmt,
    Row,
    Section,
    Table,
    drop_empty_columns,
    text_cell,
)
from uppfolj.reports.model import Report


def variance_pct(variance: Ore | None, budget: Ore) -> Decimal | None:
    """The deviation as a percentage of the annual budget (its size, whatever the budget's sign)."""
    if variance is None or budget == 0:
        return None
    return Decimal(variance) * 100 / abs(Decimal(budget))


def _columns(report: Report, fmt: Fmt) -> list[Column]:
    y, m = report.year, month_name(report.month)[:3]
    return [Column("actual", f"Utfall {m} {y}"), Column("period_budget", f"Budget {m} {y}"),
            Column("forecast", f"Prognos helår {y}"), Column("annual_budget", f"Budget helår {y}"),
            Column("forecast_variance", "Avvikelse mot budget helår"),
            Column("forecast_variance_pct", "Avvikelse mot budget helår %", "percent"),
            Column("previous_year_actual", f"Utfall helår {y - 1}")]


def _cells(fmt: Fmt, f: Figures, forecast: Ore | None) -> list[Cell]:
    variance = None if forecast is None else forecast_variance(f.annual_budget, forecast)
    return [fmt.money(f.actual, flip=True), fmt.money(f.period_budget, flip=True), fmt.money(forecast, flip=True),
            fmt.money(f.annual_budget, flip=True), fmt.money(variance),
            fmt.pct(variance_pct(variance, f.annual_budget)), fmt.money(f.previous_year_actual, flip=True)]


def _top_rows(report: Report) -> tuple[Line | None, Line | None]:
    level0 = [r for r in report.rows if r.level == 0 and not r.varav]
    revenue = next((r for r in level0 if r.figures.annual_budget < 0 or r.code.upper().startswith("INT")), None)
    cost = next((r for r in level0 if r is not revenue), None)
    return revenue, cost


def operating_table(report: Report, fmt: Fmt) -> Table:
    """Intäkter, kostnader, nettokostnader. A row without its own forecast: the revenue is counted
    at budget and the cost row takes the rest of the net forecast (the table says so)."""
    net = report.top.figures
    revenue, cost = _top_rows(report)
    note = ""
    lines: list[tuple[str, Figures, Ore | None]] = []
    if revenue is not None and cost is not None:
        rev_forecast, cost_forecast = revenue.figures.forecast, cost.figures.forecast
        if net.forecast is not None and (rev_forecast is None or cost_forecast is None):
            if rev_forecast is None and cost_forecast is None:
                rev_forecast = revenue.figures.annual_budget
                note = ("Intäkterna är inte prognostiserade per rad: de räknas till budget och kostnadsraden visar "
                        "resten av nettoprognosen. ")
            if cost_forecast is None and rev_forecast is not None:
                cost_forecast = net.forecast - rev_forecast
            elif rev_forecast is None and cost_forecast is not None:
                rev_forecast = net.forecast - cost_forecast
        lines += [("Intäkter", revenue.figures, rev_forecast), ("Kostnader", cost.figures, cost_forecast)]
    lines.append(("Nettokostnader", net, net.forecast))
    rows = [Row([text_cell(name), *_cells(fmt, f, forecast)], style="total" if name == "Nettokostnader" else "normal")
            for name, f, forecast in lines]
    signs = ("Intäkter och kostnader visas med bokföringens tecken: intäkter negativa, kostnader positiva."
             if not fmt.flip else "Intäkter visas positiva och kostnader negativa.")
    table = Table("operating", f"Driftredovisning, {fmt.amounts}", [Column("name", fmt.amounts.capitalize(), "text"),
                                                                    *_columns(report, fmt)],
                  rows, sheet="Driftredovisning", number_format=NUMBER_FORMATS[fmt.amounts],
                  note=f"{note}{signs} Avvikelse: positivt belopp = bättre än budget; procent av budget helår."
                       + ("" if fmt.amounts is Amounts.KR else f" {ROUNDING_NOTE}"))
    return drop_empty_columns(table)


def department_table(report: Report, fmt: Fmt) -> Table:
    """Verksamhetens nettokostnader: one row per department and the total."""
    top = report.top
    departments: Sequence[Line] = [u for u in report.units if u.parent == top.code]
    rows = [Row([text_cell(d.name), *_cells(fmt, d.figures, d.figures.forecast)]) for d in departments]
    rows.append(Row([text_cell("Nettokostnader"), *_cells(fmt, top.figures, top.figures.forecast)], style="total"))
    table = Table("operating_units", f"Verksamhetens nettokostnader, {fmt.amounts}",
                  [Column("name", "Verksamhet", "text"), *_columns(report, fmt)], rows,
                  sheet="Nettokostnader", number_format=NUMBER_FORMATS[fmt.amounts])
    return drop_empty_columns(table)


def operating_section(report: Report, fmt: Fmt) -> Section:
    """1. Ekonomi: the forecast deviation in words and as a share of the budget, then the tables."""
    f = report.top.figures
    paragraphs = []
    if f.forecast_variance is not None:
        pct = variance_pct(f.forecast_variance, f.annual_budget)
        word = "positiv" if f.forecast_variance >= 0 else "negativ"
        share = "" if pct is None else f", vilket motsvarar {percent(abs(pct).quantize(Decimal('0.1')), 1)} procent av budgeterade nettokostnader"
        paragraphs.append(f"För år {report.year} prognostiserar {report.top.name} en {word} avvikelse mot budget med "
                          f"{mkr_text(f.forecast_variance)}{share}.")
    return Section("operating", "Driftredovisning", paragraphs=paragraphs,
                   tables=[operating_table(report, fmt), department_table(report, fmt)])
