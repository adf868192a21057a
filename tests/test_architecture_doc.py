"""docs/architecture.md is held to the code: every module, file or name it puts in backticks exists."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import REPO

DOC = REPO / "docs" / "architecture.md"
SRC = REPO / "src"
CODE = re.compile(r"`([^`\n]+)`")
# Repository paths (`src/uppfolj/core/money.py`, `src/uppfolj/reports/render/`, `tests/test_layers.py`).
PATH = re.compile(r"(?:src/uppfolj|tests)(?:/[\w.-]+)*/?")
# Dotted names (`uppfolj.core.followup`, `uppfolj.reports.model.Report`, `...build_report`).
DOTTED = re.compile(r"uppfolj(?:\.\w+)+")


def module_file(parts: list[str]) -> Path | None:
    """The file of the module (or package) `parts` names under src/, if there is one."""
    base = SRC.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def dotted_exists(name: str) -> bool:
    """The longest module prefix exists and defines the rest (a class, function or constant)."""
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        found = module_file(parts[:cut])
        if found is None:
            continue
        rest = parts[cut:]
        if not rest:
            return True
        source = found.read_text(encoding="utf-8")
        first = rest[0]
        return re.search(rf"^(?:class|def)\s+{first}\b|^{first}\s*[:=]", source, re.MULTILINE) is not None and all(
            re.search(rf"\bdef\s+{attr}\b|^\s+{attr}\s*[:=]", source, re.MULTILINE) for attr in rest[1:]
        )
    return False


def named_in_doc() -> tuple[list[str], list[str]]:
    paths: list[str] = []
    dotted: list[str] = []
    for code in CODE.findall(DOC.read_text(encoding="utf-8")):
        text = code.strip().removesuffix("()")
        if PATH.fullmatch(text):
            paths.append(text)
        elif DOTTED.fullmatch(text):
            dotted.append(text)
    return paths, dotted


def test_the_doc_names_modules() -> None:
    paths, dotted = named_in_doc()

    assert len(paths) > 20
    assert len(dotted) > 30


def test_every_path_in_the_doc_exists() -> None:
    paths, _ = named_in_doc()

    missing = [p for p in paths if not (REPO / p).exists()]

    assert missing == []


def test_every_dotted_name_in_the_doc_exists() -> None:
    _, dotted = named_in_doc()

    missing = [name for name in dotted if not dotted_exists(name)]

    assert missing == []


def test_a_module_that_is_gone_is_caught() -> None:
    assert not dotted_exists("uppfolj.core.nothing_here")
    assert not dotted_exists("uppfolj.core.period.no_such_function")
    assert dotted_exists("uppfolj.core.period.compute_period")
    assert dotted_exists("uppfolj.web.apps.UppfoljConfig.ready")
