"""Helpers for tests that load files and read the results through the command line."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from django.db.models import Model


def report_json(cli: Callable[..., Any], tmp_path: Path, *args: str, year: int = 2024, month: int = 3) -> dict[str, Any]:
    """`uppfolj report --format json` for months 1..month of year, read back."""
    out = tmp_path / "report.json"
    result = cli("report", "--year", str(year), "--month", str(month), "--format", "json", "-o", out, *args)
    assert result.code == 0, result.err
    return json.loads(out.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def load_files(cli: Callable[..., Any], write: Callable[..., Path], **files: str) -> None:
    """`uppfolj import KIND KIND.csv` for each keyword, in order; each must succeed."""
    for kind, text in files.items():
        result = cli("import", kind, write(f"{kind}.csv", text))
        assert result.code == 0, result.err


def stored_rows(models: Sequence[type[Model]], *, skip: set[str]) -> dict[str, list[str]]:
    """The rows of the models (without the columns in `skip`), as sorted text per model."""
    return {
        model.__name__: sorted(
            repr({k: v for k, v in row.items() if k not in skip}) for row in model.objects.values()
        )
        for model in models
    }
