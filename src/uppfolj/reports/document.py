"""The document model: a report plus its texts, laid out once, with formatted Swedish strings.

Every renderer (XLSX, DOCX, HTML, PDF) only renders a `Document`. Cells carry both the printed
text and the rounded presentation value, so a spreadsheet holds the numbers the paper shows.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from uppfolj.core.choices import Amounts, Heading, ReportKind, Sign, TreeKind
from uppfolj.core.figures import Figures, forecast_variance
from uppfolj.core.format import (
    MONTHS_SHORT,
    amount,
    month_name,
    number,
    percent,
    period_label,
    plain_amount,
    scaled,
)
from uppfolj.core.money import Ore, kronor
from uppfolj.core.period import Line
from uppfolj.core.pin import looks_like_pin
from uppfolj.core.workflow import ActionItem, ReasonItem
from uppfolj.reports import goals as goal_sections
from uppfolj.reports import risks as risk_sections
from uppfolj.reports.accuracy import AccuracyView, Block, accuracy_paragraphs, accuracy_view
from uppfolj.reports.investments import (
    InvestmentView,
    comment_bullets,
    investment_paragraphs,
    investment_view,
)
from uppfolj.reports.key_figures import TITLE as KEY_FIGURES_TITLE
from uppfolj.reports.key_figures import key_figure_view
from uppfolj.reports.model import Report
from uppfolj.reports.summary import DRAFT_NOTE, draft_summary, period_phrase

HIDDEN_TEXT = "[Texten visas inte: den ser ut att innehålla ett personnummer]"


# --- the document -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    title: str
    kind: str = "amount"  # text | amount | percent


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    value: Decimal | str | None = None  # rounded presentation value (numbers) or the text


@dataclass(frozen=True, slots=True)
class Row:
    cells: list[Cell]
    level: int = 0
    style: str = "normal"  # normal | total | varav | group


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[Row]
    sheet: str = ""
    note: str = ""
    number_format: str = "#,##0"


@dataclass
class Chart:
    key: str  # variance_by_unit | monthly | forecast_rounds | accuracy
    title: str
    labels: list[str]
    series: dict[str, list[float | None]]
    unit_label: str
    alt: str = ""  # what the chart shows, for readers who cannot see it (the title where empty)
    caption: str = ""  # printed under the chart
    lines: dict[str, float] = field(default_factory=dict)  # horizontal reference lines (name: value)


@dataclass
class Section:
    key: str
    title: str
    level: int = 1
    paragraphs: list[str] = field(default_factory=list)
    note: str = ""
    bullets: list[tuple[str, list[str]]] = field(default_factory=list)  # (heading, items)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


@dataclass
class Document:
    title: str
    organisation: str
    period: str  # "mars 2024", "per den 31 augusti 2024"
    amounts: Amounts
    sign: Sign
    sections: list[Section]
    drilldown: Table | None = None
    checks: list[str] = field(default_factory=list)

    def tables(self) -> list[Table]:
        return [t for s in self.sections for t in s.tables]

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


NUMBER_FORMATS = {Amounts.KR: "#,##0.00", Amounts.TKR: "#,##0", Amounts.MNKR: "#,##0.0"}


def document_title(report: Report) -> tuple[str, str]:
    """The title and the period words of the report kind."""
    month = month_name(report.month)
    if report.kind is ReportKind.MONTHLY:
        return f"Månadsuppföljning ekonomi, {month} {report.year}", f"{month} {report.year}"
    if report.kind is ReportKind.FEBRUARY:
        return f"Budgetuppföljning per {month} {report.year}", f"per {month} {report.year}"
    if report.kind is ReportKind.INTERIM:
        when = f"{period_phrase(report)} {report.year}"
        return f"Delårsrapport {when}", when
    return f"Årsbokslut {report.year}", f"helåret {report.year}"


def decision_text(report: Report, committee: str | None) -> str:
    who = committee or "Socialnämnden"
    if report.kind is ReportKind.INTERIM:
        last = calendar.monthrange(report.year, report.month)[1]
        return (f"{who} godkänner delårsrapporten per den {last} {month_name(report.month)} {report.year} "
                "och överlämnar den till kommunstyrelsen.")
    return f"{who} godkänner årsbokslutet för {report.year} och överlämnar det till kommunstyrelsen."


class _Fmt:
    """Formatting of amounts in the chosen unit and sign convention."""

    def __init__(self, amounts: Amounts, sign: Sign) -> None:
        self.amounts = amounts
        self.flip = sign.flips

    def money(self, ore: Ore | None, *, flip: bool = False) -> Cell:
        """An amount; `flip` marks the budget/actual/forecast columns that follow --sign."""
        if ore is None:
            return Cell("")
        f = flip and self.flip
        return Cell(amount(ore, self.amounts, flip=f), scaled(ore, self.amounts, flip=f))

    def pct(self, value: Decimal | None) -> Cell:
        if value is None:
            return Cell("")
        rounded = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) + 0  # + 0 drops -0
        return Cell(percent(rounded, 1), rounded)


def _text(name: str) -> Cell:
    return Cell(name, name)


def _safe(text: str) -> str:
    return HIDDEN_TEXT if looks_like_pin(text) else text


# Column definitions: key, title, getter, follows the sign option
Getter = Callable[[Figures], Ore | None]


def _figure_columns(report: Report, *, with_forecast: bool) -> list[tuple[Column, Getter | None, bool]]:
    period = period_label(report.month)
    y = report.year
    columns: list[tuple[Column, Getter | None, bool]] = [
        (Column("annual_budget", f"Årsbudget {y}"), lambda f: f.annual_budget, True),
        (Column("period_budget", f"Periodbudget {period}"), lambda f: f.period_budget, True),
        (Column("actual", f"Utfall {period}"), lambda f: f.actual, True),
        (Column("variance", "Budgetavvikelse"), lambda f: f.variance, False),
        (Column("consumed_pct", "Förbrukat %", "percent"), None, False),
    ]
    if with_forecast:
        columns += [
            (Column("forecast", f"Helårsprognos {y}"), lambda f: f.forecast, True),
            (Column("forecast_variance", "Prognosavvikelse"), lambda f: f.forecast_variance, False),
            # shown in the variance's sense (positive = better), like the other variances
            (Column("forecast_change", "Prognosförändring"),
             lambda f: None if f.forecast_change is None else -f.forecast_change, False),
        ]
    columns += [
        (Column("previous_year_period_actual", f"Utfall {period} {y - 1}"), lambda f: f.previous_year_period_actual, True),
        (Column("previous_year_actual", f"Bokslut {y - 1}"), lambda f: f.previous_year_actual, True),
    ]
    return columns


def _figure_table(key: str, title: str, sheet: str, first: str, *, lines: Sequence[tuple[str, int, str, Figures]],
                  columns: list[tuple[Column, Getter | None, bool]], fmt: _Fmt) -> Table:
    rows: list[Row] = []
    for name, level, style, figures in lines:
        cells = [_text(name)]
        for column, getter, follows in columns:
            if column.kind == "percent":
                cells.append(fmt.pct(figures.consumed_pct))
            else:
                assert getter is not None
                cells.append(fmt.money(getter(figures), flip=follows))
        rows.append(Row(cells, level, style))
    table = Table(key, title, [Column("name", first, "text")] + [c for c, _, _ in columns], rows, sheet=sheet,
                  number_format=NUMBER_FORMATS[fmt.amounts])
    return drop_empty_columns(table)


def drop_empty_columns(table: Table) -> Table:
    """Leave out number columns with no value in any row (no previous year, no forecasts)."""
    keep = [i for i, c in enumerate(table.columns)
            if c.kind == "text" or any(r.cells[i].value is not None for r in table.rows)]
    return Table(table.key, table.title, [table.columns[i] for i in keep],
                 [Row([r.cells[i] for i in keep], r.level, r.style) for r in table.rows],
                 table.sheet, table.note, table.number_format)


def unit_table(report: Report, fmt: _Fmt) -> Table:
    top = report.top
    parents = {u.parent for u in report.units}
    lines = [(u.name, u.level - top.level - 1, "group" if u.code in parents else "normal", u.figures)
             for u in report.units[1:]]
    lines.append((f"Totalt {top.name}", 0, "total", top.figures))
    columns = _figure_columns(report, with_forecast=report.by is TreeKind.ORGANISATION)
    unit_word = report.by.unit_word.capitalize()
    return _figure_table("units", f"Uppföljning per {unit_word.lower()}, {fmt.amounts}", "Per enhet", unit_word,
                         lines=lines, columns=columns, fmt=fmt)


def account_table(report: Report, rows: Sequence[Line], net: Figures, fmt: _Fmt, *, key: str = "accounts",
                  title: str | None = None) -> Table:
    lines: list[tuple[str, int, str, Figures]] = []
    for r in rows:
        if r.varav:
            lines.append((f"varav {r.name[0].lower()}{r.name[1:]}" if not r.name.lower().startswith("varav")
                          else r.name, r.level + 1, "varav", r.figures))
        else:
            lines.append((r.name, r.level, "group" if r.level == 0 else "normal", r.figures))
    lines.append(("Nettokostnad", 0, "total", net))
    columns = _figure_columns(report, with_forecast=False)
    return _figure_table(key, title or f"Ekonomiskt resultat per kontogrupp, {fmt.amounts}", "Per kontogrupp",
                         "Kontogrupp", lines=lines, columns=columns, fmt=fmt)


def _reasons_table(unit: Line, reasons: Sequence[ReasonItem], fmt: _Fmt, key: str) -> Table:
    rows = [Row([_text(_safe(r.text)), fmt.money(r.amount)]) for r in reasons]
    explained = sum(r.amount for r in reasons)
    target = unit.figures.forecast_variance
    if target is not None and explained != target:
        rows.append(Row([_text("Ej förklarat"), fmt.money(target - explained)]))
        explained = target
    rows.append(Row([_text("Totalt"), fmt.money(explained)], style="total"))
    return Table(key, f"Orsaker till prognosavvikelse, {unit.name}", [
        Column("text", "Orsak till prognosavvikelse", "text"), Column("amount", f"Belopp, {fmt.amounts}")],
        rows, sheet=f"Orsaker {unit.code}", number_format=NUMBER_FORMATS[fmt.amounts])


def _actions_table(unit: Line, actions: Sequence[ActionItem], fmt: _Fmt, key: str) -> Table:
    rows = [Row([_text(_safe(a.text)), _text(a.timeplan), _text(a.responsible),
                 _text(a.status.label), _text(_safe(a.follow_up)), fmt.money(a.amount)])
            for a in actions]
    table = Table(key, f"Åtgärder vid avvikelse, {unit.name}", [
        Column("text", "Åtgärd", "text"), Column("timeplan", "Tidplan", "text"),
        Column("responsible", "Ansvarig", "text"), Column("status", "Status", "text"),
        Column("follow_up", "Uppföljning", "text"), Column("amount", f"Effekt, {fmt.amounts}")],
        rows, sheet=f"Åtgärder {unit.code}", number_format=NUMBER_FORMATS[fmt.amounts])
    keep = [i for i, c in enumerate(table.columns) if i == 0 or any(r.cells[i].text for r in table.rows)]
    return Table(table.key, table.title, [table.columns[i] for i in keep],
                 [Row([r.cells[i] for i in keep], r.level, r.style) for r in table.rows],
                 table.sheet, table.note, table.number_format)


def _unit_sections(report: Report, fmt: _Fmt) -> list[Section]:
    out: list[Section] = []
    for data in report.unit_results:
        if not (data.texts or data.reasons or data.actions):
            continue
        unit = data.line
        section = Section(f"unit-{unit.code}", unit.name, level=2)
        f = unit.figures
        facts = [f"Budgetavvikelse {period_label(report.month)}: {amount(f.variance, fmt.amounts)} {fmt.amounts}."]
        if f.forecast_variance is not None:
            facts.append(f"Prognosavvikelse för helåret: {amount(f.forecast_variance, fmt.amounts)} {fmt.amounts}.")
        section.paragraphs.append(" ".join(facts))
        for heading in Heading:
            items = [HIDDEN_TEXT if t.flagged else _safe(t.text) for t in data.texts if t.heading is heading]
            if items:
                section.bullets.append((heading.label, items))
        if data.reasons:
            section.tables.append(_reasons_table(unit, data.reasons, fmt, f"reasons-{unit.code}"))
        if data.actions:
            section.tables.append(_actions_table(unit, data.actions, fmt, f"actions-{unit.code}"))
        out.append(section)
    return out


def _charts(report: Report, amounts: Amounts, *, flip: bool) -> list[Chart]:
    divisor = amounts.divisor
    label = amounts

    def value(ore: Ore) -> float:
        return float(kronor(ore) / divisor)

    def shown(ore: Ore) -> float:
        """Budget, actual and forecast follow --sign, as in the tables."""
        return -value(ore) if flip else value(ore)

    charts: list[Chart] = []
    children = [u for u in report.units if u.parent == report.top.code]
    if children:
        charts.append(Chart("variance_by_unit", f"Budgetavvikelse per enhet {period_label(report.month)}, {label}",
                            [c.name for c in children], {"Avvikelse": [value(c.figures.variance) for c in children]},
                            label))
    top = report.top_unit
    if any(top.budget_by_month) or any(top.actual_by_month):
        months = list(range(1, 13))
        budget: list[float | None] = []
        actual: list[float | None] = []
        running_b = running_a = 0
        for m in months:
            running_b += top.budget_by_month[m - 1]
            budget.append(shown(running_b))
            running_a += top.actual_by_month[m - 1]
            actual.append(shown(running_a) if m <= report.month else None)
        series: dict[str, list[float | None]] = {"Budget (ackumulerad)": budget, "Utfall (ackumulerat)": actual}
        forecast = report.top.figures.forecast
        if forecast is not None and report.month < 12:
            start = shown(sum(top.actual_by_month[: report.month]))
            end = shown(forecast)
            steps = 12 - report.month
            series["Prognos till årets slut"] = [
                None if m < report.month else start + (end - start) * (m - report.month) / steps for m in months
            ]
        charts.append(Chart("monthly", f"Utfall och budget månad för månad, {label}",
                            [month_name(m)[:3] for m in months], series, label))
    rounds = [(m, f) for m in report.forecast_months if (f := top.forecasts[m - 1]) is not None]
    if rounds:
        annual = report.top.figures.annual_budget
        charts.append(Chart("forecast_rounds", f"Prognosavvikelse per prognostillfälle, {label}",
                            [month_name(m) for m, _ in rounds],
                            {"Prognosavvikelse": [value(forecast_variance(annual, f)) for _, f in rounds]}, label))
    return charts


# --- Prognossäkerhet ----------------------------------------------------------------------------

MISSING = "–"  # no entered forecast in that round
ACCURACY_SHEET = "Prognossäkerhet"
ERROR_NOTE = ("Avvikelse mellan prognos och utfall: positivt belopp = prognosen överskattade nettokostnaden och "
              "utfallet blev bättre än prognosen, negativt = prognosen underskattade den. – = ingen inlämnad prognos.")
FINAL_NOTE = "Skillnad: positivt belopp = den senaste prognosen överskattade nettokostnaden."
BUDGET_NOTE = "Prognosavvikelse och budgetavvikelse mot årsbudgeten: positivt belopp = bättre än budget."


def _error(fmt: _Fmt, forecast: Ore | None, outcome: Ore) -> Cell:
    """Forecast − outcome in ledger sign; like a variance it does not follow --sign."""
    return Cell(MISSING) if forecast is None else fmt.money(forecast - outcome)


def _level(fmt: _Fmt, ore: Ore | None) -> Cell:
    """A forecast or outcome: follows --sign like the budget and actual columns."""
    return Cell(MISSING) if ore is None else fmt.money(ore, flip=True)


def _rounds_table(view: AccuracyView, fmt: _Fmt) -> Table:
    """Per unit × forecast month: the entered forecast and the errors of it, of the proposal and
    of the run rate; the unit's outcome on its heading row."""
    rows: list[Row] = []
    empty = Cell("")
    for block in view.blocks:
        by_month = {r.month: r for r in block.rows}
        name = block.name if block is not view.total or not view.departments else f"Totalt {block.name}"
        rows.append(Row([_text(name), fmt.money(block.outcome, flip=True), empty, empty, empty, empty],
                        style="group"))
        for month in view.months:
            r = by_month.get(month)
            if r is None:
                continue
            rows.append(Row([_text(month_name(month)), empty, _level(fmt, r.entered),
                             _error(fmt, r.entered, r.outcome), _error(fmt, r.auto, r.outcome),
                             _error(fmt, r.run_rate, r.outcome)], level=1))
    columns = [Column("name", "Enhet / prognosmånad", "text"), Column("outcome", f"Utfall {view.year}"),
               Column("entered", "Inlämnad prognos"), Column("entered_error", "Avvikelse inlämnad"),
               Column("auto_error", "Avvikelse förslag"), Column("run_rate_error", "Avvikelse utfall i samma takt")]
    return Table("accuracy", f"Prognosernas avvikelse från utfallet {view.year} per prognostillfälle, {fmt.amounts}",
                 columns, rows, sheet=ACCURACY_SHEET, note=ERROR_NOTE, number_format=NUMBER_FORMATS[fmt.amounts])


