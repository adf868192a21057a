"""XLSX input read by python-calamine: the cells openpyxl gave, the rows and messages as before."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from uppfolj.core.errors import InputError
from uppfolj.ingest.ledger import read_actuals
from uppfolj.ingest.tables import read_table


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Utfall"
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _openpyxl_cells(path: Path) -> list[tuple[int, list[object]]]:
    """What the openpyxl reader made of each non-blank row (line, cells in order)."""
    sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
    out = []
    for index, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if index == 1 or all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        cells = [str(v.date()) if isinstance(v, dt.datetime) else v for v in values]
        out.append((index, cells))
    return out


def test_cells_are_those_openpyxl_gave(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "a.xlsx", [
        ["Period", "Ansvar", "Konto", "Belopp", "Text", "Datum"],
        [202401, "0510", 4610, -1046094.5, "Köp", dt.date(2024, 1, 5)],
        [None, None, None, None, None, None],
        ["202402", "1", 5011, 12, True, dt.datetime(2024, 2, 1, 10, 0)],
        [None, None, 7, None, "  ", None],
    ])
    table = read_table(path)
    assert table.name == "a.xlsx[Utfall]"
    assert table.headers == ["period", "ansvar", "konto", "belopp", "text", "datum"]
    got = [(row.line, list(row.cells.values())) for row in table.rows]
    assert got == _openpyxl_cells(path)


def test_actuals_from_xlsx_with_the_sheet_row_in_messages(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "u.xlsx", [
        ["period", "ansvar", "konto", "belopp"],
        [202401, "0510", 4610, 10.5],
        [202401, "0510", 4610, "12x3"],
    ])
    with pytest.raises(InputError) as info:
        read_actuals(path)
    assert str(info.value) == 'u.xlsx[Utfall]:3: belopp "12x3" är inte ett tal'
    path = _workbook(tmp_path / "v.xlsx", [["period", "ansvar", "konto", "belopp"], [202401, "0510", 4610, 10.5]])
    name, rows = read_actuals(path)
    assert (name, rows.column("amount").to_pylist(), rows.column("account").to_pylist()) == (
        "v.xlsx[Utfall]", [1050], ["4610"])
