"""Fixtures shared across the suite: paths to shared inputs, and the command line in-process."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uppfolj.web.settings")

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"  # fixtures copied into the repository (tests/data/README.md)
ACCEPTANCE = DATA / "acceptance"
SIE_FILES = DATA / "sie"
# The workplace's shared folder, when it stands beside the checkout: optional extra checks only.
SHARED = (REPO / ".." / "shared").resolve()


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(db: None, capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run `uppfolj ARGS...` in-process against the test database (already migrated)."""
    from uppfolj.cli.main import build_parser, execute

    def run(*argv: str | Path) -> CliResult:
        capsys.readouterr()
        args = build_parser().parse_args([str(a) for a in argv])
        code = execute(args)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write a text file (UTF-8 unless told) into the test's folder and return its path."""

    def make(name: str, text: str, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return make
