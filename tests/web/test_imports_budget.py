"""Budget imports: wide with months, wide phased (even, days, last-year), long; replace per (year, ansvar)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

MONTHS = ";".join(f"m{m:02d}" for m in range(1, 13))


def months(cost_centre: str = "1000", account: str = "5011", year: int = 2024) -> list[int]:
    """The stored budget of one key, month by month (0 where no row)."""
    from uppfolj.web.models import BudgetLine

    out = [0] * 12
    for month, amount in BudgetLine.objects.filter(
        year=year, cost_centre=cost_centre, account=account
    ).values_list("month", "amount"):
        out[month - 1] += amount
    return out


def budget(cli: Callable[..., Any], write: Callable[..., Path], text: str, *extra: str) -> str:
    result = cli("import", "budget", write("budget.csv", text), *extra)
    assert result.code == 0, result.err
    return result.out


def test_budget_wide_with_months_is_stored_as_given(cli, write) -> None:  # type: ignore[no-untyped-def]
    budget(
        cli, write, f"ar;ansvar;konto;belopp;{MONTHS}\n2024;1000;5011;78,40;10;;;;;;;;;;;68,40\n"
    )
    assert months() == [1000] + [0] * 10 + [6840]


def test_budget_wide_without_months_is_phased_evenly_with_december_remainder(cli, write) -> None:  # type: ignore[no-untyped-def]
    budget(cli, write, "ar;ansvar;konto;belopp\n2024;1000;5011;100 000\n")
    assert months() == [833_333] * 11 + [833_337]


def test_budget_even_phasing_rounds_halves_away_from_zero(cli, write) -> None:  # type: ignore[no-untyped-def]
    budget(cli, write, "ar;ansvar;konto;belopp\n2024;1000;5011;0,18\n2024;1000;3610;-0,18\n")
    assert (months(account="5011"), months(account="3610")) == ([2] * 11 + [-4], [-2] * 11 + [4])


def test_budget_month_columns_all_blank_is_phased(cli, write) -> None:  # type: ignore[no-untyped-def]
    budget(cli, write, f"ar;ansvar;konto;belopp;{MONTHS}\n2024;1000;5011;12;;;;;;;;;;;;\n")
    assert months() == [100] * 12


def test_budget_rows_with_the_same_key_are_added_before_phasing(cli, write) -> None:  # type: ignore[no-untyped-def]
    # 0,05 + 0,05 = 0,10 kr: 10/12 öre → 1 each month, December 10 − 11 = −1.
    # Phased one by one it would be 0 for eleven months and 10 in December.
    budget(cli, write, "ar;ansvar;konto;belopp\n2024;1000;5011;0,05\n2024;1000;5011;0,05\n")
    assert months() == [1] * 11 + [-1]


def test_budget_rows_with_other_dimensions_are_phased_apart(cli, write) -> None:  # type: ignore[no-untyped-def]
    from uppfolj.web.models import BudgetLine

    budget(
        cli,
        write,
        "ar;ansvar;konto;belopp;verksamhet\n2024;1000;5011;0,05;510\n2024;1000;5011;0,05;520\n",
    )
    assert sorted(BudgetLine.objects.values_list("activity", "month", "amount")) == [
        ("510", 12, 5),
        ("520", 12, 5),
    ]


def test_budget_days_phasing_follows_the_calendar(cli, write) -> None:  # type: ignore[no-untyped-def]
    budget(
        cli,
        write,
        "ar;ansvar;konto;belopp\n2024;1000;5011;366\n2023;1000;5011;365\n",
        "--phasing",
        "days",
    )
    assert months(year=2024) == [d * 100 for d in (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)]
    assert months(year=2023) == [d * 100 for d in (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)]


def test_budget_days_phasing_rounds_and_december_takes_the_rest(cli, write) -> None:  # type: ignore[no-untyped-def]
    budget(cli, write, "ar;ansvar;konto;belopp\n2023;1000;5011;1000\n", "--phasing", "days")
    # 100 000 öre × 31/365 = 8 493,15 → 8 493; × 28/365 = 7 671,23 → 7 671; × 30/365 = 8 219,18 → 8 219
    expected = [8493, 7671, 8493, 8219, 8493, 8219, 8493, 8493, 8219, 8493, 8219]
    assert months(year=2023) == [*expected, 100_000 - sum(expected)]


def test_budget_last_year_phasing_follows_last_years_actuals(cli, write) -> None:  # type: ignore[no-untyped-def]
    actuals = "period;ansvar;konto;belopp\n202307;1000;5011;100\n202308;1000;5011;300\n202308;1000;5011;-100\n"
    assert cli("import", "actuals", write("actuals.csv", actuals)).code == 0
    out = budget(
        cli, write, "ar;ansvar;konto;belopp\n2024;1000;5011;1000\n", "--phasing", "last-year"
    )
    assert months() == [0] * 6 + [33_333, 66_667] + [0] * 4
    assert "Obs:" not in out


def test_budget_last_year_phasing_falls_back_to_even_with_a_note(
    cli, write, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    import json

    actuals = "period;ansvar;konto;belopp\n202307;1000;5011;100\n202308;1000;4610;100\n202309;1000;4610;-100\n"
    assert cli("import", "actuals", write("actuals.csv", actuals)).code == 0
    out = budget(
        cli,
        write,
        "ar;ansvar;konto;belopp\n2024;1000;5011;12\n2024;1000;4610;12\n2024;2000;5011;12\n",
        "--phasing",
        "last-year",
    )
    assert months(account="5011") == [0] * 6 + [1200] + [0] * 5
    assert months(account="4610") == [100] * 12  # last year sums to zero
    assert months(cost_centre="2000") == [100] * 12  # no rows last year
    notes = [line for line in out.splitlines() if line.startswith("Obs:")]
    assert notes == [
        "Obs: budget.csv:3: ansvar 1000 konto 4610 saknar utfall 2023; budgeten periodiseras jämnt",
        "Obs: budget.csv:4: ansvar 2000 konto 5011 saknar utfall 2023; budgeten periodiseras jämnt",
    ]
    cli("import", "organisation", write("o.csv", "kod;namn;overordnad;ansvar\nR;Rot;;*\n"))
    report = tmp_path / "r.json"
    assert (
        cli("report", "--year", "2024", "--month", "1", "--format", "json", "-o", report).code == 0
    )
    checks = json.loads(report.read_text(encoding="utf-8"))["checks"]
    assert [c["code"] for c in checks] == ["phasing_fallback_even", "phasing_fallback_even"]


def test_budget_long_one_row_per_month(cli, write) -> None:  # type: ignore[no-untyped-def]
    budget(
        cli,
        write,
        "period;ansvar;konto;belopp\n202401;1000;5011;10\n202401;1000;5011;5\n202412;1000;5011;1,5\n",
    )
    assert months() == [1500] + [0] * 10 + [150]


def test_budget_replaces_each_year_and_cost_centre_in_the_file(cli, write) -> None:  # type: ignore[no-untyped-def]
    budget(
        cli,
        write,
        "ar;ansvar;konto;belopp\n2024;1000;5011;12\n2024;1000;4610;12\n2024;2000;5011;24\n"
        "2023;1000;5011;36\n",
    )
    budget(cli, write, "ar;ansvar;konto;belopp\n2024;1000;5011;120\n")
    assert months(account="5011") == [1000] * 12
    assert months(account="4610") == [0] * 12  # replaced with the rest of (2024, 1000)
    assert months(cost_centre="2000") == [200] * 12  # not in the second file
    assert months(year=2023) == [300] * 12  # another year


def test_budget_imported_twice_is_the_same_as_once(cli, write) -> None:  # type: ignore[no-untyped-def]
    from uppfolj.web.models import BudgetLine

    text = "ar;ansvar;konto;belopp\n2024;1000;5011;12\n2024;1000;5011;12\n"
    budget(cli, write, text)
    once = sorted(
        BudgetLine.objects.values_list("year", "month", "cost_centre", "account", "amount")
    )
    budget(cli, write, text)
    assert (
        sorted(BudgetLine.objects.values_list("year", "month", "cost_centre", "account", "amount"))
        == once
    )
    assert months() == [200] * 12
