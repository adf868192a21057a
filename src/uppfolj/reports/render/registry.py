"""Renderers by format: each takes the one report model and returns the file's bytes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from uppfolj.core.choices import Amounts, Sign
from uppfolj.reports.document import Document, DocumentInputs, build_document
from uppfolj.reports.model import Report
from uppfolj.reports.render import docx, html, json, pdf, xlsx


@dataclass(frozen=True)
class RenderOptions:
    amounts: Amounts = Amounts.TKR
    sign: Sign = Sign.COSTS_POSITIVE
    template: str | None = None  # a municipality's own Word template
    committee: str | None = None  # the committee's name, for the proposed decision
    inputs: DocumentInputs | None = None  # texts, series and ledger rows loaded from the database


def document(report: Report, options: RenderOptions) -> Document:
    """The document model the renderers share, built from the report and the loaded inputs."""
    return build_document(report, options.inputs, amounts=options.amounts, sign=options.sign,
                          committee=options.committee)


# Each writer renders the one document model; the heavy libraries load inside them, when used.
_WRITERS: dict[str, Callable[[Document, RenderOptions], bytes]] = {
    "xlsx": lambda doc, _options: xlsx.workbook_bytes(doc),
    "docx": lambda doc, options: docx.docx_bytes(doc, options.template),
    "html": lambda doc, _options: html.html_text(doc).encode("utf-8"),
    "pdf": lambda doc, _options: pdf.pdf_bytes(doc),
}


def render(report: Report, fmt: str, *, options: RenderOptions | None = None) -> bytes:
    """The report as a file of the format: JSON from the report itself, the rest from its document."""
    if fmt == "json":
        return json.render(report)
    if fmt not in _WRITERS:
        raise ValueError(f"unknown format {fmt!r}")  # a programming error: callers offer Format
    opts = options or RenderOptions()
    return _WRITERS[fmt](document(report, opts), opts)
