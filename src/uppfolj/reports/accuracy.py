"""Prognossäkerhet: which forecast rounds a report shows, and the sentences a controller writes about them.

The figures come ready from the forecasting engine (`uppfolj.core.forecasting.model.Accuracy`);
this module only chooses the rows of the reported unit and words them. An error is forecast −
outcome in ledger sign: positive means the forecast overestimated the (net) costs, so the
outcome was better than forecast. Like a budget variance, it keeps that meaning whatever sign
convention the document prints amounts in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from uppfolj.core.choices import Amounts, ReportKind
from uppfolj.core.forecasting.model import AccuracyRow
from uppfolj.core.format import MONTHS_SHORT, amount, mkr_text, month_name, scaled
from uppfolj.core.money import Ore, round_half_away
from uppfolj.reports.layout import (
    MISSING,
    NUMBER_FORMATS,
    Cell,
    Chart,
    Column,
    Fmt,
    Row,
    Section,
    Table,
    drop_empty_columns,
    level_cell,
    text_cell,
)
from uppfolj.reports.model import Report


@dataclass(frozen=True)
class Block:
    """One unit's rows of the section: the forecast months ascending."""

    code: str
    name: str
    rows: list[AccuracyRow]

    @property
    def outcome(self) -> Ore:
        return self.rows[0].outcome

    def last_entered(self) -> AccuracyRow | None:
        """The unit's last forecast round with an entered forecast."""
        return next((r for r in reversed(self.rows) if r.entered is not None), None)


@dataclass(frozen=True)
class AccuracyView:
    """The accuracy rows a report shows: the units below the reported one and its own total."""

    year: int
    departments: list[Block]
    total: Block | None  # the reported unit (the whole organisation for a whole-tree report)
    months: list[int]  # the forecast months of the table: those with an entered forecast
    budgets: dict[str, Ore]  # annual budgets of the accuracy's year, where the report has them
    final: bool  # the annual report of the same year: the last forecast against the outcome

    @property
    def blocks(self) -> list[Block]:
        return [*self.departments, *([self.total] if self.total else [])]

    @property
    def compared(self) -> list[AccuracyRow]:
        """The rows the averages and the largest miss are taken over: the departments' (the
        total's when there are none), since the total nets their misses out."""
        if self.departments:
            return [r for b in self.departments for r in b.rows]
        return list(self.total.rows) if self.total else []


def _blocks(rows: Sequence[AccuracyRow]) -> list[Block]:
    out: list[Block] = []
    for row in rows:
        if not out or out[-1].code != row.unit:
            out.append(Block(row.unit, row.name, []))
        out[-1].rows.append(row)
    for block in out:
        block.rows.sort(key=lambda r: r.month)
    return out


def accuracy_view(report: Report) -> AccuracyView | None:
    """The section's rows, or None where the report has no Prognossäkerhet section (a monthly or
    February report, or no accuracy given)."""
    accuracy = report.accuracy
    if accuracy is None or report.kind not in (ReportKind.INTERIM, ReportKind.ANNUAL):
        return None
    top = report.top
    inside = {u.code for u in report.units}
    if report.unit is None or top.parent is None:
        departments = _blocks(accuracy.rows)
        totals = _blocks(accuracy.total)
        total = totals[0] if totals else None
        if total is not None and total.code == top.code:
            total = Block(total.code, top.name, total.rows)
    else:  # a unit's subtree: its own rows are the total, only the units below it are shown
        departments = [b for b in _blocks(accuracy.rows) if b.code in inside and b.code != top.code]
        total = next((b for b in _blocks([*accuracy.rows, *accuracy.total]) if b.code == top.code), None)
    if not departments and total is None:
        return None
    all_rows = [r for b in [*departments, *([total] if total else [])] for r in b.rows]
    months = sorted({r.month for r in all_rows if r.entered is not None}) or sorted({r.month for r in all_rows})
    same_year = accuracy.year == report.year
    budgets = {u.code: u.figures.annual_budget for u in report.units} if same_year else {}
    final = same_year and report.kind is ReportKind.ANNUAL and report.month == 12
    return AccuracyView(accuracy.year, departments, total, months, budgets, final)


# --- the sentences ------------------------------------------------------------------------------


def _mkr(ore: Ore) -> str:
    return mkr_text(ore, signed=False)


