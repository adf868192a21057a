"""DOCX from a Word template: placeholders replaced, the document's content at {{innehall}}."""

from __future__ import annotations

import copy
import io
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any
from xml.sax.saxutils import escape

from uppfolj.reports.layout import Document, Section, Table
from uppfolj.reports.render import charts, measure

identifier = "docx"
media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

CONTENT = "{{innehall}}"
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _placeholders(doc: Document) -> dict[str, str]:
    return {"{{titel}}": doc.title, "{{period}}": doc.period, "{{organisation}}": doc.organisation,
            "{{belopp}}": doc.amounts}


def _replace_in(paragraph: Any, values: dict[str, str]) -> None:
    """Placeholders replaced in the runs that hold them, so that pictures (a logo) and fields (page
    numbers) in the same paragraph stay; a placeholder split over runs joins the plain text runs."""
    if "{{" not in paragraph.text or not any(k in paragraph.text for k in values):
        return
    plain = [r for r in paragraph.runs if not r._r.xpath("./w:drawing|./w:pict|./w:fldChar|./w:instrText")]
    for run in plain:
        if "{{" in run.text:
            run.text = _replaced(run.text, values)
    if any(k in "".join(r.text for r in plain) for k in values) and plain:
        plain[0].text = _replaced("".join(r.text for r in plain), values)
        for run in plain[1:]:
            run.text = ""


