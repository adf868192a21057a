"""Renderers by format: each takes the one report model and returns the file's bytes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from uppfolj.core.choices import Amounts, Format, Sign
from uppfolj.reports.document import Document, build_document
from uppfolj.reports.model import Report
from uppfolj.reports.render import docx, html, json, pdf, xlsx


@dataclass(frozen=True)
class RenderOptions:
    amounts: Amounts = Amounts.TKR
    sign: Sign = Sign.COSTS_POSITIVE
    template: str | None = None  # a municipality's own Word template
    committee: str | None = None  # the committee's name, for the proposed decision


def document(report: Report, options: RenderOptions) -> Document:
    """The document model the renderers share, built from the report."""
    return build_document(report, amounts=options.amounts, sign=options.sign, committee=options.committee)


# Each writer renders the one document model; the heavy libraries load inside them, when used.
_WRITERS: dict[Format, Callable[[Document, RenderOptions], bytes]] = {
    Format.XLSX: lambda doc, _options: xlsx.workbook_bytes(doc),
    Format.DOCX: lambda doc, options: docx.docx_bytes(doc, options.template),
    Format.HTML: lambda doc, _options: html.html_text(doc).encode("utf-8"),
    Format.PDF: lambda doc, _options: pdf.pdf_bytes(doc),
}
MEDIA_TYPES: dict[Format, str] = {
    Format.JSON: json.media_type,
    Format.XLSX: xlsx.media_type,
    Format.DOCX: docx.media_type,
    Format.HTML: f"{html.media_type}; charset=utf-8",
    Format.PDF: pdf.media_type,
}


def render(report: Report, fmt: Format, *, options: RenderOptions | None = None) -> bytes:
    """The report as a file of the format: JSON from the report itself, the rest from its document."""
    if fmt is Format.JSON:
        return json.render(report)
    opts = options or RenderOptions()
    return _WRITERS[fmt](document(report, opts), opts)
