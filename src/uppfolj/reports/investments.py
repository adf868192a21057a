"""Investeringar: which projects an interim or annual report shows, and the sentences about them.

The figures come ready (`uppfolj.core.investments`); this module only decides whether the section
is shown and words it. Variance is budget − forecast, as for the units: positive means the
project is forecast to spend less than its budget, money that may be asked to move to next year.
The annual report of a finished year (December) compares the budget with the year's outcome
(bokslut) instead: its variance is budget − actual, and it has no forecast column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from uppfolj.core.choices import Amounts, ReportKind
from uppfolj.core.format import mkr_text, month_name, percent, period_label, scaled
from uppfolj.core.investments import InvestmentLine, InvestmentTotal, investment_total
from uppfolj.core.money import Ore
from uppfolj.reports.layout import (
    MISSING,
    NUMBER_FORMATS,
    Cell,
    Column,
    Fmt,
    Row,
    Section,
    Table,
    level_cell,
    safe,
    text_cell,
)
from uppfolj.reports.model import Report
from uppfolj.reports.summary import join_words

MAX_NAMED = 3  # the largest deviations named in the text


@dataclass(frozen=True)
class InvestmentView:
    year: int
    month: int
    lines: Sequence[InvestmentLine]
    total: InvestmentTotal
    final: bool  # the annual report of a finished year: budget against the outcome

    @property
    def actual_title(self) -> str:
        """'Utfall jan–aug' (the whole year in a December report: 'Utfall helår')."""
        return "Utfall helår" if self.month == 12 else f"Utfall {period_label(self.month)}"

    def variance(self, line: InvestmentLine) -> Ore | None:
        """Budget − forecast (None without one); budget − actual in the final report."""
        return line.budget - line.actual if self.final else line.variance

    @property
    def total_variance(self) -> Ore:
        return self.total.budget - self.total.actual if self.final else self.total.variance


def investment_view(report: Report) -> InvestmentView | None:
    """The section's projects, or None where the report has no Investeringar section (a monthly
    or February report, or no investments registered for the year)."""
    if report.kind not in (ReportKind.INTERIM, ReportKind.ANNUAL) or not report.investments:
        return None
    final = report.kind is ReportKind.ANNUAL and report.month == 12
    return InvestmentView(report.year, report.month, report.investments, investment_total(report.investments), final)


def _mkr(ore: Ore) -> str:
    return mkr_text(ore, signed=False)


def _prints_zero(ore: Ore) -> bool:
    return scaled(ore, Amounts.MNKR) == 0


def _deviation(name: str, variance: Ore) -> str:
    word = "lägre" if variance > 0 else "högre"
    return f"{name} ({_mkr(variance)} {word})"


def _against_budget(variance: Ore) -> str:
    if _prints_zero(variance):
        return "i nivå med budget"
    return f"{_mkr(variance)} {'lägre' if variance > 0 else 'högre'} än budget"


def investment_paragraphs(view: InvestmentView) -> list[str]:
    """What the budget is, how much of it is used, where the forecast lands, the largest
    deviations and the money asked to move to next year."""
    total = view.total
    count = "ett investeringsprojekt" if total.projects == 1 else f"{total.projects} investeringsprojekt"
    used = total.used_pct
    head = (f"Investeringsbudgeten för {view.year} är {_mkr(total.budget)} fördelad på {count}. "
            f"{'Under året' if view.month == 12 else f'Till och med {month_name(view.month)}'} har "
            f"{_mkr(total.actual)} använts"
            + (f", {percent(used, 1)} % av budgeten." if used is not None else "."))
    if view.final:
        forecast = f"Utfallet blev {_against_budget(view.total_variance)}."
    else:
        forecast = f"Prognosen för helåret är {_mkr(total.forecast)}, {_against_budget(total.variance)}"
        if total.without_forecast:
            forecast += f" ({total.without_forecast} projekt utan prognos räknas med sin budget)"
        forecast += "."
    variances = [(i.name, v) for i in view.lines if (v := view.variance(i)) is not None and not _prints_zero(v)]
    deviating = sorted(variances, key=lambda nv: abs(nv[1]), reverse=True)[:MAX_NAMED]
    if deviating:
        noun = "avvikelse" if len(deviating) == 1 else "avvikelser"
        forecast += f" Störst {noun} mot budget har {join_words([_deviation(n, v) for n, v in deviating])}."
    paragraphs = [head + " " + forecast]
    asked = [i for i in view.lines if i.carry_over]
    if asked:
        paragraphs.append(f"Begärd överföring av outnyttjade medel till {view.year + 1}: {_mkr(total.carry_over)} "
                          f"för {join_words([i.name for i in asked])}.")
    return paragraphs


def comment_bullets(view: InvestmentView) -> list[tuple[str, list[str]]]:
    """Each project's comment and the reason for its carry-over request, where given."""
    out = []
    for i in view.lines:
        items = [i.comment] if i.comment.strip() else []
        if i.carry_over and i.carry_over_reason.strip():
            items.append(f"Begäran om överföring till {view.year + 1}: {i.carry_over_reason.strip()}")
        if items:
            out.append((i.name, items))
    return out


INVESTMENT_NOTE = "Avvikelse = budget − prognos: positivt belopp = prognosen är lägre än budget."


def _investment_table(view: InvestmentView, fmt: Fmt) -> Table:
    """Per project: budget, actual to date, forecast, variance and the carry-over asked; a total
    row. The final annual report compares the budget with the outcome and has no forecast."""
    def variance(ore: Ore | None) -> Cell:
        return Cell(MISSING) if ore is None else fmt.money(ore)

    rows = [Row([text_cell(i.name), fmt.money(i.budget, flip=True), fmt.money(i.actual, flip=True),
                 level_cell(fmt, i.forecast), variance(view.variance(i)), fmt.money(i.carry_over)]) for i in view.lines]
    t = view.total
    rows.append(Row([text_cell("Summa"), fmt.money(t.budget, flip=True), fmt.money(t.actual, flip=True),
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


def investment_sections(report: Report, fmt: Fmt) -> list[Section]:
    """Investeringar (interim and annual reports of a year with investments): the text and the
    table, then the projects' comments and carry-over motivations; nothing otherwise."""
    view = investment_view(report)
    if view is None:
        return []
    sections = [Section("investments", "Investeringar", paragraphs=investment_paragraphs(view),
                        tables=[_investment_table(view, fmt)])]
    bullets = [(name, [safe(t) for t in items]) for name, items in comment_bullets(view)]
    if bullets:
        sections.append(Section("investment-comments", "Kommentarer till investeringarna", level=2, bullets=bullets))
    return sections
