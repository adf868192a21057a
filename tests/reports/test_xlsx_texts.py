"""XLSX texts are text: nothing a user typed becomes a formula, in openpyxl's cells or the fast XML path."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from uppfolj.core.choices import Amounts, Sign
from uppfolj.reports.layout import Cell, Column, Document, Row, Section, Table
from uppfolj.reports.render import xlsx

TEXTS = ["=1+2", '=HYPERLINK("http://x","y")', "+1", "-1 kr", "@SUM(A1)", "\tx", "\rx", "#N/A", "Vanlig text"]


def _document(rows: int) -> Document:
    """One table: a text column with the risky texts (repeated to `rows` rows) and a signed amount."""
    table = Table("t", "Orsaker", [Column("text", "Orsak", "text"), Column("amount", "Belopp")],
                  [Row([Cell(TEXTS[i % len(TEXTS)]), Cell("-1", Decimal(-1))]) for i in range(rows)],
                  sheet="Orsaker 512", note="=inte en formel")
    return Document("=Titel", "Org", "mars 2024", Amounts.TKR, Sign.COSTS_POSITIVE,
                    [Section("s", "Avsnitt", tables=[table])])


@pytest.mark.parametrize("rows", [len(TEXTS), xlsx.FAST_ROWS + len(TEXTS)], ids=["openpyxl", "fast-xml"])
def test_typed_texts_stay_texts_and_amounts_stay_numbers(rows: int) -> None:
    data = xlsx.workbook_bytes(_document(rows))
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode("utf-8")
    sheet = load_workbook(io.BytesIO(data))["Orsaker 512"]

    texts = [sheet.cell(r, 1) for r in range(3, 3 + rows)]
    amounts = [sheet.cell(r, 2) for r in range(3, 3 + rows)]
    assert "<f>" not in sheet_xml
    assert [c.value for c in texts] == [TEXTS[i % len(TEXTS)] for i in range(rows)]
    assert {c.data_type for c in texts} == {"s"}
    assert [c.quotePrefix for c in texts[: len(TEXTS)]] == [True] * 7 + [False, False]
    assert {(c.value, c.data_type) for c in amounts} == {(-1, "n")}
    assert sheet.cell(1, 1).value == "=Titel – Orsaker. =inte en formel"
    assert sheet.cell(1, 1).quotePrefix is True
    assert sheet.cell(sheet.max_row, 1).value == "=inte en formel"
    assert sheet.cell(sheet.max_row, 1).data_type == "s"


def test_fast_path_marks_the_quote_prefix_with_a_registered_style() -> None:
    data = xlsx.workbook_bytes(_document(xlsx.FAST_ROWS + len(TEXTS)))
    book = zipfile.ZipFile(io.BytesIO(data))
    sheet_xml = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
    styles = book.read("xl/styles.xml").decode("utf-8")

    # Row 994 is past openpyxl's first row and holds TEXTS[1], the HYPERLINK formula text.
    assert TEXTS[(994 - 3) % len(TEXTS)].startswith("=HYPERLINK")
    style = re.search(r'<c r="A994" s="(\d+)" t="inlineStr">', sheet_xml)
    assert style is not None
    cell_styles = re.findall(r"<xf [^>]*>", styles.split("<cellXfs", 1)[1])
    assert 'quotePrefix="1"' in cell_styles[int(style.group(1))]
