"""The PDF: the HTML document laid out by WeasyPrint on A4, with running header and page numbers."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from uppfolj.reports.model import Report
    from uppfolj.reports.render.registry import RenderOptions

identifier = "pdf"
media_type = "application/pdf"


def render(report: Report, options: RenderOptions) -> bytes:
    import logging  # noqa: PLC0415

    from weasyprint import HTML  # noqa: PLC0415 - heavy; only for PDF

    from uppfolj.reports.render.html import html_text  # noqa: PLC0415
    from uppfolj.reports.render.registry import document  # noqa: PLC0415

    # WeasyPrint logs every CSS property it does not know at WARNING; the output is fine.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    source = html_text(document(report, options), images="png")
    return bytes(HTML(string=source).write_pdf())