def _final_table(view: AccuracyView, fmt: _Fmt) -> Table | None:
    """The annual report: each unit's last entered forecast against the year's outcome."""
    if not any(b.last_entered() for b in view.blocks):
        return None
    rows: list[Row] = []
    for block in view.blocks:
        last = block.last_entered()
        budget = view.budgets.get(block.code)
        total = block is view.total and bool(view.departments)
        forecast = None if last is None else last.entered
        cells = [_text(f"Totalt {block.name}" if total else block.name),
                 _text(MISSING if last is None else month_name(last.month)),
                 _level(fmt, forecast), fmt.money(block.outcome, flip=True), _error(fmt, forecast, block.outcome),
                 Cell("") if budget is None else (Cell(MISSING) if forecast is None else fmt.money(budget - forecast)),
                 Cell("") if budget is None else fmt.money(budget - block.outcome)]
        rows.append(Row(cells, style="total" if total else "normal"))
    columns = [Column("name", "Enhet", "text"), Column("month", "Prognosmånad", "text"),
               Column("forecast", "Senaste prognos"), Column("outcome", "Utfall"), Column("difference", "Skillnad"),
               Column("forecast_variance", "Prognosavvikelse"), Column("variance", "Budgetavvikelse")]
    table = Table("accuracy-final", f"Senaste prognos mot utfall {view.year}, {fmt.amounts}", columns, rows,
                  sheet=ACCURACY_SHEET, note=f"{FINAL_NOTE} {BUDGET_NOTE}" if view.budgets else FINAL_NOTE,
                  number_format=NUMBER_FORMATS[fmt.amounts])
    return drop_empty_columns(table)


