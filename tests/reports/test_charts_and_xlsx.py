"""Issue 13: charts that show the deviation with consistent labels and alt texts everywhere; the
rounding note; the XLSX for analysis (exact values, print set-up, autofilter, no ledger by default).
Everything on the acceptance case (tests/data/acceptance/monthly-2024-03)."""

from __future__ import annotations

import io
import json
import re
import zipfile
import zlib
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ACCEPTANCE
from tests.test_acceptance import load_case
from uppfolj.core.choices import Amounts, Format, ReportKind
from uppfolj.reports.layout import ROUNDING_NOTE, Chart, Document
from uppfolj.reports.render import charts, registry
from uppfolj.reports.render.registry import RenderOptions

CASE = ACCEPTANCE / "monthly-2024-03"
NUMBER = re.compile(r"^-?\d{1,3}(?:[\u00a0 ]\d{3})*(?:,(\d+))?$")


@pytest.fixture
def loaded(cli: Callable[..., Any]) -> None:
    load_case(cli)


def _document(kind: ReportKind, month: int = 3, amounts: Amounts = Amounts.TKR) -> Document:
    from uppfolj.web.domain.period import period_report

    return registry.document(period_report(2024, month, kind=kind), RenderOptions(amounts=amounts))


def _charts(doc: Document) -> list[Chart]:
    return [c for s in doc.sections for c in s.charts]


