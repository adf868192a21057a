"""The acceptance cases (tests/data/acceptance), loaded through the command line, must give the expected figures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ACCEPTANCE, SHARED

CASE = ACCEPTANCE / "monthly-2024-03"
# Cases of the workplace's ../shared folder that are not copied into tests/data: optional extras.
EXTRA_CASES = sorted(
    p for p in (SHARED / "acceptance").glob("*/expected.json") if not (ACCEPTANCE / p.parent.name).is_dir()
) if (SHARED / "acceptance").is_dir() else []


def load_case(cli, case: Path = CASE) -> None:  # type: ignore[no-untyped-def]
    for kind, name in (("organisation", "organisation.csv"), ("budget", "budget.csv"),
                       ("actuals", "actuals.csv"), ("forecasts", "forecasts.csv")):
        result = cli("import", kind, case / name)
        assert result.code == 0, result.err


def assert_units_match(got: dict, expected: dict) -> None:  # type: ignore[type-arg]
    by_code = {u["code"]: u for u in got["units"]}
    assert [u["code"] for u in got["units"]] == [u["code"] for u in expected["units"]]
    for unit in expected["units"]:
        mine = by_code[unit["code"]]
        for key, value in unit.items():
            if key == "consumed_pct" and value is not None:
                assert mine[key] == pytest.approx(value, abs=0.006), (unit["code"], key)
            else:
                assert mine[key] == value, (unit["code"], key)


def test_monthly_2024_03_gives_expected_json(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    load_case(cli)
    out = tmp_path / "report.json"

    result = cli("report", "--year", "2024", "--month", "3", "--format", "json", "-o", out)

    assert result.code == 0, result.err
    got = json.loads(out.read_text(encoding="utf-8"))
    expected = json.loads((CASE / "expected.json").read_text(encoding="utf-8"))
    assert (got["organisation"], got["year"], got["month"]) == ("Socialtjänsten", 2024, 3)
    assert_units_match(got, expected)
    assert got["checks"] == []
    assert [r["code"] for r in got["rows"]][:2] == ["INT", "INT-FSG"]
    # Nettokostnad equals the unit's own figures.
    assert got["net"]["actual"] == got["units"][0]["actual"]


def test_reimporting_the_case_changes_nothing(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    load_case(cli)
    first = tmp_path / "a.json"
    cli("report", "--year", "2024", "--month", "3", "--format", "json", "-o", first)
    load_case(cli)
    second = tmp_path / "b.json"
    cli("report", "--year", "2024", "--month", "3", "--format", "json", "-o", second)
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.skipif(bool(os.environ.get("UPPFOLJ_DB", "").startswith("postgres")), reason="runs on its own SQLite file")
def test_monthly_2024_03_as_real_processes(tmp_path: Path) -> None:
    env = dict(os.environ, UPPFOLJ_DB=str(tmp_path / "u.sqlite3"))
    run = [sys.executable, "-m", "uppfolj"]
    subprocess.run([*run, "init"], check=True, env=env, capture_output=True)
    for kind in ("organisation", "budget", "actuals", "forecasts"):
        subprocess.run([*run, "import", kind, str(CASE / f"{kind}.csv")], check=True, env=env, capture_output=True)
    out = tmp_path / "r.json"
    subprocess.run([*run, "report", "--year", "2024", "--month", "3", "--format", "json", "-o", str(out)],
                   check=True, env=env, capture_output=True)
    assert_units_match(json.loads(out.read_text()), json.loads((CASE / "expected.json").read_text()))


@pytest.mark.skipif(not EXTRA_CASES, reason="no acceptance case in ../shared beyond those in tests/data")
@pytest.mark.parametrize("expected", EXTRA_CASES, ids=lambda p: p.parent.name)
def test_extra_shared_cases(cli, tmp_path: Path, expected: Path) -> None:  # type: ignore[no-untyped-def]
    case = expected.parent
    load_case(cli, case)
    month = json.loads(expected.read_text(encoding="utf-8"))
    year, m = int(case.name.split("-")[1]), int(case.name.split("-")[2])
    out = tmp_path / "report.json"

    result = cli("report", "--year", str(year), "--month", str(m), "--format", "json", "-o", out)

    assert result.code == 0, result.err
    assert_units_match(json.loads(out.read_text(encoding="utf-8")), month)
