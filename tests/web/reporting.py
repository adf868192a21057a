"""Helpers for tests that read the JSON report through the command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any


def report_json(cli: Callable[..., Any], tmp_path: Path, *args: str, year: int = 2024, month: int = 3) -> dict[str, Any]:
    """`uppfolj report --format json` for months 1..month of year, read back."""
    out = tmp_path / "report.json"
    result = cli("report", "--year", str(year), "--month", str(month), "--format", "json", "-o", out, *args)
    assert result.code == 0, result.err
    return json.loads(out.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
