"""How wide a printed string is in a font: the DOCX renderer sizes table columns with it, so that
no amount and no heading word breaks across lines in Word or LibreOffice.

The widths come from the font file itself (Pillow reads the TrueType advance widths) where it is
installed: Arial, or Liberation Sans, which has Arial's widths glyph for glyph, and Calibri, or
Carlito, likewise. Without a font file Arial's widths from the table below are used; they are the
widest of the fonts a template is likely to use, so a column sized by them is wide enough.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

DEFAULT_FONT = "Arial"

# Font files that print a family with its widths: the family's own file first, then the free
# metric-compatible one (Debian: fonts-liberation2, fonts-crosextra-carlito).
_FILES: dict[tuple[str, bool], tuple[str, ...]] = {
    ("arial", False): ("arial.ttf", "Arial.ttf", "LiberationSans-Regular.ttf"),
    ("arial", True): ("arialbd.ttf", "Arial Bold.ttf", "LiberationSans-Bold.ttf"),
    ("liberation sans", False): ("LiberationSans-Regular.ttf",),
    ("liberation sans", True): ("LiberationSans-Bold.ttf",),
    ("calibri", False): ("calibri.ttf", "Calibri.ttf", "Carlito-Regular.ttf"),
    ("calibri", True): ("calibrib.ttf", "Calibri Bold.ttf", "Carlito-Bold.ttf"),
    ("carlito", False): ("Carlito-Regular.ttf",),
    ("carlito", True): ("Carlito-Bold.ttf",),
}

# Arial's advance widths (1/1000 em) for space … "~" and the letters and signs a report prints
# besides: the fallback when no font file is found.
_TABLE_CHARS = "".join(chr(c) for c in range(32, 127)) + "ÅÄÖåäöéÉü\u00a0–−…"
_ARIAL = (
    [278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278] + [556] * 10
    + [278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722,
       778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500,
       556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500,
       500, 500, 334, 260, 334, 584, 667, 667, 778, 556, 556, 556, 556, 667, 556, 278, 556, 584, 1000])
_ARIAL_BOLD = (
    [278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278] + [556] * 10
    + [333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722,
       778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556,
       611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556,
       556, 500, 389, 280, 389, 584, 722, 722, 778, 556, 556, 611, 556, 667, 611, 278, 556, 584, 1000])
_TABLE = {False: dict(zip(_TABLE_CHARS, _ARIAL, strict=True)), True: dict(zip(_TABLE_CHARS, _ARIAL_BOLD, strict=True))}


@lru_cache(maxsize=1)
def _system_fonts() -> dict[str, str]:
    """Installed TrueType files by file name."""
    from matplotlib import font_manager  # noqa: PLC0415 - heavy; only when measuring

    return {Path(p).name: p for p in font_manager.findSystemFonts(fontext="ttf")}


@lru_cache(maxsize=16)
def font_file(family: str, *, bold: bool = False) -> str | None:
    """The file that prints `family` (or a font with its widths), or None when none is installed."""
    files = _system_fonts()
    for name in _FILES.get((family.lower(), bold), ()):
        if name in files:
            return files[name]
    if (family.lower(), bold) in _FILES:
        return None
    from matplotlib import font_manager  # noqa: PLC0415

    try:
        return str(font_manager.findfont(font_manager.FontProperties(family=family, weight="bold" if bold else "normal"),
                                         fallback_to_default=False))
    except ValueError:
        return None


@lru_cache(maxsize=16)
def _font(path: str) -> Any:
    from PIL import ImageFont  # noqa: PLC0415

    return ImageFont.truetype(path, 1000)


@lru_cache(maxsize=4096)
def width(text: str, size: float, *, family: str = DEFAULT_FONT, bold: bool = False) -> float:
    """The width of `text` in points, set in `family` at `size` points."""
    path = font_file(family, bold=bold)
    if path is not None:
        return float(_font(path).getlength(text)) * size / 1000
    table = _TABLE[bold]
    return sum(table.get(c, 556 if not bold else 611) for c in text) * size / 1000


def measured_by(family: str) -> str:
    """Where the widths of `family` come from: a font file's name, or the built-in Arial table."""
    path = font_file(family)
    return Path(path).name if path else "Arial-tabell"


KEEP_ROWS = 15  # a table of at most this many rows …
KEEP_CHARS = 1200  # … and this much text stays on one page with its caption (DOCX and PDF)


def keeps_together(table: Any) -> bool:
    """Whether a table is short enough to keep on one page (reasons, actions): moving it whole to
    the next page leaves at most a few lines empty, where a long text table would leave half a page."""
    return len(table.rows) <= KEEP_ROWS and sum(len(c.text) for r in table.rows for c in r.cells) <= KEEP_CHARS
