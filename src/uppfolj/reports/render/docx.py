"""DOCX from a Word template: placeholders replaced, the document's content at {{innehall}}."""

from __future__ import annotations

import io
from importlib import resources
from typing import TYPE_CHECKING, Any

from uppfolj.reports.document import Document, Section, Table

if TYPE_CHECKING:
    from uppfolj.reports.model import Report
    from uppfolj.reports.render.registry import RenderOptions

identifier = "docx"
media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

CONTENT = "{{innehall}}"


def _placeholders(doc: Document) -> dict[str, str]:
    return {"{{titel}}": doc.title, "{{period}}": doc.period, "{{organisation}}": doc.organisation,
            "{{belopp}}": doc.amounts}


def _replace_in(paragraph: Any, values: dict[str, str]) -> None:
    text = paragraph.text
    if "{{" not in text or not any(k in text for k in values):
        return
    for key, value in values.items():
        text = text.replace(key, value)
    runs = paragraph.runs
    runs[0].text = text
    for run in runs[1:]:
        run.text = ""


def _all_paragraphs(word: Any) -> list[Any]:
    out = list(word.paragraphs)
    for table in word.tables:
        for row in table.rows:
            for cell in row.cells:
                out.extend(cell.paragraphs)
    for section in word.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            if not part.is_linked_to_previous:
                out.extend(part.paragraphs)
                for table in part.tables:
                    for row in table.rows:
                        for cell in row.cells:
                            out.extend(cell.paragraphs)
    return out


class _Writer:
    """Adds blocks at the end of the body and moves them before the content anchor."""

    def __init__(self, word: Any, anchor: Any | None) -> None:
        self.word = word
        self.anchor = anchor
        self.styles = {s.name for s in word.styles}

    def _place(self, element: Any) -> None:
        if self.anchor is not None:
            self.anchor.addprevious(element)

    def style(self, name: str, fallback: str | None = None) -> str | None:
        if name in self.styles:
            return name
        return fallback if fallback in self.styles else None

    def paragraph(self, text: str = "", style: str | None = None, *, italic: bool = False, size: float | None = None) -> Any:
        from docx.shared import Pt  # noqa: PLC0415

        p = self.word.add_paragraph(style=self.style(style) if style else None)
        if text:
            run = p.add_run(text)
            run.italic = italic
            if size:
                run.font.size = Pt(size)
        self._place(p._p)
        return p

    def heading(self, text: str, level: int) -> None:
        p = self.paragraph(text, f"Heading {level}")
        if self.style(f"Heading {level}") is None and p.runs:
            p.runs[0].bold = True

    def picture(self, png: bytes) -> None:
        from docx.shared import Cm  # noqa: PLC0415

        self.word.add_picture(io.BytesIO(png), width=Cm(16.5))
        self._place(self.word.paragraphs[-1]._p)

    def table(self, table: Table) -> None:
        from docx.enum.table import WD_TABLE_ALIGNMENT  # noqa: PLC0415
        from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415
        from docx.oxml import OxmlElement  # noqa: PLC0415
        from docx.oxml.ns import qn  # noqa: PLC0415
        from docx.shared import Pt  # noqa: PLC0415

        caption = self.paragraph(table.title)
        caption.runs[0].bold = True
        caption.paragraph_format.keep_with_next = True
        size = Pt(7 if len(table.columns) > 7 else 8.5)
        t = self.word.add_table(rows=1 + len(table.rows), cols=len(table.columns))
        grid = self.style("Table Grid") or self.style("Light List Accent 1")
        if grid:
            t.style = grid
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        header = t.rows[0]
        tr_pr = header._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        tr_pr.append(repeat)
        for cell, column in zip(header.cells, table.columns, strict=True):
            p = cell.paragraphs[0]
            run = p.add_run(column.title)
            run.bold = True
            run.font.size = size
            if column.kind != "text":
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for row, word_row in zip(table.rows, t.rows[1:], strict=True):
            for i, (cell, column, value) in enumerate(zip(word_row.cells, table.columns, row.cells, strict=True)):
                p = cell.paragraphs[0]
                run = p.add_run(value.text)
                run.font.size = size
                run.bold = row.style in ("total", "group")
                run.italic = row.style == "varav"
                if column.kind != "text":
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                elif i == 0 and row.level:
                    p.paragraph_format.left_indent = Pt(8 * row.level)
        self._place(t._tbl)
        if table.note:
            self.paragraph(table.note, italic=True, size=8)
        self.paragraph()


def _section(writer: _Writer, section: Section) -> None:
    from uppfolj.reports.render import charts  # noqa: PLC0415

    writer.heading(section.title, 1 if section.level == 1 else 2)
    for text in section.paragraphs:
        writer.paragraph(text)
    if section.note:
        writer.paragraph(section.note, italic=True, size=8)
    for heading, items in section.bullets:
        writer.heading(heading, 3)
        for item in items:
            p = writer.paragraph(item if writer.style("List Bullet") else f"• {item}", "List Bullet")
            del p
    for table in section.tables:
        writer.table(table)
    for chart in section.charts:
        writer.picture(charts.draw(chart, "png", dpi=200))


def docx_bytes(doc: Document, template: str | None = None) -> bytes:
    import docx as python_docx  # noqa: PLC0415 - heavy; only for DOCX

    if template:
        word = python_docx.Document(template)
    else:
        with resources.as_file(resources.files("uppfolj.reports.render") / "templates" / "default.docx") as path:
            word = python_docx.Document(str(path))
    values = _placeholders(doc)
    anchor = next((p for p in word.paragraphs if CONTENT in p.text), None)
    for paragraph in _all_paragraphs(word):
        if paragraph is not anchor:
            _replace_in(paragraph, values)
    writer = _Writer(word, anchor._p if anchor is not None else None)
    if anchor is None:
        writer.heading(doc.title, 1)
    for section in doc.sections:
        _section(writer, section)
    if anchor is not None:
        anchor._p.getparent().remove(anchor._p)
    word.core_properties.title = doc.title
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def render(report: Report, options: RenderOptions) -> bytes:
    from uppfolj.reports.render.registry import document  # noqa: PLC0415

    return docx_bytes(document(report, options), options.template)
