"""The committee's report in XLSX, HTML, DOCX and PDF, read back with real readers."""

from __future__ import annotations

import csv
import shutil
import subprocess
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ACCEPTANCE
from tests.test_acceptance import load_case

CASE = ACCEPTANCE / "monthly-2024-03"
NBSP = "\u00a0"
COLUMNS = {"arsbudget": "Årsbudget 2024", "periodbudget": "Periodbudget jan–mars", "utfall": "Utfall jan–mars",
           "avvikelse": "Budgetavvikelse", "prognosavvikelse": "Prognosavvikelse"}
needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (pdftoppm) is missing")

COMMENTS = """ar;manad;enhet;rubrik;text
2024;3;515;Utfall;Budgetavvikelsen för Barn och familj är -7,6 mkr per mars.
2024;3;515;analys;Placeringar av barn och unga har ökat.
2024;3;515;ÅTGÄRD;Hemmaplanslösningar prövas före placering.
"""
REASONS = """ar;manad;enhet;text;belopp
2024;3;515;Ökade placeringar barn och unga;-20000000
2024;3;515;Vuxenmissbruk, institutionsvård;-8000000
"""
ACTIONS = """ar;manad;enhet;text;ansvarig;tidplan;status;uppfoljning;belopp
2024;2;515;Genomgång av alla placeringar;Avdelningschef IFO;april 2024;klar;Genomförd;
2024;3;515;Utökad familjehemsrekrytering;Enhetschef familjehem;hösten 2024;pågår;;1500000
2024;3;515;Uppföljning av avtal;Avdelningschef IFO;2024;klar;Klar i mars;
"""