def _replaced(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace(key, value)
    return text


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


# Table sizes tried, largest first (points): a table of at most PORTRAIT_COLUMNS columns stays on a
# portrait page when it fits there at PORTRAIT_MIN or larger; otherwise it goes on a landscape page
# at the largest size that fits.
SIZES = (8.5, 8.0, 7.5, 7.0, 6.5, 6.0)
PORTRAIT_MIN = 8.0
PORTRAIT_COLUMNS = 7
INDENT = 160  # twips per level of a row's first cell
_PAD = 4.5 + 2.5  # points: the cell's left and right margins (CELL_MARGINS) and room for renderers' rounding
_MINUS = re.compile(r"(?<![\w])-(?=\d)")  # a minus sign before a figure: a non-breaking hyphen in Word


@dataclass(frozen=True)
class TableLayout:
    size: float  # points
    widths: list[int]  # twips
    landscape: bool


def _words(text: str) -> list[str]:
    return text.replace("\u00ad", "").split() or [""]


def _needs(table: Table, size: float, family: str) -> tuple[list[float], list[float]]:
    """Per column, in points: the least width (every figure and every word whole) and the width it
    would like (text columns: their typical cell on one line, up to 220 pt)."""
    need, want = [], []
    for i, column in enumerate(table.columns):
        head = max(measure.width(w, size, family=family, bold=True) for w in _words(column.title))
        cells = [(row.cells[i].text, row.style in ("total", "group"), row.level if i == 0 else 0)
                 for row in table.rows if i < len(row.cells)]
        if column.kind == "text":
            words = max((measure.width(w, size, family=family, bold=b) + lvl * INDENT / 20
                         for text, b, lvl in cells for w in _words(text)), default=0.0)
            lines = sorted(measure.width(text, size, family=family, bold=b) + lvl * INDENT / 20 for text, b, lvl in cells)
            typical = lines[int(0.8 * (len(lines) - 1))] if lines else 0.0
            least = max(head, words, min(typical, 60.0)) + _PAD
            need.append(least)
            want.append(max(least, min(max(lines, default=0.0), 220.0) + _PAD))
        else:
            figures = max((measure.width(text, size, family=family, bold=b) for text, b, _ in cells), default=0.0)
            need.append(max(head, figures) + _PAD)
            want.append(need[-1])
    return need, want


def _share(need: list[float], want: list[float], text: list[bool], total: float) -> list[float]:
    """Widths summing to `total`: every column its need, text columns then up to what they want,
    and what is left to all columns in proportion."""
    spare = total - sum(need)
    if spare < 0:  # even the smallest size is too wide: figures keep their width, text columns wrap
        fixed = sum(n for n, t in zip(need, text, strict=True) if not t)
        free = sum(n for n, t in zip(need, text, strict=True) if t)
        if free and fixed < total:
            return [n * (total - fixed) / free if t else n for n, t in zip(need, text, strict=True)]
        return [n * total / sum(need) for n in need]
    widths = list(need)
    extra = [w - n for n, w in zip(need, want, strict=True)]
    if sum(extra) > 0:
        take = min(spare, sum(extra))
        widths = [w + take * e / sum(extra) for w, e in zip(widths, extra, strict=True)]
        spare -= take
    base = sum(widths)
    return [w + spare * w / base for w in widths]


def table_layout(table: Table, family: str, portrait: int, landscape: int) -> TableLayout:
    """Font size, column widths (twips) and orientation for a table: portrait where it has at most
    seven columns and fits at 8 pt, otherwise landscape at the largest size that fits; widths from
    the longest figure and the longest heading word measured in the document's font."""
    text = [c.kind == "text" for c in table.columns]

    def layout(size: float, total: int, *, wide: bool) -> TableLayout:
        need, want = _needs(table, size, family)
        widths = [int(w * 20) for w in _share(need, want, text, total / 20)]
        widths[-1] += total - sum(widths)
        return TableLayout(size, widths, wide)

    for size in SIZES:
        if len(table.columns) <= PORTRAIT_COLUMNS and size >= PORTRAIT_MIN and sum(_needs(table, size, family)[0]) * 20 <= portrait:
            return layout(size, portrait, wide=False)
    for size in SIZES:
        if sum(_needs(table, size, family)[0]) * 20 <= landscape:
            return layout(size, landscape, wide=True)
    return layout(SIZES[-1], landscape, wide=True)


class _Writer:
    """Adds blocks at the end of the body and moves them before the content anchor."""

    def __init__(self, word: Any, anchor: Any | None) -> None:
        self.word = word
        self.anchor = anchor
        self.styles = {s.name for s in word.styles}
        self.family = _font_family(word)
        sect = word.sections[-1]
        self.portrait = int((sect.page_width - sect.left_margin - sect.right_margin) / 635)  # EMU → twips
        self.landscape = int((sect.page_height - sect.left_margin - sect.right_margin) / 635)
        self.body_sectpr = copy.deepcopy(word.element.body.sectPr)
        self.breaks = 0

    def _place(self, element: Any) -> None:
        if self.anchor is not None:
            self.anchor.addprevious(element)
        elif element.getparent() is None:
            self.word.element.body.sectPr.addprevious(element)

    def style(self, name: str, fallback: str | None = None) -> str | None:
        if name in self.styles:
            return name
        return fallback if fallback in self.styles else None

    def paragraph(self, text: str = "", style: str | None = None, *, italic: bool = False, size: float | None = None) -> Any:
        from docx.oxml import OxmlElement  # noqa: PLC0415
        from docx.shared import Pt  # noqa: PLC0415

        p = self.word.add_paragraph(style=self.style(style) if style else None)
        for i, part in enumerate(_MINUS.split(text) if text else []):
            if i:  # a minus sign that does not part from its figure
                p.add_run()._r.append(OxmlElement("w:noBreakHyphen"))
            if part:
                p.add_run(part)
        for run in p.runs:
            run.italic = italic or None
            if size:
                run.font.size = Pt(size)
        self._place(p._p)
        return p

    def heading(self, text: str, level: int) -> None:
        p = self.paragraph(text, f"Heading {level}")
        if self.style(f"Heading {level}") is None:
            for run in p.runs:
                run.bold = True
        p.paragraph_format.keep_with_next = True

    def picture(self, png: bytes, alt: str, *, keep_with_next: bool = False) -> None:
        from docx.shared import Cm  # noqa: PLC0415

        shape = self.word.add_picture(io.BytesIO(png), width=Cm(16.5))
        shape._inline.docPr.set("descr", _XML_ILLEGAL.sub("", alt))  # Word's alt text
        p = self.word.paragraphs[-1]
        p.paragraph_format.keep_with_next = keep_with_next
        self._place(p._p)

    def section_break(self, *, landscape: bool) -> None:
        """End the section so far: its pages get the template's page set-up, turned to landscape
        when `landscape`. The break itself is an empty, 1 pt paragraph."""
        from docx.oxml import parse_xml  # noqa: PLC0415
        from docx.oxml.ns import nsdecls, qn  # noqa: PLC0415

        sectpr = copy.deepcopy(self.body_sectpr)
        if landscape:
            _turn(sectpr)
        if self.breaks:  # only the first section has a first-page header
            for el in sectpr.findall(qn("w:titlePg")):
                sectpr.remove(el)
        if landscape:  # header and footer: the same as the section before
            for tag in ("w:headerReference", "w:footerReference"):
                for el in sectpr.findall(qn(tag)):
                    sectpr.remove(el)
        p = parse_xml(f'<w:p {nsdecls("w")}><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
                      '<w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>')
        p.find(qn("w:pPr")).append(sectpr)
        self.breaks += 1
        self._place(p)

    def table(self, table: Table, layout: TableLayout) -> None:
        """A real Word table, built as XML in one go (python-docx's cell API costs ~1 s per 300 rows)."""
        from docx.oxml import parse_xml  # noqa: PLC0415
        from docx.oxml.ns import nsdecls  # noqa: PLC0415

        caption = self.paragraph(table.title)
        caption.runs[0].bold = True
        caption.paragraph_format.keep_with_next = True
        size = round(layout.size * 2)  # half-points
        widths = layout.widths
        style_name = self.style("Table Grid")
        style = f'<w:tblStyle w:val="{self.word.styles[style_name].style_id}"/>' if style_name else ""
        borders = "" if style_name else (
            "<w:tblBorders>" + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="999999"/>'
                                       for side in ("top", "bottom", "insideH")) + "</w:tblBorders>")
        keep = measure.keeps_together(table)  # a short table stays on one page with its caption

        def cell(text: str, width: int, *, right: bool, bold: bool = False, italic: bool = False, indent: int = 0,
                 last: bool = False) -> str:
            ppr = (("<w:keepNext/>" if keep and not last else "") + '<w:spacing w:before="0" w:after="0"/>'
                   + (f'<w:ind w:left="{indent}"/>' if indent else "") + ('<w:jc w:val="right"/>' if right else ""))
            rpr = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "") + f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
            run = f'<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{escape(_XML_ILLEGAL.sub("", text))}</w:t></w:r>' if text else ""
            return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p><w:pPr>{ppr}</w:pPr>{run}</w:p></w:tc>'

        header = "".join(cell(c.title, w, right=c.kind != "text", bold=True) for c, w in zip(table.columns, widths, strict=True))
        rows = [f'<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{header}</w:tr>']
        for n, row in enumerate(table.rows, 1):
            bold = row.style in ("total", "group")
            cells = "".join(
                cell(value.text, w, right=column.kind != "text", bold=bold, italic=row.style == "varav",
                     indent=INDENT * row.level if i == 0 else 0, last=n == len(table.rows))
                for i, (column, value, w) in enumerate(zip(table.columns, row.cells, widths, strict=True)))
            rows.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>")
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        xml = (f'<w:tbl {nsdecls("w")}><w:tblPr>{style}<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
               f'{borders}<w:tblLayout w:type="fixed"/>{CELL_MARGINS}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>')
        self._place(parse_xml(xml))
        if table.note:
            self.paragraph(table.note, italic=True, size=8)
        self.paragraph()


