"""The column-wise actuals import writes what the row-by-row path wrote: rows, balances, flags."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import connection, transaction

from uppfolj.ingest.ledger import open_actuals
from uppfolj.web.domain import bulk
from uppfolj.web.domain.ledger import replace_actuals
from uppfolj.web.models import LedgerRow, MonthlyBalance


def _balances() -> list[tuple[Any, ...]]:
    return sorted(MonthlyBalance.objects.values_list(
        "year", "month", "cost_centre", "account", "activity", "project", "amount", "rows"))


def _rows() -> list[tuple[Any, ...]]:
    return list(LedgerRow.objects.order_by("id").values_list(
        "year", "month", "cost_centre", "account", "activity", "project", "amount", "voucher", "text", "date",
        "flagged"))


def test_a_100k_file_gives_the_balances_of_the_row_by_row_path(cli: Callable[..., Any], tmp_path: Path) -> None:
    rng = random.Random(15)
    lines = ["period;datum;ansvar;konto;belopp;verksamhet;projekt;verifikation;text"]
    for i in range(100_000):
        ore = rng.randrange(-5_000_000, 5_000_000)
        text = "pnr 19121212-1212" if i % 5000 == 0 else f"Faktura {i % 9973}"
        day = f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}" if i % 3 else ""
        period = f"2024{1 + i % 12:02d}" if i % 3 != 1 else ""
        lines.append(f"{period};{day};{1000 + i % 300:05d};{4000 + i % 200};"
                     f"{ore / 100:.2f};5{i % 3}0;{'P1' if i % 11 == 0 else ''};V{i};{text}")
    path = tmp_path / "stor.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = cli("import", "actuals", path)

    assert result.code == 0, result.err
    assert "Varning: 20 rader har en text som ser ut som ett personnummer" in result.out
    fast_rows, fast_balances = _rows(), _balances()
    with transaction.atomic():  # the same file row by row replaces every scope it wrote
        _table, records = open_actuals(path)
        replace_actuals(records, import_id=0)
    assert _rows() == fast_rows
    assert _balances() == fast_balances
    assert sum(b[-1] for b in fast_balances) == 100_000


def test_many_imports_in_one_transaction(cli: Callable[..., Any], write: Callable[..., Path]) -> None:
    """More imports than SQLite stages may stay attached within one transaction (the test's)."""
    for month in range(1, 9):
        path = write(f"m{month}.csv", f"period;ansvar;konto;belopp\n2024{month:02d};1;5011;{month}\n")
        assert cli("import", "actuals", path).code == 0
    assert sorted(MonthlyBalance.objects.values_list("month", "amount")) == [(m, m * 100) for m in range(1, 9)]


def _index_names() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [LedgerRow._meta.db_table])
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = %s",
                           [LedgerRow._meta.db_table])
        return {row[0] for row in cursor.fetchall()}


def test_the_ledger_keeps_its_indexes_through_large_small_and_refused_loads(
    cli: Callable[..., Any], write: Callable[..., Path]
) -> None:
    """PostgreSQL drops the ledger's indexes for a load larger than the table and builds them
    again (bulk.indexes_rebuilt): afterwards, and after a refused or a small load, all are there."""
    before = _index_names()
    assert {"ledger_scope", "ledger_flagged"} <= before
    first = write("jan.csv", "period;ansvar;konto;belopp\n" + "".join(f"202401;{c};5011;1\n" for c in range(50)))
    assert cli("import", "actuals", first).code == 0
    assert _index_names() == before
    bad = write("feb.csv", "period;ansvar;konto;belopp\n" + "".join(f"202402;{c};5011;1\n" for c in range(200))
                + "202402;1;5011;x\n")
    assert cli("import", "actuals", bad).code != 0
    assert _index_names() == before
    small = write("mar.csv", "period;ansvar;konto;belopp\n202403;1;5011;1\n")
    assert cli("import", "actuals", small).code == 0
    assert _index_names() == before
    assert LedgerRow.objects.filter(year=2024, month=1).count() == 50
    assert LedgerRow.objects.filter(year=2024, month=2).count() == 0


def test_rows_staged_in_two_parts_give_what_one_part_gives(
    cli: Callable[..., Any], write: Callable[..., Path], monkeypatch: Any
) -> None:
    """A large load is cut in two at a change of scope and staged at once (SQLite: two files, two
    groupings); the rows and balances are those of one part, and no balance is split."""
    rng = random.Random(7)
    lines = ["period;ansvar;konto;belopp;text"]
    for i in range(3000):
        lines.append(f"2024{rng.randrange(1, 4):02d};{rng.choice('ABC')};{rng.choice(['4010', '5011'])};"
                     f"{rng.randrange(-9999, 9999)},{rng.randrange(100):02d};rad {i}")
    path = write("tre.csv", "\n".join(lines) + "\n")
    monkeypatch.setattr("uppfolj.web.domain.ledger._PARALLEL_ROWS", 10)
    cuts: list[int] = []

    def staged(table: Any, **options: Any) -> Any:
        cuts.extend(options["cuts"])
        return bulk.staged(table, **options)

    monkeypatch.setattr("uppfolj.web.domain.ledger.staged", staged)
    assert cli("import", "actuals", path).code == 0
    assert len(cuts) == 1
    parts_rows, parts_balances = _rows(), _balances()
    monkeypatch.setattr("uppfolj.web.domain.ledger._PARALLEL_ROWS", 10**9)
    assert cli("import", "actuals", path).code == 0
    assert _rows() == parts_rows
    assert _balances() == parts_balances
    keys = [b[:6] for b in parts_balances]
    assert len(keys) == len(set(keys)) == 18
    assert sum(b[-1] for b in parts_balances) == 3000


def test_postgresql_leaves_the_statistics_of_a_much_larger_ledger_to_autovacuum(
    cli: Callable[..., Any], write: Callable[..., Path]
) -> None:
    """ANALYZE after a load as large as the ledger; none on PostgreSQL after a month a tenth of
    its size or less (autovacuum analyses it, migration 0013); always on SQLite (sampled)."""
    from django.test.utils import CaptureQueriesContext

    def analysed(path: Path) -> set[str]:
        with CaptureQueriesContext(connection) as queries:
            assert cli("import", "actuals", path).code == 0
        return {q["sql"].split()[1] for q in queries.captured_queries if q["sql"].startswith("ANALYZE ")}

    year = write("ar.csv", "period;ansvar;konto;belopp\n" + "".join(f"2024{m:02d};{c};5011;1\n"
                                                                    for m in range(1, 12) for c in range(100)))
    december = write("dec.csv", "period;ansvar;konto;belopp\n202412;1;5011;1\n")
    both = {LedgerRow._meta.db_table, MonthlyBalance._meta.db_table}
    with connection.cursor() as cursor:  # statistics of the empty tables, not of earlier tests
        for table in both:
            cursor.execute(f"ANALYZE {table}")
    assert analysed(year) >= both
    assert analysed(december).isdisjoint(both) if connection.vendor == "postgresql" else analysed(december) >= both