def _accuracy_chart(block: Block, year: int, fmt: _Fmt) -> Chart:
    """The total's forecasts at each round (entered, proposal, run rate) against the outcome."""

    def shown(ore: Ore) -> float:
        return float(scaled(ore, fmt.amounts, flip=fmt.flip))

    unit = fmt.amounts
    rows = block.rows
    outcome_name = f"Utfall {year}: {amount(block.outcome, unit, flip=fmt.flip)}"
    entered = [(r.month, r.entered) for r in rows if r.entered is not None]
    alt = (f"Linjediagram: helårsprognosen för {block.name} {year} vid varje prognostillfälle, "
           f"{month_name(rows[0].month)} till {month_name(rows[-1].month)}, jämförd med årets utfall "
           f"{amount(block.outcome, unit, flip=fmt.flip)} {unit} (vågrät linje). ")
    if entered:
        alt += "Inlämnade prognoser: " + ", ".join(
            f"{month_name(m)} {amount(v, unit, flip=fmt.flip)}" for m, v in entered) + f" {unit}. "
    else:
        alt += "Inga inlämnade prognoser. "
    alt += "Förslag och utfall i samma takt visas för varje prognosmånad."
    return Chart("accuracy", f"Helårsprognoser för {year} mot utfallet, {block.name}, {unit}",
                 [MONTHS_SHORT[r.month - 1] for r in rows],
                 {"Inlämnad prognos": [None if r.entered is None else shown(r.entered) for r in rows],
                  "Förslag": [shown(r.auto) for r in rows],
                  "Utfall i samma takt": [shown(r.run_rate) for r in rows]},
                 unit, alt=alt,
                 caption=(f"Vågrät linje: utfallet {year}. Varje punkt är helårsprognosen som den såg ut "
                          "vid prognostillfället."),
                 lines={outcome_name: shown(block.outcome)})