def expected_rows() -> list[dict[str, str]]:
    with (CASE / "expected-table-tkr.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter=";"))


def _int(text: str) -> int:
    return int(text.replace(NBSP, "").replace(" ", ""))


class _Tables(HTMLParser):
    """Every <table id=...> as header texts and rows of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.current: list[list[str]] | None = None
        self.cell: list[str] | None = None
        self.external: list[str] = []
        self.svg = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for key in ("src", "href"):
            if a.get(key) and not str(a[key]).startswith(("data:", "#")):
                self.external.append(str(a[key]))
        if tag == "svg":
            self.svg += 1
        if tag == "table":
            self.current = self.tables.setdefault(str(a.get("id")), [])
        elif tag == "tr" and self.current is not None:
            self.current.append([])
        elif tag in ("td", "th") and self.current is not None:
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None and self.current is not None:
            self.current[-1].append("".join(self.cell).replace("\u00ad", ""))  # soft hyphens in headings
            self.cell = None
        elif tag == "table":
            self.current = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def _html(path: Path) -> _Tables:
    parser = _Tables()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture
def case(cli: Callable[..., Any], tmp_path: Path) -> Callable[..., Path]:
    """The acceptance case loaded; returns a function writing a report and giving its path."""
    load_case(cli)

    def report(fmt: str, *extra: str, name: str | None = None) -> Path:
        out = tmp_path / (name or f"report.{fmt}")
        result = cli("report", "--year", "2024", "--month", "3", "--format", fmt, "-o", out, *extra)
        assert result.code == 0, result.err
        return out

    return report


def _with_texts(cli: Callable[..., Any], write: Callable[..., Path]) -> None:
    for kind, text in (("comments", COMMENTS), ("reasons", REASONS), ("actions", ACTIONS)):
        result = cli("import", kind, write(f"{kind}.csv", text))
        assert result.code == 0, result.err


def test_xlsx_tkr_table_equals_the_printed_table(case: Callable[..., Path]) -> None:
    from openpyxl import load_workbook

    book = load_workbook(case("xlsx"))
    sheet = book["Per enhet"]
    values = list(sheet.iter_rows(values_only=True))
    header = list(values[1])
    got = [dict(zip(header, row, strict=True)) for row in values[2:]]

    expected = expected_rows()
    assert [g["Enhet"] for g in got] == [e["namn"] for e in expected]
    for mine, theirs in zip(got, expected, strict=True):
        # the cells hold exact tkr; the format "#,##0" shows them rounded, as printed
        shown = {k: int(Decimal(str(mine[v])).quantize(Decimal(1), rounding=ROUND_HALF_UP)) for k, v in COLUMNS.items()}
        assert shown == {k: int(theirs[k]) for k in COLUMNS}, theirs["kod"]
    assert sheet.freeze_panes == "B3"
    assert sheet.cell(3, 2).number_format == "#,##0"
    assert "Per kontogrupp" in book.sheetnames
    assert "Verifikationer" not in book.sheetnames  # the committee's workbook: no ledger rows

    ledger = load_workbook(case("xlsx", "--ledger", name="ledger.xlsx"))["Verifikationer"]
    assert ledger.max_row == 2 + 331
    assert ledger.cell(2, ledger.max_column).value == "Belopp, kr"


def test_html_tkr_table_equals_the_printed_table_and_is_self_contained(case: Callable[..., Path]) -> None:
    parsed = _html(case("html"))
    header, *rows = parsed.tables["units"]
    got = [dict(zip(header, row, strict=True)) for row in rows]

    expected = expected_rows()
    assert [g["Enhet"] for g in got] == [e["namn"] for e in expected]
    for mine, theirs in zip(got, expected, strict=True):
        assert {k: _int(mine[v]) for k, v in COLUMNS.items()} == {k: int(theirs[k]) for k in COLUMNS}, theirs["kod"]
    assert got[-1]["Periodbudget jan–mars"] == f"265{NBSP}306"
    assert parsed.external == []
    assert parsed.svg >= 3
    assert parsed.tables["accounts"][-1][0] == "Nettokostnad"


def test_previous_year_columns_and_empty_sections_are_left_out(case: Callable[..., Path]) -> None:
    text = case("html").read_text(encoding="utf-8")
    header = _html(case("html", name="again.html")).tables["units"][0]

    assert not any("2023" in h for h in header)
    assert "Kommentarer per enhet" not in text
    assert "Förslag till beslut" not in text
    for bad in ("None", "nan", "#DIV", "#DIVISION"):
        assert f">{bad}<" not in text


def test_costs_negative_flips_budget_and_actual_but_not_variance(case: Callable[..., Path]) -> None:
    rows = _html(case("html", "--sign", "costs-negative")).tables["units"]
    total = dict(zip(rows[0], rows[-1], strict=True))

    assert total["Årsbudget 2024"] == f"-1{NBSP}046{NBSP}094"
    assert total["Utfall jan–mars"] == f"-279{NBSP}897"
    assert total["Budgetavvikelse"] == f"-14{NBSP}591"
    assert total["Prognosavvikelse"] == f"-58{NBSP}574"
    assert total["Förbrukat %"] == "26,8"


@pytest.mark.parametrize(("amounts", "budget", "fmt"), [("mnkr", f"1{NBSP}046,1", "#,##0.0"),
                                                         ("kr", f"1{NBSP}046{NBSP}094{NBSP}000,00", "#,##0.00")])
def test_amount_units(case: Callable[..., Path], amounts: str, budget: str, fmt: str) -> None:
    from openpyxl import load_workbook

    rows = _html(case("html", "--amounts", amounts)).tables["units"]
    sheet = load_workbook(case("xlsx", "--amounts", amounts))["Per enhet"]

    assert dict(zip(rows[0], rows[-1], strict=True))["Årsbudget 2024"] == budget
    last = sheet.max_row
    assert sheet.cell(last, 2).number_format == fmt
    printed = Decimal(budget.replace(NBSP, "").replace(",", "."))
    # the exact value under a format that shows it as printed
    assert Decimal(str(sheet.cell(last, 2).value)).quantize(printed, rounding=ROUND_HALF_UP) == printed
    assert Decimal(str(sheet.cell(last, 2).value)) == Decimal(1_046_094_000) / {"mnkr": 1_000_000, "kr": 1}[amounts]


def test_unit_texts_reasons_and_actions_in_html(case: Callable[..., Path], cli: Callable[..., Any],
                                                write: Callable[..., Path]) -> None:
    _with_texts(cli, write)
    parsed = _html(case("html"))
    text = case("html", name="b.html").read_text(encoding="utf-8")

    for heading in ("Kommentarer per enhet", "<h4>Utfall</h4>", "<h4>Analys</h4>", "<h4>Åtgärd</h4>"):
        assert heading in text
    reasons = parsed.tables["reasons-515"]
    # The unit's forecast variance is -30 200 tkr; the reasons explain -28 000 of it.
    assert reasons[1:] == [["Ökade placeringar barn och unga", f"-20{NBSP}000"],
                           ["Vuxenmissbruk, institutionsvård", f"-8{NBSP}000"],
                           ["Ej förklarat", f"-2{NBSP}200"], ["Totalt", f"-30{NBSP}200"]]
    actions = parsed.tables["actions-515"]
    assert [a[0] for a in actions[1:]] == ["Utökad familjehemsrekrytering", "Uppföljning av avtal"]
    assert actions[0] == ["Åtgärd", "Tidplan", "Ansvarig", "Status", "Uppföljning", "Effekt, tkr"]


def test_interim_report_has_the_proposed_decision(case: Callable[..., Path]) -> None:
    text = case("html", "--kind", "interim", "--committee", "Social- och omsorgsnämnden").read_text(encoding="utf-8")

    assert "Delårsrapport per den 31 mars 2024" in text
    assert "Förslag till social- och omsorgsnämndens beslut" in text
    assert ("1. Delårsrapporten per den 31 mars med prognos för helår 2024 godkänns "
            "och överlämnas till kommunstyrelsen.") in text
    # seed 003's order: the tjänsteskrivelse, then the delårsrapport itself
    order = [text.index(f"<h2>{h}</h2>") for h in ("Tjänsteskrivelse", "Ärende", "Bakgrund", "Beslutsunderlag",
                                             "Delårsrapport per den 31 mars 2024", "Sammanfattning")]
    assert order == sorted(order)
    # a delårsrapport covers months 6–8; March gets a check
    assert "Delårsrapporten omfattar januari–mars (3 av 12 månader)" in text


def test_docx_has_headings_tables_and_repeated_header(case: Callable[..., Path], cli: Callable[..., Any],
                                                      write: Callable[..., Path]) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    _with_texts(cli, write)
    word = docx.Document(str(case("docx")))

    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    # seed 000's order: the summary, then the departments' texts, then the tables together
    assert headings[:3] == ["Rapport", "Sammanfattning", "Kommentarer per enhet"]
    tables = [headings.index("Uppföljning per enhet"), headings.index("Ekonomiskt resultat per kontogrupp")]
    assert tables[0] > headings.index("Åtgärd") and tables[1] == tables[0] + 1
    assert {"Utfall", "Analys", "Åtgärd"} <= set(headings)
    assert word.paragraphs[0].text == "Månadsuppföljning ekonomi, mars 2024"
    units = next(t for t in word.tables if t.rows[0].cells[0].text == "Enhet")  # after the texts' tables
    assert [c.text for c in units.rows[-1].cells][:3] == ["Totalt Socialtjänsten", f"1{NBSP}046{NBSP}094", f"265{NBSP}306"]
    assert units.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert units.rows[1].cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert "{{" not in "".join(p.text for p in word.paragraphs)
    assert "Socialtjänsten" in word.sections[0].header.paragraphs[0].text
    assert len(word.inline_shapes) >= 3


def test_docx_with_own_template(case: Callable[..., Path], tmp_path: Path) -> None:
    import docx

    own = docx.Document()
    own.add_paragraph("Kommunens logga")
    own.add_paragraph("Rapport: {{titel}} ({{period}})")
    own.add_paragraph("{{innehall}}")
    own.add_paragraph("Slut på rapporten")
    own.save(str(tmp_path / "mall.docx"))

    word = docx.Document(str(case("docx", "--template", str(tmp_path / "mall.docx"), "--date", "2024-04-15",
                                  "--diarienummer", "SN 2024/17")))
    texts = [p.text for p in word.paragraphs]

    assert texts[:5] == ["Kommunens logga", "Rapport: Månadsuppföljning ekonomi, mars 2024 (mars 2024)", "Rapport",
                         "Datum: 2024-04-15", "Diarienummer: SN 2024/17"]
    assert "Sammanfattning" in texts
    assert texts[-1] == "Slut på rapporten"


@needs_poppler
def test_pdf_pages_have_text_header_and_page_numbers(case: Callable[..., Path], tmp_path: Path) -> None:
    pdf = case("pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))

    assert text.strip()
    assert len(pages) >= 3
    assert f"Sida 1 av {len(pages)}" in text
    assert text.count("Månadsuppföljning ekonomi, mars 2024") >= len(pages)
    assert "-14,6 mkr" in text.replace(NBSP, " ")
    assert "Uppföljning per enhet" in text
    assert "1 046 094" in text.replace(NBSP, " ")
    assert all(p.stat().st_size > 1000 for p in pages)


@needs_poppler
@pytest.mark.parametrize("kind", ["february", "interim", "annual"])
def test_pdf_of_every_kind(case: Callable[..., Path], kind: str) -> None:
    pdf = case("pdf", "--kind", kind, name=f"{kind}.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout

    assert "Sammanfattning" in text
    assert ("Förslag till nämndens beslut" in text) == (kind in ("interim", "annual"))


def test_ledger_drilldown_is_cut_with_a_note(cli: Callable[..., Any]) -> None:
    import io

    from openpyxl import load_workbook

    from uppfolj.core.choices import Format
    from uppfolj.core.period import compute_period
    from uppfolj.reports.model import Report
    from uppfolj.reports.render import registry
    from uppfolj.web.domain.period_input import load_period_input

    load_case(cli)
    result = compute_period(load_period_input(2024, 3, with_ledger=True, ledger_limit=10))
    report = Report(result)
    sheet = load_workbook(io.BytesIO(registry.render(report, Format.XLSX)))["Verifikationer"]

    assert result.ledger_truncated
    assert len(report.ledger) == 10
    assert str(sheet.cell(1, 1).value).endswith("Listan är avkortad efter 10 rader; hela underlaget finns i ekonomisystemet.")
    assert sheet.max_row == 2 + 10 + 2
    top = report.top_unit
    assert [sum(1 for a in top.actual_by_month if a), sum(top.actual_by_month)] == [3, report.top.figures.actual]
    assert sum(top.budget_by_month) == report.top.figures.annual_budget
    assert report.forecast_months == [2, 3]


def test_json_is_unchanged_by_the_new_options(case: Callable[..., Path]) -> None:
    assert case("json", "--amounts", "mnkr").read_bytes() == case("json", name="b.json").read_bytes()


def test_long_xlsx_tables_written_directly_read_back_the_same(cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from openpyxl import load_workbook

    from uppfolj.core.choices import Format
    from uppfolj.reports.render import registry, xlsx
    from uppfolj.web.domain.period import period_report

    load_case(cli)
    report = period_report(2024, 3, with_ledger=True)
    slow = load_workbook(io.BytesIO(registry.render(report, Format.XLSX)))["Verifikationer"]
    monkeypatch.setattr(xlsx, "FAST_ROWS", 100)
    fast_sheet = load_workbook(io.BytesIO(registry.render(report, Format.XLSX)))["Verifikationer"]

    slow_rows = list(slow.iter_rows(values_only=True))
    fast_rows = list(fast_sheet.iter_rows(values_only=True))
    assert len(fast_rows) == 333
    assert fast_rows == slow_rows
    assert fast_sheet.cell(300, fast_sheet.max_column).number_format == "#,##0.00"


def test_by_activity_leaves_out_the_forecast_columns(case: Callable[..., Path], cli: Callable[..., Any],
                                                     write: Callable[..., Path]) -> None:
    assert cli("import", "activities", write("act.csv", "kod;namn;overordnad;verksamhet\nALL;Alla;;\nV1;Övrigt;ALL;*\n")).code == 0

    parsed = _html(case("html", "--by", "activity"))

    assert parsed.tables["units"][0] == ["Verksamhet", "Årsbudget 2024", "Periodbudget jan–mars", "Utfall jan–mars",
                                         "Budgetavvikelse", "Förbrukat %"]
    assert parsed.tables["units"][-1][:2] == ["Totalt Alla", f"1{NBSP}046{NBSP}094"]


def test_unit_report_covers_the_subtree(case: Callable[..., Path]) -> None:
    parsed = _html(case("html", "--unit", "515"))

    assert [r[0] for r in parsed.tables["units"][1:]] == ["Totalt Barn och familj / Missbruksvård"]
    assert "chart-variance_by_unit" not in case("html", "--unit", "515", name="u.html").read_text(encoding="utf-8")


def test_varav_rows_are_indented_under_their_parent_and_net_cost_last(case: Callable[..., Path], cli: Callable[..., Any],
                                                                       write: Callable[..., Path]) -> None:
    template = ("kod;namn;overordnad;konton;varav\nINT;Verksamhetens intäkter;;30*-39*;\n"
                "INT-INT;Interna intäkter;INT;36*;1\nKOS;Verksamhetens kostnader;;40*-79*;\n")
    assert cli("import", "template", write("mall.csv", template)).code == 0

    text = case("html").read_text(encoding="utf-8")
    rows = _html(case("html", name="b.html")).tables["accounts"]

    assert [r[0] for r in rows] == ["Kontogrupp", "Verksamhetens intäkter", "varav interna intäkter",
                                    "Verksamhetens kostnader", "Nettokostnad"]
    assert '<tr class="varav"><td class="text" style="padding-left:28px">varav interna intäkter' in text
    assert rows[-1][1] == f"1{NBSP}046{NBSP}094"
