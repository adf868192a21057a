"""The document model: a report plus its texts, laid out once, with formatted Swedish strings.

Every renderer (XLSX, DOCX, HTML, PDF) only renders a `Document`. Cells carry both the printed
text and the rounded presentation value, so a spreadsheet holds the numbers the paper shows.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from uppfolj.core.choices import Amounts, Heading, ReportKind, Sign, TreeKind
from uppfolj.core.figures import Figures, forecast_variance
from uppfolj.core.format import (
    MONTHS_SHORT,
    amount,
    month_name,
    number,
    period_label,
    scaled,
)
from uppfolj.core.money import Ore
from uppfolj.core.period import Line, UnitResult
from uppfolj.core.workflow import ActionItem, ReasonItem
from uppfolj.reports import committee as papers
from uppfolj.reports import goals, investments, key_figures, operating, risks, statistics
from uppfolj.reports.accuracy import accuracy_section
from uppfolj.reports.committee import heading_section as committee_heading
from uppfolj.reports.layout import (
    HIDDEN_TEXT,
    NUMBER_FORMATS,
    ROUNDING_NOTE,
    Cell,
    Chart,
    Column,
    Document,
    Fmt,
    Row,
    Section,
    Table,
    drop_empty_columns,
    safe,
    text_cell,
)
from uppfolj.reports.model import Report
from uppfolj.reports.summary import DRAFT_NOTE, draft_summary, period_phrase


def default_amounts(kind: ReportKind) -> Amounts:
    """The February report is in mnkr (seed 004); the others in tkr."""
    return Amounts.MNKR if kind is ReportKind.FEBRUARY else Amounts.TKR


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
    return f"Verksamhetsberättelse {report.year}", f"helåret {report.year}"


# Column definitions: key, title, getter, follows the sign option
Getter = Callable[[Figures], Ore | None]


def _figure_columns(report: Report, *, with_forecast: bool) -> list[tuple[Column, Getter | None, bool]]:
    """The follow-up's columns. A final annual report (December) has no forecast columns: the
    outcome is known; its previous-year column is last year's outcome (Bokslut)."""
    with_forecast = with_forecast and not (report.kind is ReportKind.ANNUAL and report.month == 12)
    period = period_label(report.month)
    y = report.year
    columns: list[tuple[Column, Getter | None, bool]] = [
        (Column("annual_budget", f"Årsbudget {y}"), lambda f: f.annual_budget, True),
    ]
    if report.month < 12:  # in December the period budget is the annual budget
        columns.append((Column("period_budget", f"Periodbudget {period}"), lambda f: f.period_budget, True))
    columns += [
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
    if report.month < 12:
        columns.append((Column("previous_year_period_actual", f"Utfall {period} {y - 1}"),
                        lambda f: f.previous_year_period_actual, True))
    columns.append((Column("previous_year_actual", f"Bokslut {y - 1}"), lambda f: f.previous_year_actual, True))
    if report.kind is ReportKind.ANNUAL:
        columns.append((Column("change_from_previous_year", f"Förändring mot {y - 1}"),
                        lambda f: None if f.previous_year_actual is None else f.previous_year_actual - f.actual, False))
    return columns


def _figure_table(key: str, title: str, sheet: str, first: str, *, lines: Sequence[tuple[str, int, str, Figures]],
                  columns: list[tuple[Column, Getter | None, bool]], fmt: Fmt) -> Table:
    rows: list[Row] = []
    for name, level, style, figures in lines:
        cells = [text_cell(name)]
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


def unit_table(report: Report, fmt: Fmt) -> Table:
    top = report.top
    parents = {u.parent for u in report.units}
    lines = [(u.name, u.level - top.level - 1, "group" if u.code in parents else "normal", u.figures)
             for u in report.units[1:]]
    lines.append((f"Totalt {top.name}", 0, "total", top.figures))
    columns = _figure_columns(report, with_forecast=report.by is TreeKind.ORGANISATION)
    unit_word = report.by.unit_word.capitalize()
    return _figure_table("units", f"Uppföljning per {unit_word.lower()}, {fmt.amounts}", "Per enhet", unit_word,
                         lines=lines, columns=columns, fmt=fmt)


def account_table(report: Report, rows: Sequence[Line], net: Figures, fmt: Fmt, *, key: str = "accounts",
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
    table = _figure_table(key, title or f"Ekonomiskt resultat per kontogrupp, {fmt.amounts}", "Per kontogrupp",
                          "Kontogrupp", lines=lines, columns=columns, fmt=fmt)
    table.note = SIGN_NOTES[fmt.flip]
    return table


# How the account-group table signs its rows (the amounts keep the ledger's sign unless flipped).
SIGN_NOTES = {
    False: ("Intäkter visas med minustecken och kostnader med plustecken (bokföringens tecken); nettokostnaden är "
            "kostnader minus intäkter. Budgetavvikelse: positivt belopp = bättre än budget, även på intäktsrader."),
    True: ("Intäkter visas med plustecken och kostnader med minustecken. Budgetavvikelse: positivt belopp = bättre "
           "än budget."),
}


def _reasons_table(unit: Line, reasons: Sequence[ReasonItem], fmt: Fmt, key: str) -> Table:
    rows = [Row([text_cell(safe(r.text)), fmt.money(r.amount)]) for r in reasons]
    explained = sum(r.amount for r in reasons)
    target = unit.figures.forecast_variance
    if target is not None and explained != target:
        rows.append(Row([text_cell("Ej förklarat"), fmt.money(target - explained)]))
        explained = target
    rows.append(Row([text_cell("Totalt"), fmt.money(explained)], style="total"))
    return Table(key, f"Orsaker till prognosavvikelse, {unit.name}", [
        Column("text", "Orsak till prognosavvikelse", "text"), Column("amount", f"Belopp, {fmt.amounts}")],
        rows, sheet=f"Orsaker {unit.code}", number_format=NUMBER_FORMATS[fmt.amounts])


def _actions_table(unit: Line, actions: Sequence[ActionItem], fmt: Fmt, key: str) -> Table:
    rows = [Row([text_cell(safe(a.text)), text_cell(a.timeplan), text_cell(a.responsible),
                 text_cell(a.status.label), text_cell(safe(a.follow_up)), fmt.money(a.amount)])
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


def _unit_section(report: Report, data: UnitResult, fmt: Fmt) -> Section:
    """A department (or unit) in seed 000's form: its figures, Utfall, Analys, Åtgärd, reasons, actions."""
    unit = data.line
    section = Section(f"unit-{unit.code}", unit.name, level=2)
    f = unit.figures
    facts = [f"Budgetavvikelse {period_label(report.month)}: {amount(f.variance, fmt.amounts)} {fmt.amounts}."]
    if f.forecast_variance is not None and not (report.kind is ReportKind.ANNUAL and report.month == 12):
        facts.append(f"Prognosavvikelse för helåret: {amount(f.forecast_variance, fmt.amounts)} {fmt.amounts}.")
    section.paragraphs.append(" ".join(facts))
    for heading in Heading:
        items = [HIDDEN_TEXT if t.flagged else safe(t.text) for t in data.texts if t.heading is heading]
        if items:
            section.bullets.append((heading.label, items))
    if data.reasons:
        section.tables.append(_reasons_table(unit, data.reasons, fmt, f"reasons-{unit.code}"))
    if data.actions:
        section.tables.append(_actions_table(unit, data.actions, fmt, f"actions-{unit.code}"))
    return section


def missing_texts(report: Report) -> list[str]:
    """The departments (the reported unit's children) without a text of the month, by name."""
    top = report.top.code
    return [u.line.name for u in report.unit_results if u.line.parent == top and not u.texts]


def _unit_sections(report: Report, fmt: Fmt) -> list[Section]:
    """One section per unit below the reported one that has texts, reasons or actions, in tree
    order (departments first, then their units). Units without texts are not printed as gaps."""
    return [_unit_section(report, data, fmt) for data in report.unit_results[1:]
            if data.texts or data.reasons or data.actions]


def _listing(pairs: Sequence[tuple[str, Ore]], text: Callable[[Ore], str], *, most: int = 12) -> str:
    """'namn 5 358, namn -6 479' for an alt text; the largest deviations either way where there are many."""
    if len(pairs) <= most:
        return ", ".join(f"{n} {text(v)}" for n, v in pairs)
    ordered = sorted(pairs, key=lambda p: p[1])
    worst = [p for p in ordered[: most // 2] if p[1] < 0]
    best = [p for p in ordered[::-1][: most // 2] if p[1] > 0]
    parts = [f"{label}: " + ", ".join(f"{n} {text(v)}" for n, v in chosen)
             for label, chosen in (("störst sämre än budget", worst), ("störst bättre än budget", best)) if chosen]
    return f"{len(pairs)} enheter; " + "; ".join(parts)


def _charts(report: Report, amounts: Amounts, *, flip: bool) -> list[Chart]:
    """The summary's charts: the deviation per unit and month by month on its own scale (not the
    cumulative budget's, where a deviation of a few per cent does not show), and the forecast's
    deviation at each forecast round where there are two rounds or more. Each has an alt text
    that says what it shows with its figures, for readers who cannot see it."""
    del flip  # deviations read the same whatever --sign: positive = better than budget
    label = amounts
    places = amounts.places if amounts is not Amounts.KR else 0  # whole kronor in a chart

    def rounded(ore: Ore) -> Decimal:
        """As the tables print it (kronor whole): the chart's labels then read as the tables."""
        return scaled(ore, amounts).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)

    def value(ore: Ore) -> float:
        return float(rounded(ore))

    def text(ore: Ore) -> str:
        return number(rounded(ore), places)

    sense = "positivt belopp = bättre än budget, negativt = sämre"
    period = period_label(report.month)
    charts: list[Chart] = []
    children = [u for u in report.units if u.parent == report.top.code]
    if children:
        listed = _listing([(c.name, c.figures.variance) for c in children], text)
        charts.append(Chart(
            "variance_by_unit", f"Budgetavvikelse per enhet {period}, {label}",
            [c.name for c in children], {"Avvikelse": [value(c.figures.variance) for c in children]}, label,
            alt=(f"Liggande stapeldiagram: budgetavvikelsen {period} {report.year} per enhet i {label} ({sense}). "
                 f"{listed}. Totalt {report.top.name}: {text(report.top.figures.variance)} {label}."),
            places=places))
    top = report.top_unit
    if any(top.budget_by_month) or any(top.actual_by_month):
        months = list(range(1, 13))
        per_month: list[float | None] = []
        cumulative: list[float | None] = []
        running = 0
        said: list[str] = []
        for m in months:
            if m > report.month:
                per_month.append(None)
                cumulative.append(None)
                continue
            deviation = top.budget_by_month[m - 1] - top.actual_by_month[m - 1]
            running += deviation
            per_month.append(value(deviation))
            cumulative.append(value(running))
            said.append(f"{MONTHS_SHORT[m - 1]} {text(deviation)}")
        series: dict[str, list[float | None]] = {"Månadens avvikelse": per_month, "Ackumulerad avvikelse": cumulative}
        alt = (f"Stapel- och linjediagram: budgetavvikelsen för {report.top.name} månad för månad {report.year} i {label} "
               f"({sense}). Staplar, varje månads avvikelse: {', '.join(said)}. Linje, ackumulerad avvikelse: "
               f"{text(running)} {label} efter {month_name(report.month)}.")
        forecast_variance_ = report.top.figures.forecast_variance
        if forecast_variance_ is not None and report.month < 12:
            series["Prognosavvikelse helår"] = [
                value(running) if m == report.month else value(forecast_variance_) if m == 12 else None for m in months]
            alt += f" Prognostiserad avvikelse för helåret (december): {text(forecast_variance_)} {label}."
        charts.append(Chart("deviation_by_month", f"Budgetavvikelse månad för månad {report.year}, {label}",
                            [MONTHS_SHORT[m - 1] for m in months], series, label, alt=alt, places=places,
                            caption="Staplar: månadens avvikelse. Linje: ackumulerad avvikelse. "
                                    "Positivt belopp = bättre än budget."))
    rounds = [(m, f) for m in report.forecast_months if (f := top.forecasts[m - 1]) is not None]
    if len(rounds) >= 2:  # one round is a single bar, said in the text and the table
        annual = report.top.figures.annual_budget
        deviations = [forecast_variance(annual, f) for _, f in rounds]
        charts.append(Chart(
            "forecast_rounds", f"Prognosavvikelse för helåret per prognostillfälle {report.year}, {label}",
            [month_name(m) for m, _ in rounds], {"Prognosavvikelse": [value(d) for d in deviations]}, label,
            alt=(f"Stapeldiagram: helårsprognosens avvikelse mot årsbudgeten för {report.top.name} vid varje "
                 f"prognostillfälle {report.year} i {label} ({sense}): "
                 + ", ".join(f"{month_name(m)} {text(d)}" for (m, _), d in zip(rounds, deviations, strict=True)) + "."),
            places=places))
    return charts


def _drilldown(report: Report, fmt: Fmt) -> Table | None:
    if not report.ledger:
        return None
    names = {u.code: u.name for u in report.units}
    rows = [
        Row([text_cell(e.unit), text_cell(names.get(e.unit, "")), text_cell(f"{e.year}{e.month:02d}"),
             text_cell(e.date.isoformat() if e.date else ""),
             text_cell(e.cost_centre), text_cell(e.account), text_cell(e.activity), text_cell(e.project), text_cell(e.voucher),
             text_cell(HIDDEN_TEXT if e.flagged else e.text),  # flagged at import (LedgerRow.flagged)
             Cell(amount(e.amount, Amounts.KR, flip=fmt.flip), scaled(e.amount, Amounts.KR, flip=fmt.flip))])
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


def _comment_sections(report: Report, fmt: Fmt) -> list[Section]:
    """Kommentarer per enhet and a section per department with texts; a draft names the
    departments still without texts (a final document leaves them out silently)."""
    unit_sections = _unit_sections(report, fmt)
    if not unit_sections:
        return []
    missing = missing_texts(report)
    note = f"Saknar text: {', '.join(missing)}." if missing and not report.final else ""
    return [Section("comments", f"Kommentarer per {report.by.unit_word}", note=note), *unit_sections]


def build_document(report: Report, *, amounts: Amounts | None = None, sign: Sign = Sign.COSTS_POSITIVE,
                   committee: str | None = None, today: dt.date | None = None) -> Document:
    """Lay the report out once, in the structure of its kind (DOMAIN.md, the seeds): the heading;
    for interim and annual reports the tjänsteskrivelse; the summary; per kind its tables; the
    departments' texts; the other sections; the checks. Empty sections are left out."""
    if committee:
        report = dataclasses.replace(report, settings=report.settings.merged({"committee": committee}))
    amounts = amounts or default_amounts(report.kind)
    fmt = Fmt(amounts, sign)
    title, period = document_title(report)
    sections: list[Section] = [committee_heading(report, today=today or dt.date.today())]
    if report.kind in (ReportKind.INTERIM, ReportKind.ANNUAL):
        sections += papers.decision_sections(report)
        if not report.final:
            case = next(s for s in sections if s.key == "case")
            case.note = DRAFT_NOTE
        sections.append(Section("report", title, paragraphs=[report.top.name if report.unit else report.organisation]))
    own = [HIDDEN_TEXT if t.flagged else safe(t.text) for t in report.top_unit.texts]
    summary = Section("summary", "Sammanfattning", paragraphs=[*draft_summary(report), *own],
                      note="" if report.final else DRAFT_NOTE)
    summary.charts = _charts(report, amounts, flip=fmt.flip)
    sections.append(summary)
    # February (seed 004): the operating tables, then the departments' texts. The other kinds
    # (seed 000): the texts first, then the wide tables together, one turn to landscape pages
    # for the unit and account tables instead of two.
    comments = _comment_sections(report, fmt)
    if report.kind is ReportKind.FEBRUARY:
        sections.append(operating.operating_section(report, fmt))
        sections.extend(comments)
    else:
        sections.extend(comments)
        sign_note = ("Kostnader visas med minustecken och intäkter med plustecken. " if fmt.flip else "")
        sections.append(Section("units", f"Uppföljning per {report.by.unit_word}",
                                tables=[unit_table(report, fmt)],
                                note=(f"{sign_note}Belopp i {amounts}. Avvikelser och prognosförändring: positivt belopp = bättre än budget "
                                      "respektive bättre än föregående prognos."
                                      + (f" Förändring mot {report.year - 1}: positivt belopp = lägre nettokostnad än "
                                         "föregående år." if report.kind is ReportKind.ANNUAL else "")
                                      + ("" if amounts is Amounts.KR else f" {ROUNDING_NOTE}"))))
    if report.rows and report.kind is not ReportKind.FEBRUARY:
        sections.append(Section("accounts", "Ekonomiskt resultat per kontogrupp",
                                tables=[account_table(report, report.rows, report.net, fmt)]))
    accuracy = accuracy_section(report, fmt)
    if accuracy is not None:
        accuracy.paragraphs[:0] = papers.last_forecast_comment(report)
    extras = (statistics.volume_section(report, fmt), statistics.personnel_section(report, fmt),
              accuracy, key_figures.key_figures_section(report), goals.goals_section(report),
              risks.risks_section(report))
    sections.extend(extra for extra in extras if extra is not None)
    sections.extend(investments.investment_sections(report, fmt))
    if report.kind is ReportKind.ANNUAL and (outlook := papers.outlook_section(report)) is not None:
        sections.append(outlook)
    checks = [c.message for c in report.checks]
    if checks:
        sections.append(Section("checks", "Kontroller av underlaget", paragraphs=checks))
    return Document(title, report.organisation if report.unit is None else report.top.name, period, amounts, sign,
                    sections, _drilldown(report, fmt), checks)