def accuracy_section(report: Report, fmt: _Fmt) -> Section | None:
    """Prognossäkerhet: interim and annual reports given an accuracy; None otherwise."""
    view = accuracy_view(report)
    if view is None:
        return None
    section = Section("accuracy", f"Prognossäkerhet {view.year}", paragraphs=accuracy_paragraphs(view, report.kind))
    if fmt.flip:
        section.note = "Prognoser och utfall visas med kostnader som minustecken."
    if view.final:
        final = _final_table(view, fmt)
        if final is not None:
            section.tables.append(final)
    section.tables.append(_rounds_table(view, fmt))
    if view.total is not None:
        section.charts.append(_accuracy_chart(view.total, view.year, fmt))
    return section


def key_figures_section(report: Report) -> Section | None:
    """Nyckeltal i jämförelse (`uppfolj.reports.key_figures`): interim and annual reports with key figures."""
    view = key_figure_view(report)
    if view is None:
        return None
    columns = [Column("kpi", "Nyckeltal", "text"), Column("year", "År", "text"), Column("value", "Kommunen", "number"),
               Column("peer_mean", "Liknande kommuner (medel)", "number"), Column("national", "Riket", "number")]
    rows = [Row([_text(r.title), _text(r.year), *(Cell(s.text, s.value) for s in (r.value, r.peer_mean, r.national))])
            for r in view.rows]
    table = Table("key_figures", KEY_FIGURES_TITLE, columns, rows, sheet="Nyckeltal", note=view.note,
                  number_format="#,##0.0")
    return Section("key_figures", KEY_FIGURES_TITLE, paragraphs=view.paragraphs, tables=[table])
