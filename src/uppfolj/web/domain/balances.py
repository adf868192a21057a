"""Questions about the monthly balances that pages ask on every request, answered through the
balances' indexes rather than by grouping the whole table (ten years of a large city: 25 M ledger
rows, 2.6 M balances; bench/RESULTS.md, "Ten years on PostgreSQL")."""

from __future__ import annotations

from uppfolj.web.models import MonthlyBalance


def last_months() -> dict[int, int]:
    """The last month with actuals of each year that has any: {year: month}.

    A skip scan: two look-ups a year through the index on (year, month, …), each one row,
    where `GROUP BY year` reads every balance (a quarter of a second a page at 2.6 M)."""
    rows = MonthlyBalance.objects
    out: dict[int, int] = {}
    year = rows.order_by("year").values_list("year", flat=True).first()
    while year is not None:
        month = rows.filter(year=year).order_by("-month").values_list("month", flat=True).first()
        if month is not None:
            out[year] = month
        year = rows.filter(year__gt=year).order_by("year").values_list("year", flat=True).first()
    return out
