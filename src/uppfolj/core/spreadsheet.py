"""Texts bound for spreadsheets: what a user typed must never run as a formula there.

Excel and LibreOffice take a cell that begins with `=`, `+`, `-` or `@` for a formula, and
a leading tab or carriage return can hide such a start (OWASP, "CSV Injection"). A reason typed
as `=HYPERLINK("http://x","y")` would otherwise become a live link in the committee's workbook.
This module decides which texts are at risk; the XLSX renderer stores them as text cells
marked with a quote prefix, the CSV exports put an apostrophe before them.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def starts_like_formula(text: str) -> bool:
    """Whether a spreadsheet could read the text as a formula."""
    return text.startswith(FORMULA_STARTS)


def csv_cell(text: str) -> str:
    """The text for a CSV cell: an apostrophe before a formula-like start, as OWASP advises.

    The apostrophe shows in the cell; that is the price of a CSV file, which cannot say "text".
    """
    return "'" + text if starts_like_formula(text) else text
