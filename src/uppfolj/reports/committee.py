"""The committee's papers around the figures: the heading (date, diarienummer, handläggare) and,
for the interim and annual reports, the tjänsteskrivelse that opens them (seed 003): Förslag till
beslut with numbered points, Ärende, Bakgrund, Beslutsunderlag, the MBL information, the signature
and Beslutet skickas till. The texts come from `Report.settings`, never from code.
"""

from __future__ import annotations

import calendar
import datetime as dt

from uppfolj.core.choices import Heading, ReportKind
from uppfolj.core.format import mkr_text, month_name
from uppfolj.core.period import UnitResult
from uppfolj.reports.layout import Section, safe
from uppfolj.reports.model import Report
from uppfolj.reports.summary import MIN_NAMED, join_words, shown_change

# Department texts quoted in Ärende: at most this many departments, the largest deviations first.
MAX_QUOTED = 4


def committee_name(report: Report) -> str:
    return report.settings.committee or "Nämnden"


def in_sentence(name: str) -> str:
    """'Socialnämnden' → 'socialnämnden' inside a sentence (an abbreviation such as 'SN' stays)."""
    return name[0].lower() + name[1:] if name[:1].isupper() and not name[1:2].isupper() else name


def genitive(name: str) -> str:
    """'Socialnämnden' → 'socialnämndens'."""
    word = in_sentence(name)
    return word if word.endswith("s") else f"{word}s"


def document_date(report: Report, today: dt.date) -> dt.date:
    return report.settings.date or today


def heading_section(report: Report, *, today: dt.date) -> Section:
    """Who sends the document, when and under which number (seed 004's head: Rapport, Datum,
    Diarienummer, nämnd, handläggare)."""
    s = report.settings
    lines = [s.committee] if s.committee else []
    lines.append(f"Datum: {document_date(report, today).isoformat()}")
    if s.diarienummer:
        lines.append(f"Diarienummer: {s.diarienummer}")
    if s.author:
        lines.append(f"Handläggare: {s.author}")
    title = "Tjänsteskrivelse" if report.kind in (ReportKind.INTERIM, ReportKind.ANNUAL) else "Rapport"
    return Section("heading", title, paragraphs=lines)


def _as_of(report: Report) -> str:
    """'per den 31 augusti 2024' (interim) or 'för 2023' (annual)."""
    if report.kind is ReportKind.ANNUAL:
        return f"för {report.year}"
    last = calendar.monthrange(report.year, report.month)[1]
    return f"per den {last} {month_name(report.month)} {report.year}"


def report_name(report: Report) -> str:
    """'Delårsrapporten per den 31 augusti med prognos för helår 2024' / 'Verksamhetsberättelsen för 2023'."""
    if report.kind is ReportKind.ANNUAL:
        return f"Verksamhetsberättelsen för {report.year}"
    last = calendar.monthrange(report.year, report.month)[1]
    return f"Delårsrapporten per den {last} {month_name(report.month)} med prognos för helår {report.year}"


def _result_words(ore: int) -> str:
    if abs(ore) < MIN_NAMED // 10:
        return "ett resultat i nivå med budget"
    return f"ett {'underskott' if ore < 0 else 'överskott'} med {mkr_text(ore)}"


def _departments(report: Report) -> list[UnitResult]:
    top = report.top.code
    return [u for u in report.unit_results if u.line.parent == top]


def _texts(unit: UnitResult, *headings: Heading) -> list[str]:
    return [safe(t.text) for t in unit.texts if t.heading in headings and not t.flagged]


def _case(report: Report) -> list[str]:
    """Ärende: the result to date, the departments behind it in their own words, the full-year
    forecast and its change since the last forecast with the reasons given."""
    who = committee_name(report)
    top = report.top.figures
    annual = report.kind is ReportKind.ANNUAL
    until = f"för helåret {report.year}" if annual else f"till och med den {calendar.monthrange(report.year, report.month)[1]} {month_name(report.month)}"
    paragraphs = [f"Resultatet för {genitive(who)} verksamhet {until} innebär {_result_words(top.variance)} mot budget."]
    departments = sorted((d for d in _departments(report) if abs(d.figures.variance) >= MIN_NAMED),
                         key=lambda d: abs(d.figures.variance), reverse=True)
    if departments:
        parts = [f"{'ett underskott' if d.figures.variance < 0 else 'ett överskott'} på {mkr_text(d.figures.variance)} "
                 f"för {d.line.name}" for d in departments[:MAX_QUOTED + 2]]
        paragraphs.append(f"Utfallet visar {join_words(parts)}.")
    for d in departments[:MAX_QUOTED]:
        said = _texts(d, Heading.ANALYS) or _texts(d, Heading.UTFALL)
        if said:
            paragraphs.append(f"{d.line.name}: {' '.join(said)}")
    if annual:
        paragraphs += _last_forecast(report)
        return paragraphs
    if top.forecast_variance is not None:
        now = f"Efter {month_name(report.month)} prognostiserar {in_sentence(who)} en budgetavvikelse för helåret på {mkr_text(top.forecast_variance)}."
        previous = report.previous_round
        if previous is not None and top.forecast_change is not None:
            before = top.forecast_variance + top.forecast_change
            paragraphs.append(f"Helårsprognosen som gjordes efter {month_name(previous)} visade en budgetavvikelse på "
                              f"{mkr_text(before)}. {now}")
            paragraphs += _change(report)
        else:
            paragraphs.append(now)
    return paragraphs


