"""The report's groupings kept between changes (uppfolj.web.domain.month_sums): after an import of
one month only what that month changes is grouped again, and the figures are those of a report
computed from nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.web.helpers import load_files
from uppfolj.core.period import PeriodInput
from uppfolj.web.domain import cache, month_sums
from uppfolj.web.domain.period_input import load_ledger_input

TEMPLATE = "kod;namn;overordnad;konton;varav\nINT;Intäkter;;3*;\nKOS;Kostnader;;4*-7*;\n"
ORGANISATION = "kod;namn;overordnad;ansvar\nR;Rot;;\nA;A;R;100\nB;B;R;200\n"
BUDGET = "ar;manad;ansvar;konto;belopp\n" + "".join(
    f"2024;{m};{cc};5010;{m * 100 + int(cc)}\n" for m in range(1, 13) for cc in ("100", "200"))


def ledger(month_amounts: dict[tuple[int, int], int]) -> str:
    """A ledger file: each (year, month) has one row per cost centre and account 5010, plus one
    on an account no template row covers (8999)."""
    lines = ["period;ansvar;konto;belopp"]
    for (year, month), amount in month_amounts.items():
        lines += [f"{year}{month:02d};100;5010;{amount}", f"{year}{month:02d};200;5010;{amount + 1}",
                  f"{year}{month:02d};100;8999;{amount + 2}"]
    return "\n".join(lines) + "\n"


@pytest.fixture
def kept() -> Iterator[None]:
    """The cache on (as in the web) and nothing kept from another test."""
    enabled = cache.enabled
    cache.enabled = True
    cache.clear()
    month_sums.clear()
    yield
    cache.enabled = enabled
    cache.clear()
    month_sums.clear()


def figures(data: PeriodInput) -> tuple[Any, ...]:
    return (sorted((c.key, c.account, c.sums) for c in data.cells), sorted(data.monthly, key=repr),
            data.previous_period_known, data.previous_year_known)


def from_nothing(year: int, month: int) -> tuple[Any, ...]:
    cache.enabled = False
    try:
        return figures(load_ledger_input(year, month))
    finally:
        cache.enabled = True


def grouping_sql(queries: list[dict[str, str]]) -> list[str]:
    """The queries that group sums (not the prints, which count rows)."""
    return [q["sql"] for q in queries if "SUM(" in q["sql"].upper()]


def test_an_import_of_one_month_groups_that_year_again_and_keeps_the_rest(
    kept: None, cli: Callable[..., Any], write: Callable[..., Any]
) -> None:
    months = {(2023, m): 1000 + m for m in range(1, 13)} | {(2024, m): 2000 + m for m in range(1, 4)}
    load_files(cli, write, template=TEMPLATE, organisation=ORGANISATION, budget=BUDGET, actuals=ledger(months))
    first = load_ledger_input(2024, 3)
    assert figures(first) == from_nothing(2024, 3)

    load_files(cli, write, actuals=ledger({(2024, 3): 7777}))
    with CaptureQueriesContext(connection) as queries:
        again = load_ledger_input(2024, 3)
    grouped = grouping_sql(queries.captured_queries)
    assert figures(again) == from_nothing(2024, 3)
    assert figures(again) != figures(first)
    # Y's actuals (by account, and by month over the template's accounts) are grouped again;
    # last year's actuals and the budget are not.
    assert len(grouped) == 2, grouped
    assert not any("budgetline" in sql for sql in grouped)
    assert all("2023" not in sql for sql in grouped)


def test_an_import_of_a_later_month_keeps_the_months_before_it(
    kept: None, cli: Callable[..., Any], write: Callable[..., Any]
) -> None:
    load_files(cli, write, template=TEMPLATE, organisation=ORGANISATION, budget=BUDGET,
               actuals=ledger({(2024, m): 2000 + m for m in range(1, 4)}))
    load_ledger_input(2024, 2)
    load_files(cli, write, actuals=ledger({(2024, 3): 5}))
    with CaptureQueriesContext(connection) as queries:
        data = load_ledger_input(2024, 2)
    assert figures(data) == from_nothing(2024, 2)
    assert grouping_sql(queries.captured_queries) == []


def test_a_change_that_was_rolled_back_is_never_kept(
    kept: None, cli: Callable[..., Any], write: Callable[..., Any]
) -> None:
    """A rolled-back import can leave the same rows, ids and counts as the next one: the figures
    stamp it was seen under is gone, so everything kept is dropped."""
    load_files(cli, write, template=TEMPLATE, organisation=ORGANISATION, budget=BUDGET,
               actuals=ledger({(2024, m): 2000 + m for m in range(1, 4)}))
    load_ledger_input(2024, 3)
    with pytest.raises(RuntimeError), transaction.atomic():
        load_files(cli, write, actuals=ledger({(2024, 3): 11}))
        assert figures(load_ledger_input(2024, 3)) == from_nothing(2024, 3)
        raise RuntimeError("roll back")
    load_files(cli, write, actuals=ledger({(2024, 3): 22}))
    data = load_ledger_input(2024, 3)
    assert figures(data) == from_nothing(2024, 3)
    assert sum(c.sums.actual for c in data.cells) == 100 * sum(3 * amount + 3 for amount in (2001, 2002, 22))


def test_investment_rows_left_out_are_part_of_what_is_kept(
    kept: None, cli: Callable[..., Any], write: Callable[..., Any]
) -> None:
    """Registering an investment changes which rows the report leaves out; nothing grouped
    without that exclusion is served for it."""
    actuals = "period;ansvar;konto;belopp;projekt\n202401;100;5010;10;\n202401;100;1210;500;P1\n"
    load_files(cli, write, template=TEMPLATE, organisation=ORGANISATION, budget=BUDGET, actuals=actuals)
    before = load_ledger_input(2024, 1)
    assert figures(before) == from_nothing(2024, 1)
    assert any(c.account == "1210" for c in before.cells)
    load_files(cli, write, investments="ar;projekt;namn;budget\n2024;P1;Skola;1000\n")
    after = load_ledger_input(2024, 1)
    assert figures(after) == from_nothing(2024, 1)
    assert not any(c.account == "1210" for c in after.cells)
