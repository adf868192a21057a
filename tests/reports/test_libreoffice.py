"""Acceptance: each kind's DOCX, printed by LibreOffice, holds its layout.

All five documents (the four kinds, and the monthly report in the example municipality template
tests/data/templates/kommunmall.docx) are converted to PDF in one `soffice` call. Then, in the PDF:
every figure of the unit table and every word of its headings stands whole on one line; no page is
more than half empty where content of the same orientation follows (measured on page images: the
lowest ink above the footer); the template's logo is printed at the top of every page. In the DOCX:
every picture has alt text (`descr` on its wp:docPr).
"""

from __future__ import annotations

import html
import itertools
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DATA
from tests.reports.test_documents import NBSP, _with_texts, case  # noqa: F401 - the case fixture

KINDS = ("monthly", "february", "interim", "annual")
TEMPLATE = DATA / "templates" / "kommunmall.docx"
HALF = 0.5  # the lowest ink of a page, as a share of its height, where content follows
needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
    reason="LibreOffice (soffice) or poppler-utils is missing; scripts/system-deps.sh installs them")


_PRINTED: dict[str, tuple[Path, Path]] = {}  # rendered and printed once for the module's tests (~15 s)


@pytest.fixture
def printed(case: Callable[..., Path], cli: Callable[..., Any], write: Callable[..., Path],  # noqa: F811
            tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """(DOCX, LibreOffice's PDF of it) per kind, and for "template" the monthly in the example template."""
    if _PRINTED:
        return _PRINTED
    _with_texts(cli, write)
    docs = {kind: case("docx", "--kind", kind, name=f"{kind}.docx") for kind in KINDS}
    docs["template"] = case("docx", "--template", str(TEMPLATE), name="template.docx")
    folder = tmp_path_factory.mktemp("libreoffice")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{folder / 'profile'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), *map(str, docs.values())],
                   check=True, capture_output=True, timeout=180)
    _PRINTED.update({kind: (docx, folder / f"{docx.stem}.pdf") for kind, docx in docs.items()})
    return _PRINTED


def unit_table(docx: Path) -> tuple[list[str], list[str]]:
    """The unit table's heading words and its figures, as printed (no-break spaces as spaces)."""
    import docx as python_docx

    # the unit table; the February report has its departments under "Verksamhet"
    table = next(t for t in python_docx.Document(str(docx)).tables if t.rows[0].cells[0].text in ("Enhet", "Verksamhet"))
    words = [w for c in table.rows[0].cells for w in c.text.split()]
    figures = [c.text.replace(NBSP, " ") for r in table.rows[1:] for c in r.cells[1:] if c.text not in ("", "–")]
    return words, figures


def pdf_lines(pdf: Path) -> list[list[str]]:
    """The words of every text line LibreOffice printed (pdftotext's lines)."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return [[html.unescape(w) for w in re.findall(r"<word[^>]*>([^<]*)</word>", line)]
            for line in re.findall(r"<line\b[^>]*>(.*?)</line>", xml, flags=re.DOTALL)]


def whole_on_a_line(lines: list[list[str]], strings: list[str]) -> Counter[str]:
    """How often each string's words stand next to each other on one line."""
    found: Counter[str] = Counter()
    for wanted in set(strings):
        parts = wanted.split()
        for words in lines:
            found[wanted] += sum(words[i:i + len(parts)] == parts for i in range(len(words) - len(parts) + 1))
    return found


def page_fill(pdf: Path, folder: Path) -> list[tuple[bool, float, Any]]:
    """Per page: landscape?, the lowest ink between header and footer as a share of the page's
    height, and the page image."""
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "30", "-gray", str(pdf), str(folder / pdf.stem)], check=True)
    pages = []
    for path in sorted(folder.glob(f"{pdf.stem}-*.pgm"), key=lambda p: int(p.stem.rsplit("-", 1)[1])):
        image = Image.open(path)
        width, height = image.size
        body = image.crop((0, int(height * 0.06), width, int(height * 0.92)))  # below the header, above the footer
        ink = body.point(lambda v: 255 if v < 160 else 0).getbbox()  # dark grey or darker
        pages.append((width > height, ((ink[3] if ink else 0) + int(height * 0.06)) / height, image))
    return pages


@needs_soffice
def test_libreoffice_prints_every_kind_whole(printed: dict[str, tuple[Path, Path]], tmp_path: Path) -> None:
    for kind, (docx, pdf) in printed.items():
        words, figures = unit_table(docx)
        lines = pdf_lines(pdf)
        fill = page_fill(pdf, tmp_path)

        found = whole_on_a_line(lines, figures + words)
        broken = {f: found[f] for f, n in Counter(figures + words).items() if found[f] < n}
        assert len(figures) >= 40 and broken == {}, (kind, broken)  # every figure and heading word whole
        gaps = [i + 1 for i, ((wide, share, _), (next_wide, _, _)) in enumerate(itertools.pairwise(fill))
                if wide == next_wide and share < HALF]
        assert len(fill) >= 3 and gaps == [], (kind, [round(f[1], 2) for f in fill])
        # the wide unit table on landscape pages (February's tables in mnkr are narrow: portrait)
        assert (kind == "february" or any(wide for wide, _, _ in fill)) and not fill[0][0], kind


@needs_soffice
def test_template_logo_and_styles_survive(printed: dict[str, tuple[Path, Path]], tmp_path: Path) -> None:
    import docx as python_docx

    docx, pdf = printed["template"]
    word = python_docx.Document(str(docx))
    pages = page_fill(pdf, tmp_path)

    assert word.styles["Normal"].font.name == "Times New Roman"
    assert str(word.styles["Heading 1"].font.color.rgb) == "1B5E20"
    assert [p.text for p in word.paragraphs][:2] == ["Tjänsteskrivelse", "Månadsuppföljning ekonomi, mars 2024"]
    assert word.paragraphs[-1].text == "Exempelstads kommun · Stadshuset · 123 45 Exempelstad"
    assert word.sections[0].header.paragraphs[0].text.strip() == "Socialtjänsten"
    assert any("image" in r.reltype for r in word.sections[0].header.part.rels.values())
    # The logo (dark green shield) is printed at the top left of every page, portrait or landscape.
    for _, _, image in pages:
        corner = image.crop((0, 0, image.width // 4, int(image.height * 0.1)))
        assert corner.getextrema()[0] < 120
    assert len(pages) >= 4


@needs_soffice
def test_every_picture_has_alt_text(printed: dict[str, tuple[Path, Path]]) -> None:
    for kind, (docx, _) in printed.items():
        with zipfile.ZipFile(docx) as z:
            xml = z.read("word/document.xml").decode("utf-8")
        drawings = re.findall(r"<wp:(?:inline|anchor)\b.*?</wp:(?:inline|anchor)>", xml, flags=re.DOTALL)
        alts = [re.search(r'<wp:docPr[^>]*\bdescr="([^"]*)"', d) for d in drawings if "<pic:pic" in d]

        assert len(alts) >= 3, kind
        assert all(a is not None and len(a.group(1)) > 20 for a in alts), kind
