"""Texts bound for spreadsheets: which ones start like a formula, and how CSV neutralises them."""

from __future__ import annotations

import pytest

from uppfolj.core.spreadsheet import csv_cell, starts_like_formula

RISKY = ["=1+2", '=HYPERLINK("http://x","y")', "+1", "-1 kr", "@SUM(A1)", "\tx", "\rx", "=", "-"]
PLAIN = ["", "Placeringar", "1 234,50", "'=1+2", " =1+2", "x=1", "Åtgärd - klar", "#N/A", "\nx"]


@pytest.mark.parametrize("text", RISKY)
def test_formula_like_starts_are_found(text: str) -> None:
    assert starts_like_formula(text) is True


@pytest.mark.parametrize("text", PLAIN)
def test_other_texts_are_not_formula_like(text: str) -> None:
    assert starts_like_formula(text) is False


def test_csv_cell_puts_an_apostrophe_before_risky_texts_only() -> None:
    assert [csv_cell(t) for t in RISKY] == ["'" + t for t in RISKY]
    assert [csv_cell(t) for t in PLAIN] == PLAIN
