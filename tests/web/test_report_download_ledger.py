"""The committee's workbook from the web goes without the ledger rows; `?verifikationer=1` adds them."""

from __future__ import annotations

import io
from typing import Any


def test_web_download_has_the_ledger_only_on_request(clients: dict[str, Any]) -> None:
    from openpyxl import load_workbook

    plain = clients["controller"].get("/rapport/2024/3.xlsx")
    asked = clients["controller"].get("/rapport/2024/3.xlsx?verifikationer=1")
    assert plain.status_code == asked.status_code == 200
    assert "Verifikationer" not in load_workbook(io.BytesIO(plain.content)).sheetnames
    assert load_workbook(io.BytesIO(asked.content))["Verifikationer"].max_row == 2 + 331
    page = clients["controller"].get("/uppfoljning/2024/3/").content.decode()
    assert "/rapport/2024/3.xlsx?verifikationer=1" in page
