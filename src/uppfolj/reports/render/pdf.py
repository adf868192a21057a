"""The PDF: the HTML document laid out by WeasyPrint on A4, with running header and page numbers."""

from __future__ import annotations

import logging

from uppfolj.reports.layout import Document
from uppfolj.reports.render.html import html_text

identifier = "pdf"
media_type = "application/pdf"


def pdf_bytes(doc: Document) -> bytes:
    """The document's HTML (with PNG charts, which WeasyPrint draws fastest) as a PDF."""
    from weasyprint import HTML  # noqa: PLC0415 - heavy; only for PDF

    # WeasyPrint logs every CSS property it does not know at WARNING; the output is fine.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    # Tagged (PDF/UA-1): headings, tables and the charts' alt texts reach a screen reader.
    return bytes(HTML(string=html_text(doc, images="png")).write_pdf(pdf_variant="pdf/ua-1"))
