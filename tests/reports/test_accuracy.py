"""Prognossäkerhet in the interim and annual documents: the section, its sentences, and every format."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from tests.reports import accuracy_case as case
from uppfolj.core.choices import Amounts, Format, ReportKind, Sign
from uppfolj.reports.accuracy import accuracy_view, largest_miss
from uppfolj.reports.document import Document, Section, build_document
from uppfolj.reports.render import charts
from uppfolj.reports.render.registry import RenderOptions, render

NBSP = "\u00a0"


def _section(doc: Document) -> Section:
    section = doc.section("accuracy")
    assert section is not None
    return section


def _rows(doc: Document, key: str) -> list[list[str]]:
    table = next(t for t in _section(doc).tables if t.key == key)
    return [[c.title for c in table.columns]] + [[c.text for c in r.cells] for r in table.rows]


def _mkr(tenths: int) -> str:
    text = f"{abs(tenths) // 10},{abs(tenths) % 10}"
    return f"{'-' if tenths < 0 else ''}{text}{NBSP}mkr"


# --- when the section appears -------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(ReportKind))
@pytest.mark.parametrize("given", [True, False], ids=["with-accuracy", "without"])
def test_section_only_in_interim_and_annual_reports_given_an_accuracy(kind: ReportKind, given: bool) -> None:
    month = 12 if kind is ReportKind.ANNUAL else 8
    report = case.report(kind, month, acc=case.accuracy(2023) if given else None)

    doc = build_document(report)

    expected = given and kind in (ReportKind.INTERIM, ReportKind.ANNUAL)
    assert (doc.section("accuracy") is not None) == expected


def test_interim_heading_names_the_previous_finished_year() -> None:
    doc = build_document(case.report(ReportKind.INTERIM, 8, acc=case.accuracy(2023)))

    section = _section(doc)
    assert section.title == "Prognossäkerhet 2023"
    assert "för 2023, det senaste avslutade året" in section.paragraphs[0]
    assert [s.key for s in doc.sections].index("accuracy") == [s.key for s in doc.sections].index("units") + 1


# --- the sentences ------------------------------------------------------------------------------


def test_largest_miss_names_department_month_and_overestimate() -> None:
    doc = build_document(case.report(ReportKind.INTERIM, 8, acc=case.accuracy(2023)))

    misses = _section(doc).paragraphs[-1]

    assert misses.startswith(f"Största avvikelsen var Barn och familj i april: prognosen överskattade kostnaderna "
                             f"med {_mkr(123)}, så utfallet blev bättre än prognosen.")


def test_largest_miss_underestimate_beats_a_smaller_overestimate() -> None:
    errors = dict(case.ENTERED_ERRORS, **{"520": (-30, -51, -131, -10)})  # Vuxen, August: 13,1 mkr too low
    report = case.report(ReportKind.INTERIM, 8, acc=case.accuracy(2023, errors))

    row = largest_miss(accuracy_view(report))  # type: ignore[arg-type]
    misses = _section(build_document(report)).paragraphs[-1]

    assert row is not None
    assert (row.unit, row.month) == ("520", 8)
    assert misses.startswith(f"Största avvikelsen var Vuxen i augusti: prognosen underskattade kostnaderna med "
                             f"{_mkr(131)}, så utfallet blev sämre än prognosen.")


def test_mean_absolute_errors_of_entered_forecasts_proposals_and_run_rate() -> None:
    # Over the 19 department rounds with an entered forecast (Ledning has none in February).
    entered = [(code, month, e) for code, errs in case.ENTERED_ERRORS.items()
               for month, e in zip(case.ROUNDS, errs, strict=True) if e is not None]
    outcome = {code: o for code, _n, _b, o in case.DEPARTMENTS}
    own = Decimal(sum(abs(e) for _c, _m, e in entered)) / len(entered)
    auto = Decimal(sum(abs(case._auto_error(c, m)) for c, m, _e in entered)) / len(entered)
    run = Decimal(sum(abs(case._run_rate_error(c, outcome[c], m)) for c, m, _e in entered)) / len(entered)
    report = case.report(ReportKind.INTERIM, 8, acc=case.accuracy(2023))

    misses = _section(build_document(report)).paragraphs[-1]

    assert len(entered) == 19
    assert [round(v) for v in (own, auto, run)] == [52, 19, 94]
    assert misses.endswith(f"I genomsnitt missade de inlämnade prognoserna utfallet med {_mkr(52)} per enhet och "
                           f"prognostillfälle, förslagen med {_mkr(19)} och utfall i samma takt med {_mkr(94)}; "
                           "förslagen låg alltså närmare utfallet.")


def test_annual_report_compares_the_last_forecast_with_the_outcome() -> None:
    doc = build_document(case.report(ReportKind.ANNUAL, 12, acc=case.accuracy(2024)))

    section = _section(doc)
    rows = _rows(doc, "accuracy-final")

    assert section.title == "Prognossäkerhet 2024"
    assert section.paragraphs[1] == (f"För Socialtjänsten pekade den senaste prognosen, i oktober, på en budgetavvikelse "
                                     f"om {_mkr(-183)}; utfallet blev {_mkr(105)}. Prognosen överskattade kostnaderna "
                                     f"med {_mkr(288)}.")
    assert rows[0] == ["Enhet", "Prognosmånad", "Senaste prognos", "Utfall", "Skillnad", "Prognosavvikelse",
                       "Budgetavvikelse"]
    assert rows[2] == ["Barn och familj", "oktober", f"172{NBSP}500", f"162{NBSP}400", f"10{NBSP}100",
                       f"-22{NBSP}500", f"-12{NBSP}400"]
    assert rows[-1] == ["Totalt Socialtjänsten", "oktober", f"980{NBSP}600", f"951{NBSP}800", f"28{NBSP}800",
                        f"-18{NBSP}300", f"10{NBSP}500"]


def test_last_forecast_is_the_last_round_with_an_entered_forecast() -> None:
    errors = dict(case.ENTERED_ERRORS, **{"510": (None, 4, 2, None)})
    doc = build_document(case.report(ReportKind.ANNUAL, 12, acc=case.accuracy(2024, errors)))

    assert _rows(doc, "accuracy-final")[1][:5] == ["Ledning och administration", "augusti", f"31{NBSP}400",
                                                   f"31{NBSP}200", "200"]


def test_interim_report_has_no_last_forecast_table_and_no_budget_words() -> None:
    doc = build_document(case.report(ReportKind.INTERIM, 8, acc=case.accuracy(2023)))

    section = _section(doc)

    assert [t.key for t in section.tables] == ["accuracy"]
    assert len(section.paragraphs) == 2
    assert "budgetavvikelse" not in " ".join(section.paragraphs)


# --- the table and signs ------------------------------------------------------------------------


def test_rounds_table_rows_and_missing_forecast() -> None:
    doc = build_document(case.report(ReportKind.INTERIM, 8, acc=case.accuracy(2023)))

    rows = _rows(doc, "accuracy")

    assert rows[0] == ["Enhet / prognosmånad", "Utfall 2023", "Inlämnad prognos", "Avvikelse inlämnad",
                       "Avvikelse förslag", "Avvikelse utfall i samma takt"]
    assert rows[1] == ["Ledning och administration", f"31{NBSP}200", "", "", "", ""]
    assert rows[2] == ["februari", "", "–", "–", "400", f"1{NBSP}300"]  # no entered forecast
    # Barn och familj, April: 174,7 mkr against 162,4 mkr; the proposal 4,2 mkr too high, the run rate 8,7 too low
    assert rows[8] == ["april", "", f"174{NBSP}700", f"12{NBSP}300", f"4{NBSP}200", f"-8{NBSP}700"]
    assert rows[-5][:2] == ["Totalt Socialtjänsten", f"951{NBSP}800"]
    assert [r[0] for r in rows[-4:]] == ["februari", "april", "augusti", "oktober"]
    assert len(rows) == 1 + 6 * 5


def test_costs_negative_flips_forecasts_and_outcome_but_not_the_errors() -> None:
    report = case.report(ReportKind.ANNUAL, 12, acc=case.accuracy(2024))

    plus = build_document(report, amounts=Amounts.MNKR)
    minus = build_document(report, amounts=Amounts.MNKR, sign=Sign.COSTS_NEGATIVE)

    assert _rows(plus, "accuracy")[8] == ["april", "", "174,7", "12,3", "4,2", "-8,7"]
    assert _rows(minus, "accuracy")[8] == ["april", "", "-174,7", "12,3", "4,2", "-8,7"]
    assert _rows(minus, "accuracy-final")[-1] == ["Totalt Socialtjänsten", "oktober", "-980,6", "-951,8", "28,8",
                                                  "-18,3", "10,5"]
    assert _section(minus).paragraphs == _section(plus).paragraphs  # words, not signs
    assert _section(minus).note == "Prognoser och utfall visas med kostnader som minustecken."
    chart_plus, chart_minus = _section(plus).charts[0], _section(minus).charts[0]
    assert chart_plus.series["Inlämnad prognos"][3] == pytest.approx(966.6)
    assert chart_minus.series["Inlämnad prognos"][3] == pytest.approx(-966.6)
    assert list(chart_minus.lines.items()) == [("Utfall 2024: -951,8", pytest.approx(-951.8))]


def test_subtree_report_shows_only_its_own_rows() -> None:
    doc = build_document(case.report(ReportKind.INTERIM, 8, acc=case.accuracy(2023), unit="515"))

    rows = _rows(doc, "accuracy")

    assert [r[0] for r in rows[1:]] == ["Barn och familj", "februari", "april", "augusti", "oktober"]
    assert _section(doc).charts[0].title == "Helårsprognoser för 2023 mot utfallet, Barn och familj, tkr"


def test_no_entered_forecasts_compares_proposals_and_run_rate() -> None:
    errors = {code: (None, None, None, None) for code in case.ENTERED_ERRORS}
    doc = build_document(case.report(ReportKind.INTERIM, 8, acc=case.accuracy(2023, errors)))

    misses = _section(doc).paragraphs[-1]

    assert misses.startswith("Inga inlämnade prognoser finns för 2023. Förslagen missade utfallet med i genomsnitt ")
    assert [r[0] for r in _rows(doc, "accuracy")[1:13]] == ["Ledning och administration", *[
        m for m in ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
                    "oktober", "november")]]


# --- the formats --------------------------------------------------------------------------------


@pytest.mark.parametrize(("amounts", "april", "outcome"), [
    (Amounts.TKR, [None, 174700, 12300, 4200, -8700], 162400),
    (Amounts.KR, [None, 174700000, 12300000, 4200000, -8700000], 162400000),
])
def test_xlsx_sheet_holds_the_numbers(amounts: Amounts, april: list[int | None], outcome: int) -> None:
    from openpyxl import load_workbook

    report = case.report(ReportKind.ANNUAL, 12, acc=case.accuracy(2024))
    book = load_workbook(io.BytesIO(render(report, Format.XLSX, options=RenderOptions(amounts=amounts))))

    values = list(book["Prognossäkerhet"].iter_rows(values_only=True))
    final_total = next(r for r in values if r[0] == "Totalt Socialtjänsten" and r[1] == "oktober")
    start = values.index(next(r for r in values if r[0] == "Enhet / prognosmånad"))
    barn = next(i for i in range(start, len(values)) if values[i][0] == "Barn och familj")

    assert "Prognossäkerhet" in book.sheetnames
    assert values[barn][1] == outcome
    assert list(values[barn + 2][:6]) == ["april", *april]
    assert all(isinstance(v, int) for v in values[barn + 2][2:6])
    assert final_total[2:7] == tuple(v * (1000 if amounts is Amounts.KR else 1) for v in (980600, 951800, 28800,
                                                                                          -18300, 10500))


def test_docx_has_the_tables_and_the_chart_with_alt_text() -> None:
    import docx as python_docx

    report = case.report(ReportKind.ANNUAL, 12, acc=case.accuracy(2024))
    word = python_docx.Document(io.BytesIO(render(report, Format.DOCX)))

    headings = [p.text for p in word.paragraphs if p.style is not None and p.style.name.startswith("Heading")]
    tables = {t.rows[0].cells[0].text: t for t in word.tables}
    rounds = tables["Enhet / prognosmånad"]
    alts = [s._inline.docPr.get("descr") for s in word.inline_shapes]

    assert "Prognossäkerhet 2024" in headings
    assert [c.text for c in rounds.rows[2].cells] == ["februari", "", "–", "–", "400", f"1{NBSP}300"]
    assert [c.text for c in tables["Enhet"].rows[-1].cells][:5] == ["Totalt Socialtjänsten", "oktober",
                                                                   f"980{NBSP}600", f"951{NBSP}800", f"28{NBSP}800"]
    accuracy_alt = next(a for a in alts if a.startswith("Linjediagram"))
    assert f"jämförd med årets utfall 951{NBSP}800 tkr (vågrät linje)" in accuracy_alt
    assert f"oktober 980{NBSP}600 tkr" in accuracy_alt


def test_html_chart_has_alt_text_and_caption() -> None:
    report = case.report(ReportKind.INTERIM, 8, acc=case.accuracy(2023))
    html = render(report, Format.HTML).decode("utf-8")

    figure = re.search(r'<figure class="chart" id="chart-accuracy">(.*?)</figure>', html, re.S)

    assert '<section id="accuracy"><h2>Prognossäkerhet 2023</h2>' in html
    assert figure is not None
    assert re.match(r'<svg role="img" aria-label="Linjediagram: helårsprognosen för Socialtjänsten 2023', figure.group(1))
    assert figure.group(1).endswith("<figcaption>Vågrät linje: utfallet 2023. Varje punkt är helårsprognosen "
                                    "som den såg ut vid prognostillfället.</figcaption>")
    assert '<table id="accuracy">' in html


def test_chart_is_drawn_with_the_y_axis_around_the_values() -> None:
    chart = _section(build_document(case.report(ReportKind.INTERIM, 8, acc=case.accuracy(2023)))).charts[0]

    png = charts.draw(chart, "png", dpi=60)
    core = [v for name in ("Inlämnad prognos", "Förslag") for v in chart.series[name] if v is not None]
    low, high = charts._limits([*core, *chart.lines.values()], [])

    assert png.startswith(b"\x89PNG")
    assert chart.labels[0] == "jan" and len(chart.labels) == 11
    assert 940_000 < low < min(core) < max(core) < high < 990_000  # not from 0: a few mnkr show
    assert (min(core), max(core)) == (pytest.approx(951_800), pytest.approx(980_600))


def test_chart_limits_leave_a_far_run_rate_at_the_edge() -> None:
    low, high = charts._limits([950.0, 960.0, 980.0], [760.0, 905.0, 946.0])

    assert 905.0 > low > 760.0  # 905 is within two spans of the others and shown; 760 is not
    assert high == pytest.approx(980.0 + 0.15 * 75.0)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is missing")
def test_pdf_prints_the_section_on_portrait_pages(tmp_path: Path) -> None:
    report = case.report(ReportKind.INTERIM, 8, acc=case.accuracy(2023))
    path = tmp_path / "delar.pdf"
    path.write_bytes(render(report, Format.PDF))

    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    sizes = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(path)], capture_output=True, text=True,
                           check=True).stdout

    pages = [p.replace(NBSP, " ") for p in text.split("\f")]
    assert "Största avvikelsen var Barn och familj i april" in " ".join(text.split())
    # the table's page (the section's text may start on the page before)
    number = next(i for i, p in enumerate(pages, start=1)
                  if re.search(r"april\s+174 700\s+12 300\s+4 200\s+-8 700", p))
    size = re.search(rf"Page\s+{number} size:\s+([\d.]+) x ([\d.]+)", sizes)
    assert size is not None
    assert float(size.group(1)) < float(size.group(2))  # portrait


def test_json_is_not_affected() -> None:
    with_accuracy = case.report(ReportKind.ANNUAL, 12, acc=case.accuracy(2024))
    without = case.report(ReportKind.ANNUAL, 12)

    assert render(with_accuracy, Format.JSON) == render(without, Format.JSON)
