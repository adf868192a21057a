"""Writing stored actuals as SIE 4 (type 4E, CP437): one voucher per month, rows per cost centre."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from uppfolj import __version__
from uppfolj.core.errors import InputError
from uppfolj.core.money import Ore
from uppfolj.web.models import Account, DimensionObject, MonthlyBalance

# Dimension numbers written; the activity dimension is a free one, declared with #DIM.
EXPORT_DIMENSIONS: dict[str, int] = {"ansvar": 1, "projekt": 6, "verksamhet": 20}
_DIMENSION_TITLES = {"ansvar": "Ansvar", "projekt": "Projekt", "verksamhet": "Verksamhet"}
_FIELDS = {"ansvar": "cost_centre", "verksamhet": "activity", "projekt": "project"}


@dataclass
class SieExportSummary:
    path: Path
    year: int
    vouchers: int = 0
    rows: int = 0
    amount: Ore = 0  # sum of the stored rows written (before any balancing row)


def quote(text: str) -> str:
    """A SIE field in quotes, with backslash and quote escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def amount_text(ore: Ore) -> str:
    sign = "-" if ore < 0 else ""
    whole, cents = divmod(abs(ore), 100)
    return f"{sign}{whole}.{cents:02d}"


def export_sie(
    path: str | Path,
    *,
    year: int,
    balance_account: str | None = None,
    dims: Mapping[str, int] | None = None,
) -> SieExportSummary:
    """Write the stored actuals of `year` to `path` as SIE 4.

    Each month becomes one #VER dated the month's last day, with one #TRANS per cost centre,
    account, activity and project (the stored monthly balances). Stored actuals seldom balance
    (a report covers result accounts only); with `balance_account`, each voucher gets a row on
    that account that makes it balance, otherwise the vouchers are written as they are.
    Re-importing the file gives the same balances (plus the balancing account, if asked for).
    """
    target = Path(path)
    numbers = {**EXPORT_DIMENSIONS, **(dims or {})}
    summary = SieExportSummary(target, year)
    partial = target.with_name(target.name + ".part")
    try:
        # Codes must survive the round trip, so they are written strictly; names may lose a
        # character PC8 lacks (see _name).
        with partial.open("w", encoding="cp437", errors="strict", newline="\r\n") as out:
            _write_header(out, year, numbers)
            _write_vouchers(out, summary, numbers, balance_account)
    except UnicodeEncodeError as error:
        partial.unlink(missing_ok=True)
        text = error.object
        start, end = text.rfind("\n", 0, error.start) + 1, text.find("\n", error.end)
        line = text[start : end if end >= 0 else None].strip()
        raise InputError(target.name, None, f"{line} har tecken som inte finns i PC8 (CP437)") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)
    return summary


def _write_vouchers(
    out: TextIO, summary: SieExportSummary, numbers: Mapping[str, int], balance_account: str | None
) -> None:
    """One voucher per month: the stored balances arrive ordered by month."""
    month_rows: list[MonthlyBalance] = []
    for row in _balances(summary.year):
        if month_rows and month_rows[0].month != row.month:
            _write_voucher(out, summary, month_rows, numbers, balance_account)
            month_rows = []
        month_rows.append(row)
    if month_rows:
        _write_voucher(out, summary, month_rows, numbers, balance_account)


def _name(text: str) -> str:
    """A name as PC8 can hold it: characters it lacks become "?"."""
    return quote(text.encode("cp437", "replace").decode("cp437"))


def _balances(year: int) -> Iterator[MonthlyBalance]:
    """The stored monthly balances of the year in file order, streamed from the database."""
    return (
        MonthlyBalance.objects.filter(year=year)
        .exclude(amount=0)
        .order_by("month", "cost_centre", "account", "activity", "project")
        .iterator(chunk_size=5000)
    )


def _write_header(out: TextIO, year: int, numbers: Mapping[str, int]) -> None:
    today = dt.date.today().strftime("%Y%m%d")
    lines = [
        "#FLAGGA 0",
        "#FORMAT PC8",
        "#SIETYP 4",
        f"#PROGRAM {quote('uppfolj')} {quote(__version__)}",
        f"#GEN {today}",
        f"#FNAMN {quote('uppfolj')}",
        f"#RAR 0 {year}0101 {year}1231",
    ]
    used = MonthlyBalance.objects.filter(year=year)
    accounts = sorted(set(used.values_list("account", flat=True)))
    names = dict(Account.objects.filter(code__in=accounts).values_list("code", "name"))
    lines += [f"#KONTO {quote(code)} {_name(names.get(code, ''))}" for code in accounts]
    for name, number in sorted(numbers.items(), key=lambda item: item[1]):
        codes = sorted(set(used.exclude(**{_FIELDS[name]: ""}).values_list(_FIELDS[name], flat=True)))
        if not codes:
            continue
        lines.append(f"#DIM {number} {quote(_DIMENSION_TITLES[name])}")
        titles = dict(
            DimensionObject.objects.filter(dimension=name, code__in=codes).values_list("code", "name")
        )
        lines += [f"#OBJEKT {number} {quote(code)} {_name(titles.get(code, ''))}" for code in codes]
    out.write("\n".join(lines) + "\n")


def _write_voucher(
    out: TextIO,
    summary: SieExportSummary,
    rows: list[MonthlyBalance],
    numbers: Mapping[str, int],
    balance_account: str | None,
) -> None:
    month = rows[0].month
    last = calendar.monthrange(summary.year, month)[1]
    date = f"{summary.year}{month:02d}{last:02d}"
    summary.vouchers += 1
    out.write(f"#VER {quote('U')} {quote(str(month))} {date} {quote(f'Utfall {summary.year}-{month:02d}')}\n{{\n")
    total = 0
    for row in rows:
        out.write(f"#TRANS {quote(row.account)} {_objects(row, numbers)} {amount_text(row.amount)}\n")
        total += row.amount
        summary.rows += 1
    summary.amount += total
    if balance_account and total:
        out.write(f"#TRANS {quote(balance_account)} {{}} {amount_text(-total)}\n")
    out.write("}\n")


def _objects(row: MonthlyBalance, numbers: Mapping[str, int]) -> str:
    pairs = [
        f"{numbers[name]} {quote(value)}"
        for name, value in (("ansvar", row.cost_centre), ("projekt", row.project), ("verksamhet", row.activity))
        if value
    ]
    return "{" + " ".join(pairs) + "}"
