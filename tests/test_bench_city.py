"""bench/bench_city.py at a small size: its generated ledger is what the importer reads, and the
drill-down's index (migration 0013_large_ledger) is on PostgreSQL only."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import connection
from django.db.models import Count, Sum

from tests.conftest import REPO
from uppfolj.core.followup import row_matchers
from uppfolj.ingest.trees import read_template
from uppfolj.web.models import LedgerRow

sys.path.insert(0, str(REPO / "bench"))
import bench_city  # bench/ is not a package: found through sys.path

CENTRES = [f"0{1000 + i}" for i in range(300)]


def test_the_chart_has_400_accounts_all_placed_by_the_default_template() -> None:
    accounts = bench_city.chart()
    template, _ = read_template(REPO / "src" / "uppfolj" / "data" / "default-template.csv")
    covers, _ = row_matchers(template)

    assert len(set(accounts)) == 400
    assert [a for a in accounts if covers.owner(a) is None] == []


def test_a_generated_month_imports_with_its_amounts_in_ore(cli: Callable[..., Any], tmp_path: Path) -> None:
    city = bench_city.City(CENTRES, bench_city.chart())
    table = city.month(2024, 12, 3_000, 1)
    path = tmp_path / "utfall.csv"
    bench_city.actuals_file(table, path)

    result = cli("import", "actuals", path)

    assert result.code == 0, result.err
    stored = LedgerRow.objects.aggregate(n=Count("id"), total=Sum("amount"))
    assert stored["n"] == 3_000
    assert stored["total"] == sum(table["amount"].to_pylist())
    by_row = sorted(LedgerRow.objects.values_list("voucher", "text", "amount"))
    assert by_row == sorted(zip(table["voucher"].to_pylist(), table["text"].to_pylist(), table["amount"].to_pylist(),
                                strict=True))


def test_the_months_differ_and_are_the_same_each_run() -> None:
    city = bench_city.City(CENTRES, bench_city.chart())

    one, again, other = city.month(2020, 3, 500, 0), city.month(2020, 3, 500, 0), city.month(2020, 4, 500, 0)

    assert one.equals(again)
    assert not one.equals(other)
    assert set(one["cost_centre"].to_pylist()) <= set(CENTRES)


def test_the_drill_down_index_is_on_postgresql_only(db: None) -> None:
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, LedgerRow._meta.db_table)

    if connection.vendor == "postgresql":
        assert indexes["ledger_account"]["columns"] == ["year", "account", "cost_centre", "month"]
    else:
        assert "ledger_account" not in indexes


def test_the_ledger_is_vacuumed_after_about_every_months_load_on_postgresql(db: None) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = %s", [LedgerRow._meta.db_table])
        (options,) = cursor.fetchone()

    assert "autovacuum_vacuum_scale_factor=0.01" in options
    assert "autovacuum_vacuum_insert_scale_factor=0.01" in options
