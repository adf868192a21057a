"""The README is held to the code: every command, setting and check code is documented."""

from __future__ import annotations

import argparse
import re

from django.core.management import call_command

from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def _commands(parser: argparse.ArgumentParser, prefix: str = "uppfolj") -> list[str]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.append(f"{prefix} {name}")
                found.extend(_commands(sub, f"{prefix} {name}"))
    return found


def test_every_command_is_in_the_readme() -> None:
    from uppfolj.cli.main import build_parser

    commands = [c for c in _commands(build_parser()) if c.count(" ") >= 1]
    leaves = [c for c in commands if not any(o.startswith(c + " ") for o in commands)]

    missing = [c for c in leaves if c not in README]

    assert missing == []


def test_every_check_code_is_in_the_readme() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "src" / "uppfolj").rglob("*.py"))
    codes = set(re.findall(r'Check\(\s*Severity\.(?:WARNING|ERROR),\s*"([a-z_]+)"', source))
    codes |= set(re.findall(r'"(sie_[a-z_]+_(?:mismatch|unbalanced|year))"', source))

    missing = sorted(c for c in codes if f"`{c}`" not in README)

    assert len(codes) > 10
    assert missing == []


def test_every_setting_is_in_the_readme() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "src" / "uppfolj").rglob("*.py"))
    settings = set(re.findall(r'"(UPPFOLJ_[A-Z_]+)"', source))

    missing = sorted(s for s in settings if f"`{s}`" not in README)

    assert missing == []


def test_migrations_match_the_models(db: None) -> None:
    call_command("makemigrations", "uppfolj", "--check", "--dry-run", verbosity=0)