def _prints_zero(ore: Ore) -> bool:
    return scaled(ore, Amounts.MNKR) == 0


def miss_words(error: Ore) -> str:
    """'överskattade kostnaderna med 12,3 mkr' (error > 0) or 'underskattade …' (error < 0)."""
    word = "överskattade" if error > 0 else "underskattade"
    return f"{word} kostnaderna med {_mkr(error)}"


def largest_miss(view: AccuracyView) -> AccuracyRow | None:
    """The entered forecast farthest from the outcome (the first one in tree and month order on a tie)."""
    entered = [r for r in view.compared if r.entered is not None]
    if not entered:
        return None
    return max(entered, key=lambda r: abs((r.entered or 0) - r.outcome))


def _mean_abs(errors: Sequence[Ore]) -> Ore:
    return round_half_away(sum(abs(e) for e in errors), len(errors))


def intro_sentence(view: AccuracyView, kind: ReportKind) -> str:
    if view.final:
        when = f"för {view.year} träffade årets utfall"
    elif kind is ReportKind.INTERIM:
        when = f"för {view.year}, det senaste avslutade året, träffade årets utfall"
    else:
        when = f"för {view.year} träffade utfallet det året"
    return (f"Avsnittet visar hur väl helårsprognoserna {when}: den inlämnade prognosen vid varje "
            "prognostillfälle, förslaget (systemets prognosförslag) och utfall i samma takt (utfallet "
            "hittills uppräknat till helår).")


def miss_sentence(view: AccuracyView) -> str:
    """'Största avvikelsen var Barn och familj i april: prognosen överskattade kostnaderna med …'."""
    row = largest_miss(view)
    if row is None:
        return f"Inga inlämnade prognoser finns för {view.year}."
    error = (row.entered or 0) - row.outcome
    if _prints_zero(error):
        return f"De inlämnade prognoserna träffade utfallet inom 0,1{chr(160)}mkr."
    outcome = "bättre" if error > 0 else "sämre"
    return (f"Största avvikelsen var {row.name} i {month_name(row.month)}: prognosen {miss_words(error)}, "
            f"så utfallet blev {outcome} än prognosen.")


def mean_error_sentence(view: AccuracyView) -> str:
    """The mean absolute error of the entered forecasts against that of the proposals (and of the
    run rate), over the same departments and months."""
    rows = view.compared
    entered = [r for r in rows if r.entered is not None]
    where = "per enhet och prognostillfälle" if view.departments else "per prognostillfälle"
    if not entered:
        if not rows:
            return ""
        auto = _mean_abs([r.auto - r.outcome for r in rows])
        run = _mean_abs([r.run_rate - r.outcome for r in rows])
        return (f"Förslagen missade utfallet med i genomsnitt {_mkr(auto)} {where} och utfall i samma takt "
                f"med {_mkr(run)}.")
    own = _mean_abs([(r.entered or 0) - r.outcome for r in entered])
    auto = _mean_abs([r.auto - r.outcome for r in entered])
    run = _mean_abs([r.run_rate - r.outcome for r in entered])
    sentence = (f"I genomsnitt missade de inlämnade prognoserna utfallet med {_mkr(own)} {where}, "
                f"förslagen med {_mkr(auto)} och utfall i samma takt med {_mkr(run)}")
    if scaled(auto, Amounts.MNKR) < scaled(own, Amounts.MNKR):
        sentence += "; förslagen låg alltså närmare utfallet"
    elif scaled(auto, Amounts.MNKR) > scaled(own, Amounts.MNKR):
        sentence += "; de inlämnade prognoserna låg alltså närmare utfallet"
    return sentence + "."


def final_sentence(view: AccuracyView) -> str:
    """The annual report's question: where did the last forecast point, and where did the year end?
    'För Socialtjänsten pekade den senaste prognosen, i oktober, på en budgetavvikelse om -18,3 mkr;
    utfallet blev 10,5 mkr.'"""
    block = view.total
    if not view.final or block is None:
        return ""
    last = block.last_entered()
    if last is None or last.entered is None:
        return f"För {block.name} lämnades ingen prognos under {view.year}."
    error = last.entered - last.outcome
    when = f"den senaste prognosen, i {month_name(last.month)}"
    budget = view.budgets.get(block.code)
    if budget is not None:
        head = (f"För {block.name} pekade {when}, på en budgetavvikelse om {mkr_text(budget - last.entered)}; "
                f"utfallet blev {mkr_text(budget - last.outcome)}.")
        if _prints_zero(error):
            return head + " Prognosen träffade alltså utfallet."
        return head + f" Prognosen {miss_words(error)}."
    if _prints_zero(error):
        return f"För {block.name} träffade {when}, utfallet."
    verb = "överskattade" if error > 0 else "underskattade"
    return f"För {block.name} {verb} {when}, kostnaderna med {_mkr(error)}."


