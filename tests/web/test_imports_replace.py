"""Each import replaces what it covers: importing a file twice gives the database of importing it once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.web.helpers import report_json, stored_rows

ORGANISATION = """kod;namn;overordnad;ansvar
ROOT;Socialtjänsten;;
A;Avdelning A;ROOT;1000-1099
A1;Enhet A1;A;0110
B;Avdelning B;ROOT;2*
"""
ACTIVITIES = """kod;namn;overordnad;verksamhet
ALL;Alla verksamheter;;
51;Äldreomsorg;ALL;51*
56;Barn och unga;ALL;56*
"""
TEMPLATE = """kod;namn;overordnad;konton;varav
INT;Intäkter;;3*;
KOS;Kostnader;;4*-7*;
KOS-KOP;varav köp;KOS;46*;1
"""
ACTUALS = """period;ansvar;konto;belopp;verksamhet
202401;1000;5011;100;510
202401;2000;4610;50;560
202402;1000;3610;-25,50;510
202301;1000;5011;70;510
"""
BUDGET = """ar;ansvar;konto;belopp
2024;1000;5011;1200
2024;2000;4610;600
"""
FORECASTS = """ar;manad;enhet;prognos;kommentar
2024;1;A;1000;första
2024;2;A;1100;andra
2024;2;B;0;
"""
FILES = {
    "organisation": ORGANISATION,
    "activities": ACTIVITIES,
    "template": TEMPLATE,
    "actuals": ACTUALS,
    "budget": BUDGET,
    "forecasts": FORECASTS,
}


def table_rows() -> dict[str, list[str]]:
    """The stored facts and trees (ids, import ids and timestamps left out)."""
    from uppfolj.web import models

    return stored_rows(
        (models.OrgUnit, models.TemplateRow, models.LedgerRow, models.MonthlyBalance, models.BudgetLine,
         models.Forecast),
        skip={"id", "import_id", "created_at", "updated_at", "parent_id", "unit_id"},
    )


def report(cli: Callable[..., Any], tmp_path: Path, *args: str, year: int = 2024, month: int = 2) -> dict[str, Any]:
    return report_json(cli, tmp_path, *args, year=year, month=month)


def load(
    cli: Callable[..., Any], write: Callable[..., Path], kind: str, text: str | None = None
) -> None:
    result = cli("import", kind, write(f"{kind}.csv", FILES[kind] if text is None else text))
    assert result.code == 0, result.err


@pytest.fixture
def everything(cli, write) -> None:  # type: ignore[no-untyped-def]
    for kind in FILES:
        load(cli, write, kind)


@pytest.mark.parametrize("kind", list(FILES))
def test_import_twice_is_the_same_as_once(
    cli, write, tmp_path: Path, everything, kind: str
) -> None:  # type: ignore[no-untyped-def]
    rows, first = table_rows(), report(cli, tmp_path)
    by_activity = report(cli, tmp_path, "--by", "activity")
    load(cli, write, kind)
    assert table_rows() == rows
    assert report(cli, tmp_path) == first
    assert report(cli, tmp_path, "--by", "activity") == by_activity


def test_actuals_reimport_replaces_only_that_months_cost_centres(cli, write) -> None:  # type: ignore[no-untyped-def]
    from uppfolj.web.models import LedgerRow, MonthlyBalance

    load(cli, write, "actuals")
    load(
        cli,
        write,
        "actuals",
        "period;ansvar;konto;belopp\n202401;1000;5011;999\n202401;1000;4610;1\n",
    )
    assert sorted(
        LedgerRow.objects.values_list("year", "month", "cost_centre", "account", "amount")
    ) == [
        (2023, 1, "1000", "5011", 7000),  # another year
        (2024, 1, "1000", "4610", 100),  # the corrected month and cost centre: only the new rows
        (2024, 1, "1000", "5011", 99900),
        (2024, 1, "2000", "4610", 5000),  # same month, other cost centre: kept
        (2024, 2, "1000", "3610", -2550),  # same cost centre, other month: kept
    ]
    assert sorted(
        MonthlyBalance.objects.values_list(
            "year", "month", "cost_centre", "account", "amount", "rows"
        )
    ) == [
        (2023, 1, "1000", "5011", 7000, 1),
        (2024, 1, "1000", "4610", 100, 1),
        (2024, 1, "1000", "5011", 99900, 1),
        (2024, 1, "2000", "4610", 5000, 1),
        (2024, 2, "1000", "3610", -2550, 1),
    ]


def test_actuals_balances_sum_rows_per_month_and_dimensions(cli, write) -> None:  # type: ignore[no-untyped-def]
    from uppfolj.web.models import MonthlyBalance

    load(
        cli,
        write,
        "actuals",
        "period;ansvar;konto;belopp;verksamhet\n202401;1000;5011;1;510\n"
        "202401;1000;5011;2;510\n202401;1000;5011;4;520\n",
    )
    assert sorted(MonthlyBalance.objects.values_list("activity", "amount", "rows")) == [
        ("510", 300, 2),
        ("520", 400, 1),
    ]


def test_organisation_reimport_keeps_units_and_their_forecasts(
    cli, write, tmp_path: Path, everything
) -> None:  # type: ignore[no-untyped-def]
    from uppfolj.web.models import OrgUnit

    ids = dict(OrgUnit.objects.filter(tree="organisation").values_list("code", "id"))
    changed = (
        ORGANISATION.replace("A;Avdelning A;ROOT", "A;Avdelning A (ny);ROOT")
        + "C;Avdelning C;ROOT;3*\n"
    )
    result = cli("import", "organisation", write("organisation.csv", changed))
    assert (result.code, result.out) == (0, "organisation.csv: 5 enheter (1 nya, 0 borttagna)\n")
    after = dict(OrgUnit.objects.filter(tree="organisation").values_list("code", "id"))
    assert {c: after[c] for c in ids} == ids
    units = report(cli, tmp_path)["units"]
    assert [(u["code"], u["name"], u["forecast"]) for u in units][:2] == [
        ("ROOT", "Socialtjänsten", 1100.0),
        ("A", "Avdelning A (ny)", 1100.0),
    ]
    assert [u["code"] for u in units] == ["ROOT", "A", "A1", "B", "C"]


def test_organisation_reimport_removes_units_without_forecasts(cli, write, everything) -> None:  # type: ignore[no-untyped-def]
    from uppfolj.web.models import OrgUnit

    result = cli(
        "import",
        "organisation",
        write("organisation.csv", ORGANISATION.replace("A1;Enhet A1;A;0110\n", "")),
    )
    assert (result.code, result.out) == (0, "organisation.csv: 3 enheter (0 nya, 1 borttagna)\n")
    assert list(OrgUnit.objects.filter(tree="organisation").values_list("code", flat=True)) == [
        "ROOT",
        "A",
        "B",
    ]


def test_organisation_reimport_may_move_a_unit(cli, write, tmp_path: Path, everything) -> None:  # type: ignore[no-untyped-def]
    moved = ORGANISATION.replace("A1;Enhet A1;A;0110", "A1;Enhet A1;B;0110")
    load(cli, write, "organisation", moved)
    assert [(u["code"], u["parent"], u["level"]) for u in report(cli, tmp_path)["units"]] == [
        ("ROOT", None, 0),
        ("A", "ROOT", 1),
        ("B", "ROOT", 1),
        ("A1", "B", 2),
    ]


def test_template_import_replaces_the_default(cli, write, tmp_path: Path, everything) -> None:  # type: ignore[no-untyped-def]
    rows = report(cli, tmp_path)["rows"]
    assert [(r["code"], r["parent"], r["level"], r["varav"]) for r in rows] == [
        ("INT", None, 0, False),
        ("KOS", None, 0, False),
        ("KOS-KOP", "KOS", 1, True),
    ]
    load(cli, write, "template", "kod;namn;overordnad;konton\nALLT;Allt;;3*-7*\n")
    assert [r["code"] for r in report(cli, tmp_path)["rows"]] == ["ALLT"]


def test_default_template_is_used_before_any_import(cli, write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    load(cli, write, "organisation")
    codes = [r["code"] for r in report(cli, tmp_path)["rows"]]
    assert codes[:3] == ["INT", "INT-FSG", "INT-AVG"]
    assert "KOS-PERS" in codes


def test_forecasts_reimport_replaces_only_the_keys_in_the_file(cli, write, everything) -> None:  # type: ignore[no-untyped-def]
    from uppfolj.web.models import Forecast

    load(cli, write, "forecasts", "ar;manad;enhet;prognos\n2024;2;A;1200\n")
    assert sorted(Forecast.objects.values_list("month", "unit__code", "amount", "comment")) == [
        (1, "A", 100000, "första"),
        (2, "A", 120000, ""),
        (2, "B", 0, ""),
    ]


def test_actuals_reimport_across_many_batches_is_the_same_as_once(cli, write, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from uppfolj.web.domain import ledger
    from uppfolj.web.models import LedgerRow, MonthlyBalance

    monkeypatch.setattr(ledger, "BATCH", 2)  # scopes first seen in later batches, and seen again
    text = "period;ansvar;konto;belopp\n" + "".join(
        f"2024{m:02d};{cc};5011;{m}\n"
        for m in (1, 2, 1, 3, 2, 1)
        for cc in ("1000", "2000", "1000")
    )
    load(cli, write, "actuals", text)
    once = (
        LedgerRow.objects.count(),
        sorted(MonthlyBalance.objects.values_list("month", "cost_centre", "amount", "rows")),
    )
    load(cli, write, "actuals", text)
    assert (
        LedgerRow.objects.count(),
        sorted(MonthlyBalance.objects.values_list("month", "cost_centre", "amount", "rows")),
    ) == once
    assert once == (
        18,
        [
            (1, "1000", 600, 6),
            (1, "2000", 300, 3),
            (2, "1000", 800, 4),
            (2, "2000", 400, 2),
            (3, "1000", 600, 2),
            (3, "2000", 300, 1),
        ],
    )
