"""DOCX from a Word template: placeholders replaced, the document's content at {{innehall}}."""

from __future__ import annotations

import io
import re
from importlib import resources
from typing import Any
from xml.sax.saxutils import escape

from uppfolj.reports.layout import Document, Section, Table
from uppfolj.reports.render import charts

identifier = "docx"
media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

CONTENT = "{{innehall}}"
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


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

    def picture(self, png: bytes, alt: str) -> None:
        from docx.shared import Cm  # noqa: PLC0415

        shape = self.word.add_picture(io.BytesIO(png), width=Cm(16.5))
        shape._inline.docPr.set("descr", _XML_ILLEGAL.sub("", alt))  # Word's alt text
        self._place(self.word.paragraphs[-1]._p)

    def table(self, table: Table) -> None:
        """A real Word table, built as XML in one go (python-docx's cell API costs ~1 s per 300 rows)."""
        from docx.oxml import parse_xml  # noqa: PLC0415
        from docx.oxml.ns import nsdecls  # noqa: PLC0415

        caption = self.paragraph(table.title)
        caption.runs[0].bold = True
        caption.paragraph_format.keep_with_next = True
        size = 14 if len(table.columns) > 7 else 17  # half-points
        section = self.word.sections[-1]
        text_width = int((section.page_width - section.left_margin - section.right_margin) / 635)  # EMU → twips
        widths = column_widths(table, text_width)
        style_name = self.style("Table Grid")
        style = f'<w:tblStyle w:val="{self.word.styles[style_name].style_id}"/>' if style_name else ""
        borders = "" if style_name else (
            "<w:tblBorders>" + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="999999"/>'
                                       for side in ("top", "bottom", "insideH")) + "</w:tblBorders>")

        def cell(text: str, width: int, *, right: bool, bold: bool = False, italic: bool = False, indent: int = 0) -> str:
            ppr = (f'<w:ind w:left="{indent}"/>' if indent else "") + ('<w:jc w:val="right"/>' if right else "")
            rpr = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "") + f'<w:sz w:val="{size}"/>'
            run = f'<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{escape(_XML_ILLEGAL.sub("", text))}</w:t></w:r>' if text else ""
            return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
                    f"<w:p><w:pPr><w:spacing w:before=\"0\" w:after=\"0\"/>{ppr}</w:pPr>{run}</w:p></w:tc>")

        header = "".join(cell(c.title, w, right=c.kind != "text", bold=True) for c, w in zip(table.columns, widths, strict=True))
        rows = [f'<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{header}</w:tr>']
        for row in table.rows:
            bold = row.style in ("total", "group")
            cells = "".join(
                cell(value.text, w, right=column.kind != "text", bold=bold, italic=row.style == "varav",
                     indent=160 * row.level if i == 0 else 0)
                for i, (column, value, w) in enumerate(zip(table.columns, row.cells, widths, strict=True)))
            rows.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>")
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        xml = (f'<w:tbl {nsdecls("w")}><w:tblPr>{style}<w:tblW w:w="{text_width}" w:type="dxa"/><w:jc w:val="center"/>'
               f'{borders}<w:tblLayout w:type="fixed"/>{CELL_MARGINS}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>')
        tbl = parse_xml(xml)
        if self.anchor is not None:
            self.anchor.addprevious(tbl)
        else:
            self.word.element.body.append(tbl)
        if table.note:
            self.paragraph(table.note, italic=True, size=8)
        self.paragraph()


def _section(writer: _Writer, section: Section) -> None:
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
        writer.picture(charts.draw(chart, "png", dpi=200), chart.alt or chart.title)
        if chart.caption:
            writer.paragraph(chart.caption, italic=True, size=8)


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


# Narrow cell margins (twips; Word's default is 108 left and right): ten amount columns fit a
# portrait page without an amount breaking across lines.
CELL_MARGINS = '<w:tblCellMar><w:left w:w="45" w:type="dxa"/><w:right w:w="45" w:type="dxa"/></w:tblCellMar>'


def column_widths(table: Table, total: int) -> list[int]:
    """Widths (twips) sharing `total` in proportion to what each column holds, in characters: a
    figure column its widest cell plus room for bold totals (an amount never breaks), or its longest
    header word where that is wider, between 9 and 16; a text column its typical (80th percentile)
    cell between 14 and 28, so that names, indicators and actions wrap to few lines."""
    weights = []
    for i, column in enumerate(table.columns):
        lengths = sorted(len(row.cells[i].text) for row in table.rows if i < len(row.cells))
        word = max((len(w) for w in column.title.split()), default=0)
        if column.kind == "text":
            typical = lengths[int(0.8 * (len(lengths) - 1))] if lengths else 0
            weights.append(min(28, max(14, typical, word + 4)))
        else:
            weights.append(min(16, max(9, max(lengths, default=0) + 4, min(word + 2, 12))))
    return [int(total * w / sum(weights)) for w in weights]
