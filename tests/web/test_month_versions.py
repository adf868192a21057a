"""The month's result kept between requests: a save is shown at once while what the ledger decides
is kept; an import of the ledger is shown at once; the month's writers do not wait for each other."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError, connection, connections, transaction
from django.utils import timezone

from uppfolj.core.period import compute_period, ledger_part
from uppfolj.web.domain import cache, periods
from uppfolj.web.domain.period import period_result, unit_result
from uppfolj.web.domain.period_input import load_period_input, period_info
from uppfolj.web.models import Period

URL = "/uppfoljning/2024/3/515/"
DRAFT = {"version": "0", "orsak-antal": "0", "atgard-antal": "0", "atgard": "utkast", "prognos": "60 000"}


def test_a_save_is_shown_at_once_and_keeps_the_ledgers_version(clients: dict[str, Any]) -> None:
    before = period_result(2024, 3)
    ledger_version, data_version = cache.figures_stamp(), cache.data_stamp()

    assert clients["holder"].post(URL, DRAFT).status_code == 302

    after = period_result(2024, 3)
    assert cache.figures_stamp() == ledger_version
    assert cache.data_stamp() != data_version
    assert after.unit("515").figures.forecast == 6_000_000_000
    assert after.unit("515").figures.forecast != before.unit("515").figures.forecast
    parent = after.unit("515").line.parent
    assert parent is not None
    assert after.unit(parent).figures.forecast != before.unit(parent).figures.forecast
    # The same result as one computed from nothing.
    assert after == compute_period(load_period_input(2024, 3, today=timezone.localdate()))


def test_an_import_of_the_ledger_is_shown_at_once(clients: dict[str, Any], tmp_path: Path) -> None:
    from tests.web.conftest import CASE
    from uppfolj.cli.main import build_parser, execute

    before = period_result(2024, 3).unit("515").figures.actual
    ledger_version = cache.figures_stamp()
    rows = (CASE / "actuals.csv").read_text(encoding="utf-8").splitlines()
    extra = tmp_path / "actuals.csv"
    extra.write_text("\n".join([*rows, "202403;5150;5011;1000;Sent bokförd"]) + "\n", encoding="utf-8")

    assert execute(build_parser().parse_args(["import", "actuals", str(extra)])) == 0

    assert cache.figures_stamp() != ledger_version
    assert period_result(2024, 3).unit("515").figures.actual == before + 100_000


def test_a_kept_ledger_part_gives_the_result_computed_from_nothing(org: None) -> None:
    data = load_period_input(2024, 3)
    part = ledger_part(data)
    data.forecasts = [*data.forecasts][:-1]  # the month's work changed; the ledger did not

    assert compute_period(data, part) == compute_period(data)


def test_the_ledgers_version_is_found_through_its_index(org: None) -> None:
    # A year of saves lies above the newest import: reading them backwards on every request
    # is what the partial index avoids.
    with connection.cursor() as cursor:
        cursor.execute(("EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ") + cache._FIGURES_SQL)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "audit_figures_version" in plan


@pytest.mark.django_db(transaction=True)
def test_writers_of_the_month_do_not_wait_for_each_other_but_a_lock_waits_for_them() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite writes one transaction at a time: the row locks are PostgreSQL's")
    from django.contrib.auth import get_user_model

    from uppfolj.web.domain.users import create_demo_users

    create_demo_users()
    controller = get_user_model().objects.get(username="ekonom")
    Period.objects.create(year=2024, month=3, state="open")
    holding, release = threading.Event(), threading.Event()
    seen: dict[str, Any] = {}

    def writer() -> None:
        try:
            with transaction.atomic():
                period_info(2024, 3, hold=True)  # a save of one unit, in progress
                holding.set()
                release.wait(10)
        finally:
            connections.close_all()

    def other_writer() -> None:
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '2s'")
                seen["other"] = period_info(2024, 3, hold=True).state  # does not wait for the first
        finally:
            connections.close_all()

    def locker() -> None:
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '500ms'")
                try:
                    periods.lock_period(2024, 3, user=controller)
                    seen["lock"] = "locked"
                except OperationalError:  # the lock timeout: it waited for the save in progress
                    seen["lock"] = "waited"
        finally:
            connections.close_all()

    first = threading.Thread(target=writer)
    first.start()
    assert holding.wait(10)
    for target in (other_writer, locker):
        thread = threading.Thread(target=target)
        thread.start()
        thread.join(10)
    release.set()
    first.join(10)

    assert seen == {"other": "open", "lock": "waited"}
    assert Period.objects.get(year=2024, month=3).state == "open"


def test_a_units_page_shows_what_the_whole_month_shows(clients: dict[str, Any]) -> None:
    # The page computes the unit's subtree only; every unit, leaf or department, and the
    # forecast rounds behind "change since last forecast", must come out as in the whole.
    assert clients["holder"].post(URL, DRAFT).status_code == 302
    whole = period_result(2024, 3)

    for unit in whole.units:
        part = unit_result(2024, 3, unit.code)
        assert [u.code for u in part.units] == [u.code for u in whole.subtree(unit.code)]
        assert part.unit(unit.code) == unit
        assert part.forecast_rounds == whole.forecast_rounds
