"""The JSON report's figures: code patterns placing ledger rows, template rows with varav, --unit, --by."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.web.helpers import load_files, report_json

TEMPLATE = """kod;namn;overordnad;konton;varav
INT;Intäkter;;3*;
KOS;Kostnader;;;
KOS-PERS;Personal;KOS;50*-59*;
KOS-KOP;Köp;KOS;46*;
KOS-KOP-LSS;varav LSS;KOS-KOP;4610;1
KOS-OVR;Övrigt;KOS;40*-45*,47*-49*,6*,7*;
"""


def report(cli: Callable[..., Any], tmp_path: Path, *args: str, year: int = 2024, month: int = 3) -> dict[str, Any]:
    return report_json(cli, tmp_path, *args, year=year, month=month)


def actual_by_unit(got: dict[str, Any]) -> dict[str, float]:
    return {u["code"]: u["actual"] for u in got["units"]}


def test_report_places_rows_by_every_kind_of_code_pattern(cli, write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    organisation = (
        "kod;namn;overordnad;ansvar\nR;Rot;;\nKOD;Kod;R;5220\nINTV;Intervall;R;5100-5199\nTEXT;Text;R;A10-A20\n"
        "PREF;Prefix;R;62*\nPREFINT;Prefixintervall;R;37*-39*\nREST;Resten;R;*\n"
    )
    rows = ["5220", "5150", "05150", "51000", "A15", "A3", "6201", "62", "3800", "3999", "4000", ""]
    actuals = "period;ansvar;konto;belopp\n" + "".join(
        f"202401;{cc};5011;{i + 1}\n" for i, cc in enumerate(rows)
    )
    load_files(cli, write, template=TEMPLATE, organisation=organisation, actuals=actuals)
    got = report(cli, tmp_path)
    # KOD: 5220 (1); INTV: 5150 (2) + 05150 (3); TEXT: A15 (5); PREF: 6201 (7) + 62 (8);
    # PREFINT: 3800 (9) + 3999 (10); REST: 51000 (4), A3 (6), 4000 (11), no cost centre (12).
    assert actual_by_unit(got) == {
        "R": 78.0,
        "KOD": 1.0,
        "INTV": 5.0,
        "TEXT": 5.0,
        "PREF": 15.0,
        "PREFINT": 19.0,
        "REST": 33.0,
    }
    assert got["checks"] == []


def test_report_catch_all_on_the_root_takes_rows_nobody_else_takes(
    cli, write, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    organisation = "kod;namn;overordnad;ansvar\nR;Rot;;*\nA;A;R;1*\n"
    actuals = "period;ansvar;konto;belopp\n202401;1000;5011;1\n202401;;5011;2\n202401;9;5011;4\n"
    load_files(cli, write, template=TEMPLATE, organisation=organisation, actuals=actuals)
    assert actual_by_unit(report(cli, tmp_path)) == {"R": 7.0, "A": 1.0}


def test_report_unit_figures_follow_the_contract(cli, write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    organisation = "kod;namn;overordnad;ansvar\nR;Rot;;\nA;A;R;1*\nB;B;R;2*\n"
    budget = "ar;ansvar;konto;belopp\n2024;1000;5011;1200\n2024;1000;3610;-120\n"
    actuals = (
        "period;ansvar;konto;belopp\n202401;1000;5011;100\n202403;1000;5011;250,55\n202404;1000;5011;999\n"
        "202402;1000;3610;-7\n202312;1000;5011;5\n"
    )
    load_files(cli, write, template=TEMPLATE, organisation=organisation, budget=budget, actuals=actuals)
    got = report(cli, tmp_path)
    unit_a = got["units"][1]
    assert unit_a == {
        "code": "A",
        "name": "A",
        "parent": "R",
        "level": 1,
        "annual_budget": 1080.0,
        "period_budget": 270.0,
        "actual": 343.55,
        "variance": -73.55,
        "consumed_pct": unit_a["consumed_pct"],
        "forecast": None,
        "forecast_variance": None,
        "forecast_change": None,
        "previous_year_period_actual": None,
        "previous_year_actual": 5.0,  # no 2023 rows in Jan-Mar
    }
    assert round(unit_a["consumed_pct"], 4) == 31.8102
    assert got["units"][2]["consumed_pct"] is None  # B: no annual budget
    assert got["units"][0]["actual"] == 343.55
    assert got["net"]["actual"] == 343.55
    assert (got["organisation"], got["year"], got["month"], got["kind"], got["by"]) == (
        "Rot",
        2024,
        3,
        "monthly",
        "organisation",
    )


def test_report_varav_rows_are_shown_but_not_added_into_their_parent(
    cli, write, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    organisation = "kod;namn;overordnad;ansvar\nR;Rot;;*\n"
    actuals = (
        "period;ansvar;konto;belopp\n202401;1;4610;10\n202401;1;4620;20\n202401;1;5011;40\n"
        "202401;1;3610;-5\n"
    )
    load_files(cli, write, template=TEMPLATE, organisation=organisation, actuals=actuals)
    got = report(cli, tmp_path)
    assert [(r["code"], r["level"], r["varav"], r["actual"]) for r in got["rows"]] == [
        ("INT", 0, False, -5.0),
        ("KOS", 0, False, 70.0),
        ("KOS-PERS", 1, False, 40.0),
        ("KOS-KOP", 1, False, 30.0),
        ("KOS-KOP-LSS", 2, True, 10.0),
        ("KOS-OVR", 1, False, 0.0),
    ]
    assert got["net"]["actual"] == 65.0
    assert got["units"][0]["actual"] == 65.0


def test_report_previous_year_fields_are_null_without_any_rows_of_those_months(
    cli, write, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    organisation = "kod;namn;overordnad;ansvar\nR;Rot;;\nA;A;R;1*\nB;B;R;2*\n"
    load_files(
        cli,
        write,
        template=TEMPLATE,
        organisation=organisation,
        actuals="period;ansvar;konto;belopp\n202401;1000;5011;1\n",
    )
    unit = report(cli, tmp_path)["units"][1]
    assert (unit["previous_year_period_actual"], unit["previous_year_actual"]) == (None, None)


def test_report_previous_year_period_null_but_year_known_when_only_later_months(
    cli, write, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    organisation = "kod;namn;overordnad;ansvar\nR;Rot;;\nA;A;R;1*\nB;B;R;2*\n"
    load_files(
        cli,
        write,
        template=TEMPLATE,
        organisation=organisation,
        actuals="period;ansvar;konto;belopp\n202311;1000;5011;8\n",
    )
    units = {u["code"]: u for u in report(cli, tmp_path)["units"]}
    assert (units["A"]["previous_year_period_actual"], units["A"]["previous_year_actual"]) == (
        None,
        8.0,
    )
    assert (units["B"]["previous_year_period_actual"], units["B"]["previous_year_actual"]) == (
        None,
        0.0,
    )


def test_report_previous_year_fields_are_zero_for_a_unit_without_rows(
    cli, write, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    organisation = "kod;namn;overordnad;ansvar\nR;Rot;;\nA;A;R;1*\nB;B;R;2*\n"
    load_files(
        cli,
        write,
        template=TEMPLATE,
        organisation=organisation,
        actuals="period;ansvar;konto;belopp\n202302;1000;5011;3\n202305;1000;5011;4\n",
    )
    units = {u["code"]: u for u in report(cli, tmp_path)["units"]}
    assert (units["A"]["previous_year_period_actual"], units["A"]["previous_year_actual"]) == (
        3.0,
        7.0,
    )
    assert (units["B"]["previous_year_period_actual"], units["B"]["previous_year_actual"]) == (
        0.0,
        0.0,
    )


def test_report_unit_option_gives_its_subtree_keeping_parent_and_level(
    cli, write, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    organisation = "kod;namn;overordnad;ansvar\nR;Rot;;\nA;A;R;\nA1;A1;A;1*\nA2;A2;A;2*\nB;B;R;3*\n"
    actuals = (
        "period;ansvar;konto;belopp\n202401;1000;5011;1\n202401;2000;4610;2\n202401;3000;5011;4\n"
    )
    load_files(cli, write, template=TEMPLATE, organisation=organisation, actuals=actuals)
    got = report(cli, tmp_path, "--unit", "A")
    assert got["organisation"] == "Rot"
    assert [(u["code"], u["parent"], u["level"], u["actual"]) for u in got["units"]] == [
        ("A", "R", 1, 3.0),
        ("A1", "A", 2, 1.0),
        ("A2", "A", 2, 2.0),
    ]
    assert {r["code"]: r["actual"] for r in got["rows"]}["KOS-PERS"] == 1.0
    assert got["net"]["actual"] == 3.0


def test_report_unknown_unit_is_an_error(cli, write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    load_files(cli, write, organisation="kod;namn;overordnad;ansvar\nR;Rot;;*\n")
    result = cli(
        "report",
        "--year",
        "2024",
        "--month",
        "3",
        "--format",
        "json",
        "-o",
        tmp_path / "r.json",
        "--unit",
        "X",
    )
    assert (result.code, result.err) == (1, 'uppfolj: enheten "X" finns inte\n')


def test_report_without_organisation_is_an_error(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli(
        "report", "--year", "2024", "--month", "3", "--format", "json", "-o", tmp_path / "r.json"
    )
    assert (result.code, result.err) == (
        1,
        "uppfolj: ingen organisation är inläst (uppfolj import organisation)\n",
    )


def test_report_by_activity_groups_by_activity_code_without_forecasts(
    cli, write, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    organisation = "kod;namn;overordnad;ansvar\nR;Rot;;*\n"
    activities = "kod;namn;overordnad;verksamhet\nALL;Alla;;\n51;Äldreomsorg;ALL;51*\n56;Barn och unga;ALL;560-569\n"
    actuals = (
        "period;ansvar;konto;belopp;verksamhet\n202401;1;5011;1;510\n202401;2;5011;2;511\n"
        "202401;1;5011;4;560\n202401;1;5011;8;999\n"
    )
    budget = "ar;ansvar;konto;belopp;verksamhet\n2024;1;5011;12;510\n"
    forecasts = "ar;manad;enhet;prognos\n2024;1;R;500\n"
    load_files(
        cli,
        write,
        template=TEMPLATE,
        organisation=organisation,
        activities=activities,
        actuals=actuals,
        budget=budget,
        forecasts=forecasts,
    )
    got = report(cli, tmp_path, "--by", "activity")
    assert (got["by"], got["organisation"]) == ("activity", "Alla")
    assert [
        (
            u["code"],
            u["actual"],
            u["annual_budget"],
            u["forecast"],
            u["forecast_variance"],
            u["forecast_change"],
        )
        for u in got["units"]
    ] == [
        ("ALL", 7.0, 12.0, None, None, None),
        ("51", 3.0, 12.0, None, None, None),
        ("56", 4.0, 0.0, None, None, None),
    ]
    assert [(c["code"], c["unit"], c["message"]) for c in got["checks"]] == [
        ("unmatched_activity", None, "Verksamhet 999 hör inte till någon enhet: utfall 8,00 kr")
    ]


def test_report_by_activity_without_activities_is_an_error(cli, write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    load_files(cli, write, organisation="kod;namn;overordnad;ansvar\nR;Rot;;*\n")
    result = cli(
        "report",
        "--year",
        "2024",
        "--month",
        "3",
        "--format",
        "json",
        "-o",
        tmp_path / "r.json",
        "--by",
        "activity",
    )
    assert (result.code, result.err) == (
        1,
        "uppfolj: inget verksamhetsträd är inläst (uppfolj import activities)\n",
    )