INVESTMENT_NOTE = "Avvikelse = budget − prognos: positivt belopp = prognosen är lägre än budget."


def _investment_table(view: InvestmentView, fmt: _Fmt) -> Table:
    """Per project: budget, actual to date, forecast, variance and the carry-over asked; a total
    row. The final annual report compares the budget with the outcome and has no forecast."""
    def variance(ore: Ore | None) -> Cell:
        return Cell(MISSING) if ore is None else fmt.money(ore)

    rows = [Row([_text(i.name), fmt.money(i.budget, flip=True), fmt.money(i.actual, flip=True),
                 _level(fmt, i.forecast), variance(view.variance(i)), fmt.money(i.carry_over)]) for i in view.lines]
    t = view.total
    rows.append(Row([_text("Summa"), fmt.money(t.budget, flip=True), fmt.money(t.actual, flip=True),
                     fmt.money(t.forecast, flip=True), variance(view.total_variance), fmt.money(t.carry_over or None)],
                    style="total"))
    columns = [Column("name", "Projekt", "text"), Column("budget", f"Budget {view.year}"),
               Column("actual", view.actual_title), Column("forecast", "Prognos helår"),
               Column("variance", "Avvikelse"), Column("carry_over", f"Begärd överföring till {view.year + 1}")]
    if view.final:
        note = "Avvikelse = budget − utfall: positivt belopp = utfallet är lägre än budget."
        keep = [0, 1, 2, 4, 5]
        columns = [columns[i] for i in keep]
        rows = [Row([r.cells[i] for i in keep], style=r.style) for r in rows]
    else:
        note = INVESTMENT_NOTE + (" I summans prognos räknas projekt utan prognos med sin budget."
                                  if t.without_forecast else "")
    return Table("investments", f"Investeringar {view.year}, {fmt.amounts}", columns, rows, sheet="Investeringar",
                 note=note, number_format=NUMBER_FORMATS[fmt.amounts])


