"""Volymer och enhetskostnader (interim and annual reports) and Personal (annual report only).

Both read the report's `statistics` (`uppfolj.core.statistics.StatisticLine`). Volumes are grouped
by measure: the units that hold it, then the reported unit's total where several units hold it.
The unit cost is printed in whole kronor per unit of volume, in ledger sign whatever --sign
(a cost per dygn reads as a positive cost). Årsarbetare and sjukfrånvaro are the annual report's
Personal, with the personnel costs of the ledger (the template row named Personalkostnader…),
and are left out of the volumes. A section without data is left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from uppfolj.core.choices import MeasureKind, ReportKind
from uppfolj.core.format import MONTHS_SHORT, amount, number, percent, period_label
from uppfolj.core.money import Ore, kronor
from uppfolj.core.period import Line, UnitResult
from uppfolj.core.statistics import StatisticLine, change_pct
from uppfolj.reports.layout import (
    NUMBER_FORMATS,
    Cell,
    Chart,
    Column,
    Fmt,
    Row,
    Section,
    Table,
    drop_empty_columns,
)
from uppfolj.reports.model import Report

VOLUME_SHEET = "Volymer"
PERSONNEL_SHEET = "Personal"
CHARTS = 3  # the largest measures (by their cost) drawn month by month


def _qty(value: Decimal | None) -> Cell:
    """A volume: whole where it is large, one decimal for a level such as 53,7 placeringar."""
    if value is None:
        return Cell("")
    places = 0 if abs(value) >= 100 or value == value.to_integral_value() else 1
    shown = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) + 0
    return Cell(number(shown, places), shown)


def _kr(ore: Ore | None) -> Cell:
    """A unit cost in whole kronor."""
    if ore is None:
        return Cell("")
    shown = kronor(ore).quantize(Decimal(1), rounding=ROUND_HALF_UP) + 0
    return Cell(number(shown), shown)


def _pct(value: Decimal | None) -> Cell:
    if value is None:
        return Cell("")
    shown = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) + 0
    return Cell(percent(shown, 1), shown)


def _name(line: StatisticLine) -> str:
    return f"{line.name} ({line.unit_text})" if line.unit_text else line.name


def _volume_lines(report: Report) -> list[tuple[StatisticLine, list[StatisticLine]]]:
    """Per measure (in the report's order): the reported unit's line and the units holding it."""
    top = report.top.code
    order: list[str] = []
    units: dict[str, list[StatisticLine]] = {}
    totals: dict[str, StatisticLine] = {}
    for line in report.statistics:
        if line.personnel:
            continue
        if line.measure not in order:
            order.append(line.measure)
        if line.unit == top:
            totals[line.measure] = line
        if line.own:
            units.setdefault(line.measure, []).append(line)
    return [(totals[m], units.get(m, [])) for m in order if m in totals]


def volume_section(report: Report, fmt: Fmt) -> Section | None:
    """Volymer och enhetskostnader: interim and annual reports with volumes; None otherwise."""
    if report.kind not in (ReportKind.INTERIM, ReportKind.ANNUAL):
        return None
    measures = _volume_lines(report)
    if not measures:
        return None
    names = {u.code: u.name for u in report.units}
    period, y = period_label(report.month), report.year
    rows: list[Row] = []
    for total, holders in measures:
        rows.append(Row([Cell(_name(total), _name(total)), *[Cell("")] * 6], style="group"))
        shown = [h for h in holders if h.unit != total.unit]
        for line in shown:
            rows.append(Row(_cells(names.get(line.unit, line.unit), line), level=1))
        if len(shown) != 1:  # one unit holding the measure is its own total
            label = f"Totalt {names[total.unit]}" if shown else names[total.unit]
            rows.append(Row(_cells(label, total), level=1, style="total" if shown else "normal"))
    columns = [Column("name", "Mått / enhet", "text"),
               Column("volume", f"Volym {period} {y}", "number"), Column("previous_volume", f"Volym {period} {y - 1}", "number"),
               Column("volume_change", "Förändring %", "percent"),
               Column("unit_cost", f"Kostnad per enhet {y}, kr", "number"),
               Column("previous_unit_cost", f"Kostnad per enhet {y - 1}, kr", "number"),
               Column("unit_cost_change", "Förändring %", "percent")]
    table = Table("volumes", f"Volymer och kostnad per enhet {period} {y} jämfört med {y - 1}", columns, rows,
                  sheet=VOLUME_SHEET, number_format="#,##0",
                  note=("Volym: summan av månaderna, för nivåer (till exempel pågående placeringar) medelvärdet "
                        "av månaderna med värde. Kostnad per enhet: nettokostnaden för enheterna som har måttet "
                        "delad med volymen, i kronor."))
    section = Section("volumes", "Volymer och enhetskostnader", paragraphs=_volume_paragraphs(measures, report),
                      tables=[table])
    section.charts = _volume_charts(report, [t for t, _ in measures])
    return section


def _cells(label: str, line: StatisticLine) -> list[Cell]:
    volume = [Cell(label, label), _qty(line.period_value), _qty(line.previous_year_period_value),
              _pct(line.volume_change_pct)]
    if line.percent:  # a cost per percentage point means nothing to a reader
        return [*volume, Cell(""), Cell(""), Cell("")]
    return [*volume, _kr(line.unit_cost), _kr(line.previous_unit_cost), _pct(line.unit_cost_change_pct)]


def _volume_paragraphs(measures: Sequence[tuple[StatisticLine, list[StatisticLine]]], report: Report) -> list[str]:
    """One sentence per measure with both years: the volume and the cost per unit, up or down."""
    sentences = []
    for total, _ in measures:
        change = total.volume_change_pct
        if change is None:
            continue
        way = "ökade" if change > 0 else "minskade" if change < 0 else "var oförändrade"
        text = f"{total.name} {way}"
        if change:
            text += f" med {percent(abs(change), 1)}\u00a0%"
        text += f" jämfört med samma period {report.year - 1}"
        cost = total.unit_cost_change_pct
        if cost is not None and total.unit_cost is not None:
            text += (f"; kostnaden per enhet var {_kr(total.unit_cost).text}\u00a0kr "
                     f"({'+' if cost > 0 else ''}{percent(cost, 1)}\u00a0%)")
        sentences.append(text + ".")
    return [" ".join(sentences)] if sentences else []


def _volume_charts(report: Report, totals: Sequence[StatisticLine]) -> list[Chart]:
    """The largest flow measures (by their cost) month by month, this year beside last year."""
    flows = [t for t in totals if t.kind is MeasureKind.SUM and any(v is not None for v in t.months)]
    flows.sort(key=lambda t: -(t.actual or 0))
    charts = []
    for line in flows[:CHARTS]:
        this = [None if v is None else float(v) for v in line.months]
        last = [None if v is None else float(v) for v in line.previous_months]
        described = ", ".join(f"{MONTHS_SHORT[m]} {number(v)}" for m, v in enumerate(line.months) if v is not None)
        charts.append(Chart(
            f"volume-{line.measure}", f"{line.name} per månad, {report.year} och {report.year - 1}",
            list(MONTHS_SHORT), {str(report.year): this, str(report.year - 1): last}, line.unit_text,
            alt=(f"Linjediagram: {line.name.lower()} ({line.unit_text}) per månad {report.year} "
                 f"jämfört med {report.year - 1}. {report.year}: {described}.")))
    return charts


# --- Personal -------------------------------------------------------------------------------------


def _personnel_cost(unit: UnitResult) -> Line | None:
    """The template row of personnel costs (Personalkostnader…), if the template has one."""
    return next((r for r in unit.rows if not r.varav and r.name.lower().startswith("personalkostnad")), None)


def personnel_section(report: Report, fmt: Fmt) -> Section | None:
    """Personal: the annual report with årsarbetare or sjukfrånvaro; None otherwise."""
    if report.kind is not ReportKind.ANNUAL:
        return None
    lines = [s for s in report.statistics if s.personnel]
    if not lines:
        return None
    top = report.top.code
    shown = [u for u in report.unit_results if u.line.parent == top] + [report.top_unit]
    by_unit: dict[str, dict[str, StatisticLine]] = {}
    for line in lines:
        by_unit.setdefault(line.unit, {})[line.measure] = line
    fte_code = next((s.measure for s in lines if s.kind is MeasureKind.MEAN and not s.percent), None)
    sick_code = next((s.measure for s in lines if s.percent), None)
    period, y = period_label(report.month), report.year
    rows: list[Row] = []
    for unit in shown:
        data = by_unit.get(unit.code, {})
        if not data:
            continue
        fte = data.get(fte_code or "")
        sick = data.get(sick_code or "")
        cost_row = _personnel_cost(unit)
        cost = None if cost_row is None else cost_row.figures.actual
        before = None if cost_row is None else cost_row.figures.previous_year_period_actual
        per_fte = None
        if cost is not None and fte is not None and fte.period_value:
            per_fte = kronor(cost) / fte.period_value
        is_top = unit.code == top
        label = f"Totalt {unit.line.name}" if is_top and len(shown) > 1 else unit.line.name
        rows.append(Row([
            Cell(label, label),
            _qty(None if fte is None else fte.period_value), _qty(None if fte is None else fte.previous_year_period_value),
            _pct(None if sick is None else sick.period_value), _pct(None if sick is None else sick.previous_year_period_value),
            fmt.money(cost), fmt.money(before), _pct(change_pct(cost, before)),
            Cell("") if per_fte is None else _kr(int((per_fte * 100).to_integral_value(ROUND_HALF_UP))),
        ], style="total" if is_top and len(shown) > 1 else "normal"))
    if not rows:
        return None
    columns = [Column("name", "Enhet", "text"),
               Column("fte", f"Årsarbetare {y}", "number"), Column("previous_fte", f"Årsarbetare {y - 1}", "number"),
               Column("sick", f"Sjukfrånvaro {y}, %", "percent"), Column("previous_sick", f"Sjukfrånvaro {y - 1}, %", "percent"),
               Column("cost", f"Personalkostnader {period} {y}, {fmt.amounts}"),
               Column("previous_cost", f"Personalkostnader {period} {y - 1}, {fmt.amounts}"),
               Column("cost_change", "Förändring %", "percent"),
               Column("per_fte", "Personalkostnad per årsarbetare, kr", "number")]
    table = drop_empty_columns(Table(
        "personnel", f"Personal {period} {y} jämfört med {y - 1}", columns, rows, sheet=PERSONNEL_SHEET,
        number_format=NUMBER_FORMATS[fmt.amounts],
        note=("Årsarbetare och sjukfrånvaro: medelvärdet av årets månader; sjukfrånvaron för flera enheter är "
              "medelvärdet av enheternas. Personalkostnader: kontogruppen personalkostnader i redovisningen.")))
    section = Section("personnel", "Personal", tables=[table],
                      paragraphs=_personnel_paragraphs(by_unit.get(top, {}), fte_code, sick_code, report, fmt))
    return section


def _personnel_paragraphs(top: dict[str, StatisticLine], fte_code: str | None, sick_code: str | None,
                          report: Report, fmt: Fmt) -> list[str]:
    out = []
    fte = top.get(fte_code or "")
    if fte is not None and fte.period_value is not None:
        text = f"Antalet årsarbetare var i genomsnitt {_qty(fte.period_value).text} under {report.year}"
        if fte.previous_year_period_value is not None:
            text += f", jämfört med {_qty(fte.previous_year_period_value).text} året före"
        out.append(text + ".")
    sick = top.get(sick_code or "")
    if sick is not None and sick.period_value is not None:
        text = f"Sjukfrånvaron var {_pct(sick.period_value).text}\u00a0%"
        if sick.previous_year_period_value is not None:
            text += f" ({_pct(sick.previous_year_period_value).text}\u00a0% året före)"
        out.append(text + ".")
    row = _personnel_cost(report.top_unit)
    if row is not None:
        f = row.figures
        text = f"Personalkostnaderna uppgick till {amount(f.actual, fmt.amounts)}\u00a0{fmt.amounts}"
        change = change_pct(f.actual, f.previous_year_period_actual)
        if change is not None:
            text += f", {percent(abs(change), 1)}\u00a0% {'mer' if change > 0 else 'mindre'} än året före"
        out.append(text + ".")
    return [" ".join(out)] if out else []
