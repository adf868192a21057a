"""The report's checks: unmatched cost centres and activities, unmapped accounts, personnummer."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.web.helpers import load_files

ORGANISATION = "kod;namn;overordnad;ansvar\nR;Rot;;\nA;A;R;1*\nB;B;R;2*\n"


def report_bytes(cli: Callable[..., Any], tmp_path: Path, *args: str, month: int = 3) -> bytes:
    out = tmp_path / "r.json"
    result = cli(
        "report", "--year", "2024", "--month", str(month), "--format", "json", "-o", out, *args
    )
    assert result.code == 0, result.err
    return out.read_bytes()


def checks(
    cli: Callable[..., Any], tmp_path: Path, *args: str, month: int = 3
) -> list[dict[str, Any]]:
    return json.loads(report_bytes(cli, tmp_path, *args, month=month))["checks"]  # type: ignore[no-any-return]


def test_checks_are_empty_when_everything_is_placed(cli, write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    load_files(
        cli,
        write,
        organisation=ORGANISATION,
        actuals="period;ansvar;konto;belopp\n202401;1000;5011;1\n",
    )
    assert checks(cli, tmp_path) == []


def test_checks_unmatched_cost_centre_with_its_sums(cli, write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    actuals = (
        "period;ansvar;konto;belopp\n202401;7000;5011;1\n202402;7000;4610;1,5\n202312;7000;5011;10\n"
        "202404;7000;5011;99\n202401;;5011;2\n"
    )
    load_files(
        cli,
        write,
        organisation=ORGANISATION,
        actuals=actuals,
        budget="ar;ansvar;konto;belopp\n2024;7000;5011;1200\n2024;8000;5011;12\n",
    )
    assert checks(cli, tmp_path) == [
        {
            "severity": "warning",
            "code": "unmatched_cost_centre",
            "unit": None,
            "message": "Rader utan ansvar hör inte till någon enhet: utfall 2,00 kr",
        },
        {
            "severity": "warning",
            "code": "unmatched_cost_centre",
            "unit": None,
            "message": "Ansvar 7000 hör inte till någon enhet: utfall 2,50 kr, budget 1 200,00 kr, "
            "utfall föregående år 10,00 kr",
        },
        {
            "severity": "warning",
            "code": "unmatched_cost_centre",
            "unit": None,
            "message": "Ansvar 8000 hör inte till någon enhet: utfall 0,00 kr, budget 12,00 kr",
        },
    ]


def test_checks_unmatched_cost_centres_are_of_the_whole_tree_whatever_unit(
    cli, write, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    load_files(
        cli,
        write,
        organisation=ORGANISATION,
        actuals="period;ansvar;konto;belopp\n202401;7000;5011;1\n",
    )
    assert [c["message"] for c in checks(cli, tmp_path, "--unit", "B")] == [
        "Ansvar 7000 hör inte till någon enhet: utfall 1,00 kr"
    ]


def test_checks_unmapped_account_with_its_sums(cli, write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    actuals = (
        "period;ansvar;konto;belopp\n202401;1000;8410;3\n202401;2000;8410;4\n202401;1000;2440;-1\n"
    )
    load_files(cli, write, organisation=ORGANISATION, actuals=actuals)
    got = json.loads(report_bytes(cli, tmp_path))
    assert [(c["code"], c["message"]) for c in got["checks"]] == [
        ("unmapped_account", "Konto 2440 ingår inte i någon rapportrad: utfall -1,00 kr"),
        ("unmapped_account", "Konto 8410 ingår inte i någon rapportrad: utfall 7,00 kr"),
    ]
    # Unmapped accounts are not in the units' figures (which cover the template's accounts).
    assert got["units"][0]["actual"] == 0.0


def test_checks_personnummer_in_a_ledger_text_without_repeating_it(
    cli, write, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    actuals = (
        "period;ansvar;konto;belopp;text\n202401;1000;4610;1;Placering 811218-9876 jan\n"
        "202402;1000;4610;1;Placering 811218-9876 feb\n202401;2000;4610;1;Faktura 12345\n"
    )
    result = cli("import", "actuals", write("actuals.csv", actuals))
    assert (
        result.out.splitlines()[-1]
        == "Varning: 2 rader har en text som ser ut som ett personnummer"
    )
    load_files(cli, write, organisation=ORGANISATION)
    data = report_bytes(cli, tmp_path)
    assert json.loads(data)["checks"] == [
        {
            "severity": "error",
            "code": "personal_identity_number",
            "unit": "A",
            "message": "2 verifikationsrader på ansvar 1000 har en text som ser ut som ett personnummer",
        }
    ]
    assert b"811218" not in data
    assert b"9876" not in data


def test_checks_personnummer_with_invalid_check_digit_is_not_reported(
    cli, write, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    actuals = "period;ansvar;konto;belopp;text\n202401;1000;4610;1;Placering 811218-9875\n"
    result = cli("import", "actuals", write("actuals.csv", actuals))
    assert "Varning" not in result.out
    load_files(cli, write, organisation=ORGANISATION)
    assert checks(cli, tmp_path) == []


def test_checks_personnummer_outside_the_reported_months_is_not_reported(
    cli, write, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    actuals = "period;ansvar;konto;belopp;text\n202405;1000;4610;1;811218-9876\n202201;1000;4610;1;811218-9876\n"
    load_files(cli, write, organisation=ORGANISATION, actuals=actuals)
    assert checks(cli, tmp_path) == []


def test_checks_personnummer_last_year_is_reported(cli, write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    load_files(
        cli,
        write,
        organisation=ORGANISATION,
        actuals="period;ansvar;konto;belopp;text\n202311;2000;4610;1;811218-9876\n",
    )
    assert [(c["code"], c["unit"], c["message"]) for c in checks(cli, tmp_path)] == [
        (
            "personal_identity_number",
            "B",
            "1 verifikationsrad på ansvar 2000 har en text som ser ut som ett personnummer",
        )
    ]


def test_checks_personnummer_in_a_forecast_comment(cli, write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    load_files(
        cli,
        write,
        organisation=ORGANISATION,
        forecasts="ar;manad;enhet;prognos;kommentar\n2024;2;A;10;Klient 19811218-9876 placerad\n",
    )
    data = report_bytes(cli, tmp_path)
    assert [(c["code"], c["unit"], c["message"]) for c in json.loads(data)["checks"]] == [
        (
            "forecast_at_budget",
            "B",
            "Enhet B saknar prognos för 2024 och räknas som prognos enligt budget",
        ),
        (
            "personal_identity_number",
            "A",
            "Prognoskommentaren för enhet A (02/2024) ser ut att innehålla ett personnummer",
        ),
    ]
    assert b"9876" not in data


def test_checks_unmatched_activity_with_by_activity(cli, write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    activities = "kod;namn;overordnad;verksamhet\nALL;Alla;;\n51;Äldre;ALL;51*\n"
    actuals = "period;ansvar;konto;belopp;verksamhet\n202401;1000;5011;1;510\n202401;1000;5011;2;\n"
    load_files(cli, write, organisation=ORGANISATION, activities=activities, actuals=actuals)
    assert [(c["code"], c["message"]) for c in checks(cli, tmp_path, "--by", "activity")] == [
        ("unmatched_activity", "Rader utan verksamhet hör inte till någon enhet: utfall 2,00 kr")
    ]
    assert checks(cli, tmp_path) == []