def investment_sections(report: Report, fmt: _Fmt) -> list[Section]:
    """Investeringar (interim and annual reports of a year with investments): the text and the
    table, then the projects' comments and carry-over motivations; nothing otherwise."""
    view = investment_view(report)
    if view is None:
        return []
    sections = [Section("investments", "Investeringar", paragraphs=investment_paragraphs(view),
                        tables=[_investment_table(view, fmt)])]
    bullets = [(name, [_safe(t) for t in items]) for name, items in comment_bullets(view)]
    if bullets:
        sections.append(Section("investment-comments", "Kommentarer till investeringarna", level=2, bullets=bullets))
    return sections


def _drilldown(report: Report, fmt: _Fmt) -> Table | None:
    if not report.ledger:
        return None
    names = {u.code: u.name for u in report.units}
    rows = [
        Row([_text(e.unit), _text(names.get(e.unit, "")), _text(f"{e.year}{e.month:02d}"),
             _text(e.date.isoformat() if e.date else ""),
             _text(e.cost_centre), _text(e.account), _text(e.activity), _text(e.project), _text(e.voucher),
             _text(HIDDEN_TEXT if e.flagged else e.text),  # flagged at import (LedgerRow.flagged)
             Cell(plain_amount(e.amount, Amounts.KR, flip=fmt.flip), scaled(e.amount, Amounts.KR, flip=fmt.flip))])
        for e in report.ledger
    ]
    note = ""
    if report.result.ledger_truncated:
        limit = number(len(report.result.ledger or ()))
        note = f"Listan är avkortad efter {limit} rader; hela underlaget finns i ekonomisystemet."
    columns = [Column("unit", "Enhet", "text"), Column("unit_name", "Enhetsnamn", "text"), Column("period", "Period", "text"),
               Column("date", "Datum", "text"), Column("cost_centre", "Ansvar", "text"), Column("account", "Konto", "text"),
               Column("activity", "Verksamhet", "text"), Column("project", "Projekt", "text"),
               Column("voucher", "Verifikation", "text"), Column("text", "Text", "text"), Column("amount", "Belopp, kr")]
    # Dimensions the ledger does not use (no activity, no project) are left out.
    keep = [i for i, c in enumerate(columns) if c.kind != "text" or i < 3 or any(r.cells[i].text for r in rows)]
    return Table("ledger", "Verifikationer", [columns[i] for i in keep], [Row([r.cells[i] for i in keep]) for r in rows],
                 sheet="Verifikationer", note=note, number_format=NUMBER_FORMATS[Amounts.KR])


