"""The README is held to the code: every command, setting, check code and audit code is documented."""

from __future__ import annotations

import argparse
import ast
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
    codes |= set(re.findall(r'"(sie_[a-z_]+_(?:mismatch|unbalanced|year|quote|character))"', source))

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


def _module_dicts(tree: ast.Module) -> dict[str, list[str]]:
    """Module-level dicts whose values are all string literals: name -> the values."""
    found: dict[str, list[str]] = {}
    for node in tree.body:
        if not isinstance(node, (ast.Assign, ast.AnnAssign)) or not isinstance(node.value, ast.Dict):
            continue
        target = node.targets[0] if isinstance(node, ast.Assign) else node.target
        values = [v.value for v in node.value.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
        if isinstance(target, ast.Name) and len(values) == len(node.value.values):
            found[target.id] = values
    return found


def _audit_codes(expr: ast.expr, dicts: dict[str, list[str]]) -> list[str] | None:
    """The codes a `log_action` argument can take, or None if it is not made of literals."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return [expr.value]
    if isinstance(expr, ast.IfExp):
        body, orelse = _audit_codes(expr.body, dicts), _audit_codes(expr.orelse, dicts)
        return None if body is None or orelse is None else body + orelse
    if isinstance(expr, ast.Subscript) and isinstance(expr.value, ast.Name) and expr.value.id in dicts:
        return dicts[expr.value.id]
    return None


def audit_call_sites() -> dict[str, list[str] | None]:
    """Every `log_action(...)` call in src/: "file:line" -> the codes it can write (None: not literal)."""
    sites: dict[str, list[str] | None] = {}
    for path in sorted((REPO / "src" / "uppfolj").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        dicts = _module_dicts(tree)
        for node in ast.walk(tree):
            name = getattr(node, "func", None)
            if isinstance(node, ast.Call) and "log_action" in (getattr(name, "id", None), getattr(name, "attr", None)):
                arg = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "action"), None)
                sites[f"{path.relative_to(REPO)}:{node.lineno}"] = None if arg is None else _audit_codes(arg, dicts)
    return sites


def test_every_audit_call_writes_a_registered_literal_code() -> None:
    from uppfolj.web.audit_events import DESCRIPTIONS

    sites = audit_call_sites()

    assert len(sites) > 15
    assert [site for site, codes in sites.items() if codes is None] == []
    assert sorted({c for codes in sites.values() for c in codes or [] if c not in DESCRIPTIONS}) == []


def test_every_audit_code_is_in_the_readme_with_its_description() -> None:
    from uppfolj.web.audit_events import EVENTS

    missing = [e.code for e in EVENTS if f"| `{e.code}` | {e.description} |" not in README]

    assert len(EVENTS) > 30
    assert missing == []