def _font_family(word: Any) -> str:
    """The font the document's text is set in: the template's Normal style, else Arial."""
    return str(word.styles["Normal"].font.name or measure.DEFAULT_FONT) if "Normal" in {s.name for s in word.styles} \
        else measure.DEFAULT_FONT


def _turn(sectpr: Any) -> None:
    """A section's page set-up turned to landscape (width and height swapped)."""
    from docx.oxml.ns import qn  # noqa: PLC0415

    size = sectpr.find(qn("w:pgSz"))
    w, h = size.get(qn("w:w")), size.get(qn("w:h"))
    if int(w) < int(h):
        size.set(qn("w:w"), h)
        size.set(qn("w:h"), w)
    size.set(qn("w:orient"), "landscape")


def _section(writer: _Writer, section: Section, layouts: dict[int, TableLayout]) -> None:
    writer.heading(section.title, 1 if section.level == 1 else 2)
    for text in section.paragraphs:
        writer.paragraph(text)
    if section.note:
        writer.paragraph(section.note, italic=True, size=8)
    for heading, items in section.bullets:
        writer.heading(heading, 3)
        for item in items:
            writer.paragraph(item if writer.style("List Bullet") else f"• {item}", "List Bullet")
    for table in section.tables:
        writer.table(table, layouts[id(table)])
    for chart in section.charts:
        writer.picture(charts.draw(chart, "png", dpi=200), chart.alt or chart.title, keep_with_next=bool(chart.caption))
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
    layouts = {id(t): table_layout(t, writer.family, writer.portrait, writer.landscape) for t in doc.tables()}
    landscape = False
    for section in doc.sections:
        wide = any(layouts[id(t)].landscape for t in section.tables)
        if wide != landscape:  # a section break ends the pages turned the other way
            writer.section_break(landscape=landscape)
            landscape = wide
        _section(writer, section, layouts)
    body = word.element.body
    last = body.sectPr.getprevious()
    rest = anchor is not None and last is not None and last is not anchor._p  # the template's text after the report
    if landscape and rest:  # goes on portrait pages again
        writer.section_break(landscape=True)
    elif landscape:  # the report ends the document on landscape pages
        _turn(body.sectPr)
    if anchor is not None:
        anchor._p.getparent().remove(anchor._p)
    if writer.breaks:
        from docx.oxml.ns import qn  # noqa: PLC0415

        for el in body.sectPr.findall(qn("w:titlePg")):
            body.sectPr.remove(el)
    word.core_properties.title = doc.title
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


# Narrow cell margins (twips; Word's default is 108 left and right): ten amount columns fit a
# portrait page without an amount breaking across lines.
CELL_MARGINS = '<w:tblCellMar><w:left w:w="45" w:type="dxa"/><w:right w:w="45" w:type="dxa"/></w:tblCellMar>'
