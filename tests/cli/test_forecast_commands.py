"""`uppfolj forecast propose|backtest` against the CONTRACT: JSON shape, coherence over the tree
and the template, stored proposals, no look-ahead, and the summary's arithmetic."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ORGANISATION = "kod;namn;overordnad;ansvar\nR;Rot;;\nA;Hemtjänst;R;1*\nB;Placeringar;R;2*\n"
# Monthly profiles (per mille of the year): salaries with summer holiday pay and December
# accruals, purchases that drift upwards, fees a little seasonal.
SALARY = [80, 78, 80, 82, 85, 110, 95, 70, 80, 80, 80, 80]
PURCHASE = [70, 72, 75, 78, 80, 82, 84, 86, 88, 90, 95, 100]
FEES = [85, 80, 85, 85, 85, 80, 75, 80, 85, 85, 85, 90]
YEARS = (2021, 2022, 2023)


def _ledger(years: tuple[int, ...], last_month: int = 12, scale: float = 1.0) -> str:
    lines = ["period;ansvar;konto;belopp"]
    for i, year in enumerate(years):
        growth = 100 + 4 * i
        for month in range(1, (last_month if year == years[-1] else 12) + 1):
            m = month - 1
            lines.append(f"{year}{month:02d};1000;5011;{int(12_000 * growth * SALARY[m] * scale) // 1000}")
            lines.append(f"{year}{month:02d};1000;3110;-{int(1_500 * growth * FEES[m] * scale) // 1000}")
            lines.append(f"{year}{month:02d};2000;4610;{int(8_000 * (growth + 3 * i) * PURCHASE[m] * scale) // 1000}")
    return "\n".join(lines) + "\n"


def _budget(years: tuple[int, ...]) -> str:
    lines = ["ar;ansvar;konto;belopp"]
    for i, year in enumerate(years):
        growth = 100 + 4 * i
        lines += [f"{year};1000;5011;{12_000 * growth}", f"{year};1000;3110;-{1_500 * growth}",
                  f"{year};2000;4610;{8_000 * growth}"]
    return "\n".join(lines) + "\n"


@pytest.fixture
def municipality(cli, write) -> Callable[..., None]:  # type: ignore[no-untyped-def]
    def load(years: tuple[int, ...] = YEARS, last_month: int = 12, scale: float = 1.0) -> None:
        for kind, text in (("organisation", ORGANISATION), ("budget", _budget(years)),
                           ("actuals", _ledger(years, last_month, scale))):
            result = cli("import", kind, write(f"{kind}.csv", text))
            assert result.code == 0, result.err
        forecasts = "ar;manad;enhet;prognos\n2022;4;A;1300000\n2022;8;B;900000\n2023;4;A;1350000\n"
        assert cli("import", "forecasts", write("forecasts.csv", forecasts)).code == 0

    return load


@pytest.fixture
def run_json(cli, tmp_path: Path) -> Callable[..., dict[str, Any]]:  # type: ignore[no-untyped-def]
    def run(*args: str) -> dict[str, Any]:
        out = tmp_path / "out.json"
        result = cli("forecast", *args, "-o", out)
        assert result.code == 0, result.err
        return json.loads(out.read_text(encoding="utf-8"))  # type: ignore[no-any-return]

    return run


def test_propose_is_coherent_over_the_tree_and_the_rows(municipality, run_json) -> None:  # type: ignore[no-untyped-def]
    from uppfolj.web.domain.trees import load_template
    from uppfolj.web.models import AuditEntry, ForecastProposal

    municipality()
    got = run_json("propose", "--year", "2023", "--month", "8")
    assert (got["year"], got["month"]) == (2023, 8)
    units = {u["code"]: u for u in got["units"]}
    assert [u["code"] for u in got["units"]] == ["R", "A", "B"]
    template = load_template()
    top = [n.code for n in template.order if n.parent is None and not n.varav]
    for unit in got["units"]:
        assert unit["low"] <= unit["forecast"] <= unit["high"]
        assert [r["code"] for r in unit["rows"]] == [n.code for n in template.order]
        rows = {r["code"]: r["forecast"] for r in unit["rows"]}
        assert round(sum(rows[c] for c in top), 2) == unit["forecast"]
    # R has no cost centres of its own: it is exactly A + B, in total and row by row.
    assert units["R"]["forecast"] == round(units["A"]["forecast"] + units["B"]["forecast"], 2)
    r_rows = {r["code"]: r["forecast"] for r in units["R"]["rows"]}
    for code, value in r_rows.items():
        children = sum(next(x["forecast"] for x in units[c]["rows"] if x["code"] == code) for c in "AB")
        assert value == round(children, 2)
    assert ForecastProposal.objects.filter(year=2023, month=8, row="").count() == 3
    assert ForecastProposal.objects.filter(year=2023, month=8).exclude(row="").count() == 3 * len(r_rows)
    again = run_json("propose", "--year", "2023", "--month", "8")
    assert again == got
    assert ForecastProposal.objects.filter(year=2023, month=8, row="").count() == 3
    assert AuditEntry.objects.filter(action="uppfolj.forecast.proposed").count() == 2


def test_a_proposal_never_reads_what_came_later(municipality, run_json, cli, write) -> None:  # type: ignore[no-untyped-def]
    municipality(last_month=4)
    before = run_json("propose", "--year", "2023", "--month", "4")
    before_backtest = run_json("backtest", "--year", "2022", "--months", "4,8")
    # Later months of 2023, a changed budget for 2024, later forecasts and volumes arrive.
    later = "\n".join(f"2023{m:02d};1000;5011;{9_000_000 * m}" for m in range(5, 13))
    assert cli("import", "actuals", write("later.csv", "period;ansvar;konto;belopp\n" + later + "\n")).code == 0
    assert cli("import", "budget", write("b24.csv", "ar;ansvar;konto;belopp\n2024;1000;5011;99000000\n")).code == 0
    assert cli("import", "forecasts", write("f.csv", "ar;manad;enhet;prognos\n2023;5;A;5\n2023;9;R;7\n")).code == 0
    assert cli("import", "statistics", write("s.csv", "ar;manad;enhet;matt;varde;rad\n2023;6;A;timmar;999;KOS-PERS\n")
               ).code == 0
    assert run_json("propose", "--year", "2023", "--month", "4") == before
    assert run_json("backtest", "--year", "2022", "--months", "4,8") == before_backtest


def test_backtest_results_and_summary(municipality, run_json) -> None:  # type: ignore[no-untyped-def]
    municipality()
    got = run_json("backtest", "--year", "2022", "--to-year", "2023", "--months", "4,8,10")
    assert got["years"] == [2022, 2023] and got["months"] == [4, 8, 10]
    methods = got["methods"]
    for name in ("budget", "run_rate", "remaining_budget", "last_year_profile", "ets", "auto", "entered"):
        assert name in methods
    per_method: dict[str, list[dict[str, Any]]] = {}
    for row in got["results"]:
        per_method.setdefault(row["method"], []).append(row)
    for name in methods:
        if name != "entered":
            assert len(per_method[name]) == 3 * 2 * 3  # units × years × months
    # Entered: F(U, M) wherever it is not null, parents included (R rolls up from A and B).
    entered = {(r["unit"], r["year"], r["month"]) for r in per_method["entered"]}
    assert ("A", 2022, 4) in entered and ("R", 2022, 4) in entered and ("B", 2022, 4) not in entered
    outcome = {(r["unit"], r["year"]): r["outcome"] for r in got["results"]}
    assert outcome[("R", 2023)] == round(outcome[("A", 2023)] + outcome[("B", 2023)], 2)
    for s in got["summary"]:
        rows = [r for r in per_method[s["method"]] if r["month"] == s["month"]]
        errors = [r["forecast"] - r["outcome"] for r in rows]
        assert s["n"] == len(rows)
        assert s["mae"] == pytest.approx(sum(abs(e) for e in errors) / len(errors), abs=0.01)
        assert s["bias"] == pytest.approx(sum(errors) / len(errors), abs=0.01)
    run_rate = next(r for r in per_method["run_rate"] if (r["unit"], r["year"], r["month"]) == ("A", 2023, 8))
    assert run_rate["forecast"] == pytest.approx(_actual_to("1000", 2023, 8) * 12 / 8, abs=0.01)


def _actual_to(cost_centre: str, year: int, month: int) -> float:
    from django.db.models import Sum

    from uppfolj.web.models import MonthlyBalance

    total = MonthlyBalance.objects.filter(cost_centre=cost_centre, year=year, month__lte=month).aggregate(s=Sum("amount"))
    return int(total["s"]) / 100


def test_a_year_without_its_outcome_cannot_be_backtested(municipality, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    municipality(last_month=6)
    result = cli("forecast", "backtest", "--year", "2023", "-o", tmp_path / "b.json")
    assert result.code == 1
    assert "utfallet för hela året behövs för att pröva prognoserna: 2023 (utfall t.o.m. månad 6)" in result.err


def test_a_month_without_its_ledger_gets_no_proposal(municipality, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    municipality(last_month=6)
    result = cli("forecast", "propose", "--year", "2023", "--month", "7", "-o", tmp_path / "p.json")
    assert result.code == 1
    assert "förslag för 2023-07 kräver utfallet för månaden; databasen har utfall t.o.m. 2023-06" in result.err
