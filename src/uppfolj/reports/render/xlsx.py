"""XLSX for analysis: one sheet per table, each amount the exact value (tkr to the öre) under a
number format that shows the printed, rounded figure, so a sum over the parts is the total; sheets
set up to print landscape and one page wide, with an autofilter and the header rows frozen. The
ledger rows (Verifikationer) are a sheet only where the report was loaded with them (`--ledger`).

Every text goes out as a string cell, never as a formula (or an error value such as `#N/A`),
whatever a user typed; texts that start like a formula also carry Excel's quote prefix, so
they stay text when someone edits the cell (see `uppfolj.core.spreadsheet`).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from uppfolj.core.spreadsheet import starts_like_formula
from uppfolj.reports.layout import Cell, Document, Row, Table

identifier = "xlsx"
media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
MAX_WIDTH = 60
FONT = "Calibri"  # the workbook's default font (Carlito in LibreOffice); a styled cell names it too
# Longer tables (the ledger drill-down) have their plain rows written as XML directly: openpyxl
# spends ~13 µs a cell, which is 7 s for 50 000 ledger rows.
FAST_ROWS = 1000


@dataclass
class _Pending:
    """The rows of a long table left for `_splice`, and the style id of its quote-prefixed texts."""

    table: Table
    rows: list[Row]
    quote_style: int


def _sheet_name(name: str, used: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub("-", name)[:31] or "Blad"
    candidate, n = base, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate.lower())
    return candidate


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _stored(cell: Cell) -> Decimal | None:
    """What a number cell holds: the exact value where the document has it, else the printed one."""
    if cell.exact is not None:
        return cell.exact
    return cell.value if isinstance(cell.value, Decimal) else None


def _print_setup(sheet: Any) -> None:
    """Landscape A4, as many pages tall as it takes but one page wide; set before the first row."""
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = 9  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_title_rows = "1:2"  # the title and the header on every printed page


def _text_cell(sheet: Any, text: str) -> Any:
    """A cell holding the text as a string: openpyxl alone would make `=…` a formula."""
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415

    cell = WriteOnlyCell(sheet, value=text or None)
    if text:
        cell.data_type = "s"
        cell.quotePrefix = starts_like_formula(text)
    return cell


def _write_sheet(book: Any, tables: list[tuple[Table, str]], used: set[str]) -> _Pending | None:
    """Write one sheet: its tables one below the other, each under its title row; returns the rows
    left for `_splice` (plain rows of a long table alone on its sheet)."""
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    first = tables[0][0]
    sheet = book.create_sheet(_sheet_name(first.sheet or first.title, used))
    widths: list[int] = []
    for table, _title in tables:
        widths += [0] * (len(table.columns) - len(widths))
        for i, column in enumerate(table.columns):
            # the header wraps at spaces: room for its longest word in bold
            word = max((len(w) for w in column.title.split()), default=0) + 1
            widths[i] = max(widths[i], word, min(len(column.title), 14 if len(tables) == 1 else 12))
        for row in table.rows[:2000]:
            for i, cell in enumerate(row.cells):
                widths[i] = max(widths[i], len(cell.text) + (2 * row.level if i == 0 else 0))
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(MAX_WIDTH, width + 2)
    sheet.freeze_panes = "B3" if len(first.columns) > 1 and first.columns[1].kind != "text" else "A3"
    _print_setup(sheet)
    # The autofilter over the first table's header and rows; a closing total row stays out of it,
    # below the rows whatever they are sorted or filtered by.
    rows = len(first.rows) - (1 if first.rows and first.rows[-1].style == "total" else 0)
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(first.columns))}{2 + max(rows, 1)}"
    if len(tables) == 1:
        _title_room(sheet, 1, _title_text(first, tables[0][1]), len(first.columns), widths)
        _header_height(sheet, 2, first, widths)
        return _write_table(sheet, first, title_row=tables[0][1], fast_allowed=True)
    at = 1  # the row of the table's title
    for n, (table, title) in enumerate(tables):
        if n:
            sheet.append([])
            at += 1
        _title_room(sheet, at, _title_text(table, title), len(table.columns), widths)
        _header_height(sheet, at + 1, table, widths)
        _write_table(sheet, table, title_row=title, fast_allowed=False)
        at += 2 + len(table.rows) + (2 if table.note else 0)
    return None


def _title_text(table: Table, title_row: str) -> str:
    return f"{title_row}. {table.note}" if table.note else title_row


def _title_room(sheet: Any, row: int, text: str, columns: int, widths: list[int]) -> None:
    """The title (with the table's note) across the table's columns, wrapped: a long note would
    otherwise run far to the right, and printing one page wide would shrink the table to fit it."""
    from math import ceil  # noqa: PLC0415

    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    if columns > 1:
        sheet.merged_cells.add(f"A{row}:{get_column_letter(columns)}{row}")
    room = sum(min(MAX_WIDTH, w + 2) for w in widths[:columns])
    lines = ceil(len(text) * 1.25 / max(1, room))  # 12 pt bold against the 11 pt width unit
    sheet.row_dimensions[row].height = 17 * min(max(lines, 1), 6)


def _header_height(sheet: Any, row: int, table: Table, widths: list[int]) -> None:
    """Room for the header's wrapped titles (Excel and LibreOffice do not grow a written row):
    the lines the longest title takes in its column, in bold, at 15 points a line."""
    from math import ceil  # noqa: PLC0415

    lines = max((ceil(len(c.title) / max(1, min(MAX_WIDTH, w + 2) - 1))
                 for c, w in zip(table.columns, widths, strict=False)), default=1)
    if lines > 1:
        sheet.row_dimensions[row].height = 15 * min(lines, 4)


def _write_table(sheet: Any, table: Table, *, title_row: str, fast_allowed: bool) -> _Pending | None:
    """Append the table's title, header and rows to the sheet."""
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415
    from openpyxl.styles import Alignment, Font  # noqa: PLC0415

    bold = Font(name=FONT, bold=True)
    heading = _text_cell(sheet, _title_text(table, title_row))
    heading.font = Font(name=FONT, bold=True, size=12)
    heading.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.append([heading])
    header = []
    for column in table.columns:
        c = _text_cell(sheet, column.title)
        c.font = bold
        c.alignment = Alignment(horizontal="left" if column.kind == "text" else "right", wrap_text=True)
        header.append(c)
    sheet.append(header)
    italic = Font(name=FONT, italic=True)
    fast = fast_allowed and len(table.rows) > FAST_ROWS and all(r.style == "normal" and not r.level for r in table.rows)
    rows = table.rows[:1] if fast else table.rows
    for row in rows:
        out = []
        for i, (column, cell) in enumerate(zip(table.columns, row.cells, strict=True)):
            if column.kind == "text":
                c = _text_cell(sheet, cell.text)
                if i == 0 and row.level:
                    c.alignment = Alignment(indent=row.level)
            else:
                value = _stored(cell)
                c = WriteOnlyCell(sheet, value=None if value is None else _number(value))
                c.number_format = "0.0" if column.kind == "percent" else table.number_format
            if row.style in ("total", "group"):
                c.font = bold
            elif row.style == "varav":
                c.font = italic
            out.append(c)
        sheet.append(out)
    if fast:
        quote = _text_cell(sheet, "=")  # never written: only registers the quote-prefix style
        return _Pending(table, table.rows[1:], quote.style_id)
    if table.note:
        sheet.append([])
        sheet.append([_text_cell(sheet, table.note)])
    return None


def _cell_xml(ref: str, text: str, value: Decimal | str | None, *, numeric: bool, style: str,
              quote_style: int = 0) -> str:
    if numeric:
        return "" if not isinstance(value, Decimal) else f'<c r="{ref}"{style} t="n"><v>{value:f}</v></c>'
    if not text:
        return ""
    # An inline string is never a formula; the carriage return is escaped as openpyxl does, or
    # the XML reader would turn it into a line feed.
    legal = _XML_ILLEGAL.sub("", text)
    clean = escape(legal, {"\r": "&#13;"})
    space = ' xml:space="preserve"' if legal != legal.strip() else ""
    quote = f' s="{quote_style}"' if starts_like_formula(text) else ""
    return f'<c r="{ref}"{quote} t="inlineStr"><is><t{space}>{clean}</t></is></c>'


def _splice(data: bytes, pending: dict[int, _Pending]) -> bytes:
    """Append the pending rows to their sheets' XML, with the styles openpyxl gave the first row."""
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            match = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", info.filename)
            if match and int(match.group(1)) in pending:
                job = pending[int(match.group(1))]
                table, rows, quote_style = job.table, job.rows, job.quote_style
                xml = content.decode("utf-8")
                letters = [get_column_letter(i) for i in range(1, len(table.columns) + 1)]
                styles = []
                for letter in letters:
                    found = re.search(rf'<c r="{letter}3" s="(\d+)"', xml)
                    styles.append(f' s="{found.group(1)}"' if found else "")
                parts = []
                for number, row in enumerate(rows, start=4):
                    cells = "".join(
                        _cell_xml(f"{letters[i]}{number}", cell.text,
                                  _stored(cell) if column.kind != "text" else cell.value, numeric=column.kind != "text",
                                  style=styles[i], quote_style=quote_style)
                        for i, (column, cell) in enumerate(zip(table.columns, row.cells, strict=True)))
                    parts.append(f'<row r="{number}">{cells}</row>')
                if table.note:
                    last = 4 + len(rows) + 1
                    note = _cell_xml(f"A{last}", table.note, None, numeric=False, style="", quote_style=quote_style)
                    parts.append(f'<row r="{last}">{note}</row>')
                xml = xml.replace("</sheetData>", "".join(parts) + "</sheetData>", 1)
                content = xml.encode("utf-8")
            target.writestr(info, content)
    return out.getvalue()


def workbook_bytes(doc: Document) -> bytes:
    from openpyxl import Workbook  # noqa: PLC0415 - heavy; only for XLSX

    book = Workbook(write_only=True)
    used: set[str] = set()
    pending: dict[int, _Pending] = {}
    tables = [(t, f"{doc.title} – {t.title}") for t in doc.tables()]
    if doc.drilldown is not None:
        tables.append((doc.drilldown, f"{doc.title} – verifikationer bakom enheterna"))
    # Tables that name the same sheet (the Prognossäkerhet section's) share it, in their order.
    sheets: dict[str, list[tuple[Table, str]]] = {}
    for table, title in tables:
        sheets.setdefault(table.sheet or f"\0{len(sheets)}", []).append((table, title))
    for group in sheets.values():
        rest = _write_sheet(book, group, used)
        if rest is not None:
            pending[len(used)] = rest
    if not used:
        sheet = book.create_sheet("Rapport")
        sheet.append([_text_cell(sheet, doc.title)])
    buffer = io.BytesIO()
    book.save(buffer)
    return _splice(buffer.getvalue(), pending) if pending else buffer.getvalue()
