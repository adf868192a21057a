"""open_actuals: CSV ledger rows into LedgerRecords (öre, codes as text), errors with their line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from uppfolj.core.errors import InputError
from uppfolj.core.records import LedgerRecord
from uppfolj.ingest.ledger import open_actuals


def records(path: Path) -> list[LedgerRecord]:
    _table, stream = open_actuals(path)
    return list(stream)


def test_actuals_csv_row_becomes_a_record(write: Callable[..., Path]) -> None:
    path = write(
        "a.csv",
        "period;ansvar;konto;belopp;verksamhet;projekt;verifikation;text\n"
        "202403;0510;04610;-1 046 094,50;510;P1;V12;Köp\n",
    )
    assert records(path) == [
        LedgerRecord(2024, 3, "0510", "04610", -104609450, "510", "P1", "V12", "Köp", None, 2)
    ]


def test_actuals_csv_datum_gives_year_month_and_date(write: Callable[..., Path]) -> None:
    (record,) = records(write("a.csv", "datum;ansvar;konto;belopp\n2024-02-29;1;5011;1\n"))
    assert (record.year, record.month, record.date) == (2024, 2, dt.date(2024, 2, 29))


def test_actuals_csv_period_wins_and_datum_is_kept(write: Callable[..., Path]) -> None:
    (record,) = records(
        write("a.csv", "period;datum;ansvar;konto;belopp\n202403;2024-04-02;1;5011;1\n")
    )
    assert (record.year, record.month, record.date) == (2024, 3, dt.date(2024, 4, 2))


def test_actuals_csv_empty_period_falls_back_to_datum(write: Callable[..., Path]) -> None:
    (record,) = records(write("a.csv", "period;datum;ansvar;konto;belopp\n;2024-04-02;1;5011;1\n"))
    assert (record.year, record.month) == (2024, 4)


def test_actuals_csv_empty_period_without_datum_is_refused(write: Callable[..., Path]) -> None:
    with pytest.raises(InputError) as info:
        records(write("a.csv", "period;ansvar;konto;belopp\n;1;5011;1\n"))
    assert str(info.value) == "a.csv:2: period saknas"


def test_actuals_csv_empty_cost_centre_is_kept_empty(write: Callable[..., Path]) -> None:
    (record,) = records(write("a.csv", "period;ansvar;konto;belopp\n202401;;5011;1\n"))
    assert record.cost_centre == ""


def test_actuals_csv_long_voucher_and_text_are_cut(write: Callable[..., Path]) -> None:
    (record,) = records(
        write(
            "a.csv",
            f"period;ansvar;konto;belopp;verifikation;text\n202401;1;5011;1;{'V' * 70};{'t' * 300}\n",
        )
    )
    assert (len(record.voucher), len(record.text)) == (64, 255)


def test_actuals_csv_header_is_checked_before_reading_rows(write: Callable[..., Path]) -> None:
    with pytest.raises(InputError) as info:
        open_actuals(write("a.csv", "period;konto;belopp\n202401;5011;x\n"))
    assert str(info.value) == "a.csv:1: kolumn saknas: ansvar (rubriker: period, konto, belopp)"