def accuracy_paragraphs(view: AccuracyView, kind: ReportKind) -> list[str]:
    """The section's text: what it shows, the annual comparison, the largest miss and the averages."""
    misses = " ".join(s for s in (miss_sentence(view), mean_error_sentence(view)) if s)
    return [p for p in (intro_sentence(view, kind), final_sentence(view), misses) if p]


# --- the section ----------------------------------------------------------------------------

ACCURACY_SHEET = "Prognossäkerhet"
ERROR_NOTE = ("Avvikelse mellan prognos och utfall: positivt belopp = prognosen överskattade nettokostnaden och "
              "utfallet blev bättre än prognosen, negativt = prognosen underskattade den. – = ingen inlämnad prognos.")
FINAL_NOTE = "Skillnad: positivt belopp = den senaste prognosen överskattade nettokostnaden."
BUDGET_NOTE = "Prognosavvikelse och budgetavvikelse mot årsbudgeten: positivt belopp = bättre än budget."


def _error(fmt: Fmt, forecast: Ore | None, outcome: Ore) -> Cell:
    """Forecast − outcome in ledger sign; like a variance it does not follow --sign."""
    return Cell(MISSING) if forecast is None else fmt.money(forecast - outcome)


def _rounds_table(view: AccuracyView, fmt: Fmt) -> Table:
    """Per unit × forecast month: the entered forecast and the errors of it, of the proposal and
    of the run rate; the unit's outcome on its heading row."""
    rows: list[Row] = []
    empty = Cell("")
    for block in view.blocks:
        by_month = {r.month: r for r in block.rows}
        name = block.name if block is not view.total or not view.departments else f"Totalt {block.name}"
        rows.append(Row([text_cell(name), fmt.money(block.outcome, flip=True), empty, empty, empty, empty],
                        style="group"))
        for month in view.months:
            r = by_month.get(month)
            if r is None:
                continue
            rows.append(Row([text_cell(month_name(month)), empty, level_cell(fmt, r.entered),
                             _error(fmt, r.entered, r.outcome), _error(fmt, r.auto, r.outcome),
                             _error(fmt, r.run_rate, r.outcome)], level=1))
    columns = [Column("name", "Enhet / prognosmånad", "text"), Column("outcome", f"Utfall {view.year}"),
               Column("entered", "Inlämnad prognos"), Column("entered_error", "Avvikelse inlämnad"),
               Column("auto_error", "Avvikelse förslag"), Column("run_rate_error", "Avvikelse utfall i samma takt")]
    return Table("accuracy", f"Prognosernas avvikelse från utfallet {view.year} per prognostillfälle, {fmt.amounts}",
                 columns, rows, sheet=ACCURACY_SHEET, note=ERROR_NOTE, number_format=NUMBER_FORMATS[fmt.amounts])


def _final_table(view: AccuracyView, fmt: Fmt) -> Table | None:
    """The annual report: each unit's last entered forecast against the year's outcome."""
    if not any(b.last_entered() for b in view.blocks):
        return None
    rows: list[Row] = []
    for block in view.blocks:
        last = block.last_entered()
        budget = view.budgets.get(block.code)
        total = block is view.total and bool(view.departments)
        forecast = None if last is None else last.entered
        cells = [text_cell(f"Totalt {block.name}" if total else block.name),
                 text_cell(MISSING if last is None else month_name(last.month)),
                 level_cell(fmt, forecast), fmt.money(block.outcome, flip=True), _error(fmt, forecast, block.outcome),
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


def _accuracy_chart(block: Block, year: int, fmt: Fmt) -> Chart:
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
                 lines={outcome_name: shown(block.outcome)}, places=0 if unit is Amounts.KR else unit.places)


def accuracy_section(report: Report, fmt: Fmt) -> Section | None:
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
