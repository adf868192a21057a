"""The report's groupings read at once (uppfolj.web.domain.together): on PostgreSQL, outside a
transaction, each on a connection of its own, with the figures of the same groupings read in
turn; inside a transaction, and on SQLite, in turn on the caller's connection."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.web.helpers import load_files
from tests.web.test_month_sums import BUDGET, ORGANISATION, TEMPLATE, figures, grouping_sql, ledger
from uppfolj.web.domain import cache
from uppfolj.web.domain.period_input import load_ledger_input
from uppfolj.web.domain.together import read_together


def sessions() -> int:
    """The database's open connections (PostgreSQL), to see that none is left behind."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
        return int(cursor.fetchone()[0])


@pytest.fixture
def uncached() -> Iterator[None]:
    """Every load groups again (the cache would answer the second load from the first)."""
    enabled, cache.enabled = cache.enabled, False
    yield
    cache.enabled = enabled


@pytest.mark.django_db(transaction=True)
def test_the_groupings_read_at_once_give_the_figures_read_in_turn(
    uncached: None, cli: Callable[..., Any], write: Callable[..., Any]
) -> None:
    months = {(2023, m): 1000 + m for m in range(1, 13)} | {(2024, m): 2000 + m for m in range(1, 4)}
    load_files(cli, write, template=TEMPLATE, organisation=ORGANISATION, budget=BUDGET, actuals=ledger(months))
    before = sessions() if connection.vendor == "postgresql" else 0

    with CaptureQueriesContext(connection) as here:
        at_once = figures(load_ledger_input(2024, 3))
    with transaction.atomic(), CaptureQueriesContext(connection) as in_transaction:
        in_turn = figures(load_ledger_input(2024, 3))

    assert at_once == in_turn
    cells = at_once[0]
    # 2024's actuals of months 1-3 on the accounts of both cost centres (5010 and 8999).
    assert sum(sums.actual for _key, _account, sums in cells) == 100 * sum(3 * (2000 + m) + 3 for m in (1, 2, 3))
    # The five groupings: actual, last year, budget, and actual and budget by month.
    assert len(grouping_sql(in_transaction.captured_queries)) == 5
    if connection.vendor == "postgresql":
        assert grouping_sql(here.captured_queries) == []  # read on the pool's connections
        assert sessions() == before  # and those were closed
    else:
        assert len(grouping_sql(here.captured_queries)) == 5


@pytest.mark.django_db(transaction=True)
def test_reads_keep_their_order_and_a_failure_reaches_the_caller() -> None:
    def one() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return int(cursor.fetchone()[0])

    def two() -> int:
        return 2

    def broken() -> int:
        raise ValueError("read failed")

    assert read_together(one, two, one) == [1, 2, 1]
    with pytest.raises(ValueError, match="read failed"):
        read_together(one, broken)
