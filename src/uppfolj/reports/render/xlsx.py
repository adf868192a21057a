"""XLSX: one sheet per table, numbers stored as the rounded presentation values."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from uppfolj.reports.document import Document, Table

if TYPE_CHECKING:
    from uppfolj.reports.model import Report
    from uppfolj.reports.render.registry import RenderOptions

identifier = "xlsx"
media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
MAX_WIDTH = 60


def _sheet_name(name: str, used: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub("-", name)[:31] or "Blad"
    candidate, n = base, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate.lower())
    return candidate


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() and value.as_tuple().exponent == 0 else float(value)


def _write_table(book: Any, table: Table, used: set[str], *, title_row: str) -> None:
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415
    from openpyxl.styles import Alignment, Font  # noqa: PLC0415
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    sheet = book.create_sheet(_sheet_name(table.sheet or table.title, used))
    widths = [len(c.title) for c in table.columns]
    for row in table.rows[:2000]:
        for i, cell in enumerate(row.cells):
            widths[i] = max(widths[i], len(cell.text) + (2 * row.level if i == 0 else 0))
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(MAX_WIDTH, width + 2)
    sheet.freeze_panes = "B3" if len(table.columns) > 1 and table.columns[1].kind != "text" else "A3"
    bold = Font(bold=True)
    heading = WriteOnlyCell(sheet, value=f"{title_row}. {table.note}" if table.note else title_row)
    heading.font = Font(bold=True, size=12)
    sheet.append([heading])
    header = []
    for column in table.columns:
        c = WriteOnlyCell(sheet, value=column.title)
        c.font = bold
        c.alignment = Alignment(horizontal="left" if column.kind == "text" else "right", wrap_text=True)
        header.append(c)
    sheet.append(header)
    italic = Font(italic=True)
    for row in table.rows:
        out = []
        for i, (column, cell) in enumerate(zip(table.columns, row.cells, strict=True)):
            if column.kind == "text":
                c = WriteOnlyCell(sheet, value=cell.text or None)
                if i == 0 and row.level:
                    c.alignment = Alignment(indent=row.level)
            else:
                value = cell.value
                c = WriteOnlyCell(sheet, value=_number(value) if isinstance(value, Decimal) else None)
                c.number_format = "0.0" if column.kind == "percent" else table.number_format
            if row.style in ("total", "group"):
                c.font = bold
            elif row.style == "varav":
                c.font = italic
            out.append(c)
        sheet.append(out)
    if table.note:
        sheet.append([])
        sheet.append([table.note])


def workbook_bytes(doc: Document) -> bytes:
    from openpyxl import Workbook  # noqa: PLC0415 - heavy; only for XLSX

    book = Workbook(write_only=True)
    used: set[str] = set()
    for table in doc.tables():
        _write_table(book, table, used, title_row=f"{doc.title} – {table.title}")
    if doc.drilldown is not None:
        _write_table(book, doc.drilldown, used, title_row=f"{doc.title} – verifikationer bakom enheterna")
    if not used:
        book.create_sheet("Rapport").append([doc.title])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def render(report: Report, options: RenderOptions) -> bytes:
    from uppfolj.reports.render.registry import document  # noqa: PLC0415

    return workbook_bytes(document(report, options))
