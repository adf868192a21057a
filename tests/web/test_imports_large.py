"""Imports larger than one write batch keep every row, their balances and atomicity."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db.models import Sum

from uppfolj.web.domain.ledger import BATCH
from uppfolj.web.models import LedgerRow, MonthlyBalance

ROWS = 2 * BATCH + 5_000


def _ledger_csv(path: Path, *, bad_line: int | None = None, months: range = range(1, 13)) -> int:
    """Write ROWS ledger rows over 40 cost centres; return their total in öre."""
    total = 0
    lines = ["period;ansvar;konto;belopp;text"]
    for i in range(ROWS):
        ore = (i % 997) * 100 + i % 100
        total += ore
        amount = f"{ore // 100},{ore % 100:02d}"
        if bad_line is not None and len(lines) + 1 == bad_line:
            amount = "12x3"
        lines.append(f"2024{months[i % len(months)]:02d};{5100 + i % 40};4610;{amount};Rad {i}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return total


def test_import_over_several_batches_stores_every_row_and_balance(cli: Callable[..., Any], tmp_path: Path) -> None:
    path = tmp_path / "stor.csv"
    total = _ledger_csv(path)

    result = cli("import", "actuals", path)

    assert result.code == 0, result.err
    assert LedgerRow.objects.count() == ROWS
    assert LedgerRow.objects.aggregate(s=Sum("amount"))["s"] == total
    assert MonthlyBalance.objects.aggregate(s=Sum("amount"))["s"] == total
    assert MonthlyBalance.objects.aggregate(s=Sum("rows"))["s"] == ROWS


def test_import_over_several_batches_twice_is_the_same_as_once(cli: Callable[..., Any], tmp_path: Path) -> None:
    path = tmp_path / "stor.csv"
    total = _ledger_csv(path)
    cli("import", "actuals", path)

    result = cli("import", "actuals", path)

    assert result.code == 0, result.err
    assert LedgerRow.objects.count() == ROWS
    assert MonthlyBalance.objects.aggregate(s=Sum("amount"))["s"] == total


def test_bad_row_after_the_first_batches_changes_nothing(cli: Callable[..., Any], tmp_path: Path) -> None:
    good = tmp_path / "forsta.csv"
    total = _ledger_csv(good, months=range(1, 4))
    assert cli("import", "actuals", good).code == 0
    bad = tmp_path / "fel.csv"
    bad_line = 2 * BATCH + 10
    _ledger_csv(bad, bad_line=bad_line)

    result = cli("import", "actuals", bad)

    assert (result.code, result.err) == (1, f'fel.csv:{bad_line}: belopp "12x3" är inte ett tal\n')
    assert LedgerRow.objects.count() == ROWS
    assert LedgerRow.objects.aggregate(s=Sum("amount"))["s"] == total
    assert set(MonthlyBalance.objects.values_list("month", flat=True)) == {1, 2, 3}
