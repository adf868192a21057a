"""Forecasts per template row (CONTRACT *forecasts by row*): the net is the sum of the top-level
rows, rows without a forecast at their annual budget; the JSON rows carry the row forecasts.

The tree: R (own 9*) ─ A (1*), B (2*). Annual budgets 2024: A has INT-AVG −200 (3110),
KOS-PERS 1 000 (5011), KOS-KOP 500 (4610), so INT −200, KOS 1 500, net 1 300; B has KOS-PERS
800; R's own cost centres KOS-PERS 100. So R: INT −200, KOS 2 400, net 2 200.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ORGANISATION = "kod;namn;overordnad;ansvar\nR;Rot;;9*\nA;A;R;1*\nB;B;R;2*\n"
BUDGET = "ar;ansvar;konto;belopp\n2024;1000;3110;-200\n2024;1000;5011;1000\n2024;1000;4610;500\n" \
         "2024;2000;5011;800\n2024;9000;5011;100\n"
HEADER = "ar;manad;enhet;rad;prognos\n"


@pytest.fixture
def load(cli, write) -> Callable[..., Any]:  # type: ignore[no-untyped-def]
    def run(forecasts: str) -> Any:
        for kind, text in (("organisation", ORGANISATION), ("budget", BUDGET)):
            assert cli("import", kind, write(f"{kind}.csv", text)).code == 0
        return cli("import", "forecasts", write("forecasts.csv", HEADER + forecasts))

    return run


@pytest.fixture
def report(cli, tmp_path: Path) -> Callable[..., dict[str, Any]]:  # type: ignore[no-untyped-def]
    def run(*args: str) -> dict[str, Any]:
        out = tmp_path / "r.json"
        result = cli("report", "--year", "2024", "--month", "3", "--format", "json", "-o", out, *args)
        assert result.code == 0, result.err
        return json.loads(out.read_text(encoding="utf-8"))  # type: ignore[no-any-return]

    return run


def rows(got: dict[str, Any], field: str = "forecast") -> dict[str, Any]:
    return {r["code"]: r[field] for r in got["rows"] if r[field] is not None}


def units(got: dict[str, Any]) -> dict[str, Any]:
    return {u["code"]: u["forecast"] for u in got["units"]}


def test_row_forecasts_make_the_net_and_appear_in_the_rows(load, report) -> None:  # type: ignore[no-untyped-def]
    assert load("2024;3;A;INT;-250\n2024;3;A;KOS;1700\n2024;3;A;;\n").code == 0
    got = report("--unit", "A")
    assert units(got) == {"A": 1450.0}
    assert rows(got) == {"INT": -250.0, "KOS": 1700.0}
    assert rows(got, "forecast_variance") == {"INT": 50.0, "KOS": -200.0}
    # The root: A's rows, B at its rows' budget, R's own cost centres at budget.
    whole = report()
    assert units(whole) == {"R": 2350.0, "A": 1450.0, "B": None}
    assert rows(whole) == {"INT": -250.0, "KOS": 2600.0}


def test_a_child_row_rolls_up_with_its_siblings_at_budget(load, report) -> None:  # type: ignore[no-untyped-def]
    assert load("2024;3;A;KOS-PERS;1200\n").code == 0
    got = report("--unit", "A")
    # KOS = KOS-PERS 1 200 + KOS-KOP 500 at budget; INT at budget −200; net 1 500.
    assert rows(got) == {"INT": -200.0, "KOS": 1700.0, "KOS-PERS": 1200.0}
    assert units(got) == {"A": 1500.0}


def test_a_net_line_must_equal_its_rows(load) -> None:  # type: ignore[no-untyped-def]
    assert load("2024;3;A;INT;-250\n2024;3;A;KOS;1700\n2024;3;A;;1450\n").code == 0
    bad = load("2024;3;A;INT;-250\n2024;3;A;KOS;1700\n2024;3;A;;1400\n")
    assert bad.code == 1
    assert "forecasts.csv:4: prognos 1 400,00 kr är inte summan av radernas prognoser (1 450,00 kr" in bad.err


def test_row_problems_name_their_lines(load) -> None:  # type: ignore[no-untyped-def]
    bad = load("2024;3;A;INT;-250\n2024;3;A;INT;-260\n2024;3;A;XYZ;5\n2024;3;A;KOS;\n")
    assert bad.code == 1
    assert "forecasts.csv:3: prognosen för A rad INT 2024-03 finns redan på rad 2" in bad.err
    assert 'forecasts.csv:4: raden "XYZ" finns inte i rapportmallen' in bad.err
    assert "forecasts.csv:5: prognos saknas" in bad.err


def test_a_unit_with_only_a_net_forecast_leaves_its_parents_rows_empty(load, report) -> None:  # type: ignore[no-untyped-def]
    assert load("2024;3;A;INT;-250\n2024;3;A;KOS;1700\n2024;3;B;;900\n").code == 0
    whole = report()
    assert units(whole) == {"R": 2450.0, "A": 1450.0, "B": 900.0}
    assert rows(whole) == {}  # B's 900 cannot be split over the rows


def test_a_net_forecast_replaces_the_months_rows(load, report, cli, write) -> None:  # type: ignore[no-untyped-def]
    from uppfolj.web.models import AuditEntry, RowForecast

    assert load("2024;3;A;INT;-250\n2024;3;A;KOS;1700\n").code == 0
    assert RowForecast.objects.count() == 2
    assert AuditEntry.objects.filter(action="uppfolj.forecast.row_imported").count() == 2
    again = cli("import", "forecasts", write("again.csv", "ar;manad;enhet;prognos\n2024;3;A;1350\n"))
    assert again.code == 0
    assert RowForecast.objects.count() == 0
    got = report("--unit", "A")
    assert units(got) == {"A": 1350.0}
    assert rows(got) == {}
    assert AuditEntry.objects.filter(action="uppfolj.forecast.row_imported").count() == 4
