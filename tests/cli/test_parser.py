"""The options are parsed once, before Django: `--help` needs no database, `--db` goes anywhere."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from uppfolj.cli.common import resolve
from uppfolj.cli.main import main
from uppfolj.cli.parser import build_parser

REPORT = ["report", "--year", "2024", "--month", "3", "-o", "-"]


def leaf_parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        return [parser]
    return [leaf for sub in subs for child in sub.choices.values() for leaf in leaf_parsers(child)]


def test_building_the_parser_imports_no_django() -> None:
    code = ("import sys; from uppfolj.cli.parser import build_parser; build_parser(); "
            "print(sorted({m.split('.')[0] for m in sys.modules if m.startswith('django')} "
            "| {m for m in sys.modules if m.startswith('uppfolj.web')}))")

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("argv", [["--help"], ["report", "--help"], ["import", "sie", "--help"], ["--version"]])
def test_help_needs_no_database(tmp_path: Path, argv: list[str]) -> None:
    # A settings module that does not exist and a database in a missing folder: neither is touched.
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="finns.inte", UPPFOLJ_DB=str(tmp_path / "saknas" / "x.sqlite3"))

    result = subprocess.run([sys.executable, "-m", "uppfolj", *argv], cwd=tmp_path, env=env,
                            capture_output=True, text=True, check=False)

    assert result.returncode == 0, result.stderr
    assert "uppfolj" in result.stdout
    assert list(tmp_path.iterdir()) == []


def test_db_is_read_before_or_after_the_subcommand() -> None:
    parser = build_parser()

    before = parser.parse_args(["--db", "a.sqlite3", *REPORT])
    after = parser.parse_args([*REPORT, "--db", "b.sqlite3"])
    neither = parser.parse_args(REPORT)

    assert (before.db, after.db, neither.db) == ("a.sqlite3", "b.sqlite3", None)


def test_every_command_names_a_handler_that_exists() -> None:
    targets = {leaf.get_default("handler") for leaf in leaf_parsers(build_parser())}

    assert None not in targets
    assert all(callable(resolve(target)) for target in targets)


def test_only_init_backup_and_restore_skip_the_schema_check() -> None:
    # init migrates itself; a backup copies the database as it is; a restore must find a fresh
    # database still empty, and migrates what it restored.
    skipping = [leaf.prog for leaf in leaf_parsers(build_parser()) if not leaf.get_default("check_schema")]

    assert skipping == ["uppfolj init", "uppfolj backup", "uppfolj restore"]


def test_main_answers_help_before_configuring_django(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["report", "--help"])

    assert exited.value.code == 0
    assert "--year" in capsys.readouterr().out
