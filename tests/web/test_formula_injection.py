"""Texts users type never come out of an export as formulas: every input path, every sheet, the audit CSV.

A reason typed as `=1+2` used to come out of the XLSX report as `<f>1+2</f>`. Here texts that
start like formulas go in through the unit page, through `uppfolj import comments|reasons|actions`
and as ledger texts through `uppfolj import actuals`; the XLSX report (command line, both writing
paths, and web download) must hold them as the typed text in string cells, and the audit log's
CSV export must put an apostrophe before every cell that starts like a formula.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook

from uppfolj.core.spreadsheet import starts_like_formula
from uppfolj.reports.render import xlsx

UNIT_URL = "/uppfoljning/2024/3/515/"
TYPED = ["=1+2", '=HYPERLINK("http://x","y")', "+1", "-1 kr", "@SUM(A1)", "\tx", "\rx", "\t=2+3"]
# Forms and files trim the whitespace around every text, so a leading tab or carriage return
# arrives without it (and `\t=2+3` as a formula-like text); tests/reports/test_xlsx_texts.py
# writes such texts to XLSX directly.
STORED = [t.strip() for t in TYPED]
# The files are named like formulas too: a file's name is the object of its import's audit row.
FILES = {"comments": "=1+2.csv", "reasons": "+1.csv", "actions": "@SUM(A1).csv", "actuals": "-1 kr.csv"}


def _csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _type_everything(clients: dict[str, Any], cli: Callable[..., Any], tmp_path: Path) -> None:
    """The texts through the unit page (515), the text imports (516) and a ledger import (cost centre 5155)."""
    form = {"version": "0", "orsak-antal": str(len(TYPED)), "atgard-antal": str(len(TYPED)), "atgard": "utkast",
            "prognos": "150 000", "text_Utfall": TYPED[0], "text_Analys": TYPED[1], "text_Åtgärd": TYPED[2]}
    for i, text in enumerate(TYPED):
        form |= {f"orsak-{i}-text": text, f"orsak-{i}-belopp": "-100", f"atgard-{i}-text": text,
                 f"atgard-{i}-ansvarig": text, f"atgard-{i}-tidplan": text, f"atgard-{i}-uppfoljning": text,
                 f"atgard-{i}-status": "pågår"}
    assert clients["holder"].post(UNIT_URL, form).status_code == 302

    files = {
        "comments": (["ar", "manad", "enhet", "rubrik", "text"], [["2024", "3", "516", "Analys", t] for t in TYPED]),
        "reasons": (["ar", "manad", "enhet", "text", "belopp"], [["2024", "3", "516", t, "-100000"] for t in TYPED]),
        "actions": (["ar", "manad", "enhet", "text", "ansvarig", "tidplan", "status", "uppfoljning"],
                    [["2024", "3", "516", t, t, t, "pågår", t] for t in TYPED]),
        "actuals": (["period", "ansvar", "konto", "belopp", "verifikation", "text"],
                    [["202403", "5155", "5011", "-1", t, t] for t in TYPED]),
    }
    for kind, (header, rows) in files.items():
        result = cli("import", kind, _csv(tmp_path / FILES[kind], header, rows))
        assert result.code == 0, result.err


def _column(sheet: Any, title: str) -> list[Any]:
    """The cells under a header of row 2, down to the last row."""
    index = next(c.column for c in sheet[2] if c.value == title)
    return [sheet.cell(r, index) for r in range(3, sheet.max_row + 1)]


def _check_workbook(data: bytes) -> None:
    book = zipfile.ZipFile(io.BytesIO(data))
    sheets = [n for n in book.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)]
    assert sheets
    assert [n for n in sheets if re.search(rb"<f[ >]", book.read(n))] == []

    workbook = load_workbook(io.BytesIO(data))
    typed_cells = {
        "Orsaker 515": _column(workbook["Orsaker 515"], "Orsak till prognosavvikelse")[: len(TYPED)],
        "Orsaker 516": _column(workbook["Orsaker 516"], "Orsak till prognosavvikelse")[: len(TYPED)],
        **{f"Åtgärder {unit} {title}": _column(workbook[f"Åtgärder {unit}"], title)
           for unit in ("515", "516") for title in ("Åtgärd", "Tidplan", "Ansvarig", "Uppföljning")},
    }
    ledger = workbook["Verifikationer"]
    mine = [i for i, c in enumerate(_column(ledger, "Ansvar")) if c.value == "5155"]
    typed_cells["Verifikationer Text"] = [_column(ledger, "Text")[i] for i in mine]
    typed_cells["Verifikationer Verifikation"] = [_column(ledger, "Verifikation")[i] for i in mine]
    for where, cells in typed_cells.items():
        values = [c.value for c in cells]
        assert sorted(values) == sorted(STORED), where
        assert {(c.value, c.data_type, c.quotePrefix) for c in cells} == {
            (t, "s", starts_like_formula(t)) for t in STORED}, where
    amounts = _column(ledger, "Belopp, kr")
    assert {(amounts[i].value, amounts[i].data_type) for i in mine} == {(-1, "n")}


@pytest.mark.parametrize("fast_rows", [xlsx.FAST_ROWS, 100], ids=["openpyxl", "fast-xml"])
def test_typed_texts_leave_the_xlsx_report_as_text(clients: dict[str, Any], cli: Callable[..., Any], tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch, fast_rows: int) -> None:
    monkeypatch.setattr(xlsx, "FAST_ROWS", fast_rows)  # 100: the ledger sheet goes the direct XML way
    _type_everything(clients, cli, tmp_path)
    out = tmp_path / "rapport.xlsx"

    result = cli("report", "--year", "2024", "--month", "3", "--format", "xlsx", "--ledger", "-o", out)

    assert result.code == 0, result.err
    _check_workbook(out.read_bytes())


def test_typed_texts_leave_the_web_download_as_text(clients: dict[str, Any], cli: Callable[..., Any],
                                                    tmp_path: Path) -> None:
    _type_everything(clients, cli, tmp_path)

    response = clients["controller"].get("/rapport/2024/3.xlsx?verifikationer=1")

    assert response.status_code == 200
    _check_workbook(response.content)


def test_audit_csv_cells_never_start_like_a_formula(clients: dict[str, Any], cli: Callable[..., Any],
                                                    tmp_path: Path) -> None:
    _type_everything(clients, cli, tmp_path)
    get_user_model().objects.create_user("+46701234567")  # a user name may start with + - or @

    response = clients["controller"].get("/logg/?format=csv")

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert [c for row in body for c in row if starts_like_formula(c)] == []
    cells = [dict(zip(header, row, strict=True)) for row in body]
    newest: dict[str, str] = {}
    for c in cells:
        newest.setdefault(c["händelse"], c["objekt"])
    assert newest["uppfolj.import.comments"] == "'=1+2.csv"
    assert newest["uppfolj.import.reasons"] == "'+1.csv"
    assert newest["uppfolj.import.actions"] == "'@SUM(A1).csv"
    assert newest["uppfolj.import.actuals"] == "'-1 kr.csv"
    assert newest["uppfolj.user.created"] == "'+46701234567"
    # Texts inside the raw JSON start no cell, and come back exactly as stored.
    new = {c["händelse"]: json.loads(c["nytt värde"]) for c in cells if c["objekt"] in ("2024-03/515", "2024-03/516")}
    assert [r["text"] for r in new["uppfolj.reasons.saved"]["reasons"]] == STORED
    assert [a["follow_up"] for a in new["uppfolj.actions.saved"]] == STORED
    assert new["uppfolj.texts.saved"] == {"Utfall": STORED[0], "Analys": STORED[1], "Åtgärd": STORED[2]}
    assert [r["text"] for r in new["uppfolj.reasons.imported"]] == STORED
    assert [t["text"] for t in new["uppfolj.texts.imported"]] == STORED
