"""Generate the Word templates: the default one (src/uppfolj/reports/render/templates/default.docx)
and the example of a municipality's own template with its logo in the header and its own styles
(tests/data/templates/kommunmall.docx, with its logo tests/data/templates/logga.png).

Run once after changing them: `.venv/bin/python scripts/make_docx_template.py`. The placeholders
they hold are documented in docs/report-templates.md.

Both set their text in fonts every reader has or gets with the same widths: Arial (LibreOffice
prints it with Liberation Sans, which has Arial's widths) and, in the example, Times New Roman
(Liberation Serif). Theme fonts are removed from the styles, so Word uses the named font.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "uppfolj" / "reports" / "render" / "templates" / "default.docx"
EXAMPLE = ROOT / "tests" / "data" / "templates" / "kommunmall.docx"
LOGO = EXAMPLE.with_name("logga.png")
GREEN = RGBColor(0x1B, 0x5E, 0x20)


def _font(style, name: str) -> None:  # type: ignore[no-untyped-def]
    """Set a style's font by name, dropping theme fonts (which Word prefers to the name)."""
    style.font.name = name
    fonts = style.element.rPr.find(qn("w:rFonts"))
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:cs"), name)


def _default_font(doc, name: str) -> None:  # type: ignore[no-untyped-def]
    """The document defaults' font by name instead of the theme's (Calibri, Cambria)."""
    fonts = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:rFonts"))
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), name)


def _field(paragraph, instruction: str) -> None:  # type: ignore[no-untyped-def]
    """A Word field (PAGE, NUMPAGES) in its own run."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("text", "1"), ("end", None)):
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {text} "
        elif kind == "text":
            el = OxmlElement("w:t")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._r.append(el)


def main() -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
    styles = doc.styles
    _default_font(doc, "Arial")
    _font(styles["Normal"], "Arial")
    styles["Normal"].font.size = Pt(10)
    for name, size in (("Title", 20), ("Subtitle", 12), ("Heading 1", 14), ("Heading 2", 12), ("Heading 3", 10.5)):
        _font(styles[name], "Arial")
        styles[name].font.size = Pt(size)
        styles[name].font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
    header = section.header.paragraphs[0]
    header.text = "{{organisation}} – {{titel}}"
    header.runs[0].font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Sida ")
    _field(footer, "PAGE")
    footer.add_run(" av ")
    _field(footer, "NUMPAGES")
    for run in footer.runs:
        run.font.size = Pt(8)
    doc.add_paragraph("{{titel}}", style="Title")
    doc.add_paragraph("{{organisation}} – {{period}}", style="Subtitle")
    doc.add_paragraph("{{innehall}}")
    doc.core_properties.author = "uppfolj"
    doc.core_properties.title = "Uppföljningsrapport"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(OUT))
    print(f"skrev {OUT}")


def _logo() -> None:
    """A made-up municipality's logo: a green shield with a white wave, and the name beside it."""
    from PIL import Image, ImageDraw, ImageFont  # noqa: PLC0415 - only for the example

    image = Image.new("RGB", (900, 240), "white")
    draw = ImageDraw.Draw(image)
    draw.polygon([(20, 20), (200, 20), (200, 130), (110, 220), (20, 130)], fill=(0x1B, 0x5E, 0x20))
    draw.arc((40, 60, 180, 160), 200, 340, fill="white", width=14)
    try:
        font = ImageFont.truetype("DejaVuSans-Bold.ttf", 64)
    except OSError:
        font = ImageFont.load_default()
    draw.text((240, 80), "Exempelstads kommun", fill=(0x1B, 0x5E, 0x20), font=font)
    LOGO.parent.mkdir(parents=True, exist_ok=True)
    image.save(LOGO, optimize=True)


def example() -> None:
    """A municipality's own template: logo in the header, serif text, green sans-serif headings,
    a first page with the committee's heading; the report goes in at {{innehall}}."""
    _logo()
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(3.0), Cm(2.0)
    section.header_distance = Cm(1.0)
    styles = doc.styles
    _default_font(doc, "Times New Roman")
    _font(styles["Normal"], "Times New Roman")
    styles["Normal"].font.size = Pt(11)
    for name, size in (("Title", 22), ("Subtitle", 12), ("Heading 1", 15), ("Heading 2", 12.5), ("Heading 3", 11)):
        _font(styles[name], "Arial")
        styles[name].font.size = Pt(size)
        styles[name].font.color.rgb = GREEN
    header = section.header.paragraphs[0]
    header.add_run().add_picture(str(LOGO), height=Cm(1.3))
    header.add_run("\t{{organisation}}")
    tabs = header.paragraph_format.tab_stops
    tabs.add_tab_stop(Cm(16.0), alignment=2)  # right
    for run in header.runs[1:]:
        run.font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("{{titel}} · sida ")
    _field(footer, "PAGE")
    for run in footer.runs:
        run.font.size = Pt(8)
        run.font.color.rgb = GREEN
    doc.add_paragraph("Tjänsteskrivelse", style="Subtitle")
    doc.add_paragraph("{{titel}}", style="Title")
    doc.add_paragraph("{{organisation}} · {{period}} · belopp i {{belopp}}")
    doc.add_paragraph("{{innehall}}")
    doc.add_paragraph("Exempelstads kommun · Stadshuset · 123 45 Exempelstad")
    doc.core_properties.author = "Exempelstads kommun"
    doc.core_properties.title = "Exempelstads rapportmall"
    doc.save(str(EXAMPLE))
    print(f"skrev {EXAMPLE}")


if __name__ == "__main__":
    main()
    example()