def _pdf_objects(pdf: bytes) -> bytes:
    """The PDF with its compressed streams (object streams included) inflated."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def _numbers_drawn(chart: Chart) -> list[str]:
    """Every number text of the chart as drawn (SVG keeps text as text)."""
    svg = charts.draw(chart, "svg").decode("utf-8")
    texts = [t.strip() for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    return [t for t in texts if NUMBER.match(t)]


@pytest.mark.parametrize("amounts", [Amounts.TKR, Amounts.MNKR])
@pytest.mark.usefixtures("loaded")
def test_every_label_of_a_chart_has_the_tables_decimals(amounts: Amounts) -> None:
    doc = _document(ReportKind.MONTHLY, amounts=amounts)
    found = _charts(doc)
    assert [c.key for c in found] == ["variance_by_unit", "deviation_by_month", "forecast_rounds"]
    for chart in found:
        numbers = _numbers_drawn(chart)
        assert len(numbers) >= 5, chart.key  # axis ticks and value labels
        decimals = {len(m.group(1) or "") for m in map(NUMBER.match, numbers) if m}
        assert decimals == {amounts.places}, (chart.key, numbers)


@pytest.mark.usefixtures("loaded")
def test_a_small_deviation_in_mnkr_is_labelled_like_the_others() -> None:
    """The "-0,2 among whole numbers" of the issue: one decimal on every label, ticks included."""
    chart = Chart("forecast_rounds", "Prognosavvikelse, mnkr", ["februari", "mars"],
                  {"Prognosavvikelse": [-0.2, -14.6]}, "mnkr", places=1)
    numbers = _numbers_drawn(chart)
    assert "-0,2" in numbers and "-14,6" in numbers
    assert all(n.count(",") == 1 and len(n.split(",")[1]) == 1 for n in numbers), numbers
    whole = Chart("forecast_rounds", "Prognosavvikelse, tkr", ["februari", "mars"],
                  {"Prognosavvikelse": [-200.0, -14_600.0]}, "tkr")
    assert all("," not in n for n in _numbers_drawn(whole))


@pytest.mark.usefixtures("loaded")
def test_the_deviation_chart_shows_the_deviation_not_the_budget() -> None:
    expected = json.loads((CASE / "expected.json").read_text(encoding="utf-8"))["units"][0]
    doc = _document(ReportKind.MONTHLY)
    chart = next(c for c in _charts(doc) if c.key == "deviation_by_month")
    cumulative = chart.series["Ackumulerad avvikelse"]
    variance_tkr = float(Decimal(str(expected["variance"])) / 1000)
    # accumulated to March: the period's deviation of the unit table, the months after empty
    assert cumulative[2] == pytest.approx(variance_tkr, abs=0.5)
    assert cumulative[3:] == [None] * 9
    assert sum(v for v in chart.series["Månadens avvikelse"] if v is not None) == pytest.approx(variance_tkr, abs=2)
    # the year-end forecast's deviation at December, from the accumulated deviation at March
    year_end = chart.series["Prognosavvikelse helår"]
    forecast_tkr = float(Decimal(str(expected["forecast_variance"])) / 1000)
    assert year_end[2] == cumulative[2] and year_end[11] == pytest.approx(forecast_tkr, abs=0.5)
    # its scale is the deviation's: no value near the budget (265 306 tkr for the period)
    values = [abs(v) for series in chart.series.values() for v in series if v is not None]
    assert max(values) <= max(abs(variance_tkr), abs(forecast_tkr)) + 0.5
    assert max(values) < 0.3 * float(Decimal(str(expected["period_budget"])) / 1000)


@pytest.mark.usefixtures("loaded")
def test_one_forecast_round_gives_no_forecast_rounds_chart() -> None:
    february = _document(ReportKind.FEBRUARY, month=2)
    assert "forecast_rounds" not in [c.key for c in _charts(february)]
    assert "forecast_rounds" in [c.key for c in _charts(_document(ReportKind.MONTHLY))]


@pytest.mark.parametrize("kind", list(ReportKind))
@pytest.mark.usefixtures("loaded")
def test_every_chart_of_every_kind_has_a_swedish_alt_text_in_docx_html_and_pdf(kind: ReportKind) -> None:
    from uppfolj.web.domain.period import period_report

    report = period_report(2024, 3, kind=kind)
    doc = registry.document(report, RenderOptions())
    found = _charts(doc)
    assert found
    for chart in found:
        assert "diagram" in chart.alt.lower() and chart.alt != chart.title, chart.key
        assert re.search(r"\d", chart.alt), chart.key  # it tells the figures, not only what kind of chart
    # DOCX: each picture's wp:docPr carries the alt text in descr
    with zipfile.ZipFile(io.BytesIO(registry.render(report, Format.DOCX))) as z:
        body = z.read("word/document.xml").decode("utf-8")
    descr = re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', body)
    assert len(descr) == len(found) and all(descr), descr
    # HTML: an aria-label on each inline SVG
    html = registry.render(report, Format.HTML).decode("utf-8")
    labels = re.findall(r'<svg role="img" aria-label="([^"]*)"', html)
    assert len(labels) == len(found) and all(labels)
    # PDF: tagged (PDF/UA), each figure with its /Alt
    objects = _pdf_objects(registry.render(report, Format.PDF))
    assert b"/StructTreeRoot" in objects and b"pdfuaid:part" in objects
    assert objects.count(b"/Alt") == len(found)


@pytest.mark.usefixtures("loaded")
def test_documents_say_rounding_differences_may_occur() -> None:
    doc = _document(ReportKind.MONTHLY)
    units = doc.section("units")
    assert units is not None and ROUNDING_NOTE in units.note
    table = units.tables[0]
    # the case of the issue: the printed rows add to 265 308, the printed total is 265 306
    column = [c.key for c in table.columns].index("period_budget")
    top = [r for r in table.rows if r.level == 0 and r.style != "total"]
    total = table.rows[-1]
    assert sum(Decimal(str(r.cells[column].value)) for r in top) == 265_308
    assert total.cells[column].value == 265_306
    assert ROUNDING_NOTE not in (_document(ReportKind.MONTHLY, amounts=Amounts.KR).section("units") or units).note
    html = registry.render(_report(), Format.HTML).decode("utf-8")
    assert "Avrundningsdifferenser kan förekomma." in html


def _report() -> Any:
    from uppfolj.web.domain.period import period_report

    return period_report(2024, 3)


def _rounded(value: float) -> int:
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def test_xlsx_holds_exact_values_that_add_up_and_is_set_up_for_print(cli: Callable[..., Any], tmp_path: Path) -> None:
    from openpyxl import load_workbook

    load_case(cli)
    out = tmp_path / "r.xlsx"
    assert cli("report", "--year", "2024", "--month", "3", "--format", "xlsx", "-o", out).code == 0
    book = load_workbook(out)
    expected = json.loads((CASE / "expected.json").read_text(encoding="utf-8"))["units"]

    sheet = book["Per enhet"]
    header = [c.value for c in sheet[2]]
    column = header.index("Periodbudget jan–mars") + 1
    last = sheet.max_row
    total = sheet.cell(last, column)
    assert sheet.cell(last, 1).value == "Totalt Socialtjänsten"
    # exact: 265 305 678 kr shows as 265 306 tkr, the cell holds 265 305,678
    assert Decimal(str(total.value)) == Decimal(str(expected[0]["period_budget"])) / 1000
    assert _rounded(total.value) == 265_306 and total.number_format == "#,##0"
    # a SUM over the departments is the total (the rounded figures add to 265 308)
    parts = [sheet.cell(r, column).value for r in range(3, last) if not sheet.cell(r, 1).alignment.indent]
    assert sum(Decimal(str(p)) for p in parts) == Decimal(str(total.value))
    assert sum(_rounded(p) for p in parts) == 265_308
    # every table sheet: landscape, one page wide, autofilter, frozen header rows
    assert "Verifikationer" not in book.sheetnames
    for ws in book.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1, ws.title
        assert ws.page_setup.fitToHeight == 0, ws.title
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A2:"), ws.title
        assert ws.freeze_panes in ("A3", "B3"), ws.title
    # the total row stays out of the filter (it keeps its place when the rows are sorted)
    assert sheet.auto_filter.ref.endswith(str(last - 1))


@pytest.mark.parametrize("locked", [False, True], ids=["open", "locked"])
def test_ledger_rows_only_with_the_option(cli: Callable[..., Any], tmp_path: Path, locked: bool) -> None:
    """Open or locked (the snapshot keeps the ledger rows): the sheet only with the option."""
    from openpyxl import load_workbook

    load_case(cli)
    if locked:
        assert cli("period", "open", "--year", "2024", "--month", "3", "--deadline", "2024-04-10").code == 0
        assert cli("period", "lock", "--year", "2024", "--month", "3").code == 0
    plain, with_ledger = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert cli("report", "--year", "2024", "--month", "3", "--format", "xlsx", "-o", plain).code == 0
    assert cli("report", "--year", "2024", "--month", "3", "--format", "xlsx", "--with-ledger", "-o", with_ledger).code == 0
    assert "Verifikationer" not in load_workbook(plain).sheetnames
    ledger = load_workbook(with_ledger)["Verifikationer"]
    assert ledger.max_row == 2 + 331
    assert ledger.page_setup.orientation == "landscape" and ledger.auto_filter.ref == f"A2:{ledger.cell(2, ledger.max_column).column_letter}333"
