"""One self-contained HTML file of the document (inline CSS and SVG); also the source of the PDF."""

from __future__ import annotations

import base64
import re
from html import escape

from uppfolj.reports.layout import Document, Section, Table
from uppfolj.reports.render import charts, measure

identifier = "html"
media_type = "text/html"

CSS = """
@page { size: A4; margin: 22mm 16mm 18mm 16mm;
  @top-left { content: string(doctitle); font: 8pt 'DejaVu Sans', sans-serif; color: #555; }
  @top-right { content: string(docperiod); font: 8pt 'DejaVu Sans', sans-serif; color: #555; }
  @bottom-right { content: "Sida " counter(page) " av " counter(pages); font: 8pt 'DejaVu Sans', sans-serif; color: #555; } }
@page wide { size: A4 landscape; margin: 18mm 14mm 16mm 14mm; }
@page portrait { size: A4; }
header, section { page: portrait; }
section.wide { page: wide; }
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 9.5pt; color: #1a1a1a; line-height: 1.35;
  max-width: 60em; margin: 0 auto; padding: 0 0.5em; }
h1 { font-size: 17pt; margin: 0 0 0.2em; string-set: doctitle content(); }
p.period { font-size: 11pt; color: #444; margin: 0 0 1em; string-set: docperiod content(); }
h2 { font-size: 13pt; margin: 1.2em 0 0.4em; border-bottom: 1px solid #999; padding-bottom: 2px; }
h3 { font-size: 11pt; margin: 1em 0 0.3em; }
h4 { font-size: 9.5pt; margin: 0.6em 0 0.2em; }
h1, h2, h3, h4, caption { break-after: avoid; page-break-after: avoid; }
.nb { white-space: nowrap; }
p.note { font-size: 8pt; color: #555; font-style: italic; }
p.draft { font-size: 8pt; color: #8a4b00; border-left: 3px solid #ef6c00; padding-left: 6px; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 0.4em 0 0.8em; font-size: 7.5pt; }
caption { text-align: left; font-weight: bold; font-size: 8.5pt; padding-bottom: 3px; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
table.short { break-inside: avoid; }
section.wide td { padding-top: 1px; padding-bottom: 1px; }
th { background: #e8edf2; border-bottom: 1px solid #666; padding: 3px 4px; text-align: left; vertical-align: bottom; }
th.num { text-align: right; }
td { border-bottom: 1px solid #ddd; padding: 2px 4px; vertical-align: top; }
td.num { text-align: right; white-space: nowrap; }
td.text { overflow-wrap: break-word; }
th { hyphens: manual; }
tr.total td { font-weight: bold; border-top: 1px solid #333; border-bottom: 2px solid #333; }
tr.group td { font-weight: bold; }
tr.varav td { font-style: italic; color: #444; }
figure { margin: 0.5em 0 1em; break-inside: avoid; }
figure svg, figure img { width: 100%; height: auto; }
figcaption { font-size: 8pt; color: #555; font-style: italic; }
ul { margin: 0.2em 0 0.6em 1.2em; padding: 0; }
@media print { body { max-width: none; padding: 0; } }
"""


WIDE_COLUMNS = 7  # a section with a table of more columns goes on landscape pages (as in the DOCX)
_SIGNED = re.compile(r"(?<![\w])\(?-\d[\d\u00a0]*(?:,\d+)?(?:\u00a0(?:mkr|tkr|kr|%))?\)?")


def _text(text: str) -> str:
    """Escaped text whose signed figures ("(-9,1 mkr)") never break across lines."""
    return _SIGNED.sub(lambda m: f'<span class="nb">{m.group(0)}</span>', escape(text))


def _table(table: Table) -> str:
    head = "".join(f'<th class="{"num" if c.kind != "text" else "text"}" scope="col">{_hyphenate(escape(c.title))}</th>'
                   for c in table.columns)
    body = []
    for row in table.rows:
        cells = []
        for i, (column, cell) in enumerate(zip(table.columns, row.cells, strict=True)):
            style = f' style="padding-left:{4 + 12 * row.level}px"' if i == 0 and row.level else ""
            cls = "num" if column.kind != "text" else "text"
            cells.append(f'<td class="{cls}"{style}>{escape(cell.text)}</td>')
        body.append(f'<tr class="{row.style}">{"".join(cells)}</tr>')
    note = f'<p class="note">{escape(table.note)}</p>' if table.note else ""
    short = ' class="short"' if measure.keeps_together(table) else ""
    return (f'<table id="{escape(table.key)}"{short}><caption>{escape(table.title)}</caption>{_colgroup(table)}'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{note}")


_JOINTS = re.compile(r"(Prognos|Budget|Helårs|Period|Föregående)(?=[a-zåäö])")


def _hyphenate(text: str) -> str:
    """Soft hyphens in the long compound headings, so narrow columns break them at the joint."""
    return _JOINTS.sub("\\1\u00ad", text)


def _colgroup(table: Table) -> str:
    """Column widths for the fixed table layout: the first (name) column wide, the rest shared.

    A fixed layout spares WeasyPrint measuring every cell; with 300 units that is a third of
    the PDF's time.
    """
    n = len(table.columns)
    first = 50.0 if n <= 2 else 34.0 if n <= 6 else 20.0
    rest = (100.0 - first) / max(1, n - 1)
    widths = [first] + [rest] * (n - 1)
    return "<colgroup>" + "".join(f'<col style="width:{w:.2f}%">' for w in widths) + "</colgroup>"


def _image(data: bytes, fmt: str, alt: str) -> str:
    if fmt == "svg":
        text = data.decode("utf-8")
        svg = text[text.index("<svg"):]
        return f'<svg role="img" aria-label="{escape(alt)}"' + svg.removeprefix("<svg")
    return f'<img alt="{escape(alt)}" src="data:image/png;base64,{base64.b64encode(data).decode("ascii")}">'


def _section(section: Section, images: str) -> str:
    tag = "h2" if section.level == 1 else "h3"
    wide = any(len(t.columns) > WIDE_COLUMNS for t in section.tables)
    cls = ' class="wide"' if wide else ""
    out = [f'<section id="{escape(section.key)}"{cls}><{tag}>{escape(section.title)}</{tag}>']
    out += [f"<p>{_text(p)}</p>" for p in section.paragraphs]
    if section.note:
        cls = "draft" if section.key == "summary" else "note"
        out.append(f'<p class="{cls}">{_text(section.note)}</p>')
    for heading, items in section.bullets:
        out.append(f"<h4>{escape(heading)}</h4><ul>{''.join(f'<li>{_text(i)}</li>' for i in items)}</ul>")
    out += [_table(t) for t in section.tables]
    for chart in section.charts:
        caption = f"<figcaption>{escape(chart.caption)}</figcaption>" if chart.caption else ""
        out.append(f'<figure class="chart" id="chart-{chart.key}">'
                   f"{_image(charts.draw(chart, images), images, chart.alt or chart.title)}{caption}</figure>")
    out.append("</section>")
    return "".join(out)


def html_text(doc: Document, *, images: str = "svg") -> str:
    """The document as one HTML page; `images` is svg (inline) or png (data URIs, for the PDF)."""
    sections = "".join(_section(s, images) for s in doc.sections)
    return (
        '<!DOCTYPE html>\n<html lang="sv"><head><meta charset="utf-8">'
        f"<title>{escape(doc.title)}</title><style>{CSS}</style></head><body>"
        f"<header><h1>{escape(doc.title)}</h1><p class=\"period\">{escape(doc.organisation)} – {escape(doc.period)}</p></header>"
        f"<main>{sections}</main></body></html>\n"
    )
