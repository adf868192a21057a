"""F(U, m) in the report: own forecast, null subtrees, children at budget, forecast_at_budget, change.

The tree: R (own 9*) ─ A (own 1*) ─ A1 (2*), A2 (3*); R ─ B (4*). Annual budgets: 9000 100 kr,
1000 200 kr, 2000 300 kr, 3000 400 kr, 4000 500 kr; so A1 300, A2 400, A 900, B 500, R 1 500.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ORGANISATION = "kod;namn;overordnad;ansvar\nR;Rot;;9*\nA;A;R;1*\nA1;A1;A;2*\nA2;A2;A;3*\nB;B;R;4*\n"
BUDGET = (
    "ar;ansvar;konto;belopp\n2024;9000;5011;100\n2024;1000;5011;200\n2024;2000;5011;300\n"
    "2024;3000;5011;400\n2024;4000;5011;500\n"
)


@pytest.fixture
def forecast_report(cli, write, tmp_path: Path) -> Callable[..., dict[str, Any]]:  # type: ignore[no-untyped-def]
    """Load the tree and budget with the given forecast rows; returns a report function."""

    def run(forecasts: str, month: int = 3, *args: str) -> dict[str, Any]:
        files = [("organisation", ORGANISATION), ("budget", BUDGET)]
        if forecasts:  # a forecasts file with no rows is refused; none is loaded instead
            files.append(("forecasts", "ar;manad;enhet;prognos\n" + forecasts))
        for kind, text in files:
            result = cli("import", kind, write(f"{kind}.csv", text))
            assert result.code == 0, result.err
        out = tmp_path / "r.json"
        assert (
            cli(
                "report",
                "--year",
                "2024",
                "--month",
                str(month),
                "--format",
                "json",
                "-o",
                out,
                *args,
            ).code
            == 0
        )
        return json.loads(out.read_text(encoding="utf-8"))  # type: ignore[no-any-return]

    return run


def forecasts_of(got: dict[str, Any], field: str = "forecast") -> dict[str, Any]:
    return {u["code"]: u[field] for u in got["units"]}


def at_budget(got: dict[str, Any]) -> list[tuple[str, str]]:
    return [(c["unit"], c["message"]) for c in got["checks"] if c["code"] == "forecast_at_budget"]


def test_forecast_is_null_everywhere_without_forecasts(forecast_report) -> None:  # type: ignore[no-untyped-def]
    got = forecast_report("")
    assert forecasts_of(got) == dict.fromkeys(("R", "A", "A1", "A2", "B"))
    assert forecasts_of(got, "forecast_variance") == dict.fromkeys(("R", "A", "A1", "A2", "B"))
    assert got["checks"] == []


def test_forecast_rolls_up_children_at_budget_plus_own_cost_centres(forecast_report) -> None:  # type: ignore[no-untyped-def]
    got = forecast_report("2024;2;A1;350\n")
    # A = 350 (A1) + 400 (A2 at budget) + 200 (own); R = 950 (A) + 500 (B at budget) + 100 (own).
    assert forecasts_of(got) == {"R": 1550.0, "A": 950.0, "A1": 350.0, "A2": None, "B": None}
    assert forecasts_of(got, "forecast_variance") == {
        "R": -50.0,
        "A": -50.0,
        "A1": -50.0,
        "A2": None,
        "B": None,
    }
    assert at_budget(got) == [
        ("B", "Enhet B saknar prognos för 2024 och räknas som prognos enligt budget"),
        ("A2", "Enhet A2 saknar prognos för 2024 och räknas som prognos enligt budget"),
    ]


def test_forecast_own_forecast_of_a_parent_wins(forecast_report) -> None:  # type: ignore[no-untyped-def]
    got = forecast_report("2024;2;A1;350\n2024;3;A;1000\n")
    assert forecasts_of(got) == {"R": 1600.0, "A": 1000.0, "A1": 350.0, "A2": None, "B": None}
    assert at_budget(got) == [
        ("B", "Enhet B saknar prognos för 2024 och räknas som prognos enligt budget")
    ]


def test_forecast_takes_the_latest_month_up_to_the_report_month(forecast_report) -> None:  # type: ignore[no-untyped-def]
    got = forecast_report("2024;1;B;800\n2024;2;B;850\n2024;4;B;999\n")
    assert forecasts_of(got)["B"] == 850.0


def test_forecast_made_after_the_report_month_is_not_seen(forecast_report) -> None:  # type: ignore[no-untyped-def]
    got = forecast_report("2024;4;B;999\n")
    assert forecasts_of(got) == dict.fromkeys(("R", "A", "A1", "A2", "B"))


def test_forecast_of_zero_is_a_real_forecast(forecast_report) -> None:  # type: ignore[no-untyped-def]
    got = forecast_report("2024;2;B;0\n")
    # A has no forecast in its subtree: it counts at its budget (900) in R.
    assert forecasts_of(got) == {"R": 1000.0, "A": None, "A1": None, "A2": None, "B": 0.0}
    assert forecasts_of(got, "forecast_variance")["B"] == 500.0


def test_forecast_at_budget_lists_each_child_once(forecast_report) -> None:  # type: ignore[no-untyped-def]
    got = forecast_report("2024;2;A1;350\n2024;2;B;500\n")
    assert [unit for unit, _ in at_budget(got)] == ["A2"]


def test_forecast_at_budget_with_unit_lists_only_children_of_reported_units(
    forecast_report,
) -> None:  # type: ignore[no-untyped-def]
    got = forecast_report("2024;2;A1;350\n", 3, "--unit", "A")
    assert [u["code"] for u in got["units"]] == ["A", "A1", "A2"]
    assert [unit for unit, _ in at_budget(got)] == ["A2"]


def test_forecast_change_compares_with_the_previous_round(forecast_report) -> None:  # type: ignore[no-untyped-def]
    got = forecast_report("2024;1;B;800\n2024;2;B;850\n2024;4;B;999\n2024;4;A;950\n", 4)
    # The previous round is February (no forecasts in March): F(B, 2) = 850; A had none then, so
    # F(R, 2) = 900 (A at budget) + 850 + 100 = 1 850 and F(R, 4) = 950 + 999 + 100 = 2 049.
    assert forecasts_of(got, "forecast_change") == {
        "R": 199.0,
        "A": None,
        "A1": None,
        "A2": None,
        "B": 149.0,
    }


def test_forecast_change_is_null_without_a_previous_round(forecast_report) -> None:  # type: ignore[no-untyped-def]
    got = forecast_report("2024;3;B;800\n")
    assert forecasts_of(got, "forecast_change") == dict.fromkeys(("R", "A", "A1", "A2", "B"))


def test_forecast_change_is_zero_when_unchanged(forecast_report) -> None:  # type: ignore[no-untyped-def]
    got = forecast_report("2024;2;B;800\n2024;3;B;800\n")
    assert forecasts_of(got, "forecast_change") == {
        "R": 0.0,
        "A": None,
        "A1": None,
        "A2": None,
        "B": 0.0,
    }
