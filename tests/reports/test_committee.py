"""The committee's papers: each kind's structure, the tjänsteskrivelse from settings, Utkast only
while the month is open, the interim period check, February's driftredovisning."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from uppfolj.core.choices import Amounts, PeriodState, ReportKind, TreeKind
from uppfolj.core.figures import Figures
from uppfolj.core.period import Line, PeriodInfo, PeriodResult, UnitResult
from uppfolj.reports.document import build_document, default_amounts
from uppfolj.reports.model import Report
from uppfolj.reports.settings import CommitteeSettings, parse_settings
from uppfolj.reports.summary import DRAFT_NOTE, draft_summary

MKR = 100_000_000  # öre in one million kronor
SETTINGS = CommitteeSettings(committee="Social- och omsorgsnämnden", administration="Social- och omsorgsförvaltningen",
                             diarienummer="SOF 2023-512", author="Anna Ekonom", signatory="Susanna Lundstedt",
                             recipients=("Peter Alexandersson", "Henrik Karpe"),
                             attachments=("SOF uppföljning av förvaltningens verksamhetsplan",),
                             date=dt.date(2023, 9, 14))


def _fig(budget: int, actual: int, forecast: int | None = None, change: int | None = None,
         previous: int | None = None) -> Figures:
    return Figures(budget, budget * 2 // 3, actual, budget * 2 // 3 - actual, Decimal(50), None, previous,
                   forecast, None if forecast is None else budget - forecast, change)


def _report(kind: ReportKind, month: int, state: PeriodState, *, settings: CommitteeSettings = SETTINGS) -> Report:
    top = _fig(900 * MKR, 627 * MKR, 935 * MKR, 10 * MKR, 880 * MKR)
    lines = [Line("R", "Socialtjänsten", None, 0, top),
             Line("A", "Barn och unga", "R", 1, _fig(300 * MKR, 207 * MKR, 320 * MKR, 8 * MKR, 290 * MKR)),
             Line("B", "Fiktiva 26 mkr", "R", 1, _fig(30 * MKR, 20_300_000 + 20 * MKR, 30 * MKR, 0, 0)),
             Line("C", "Äldreomsorg", "R", 1, _fig(570 * MKR, 400 * MKR - 20_300_000, 585 * MKR, 2 * MKR, 590 * MKR))]
    rows = [Line("INT", "Verksamhetens intäkter", None, 0, _fig(-100 * MKR, -60 * MKR, previous=-95 * MKR)),
            Line("KOS", "Verksamhetens kostnader", None, 0, _fig(1000 * MKR, 687 * MKR, previous=975 * MKR))]
    units = [UnitResult(line, rows if line.code == "R" else [], line.figures, [None] * month, [], [0] * 12, [0] * 12, [])
             for line in lines]
    units[0].forecasts[-1] = 935 * MKR
    result = PeriodResult("Socialtjänsten", 2023, month, TreeKind.ORGANISATION, PeriodInfo(2023, month, state),
                          units, [month - 1, month], month - 1, [], [])
    return Report(result, kind, settings=settings)


def _texts(doc_sections: list) -> str:  # type: ignore[type-arg]
    return "\n".join([s.title for s in doc_sections] + [p for s in doc_sections for p in s.paragraphs]
                     + [s.note for s in doc_sections] + [i for s in doc_sections for _, items in s.bullets for i in items])


def test_interim_opens_with_the_tjansteskrivelse_of_seed_003() -> None:
    doc = build_document(_report(ReportKind.INTERIM, 8, PeriodState.LOCKED))
    keys = [s.key for s in doc.sections]
    titles = {s.key: s.title for s in doc.sections}

    assert keys[:9] == ["heading", "decision", "case", "background", "basis", "mbl", "signature", "recipients", "report"]
    assert keys.index("summary") > keys.index("report")
    assert titles["decision"] == "Förslag till social- och omsorgsnämndens beslut"
    assert doc.section("decision").paragraphs == [  # type: ignore[union-attr]
        "1. Delårsrapporten per den 31 augusti med prognos för helår 2023 godkänns och överlämnas till kommunstyrelsen."]
    assert doc.section("heading").paragraphs == [  # type: ignore[union-attr]
        "Social- och omsorgsnämnden", "Datum: 2023-09-14", "Diarienummer: SOF 2023-512", "Handläggare: Anna Ekonom"]
    assert doc.section("basis").bullets == [("Bilagor", [  # type: ignore[union-attr]
        "Social- och omsorgsnämndens delårsrapport per den 31 augusti 2023",
        "SOF uppföljning av förvaltningens verksamhetsplan"])]
    assert doc.section("signature").paragraphs == [  # type: ignore[union-attr]
        "Social- och omsorgsförvaltningen", "Susanna Lundstedt", "Förvaltningschef"]
    assert doc.section("recipients").paragraphs == ["Peter Alexandersson", "Henrik Karpe"]  # type: ignore[union-attr]
    case = " ".join(doc.section("case").paragraphs)  # type: ignore[union-attr]
    assert "Helårsprognosen som gjordes efter juli visade en budgetavvikelse på -25,0\u00a0mkr." in case
    assert "Efter augusti prognostiserar social- och omsorgsnämnden en budgetavvikelse för helåret på -35,0\u00a0mkr." in case
    assert "Försämringen av helårsprognosen med -10,0\u00a0mkr förklaras främst av Barn och unga (-8,0\u00a0mkr)" in case
    assert doc.checks == []


def test_locked_period_prints_no_utkast_and_open_period_does() -> None:
    final = build_document(_report(ReportKind.INTERIM, 8, PeriodState.LOCKED))
    draft = build_document(_report(ReportKind.INTERIM, 8, PeriodState.OPEN))

    assert DRAFT_NOTE not in _texts(final.sections)
    assert draft.section("summary").note == DRAFT_NOTE  # type: ignore[union-attr]
    assert draft.section("case").note == DRAFT_NOTE  # type: ignore[union-attr]


def test_interim_outside_months_6_to_8_gives_the_interim_period_check() -> None:
    report = _report(ReportKind.INTERIM, 3, PeriodState.OPEN)

    assert [c.code for c in report.checks] == ["interim_period"]
    assert report.checks[0].message.startswith("Delårsrapporten omfattar januari–mars (3 av 12 månader).")
    assert [c.code for c in _report(ReportKind.MONTHLY, 3, PeriodState.OPEN).checks] == []


def test_final_annual_report_drops_forecast_columns_and_compares_with_last_year() -> None:
    doc = build_document(_report(ReportKind.ANNUAL, 12, PeriodState.LOCKED))
    units = doc.section("units").tables[0]  # type: ignore[union-attr]

    assert [c.key for c in units.columns] == ["name", "annual_budget", "actual", "variance", "consumed_pct",
                                              "previous_year_actual", "change_from_previous_year"]
    total = units.rows[-1].cells
    assert [total[1].text, total[2].text, total[5].text, total[6].text] == [
        "900\u00a0000", "627\u00a0000", "880\u00a0000", "253\u00a0000"]
    assert doc.title == "Verksamhetsberättelse 2023"
    assert doc.section("decision").paragraphs == [  # type: ignore[union-attr]
        "1. Verksamhetsberättelsen för 2023 godkänns och överlämnas till kommunstyrelsen."]


def test_annual_outlook_comes_from_the_settings() -> None:
    settings = CommitteeSettings(committee="Socialnämnden", outlook="Kostnaderna väntas öka med volymerna.")
    doc = build_document(_report(ReportKind.ANNUAL, 12, PeriodState.LOCKED, settings=settings))

    assert doc.section("outlook").paragraphs == ["Kostnaderna väntas öka med volymerna."]  # type: ignore[union-attr]
    assert doc.sections[-1].key == "outlook"


def test_february_is_in_mnkr_with_forecast_per_revenue_and_cost_and_percent() -> None:
    report = _report(ReportKind.FEBRUARY, 2, PeriodState.LOCKED)
    doc = build_document(report)
    table = doc.section("operating").tables[0]  # type: ignore[union-attr]

    assert default_amounts(ReportKind.FEBRUARY) is Amounts.MNKR and doc.amounts is Amounts.MNKR
    assert [c.title for c in table.columns] == ["Mnkr", "Utfall feb 2023", "Budget feb 2023", "Prognos helår 2023",
                                                "Budget helår 2023", "Avvikelse mot budget helår",
                                                "Avvikelse mot budget helår %", "Utfall helår 2022"]
    # no row forecasts: revenue at budget, the cost row takes the rest of the net forecast
    assert [[c.text for c in r.cells][3:7] for r in table.rows] == [
        ["-100,0", "-100,0", "0,0", "0,0"], ["1\u00a0035,0", "1\u00a0000,0", "-35,0", "-3,5"],
        ["935,0", "900,0", "-35,0", "-3,9"]]
    assert "räknas till budget" in table.note
    assert "motsvarar 3,9 procent av budgeterade nettokostnader" in doc.section("operating").paragraphs[0]  # type: ignore[union-attr]
    assert doc.section("units") is None and doc.section("accounts") is None


def test_summary_names_only_deviations_of_half_a_million_or_more() -> None:
    first = draft_summary(_report(ReportKind.MONTHLY, 8, PeriodState.OPEN))[0]

    assert "Fiktiva 26 mkr" not in first  # −0,2 mkr: not called the deficit
    assert "De största underskotten finns inom Äldreomsorg (-19,8\u00a0mkr) och Barn och unga (-7,0\u00a0mkr)." in first


def test_settings_file_in_toml_and_json() -> None:
    toml = 'namnd = "Socialnämnden"\ndatum = 2024-04-15\nmottagare = ["Kommunstyrelsen", "Revisionen"]\n'
    values, problems = parse_settings(toml, json_format=False)
    assert problems == []
    assert CommitteeSettings().merged(values) == CommitteeSettings(
        committee="Socialnämnden", date=dt.date(2024, 4, 15), recipients=("Kommunstyrelsen", "Revisionen"))

    values, problems = parse_settings('{"diarienummer": "SN 2024/1", "datum": "15 april", "farg": "blå"}', json_format=True)
    assert values == {"diarienummer": "SN 2024/1"}
    assert problems == ['"datum" ska vara ett datum ÅÅÅÅ-MM-DD, inte "15 april"', 'okänd inställning "farg"']