def build_document(report: Report, *, amounts: Amounts = Amounts.TKR, sign: Sign = Sign.COSTS_POSITIVE,
                   committee: str | None = None) -> Document:
    """Lay the report out once: sections in the order of DOMAIN.md, empty ones left out."""
    fmt = _Fmt(amounts, sign)
    title, period = document_title(report)
    sections: list[Section] = []
    if report.kind in (ReportKind.INTERIM, ReportKind.ANNUAL):
        sections.append(Section("decision", "Förslag till beslut", paragraphs=[decision_text(report, committee)]))
    summary = Section("summary", "Sammanfattning", paragraphs=draft_summary(report), note=DRAFT_NOTE)
    summary.charts = _charts(report, amounts, flip=fmt.flip)
    sections.append(summary)
    sign_note = ("Kostnader visas med minustecken och intäkter med plustecken. " if fmt.flip else "")
    sections.append(Section("units", f"Uppföljning per {report.by.unit_word}",
                            tables=[unit_table(report, fmt)],
                            note=(f"{sign_note}Belopp i {amounts}. Avvikelser och prognosförändring: positivt belopp = bättre än budget "
                                  "respektive bättre än föregående prognos.")))
    if report.rows:
        sections.append(Section("accounts", "Ekonomiskt resultat per kontogrupp",
                                tables=[account_table(report, report.rows, report.net, fmt)]))
    from uppfolj.reports import statistics  # noqa: PLC0415 - it builds on this module's classes

    for extra in (statistics.volume_section(report, fmt), statistics.personnel_section(report, fmt)):
        if extra is not None:
            sections.append(extra)
    accuracy = accuracy_section(report, fmt)
    if accuracy is not None:
        sections.append(accuracy)
    key_figures = key_figures_section(report)
    if key_figures is not None:
        sections.append(key_figures)
    sections.extend(s for s in (goal_sections.goals_section(report), risk_sections.risks_section(report)) if s)
    sections.extend(investment_sections(report, fmt))
    unit_sections = _unit_sections(report, fmt)
    if unit_sections:
        sections.append(Section("comments", "Kommentarer per enhet"))
        sections.extend(unit_sections)
    checks = [c.message for c in report.checks]
    if checks:
        sections.append(Section("checks", "Kontroller av underlaget", paragraphs=checks))
    return Document(title, report.organisation if report.unit is None else report.top.name, period, amounts, sign,
                    sections, _drilldown(report, fmt), checks)