def _change(report: Report) -> list[str]:
    """Why the forecast changed since the last one: the departments that moved and their reasons."""
    change = report.top.figures.forecast_change
    if change is None or abs(change) < MIN_NAMED // 10:
        return ["Helårsprognosen är oförändrad jämfört med föregående prognos."]
    worse = change > 0
    moved = [d for d in _departments(report) if d.figures.forecast_change and abs(d.figures.forecast_change) >= MIN_NAMED // 5
             and (d.figures.forecast_change > 0) == worse]
    moved.sort(key=lambda d: abs(d.figures.forecast_change or 0), reverse=True)
    noun = "Försämringen" if worse else "Förbättringen"
    sentence = f"{noun} av helårsprognosen med {mkr_text(shown_change(change))}"
    if not moved:
        return [f"{sentence} är inte fördelad på någon enskild avdelning."]
    names = join_words([f"{d.line.name} ({mkr_text(shown_change(d.figures.forecast_change or 0))})" for d in moved[:3]])
    out = [f"{sentence} förklaras främst av {names}."]
    for d in moved[:3]:
        reasons = [f"{safe(r.text)} ({mkr_text(r.amount)})" for r in d.reasons]
        if reasons:
            out.append(f"Orsaker inom {d.line.name}: {join_words(reasons)}.")
    return out


def _last_forecast(report: Report) -> list[str]:
    """The annual report: the last forecast of the year against the outcome."""
    top = report.top_unit
    rounds = [(m, f) for m in report.forecast_months if m < 12 and (f := top.forecasts[m - 1]) is not None]
    if not rounds or report.month != 12:
        return []
    month, forecast = rounds[-1]
    actual = top.figures.actual
    miss = forecast - actual  # positive: the outcome cost less than forecast
    word = "bättre" if miss > 0 else "sämre"
    if abs(miss) < MIN_NAMED // 10:
        return [f"Den sista prognosen, från {month_name(month)}, träffade utfallet."]
    return [f"Den sista prognosen, från {month_name(month)}, var {mkr_text(forecast)} i nettokostnad; "
            f"utfallet blev {mkr_text(actual)}, {mkr_text(abs(miss), signed=False)} {word} än prognosen."]


def last_forecast_comment(report: Report) -> list[str]:
    return _last_forecast(report)


DEFAULT_BACKGROUND = {
    ReportKind.INTERIM: ("Delårsrapporten är en uppföljning av {who} samlade verksamhet utifrån reglemente, "
                         "internbudget och verksamhetsplan. Syftet med uppföljningen är att säkerställa att "
                         "verksamhetens resurser används till det som avsetts, att ge god ekonomisk kontroll och att "
                         "verksamheten bedrivs inom tilldelade ramar och i linje med målen för god ekonomisk hushållning."),
    ReportKind.ANNUAL: ("Verksamhetsberättelsen redovisar {who} verksamhet och ekonomi för {year}: utfallet mot "
                        "budget och mot föregående år, prognosernas träffsäkerhet, måluppfyllelse, investeringar, "
                        "personal och nyckeltal samt den förväntade utvecklingen. Den ligger till grund för "
                        "kommunens årsredovisning."),
}


def decision_sections(report: Report) -> list[Section]:
    """The tjänsteskrivelse of an interim or annual report, in seed 003's order."""
    s = report.settings
    who = committee_name(report)
    name = report_name(report)
    sections = [
        Section("decision", f"Förslag till {genitive(who)} beslut",
                paragraphs=[f"1. {name} godkänns och överlämnas till kommunstyrelsen."]),
        Section("case", "Ärende", paragraphs=_case(report)),
        Section("background", "Bakgrund", paragraphs=[
            s.background or DEFAULT_BACKGROUND[report.kind].format(who=genitive(who), year=report.year)]),
    ]
    what = "Delårsrapport" if report.kind is ReportKind.INTERIM else "Verksamhetsberättelse"
    attachments = [f"{who}s {what.lower()} {_as_of(report)}", *s.attachments]
    sections.append(Section("basis", "Beslutsunderlag",
                            paragraphs=[f"Tjänsteskrivelse – {what} {_as_of(report)}"],
                            bullets=[("Bilagor", attachments)]))
    if s.mbl:
        sections.append(Section("mbl", "Information eller förhandling enligt lag (1976:580) om medbestämmande i arbetslivet",
                                paragraphs=[s.mbl]))
    signature = [line for line in (s.administration, s.signatory, s.signatory_title if s.signatory else "") if line]
    if signature:
        sections.append(Section("signature", "Underskrift", paragraphs=signature))
    if s.recipients:
        sections.append(Section("recipients", "Beslutet skickas till", paragraphs=list(s.recipients)))
    return sections


def outlook_section(report: Report) -> Section | None:
    """Förväntad utveckling (annual): the controller's text from the settings, else the reported
    unit's own Analys and Åtgärd texts; none where neither exists."""
    text = [report.settings.outlook] if report.settings.outlook else _texts(report.top_unit, Heading.ATGARD, Heading.ANALYS)
    if not text:
        return None
    return Section("outlook", "Förväntad utveckling", paragraphs=text)
