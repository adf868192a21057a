"""Renderers by format: each takes the one report model and returns the file's bytes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from uppfolj.core.choices import Amounts, Format, Sign
from uppfolj.reports.document import Document, build_document
from uppfolj.reports.model import Report
from uppfolj.reports.render import json


@dataclass(frozen=True)
class RenderOptions:
    amounts: Amounts = Amounts.TKR
    sign: Sign = Sign.COSTS_POSITIVE
    template: str | None = None  # a municipality's own Word template
    committee: str | None = None  # the committee's name, for the proposed decision


def document(report: Report, options: RenderOptions) -> Document:
    """The document model the renderers share, built from the report."""
    return build_document(report, amounts=options.amounts, sign=options.sign, committee=options.committee)


def _xlsx(doc: Document, _options: RenderOptions) -> bytes:
    from uppfolj.reports.render import xlsx  # noqa: PLC0415 - each format's module loads when used

    return xlsx.workbook_bytes(doc)


def _docx(doc: Document, options: RenderOptions) -> bytes:
    from uppfolj.reports.render import docx  # noqa: PLC0415

    return docx.docx_bytes(doc, options.template)


def _html(doc: Document, _options: RenderOptions) -> bytes:
    from uppfolj.reports.render import html  # noqa: PLC0415

    return html.html_text(doc).encode("utf-8")


def _pdf(doc: Document, _options: RenderOptions) -> bytes:
    from uppfolj.reports.render import pdf  # noqa: PLC0415

    return pdf.pdf_bytes(doc)


# Each writer renders the one document model; its module, and the heavy libraries inside it, load
# only when the format is asked for (a JSON report loads none of them).
_WRITERS: dict[Format, Callable[[Document, RenderOptions], bytes]] = {
    Format.XLSX: _xlsx, Format.DOCX: _docx, Format.HTML: _html, Format.PDF: _pdf,
}
# The formats' media types, written out here so that naming one loads no renderer (each module's
# `media_type` says the same; tests/reports/test_start_up.py compares them).
MEDIA_TYPES: dict[Format, str] = {
    Format.JSON: json.media_type,
    Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Format.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Format.HTML: "text/html; charset=utf-8",
    Format.PDF: "application/pdf",
}


def render(report: Report, fmt: Format, *, options: RenderOptions | None = None) -> bytes:
    """The report as a file of the format: JSON from the report itself, the rest from its document."""
    if fmt is Format.JSON:
        return json.render(report)
    opts = options or RenderOptions()
    return _WRITERS[fmt](document(report, opts), opts)
