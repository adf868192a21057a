"""Organisation, activity and template files → validated trees."""

from __future__ import annotations

import os

from uppfolj.core.errors import Problems
from uppfolj.core.tree import NodeSpec, Tree, TreeError, build_tree
from uppfolj.ingest.tables import read_table

_VARAV_TRUE = {"1", "ja", "j", "x", "true", "sant"}
_VARAV_FALSE = {"", "0", "nej", "n", "false", "falskt"}


def read_unit_tree(path: str | os.PathLike[str], *, pattern_column: str) -> tuple[Tree, list[NodeSpec]]:
    """An organisation file (`ansvar`) or activities file (`verksamhet`).

    The rows' own problems and the tree's are raised together (see `build_tree`).
    """
    table = read_table(path)
    table.require("kod", "namn", "overordnad")
    specs = [
        NodeSpec(row.text("kod"), row.text("namn"), row.text("overordnad"), row.text(pattern_column), line=row.line)
        for row in table.rows
    ]
    for spec in specs:
        if not spec.name:
            table.problems.add(spec.line, "namn saknas")
    return _build(table.problems, specs, single_root=True, what="enhet"), specs


def read_template(path: str | os.PathLike[str]) -> tuple[Tree, list[NodeSpec]]:
    """A report template file: kod, namn, overordnad, konton, varav.

    A row with an unreadable `varav` is still checked as a tree row (as not `varav`), so that
    its other problems are found in the same pass.
    """
    table = read_table(path)
    table.require("kod", "namn", "overordnad")
    problems = table.problems
    specs = []
    for row in table.rows:
        flag = row.text("varav").lower()
        if flag not in _VARAV_TRUE | _VARAV_FALSE:
            problems.add(row.line, f'varav "{flag}" ska vara 1 eller tomt')
        specs.append(
            NodeSpec(row.text("kod"), row.text("namn"), row.text("overordnad"), row.text("konton"), flag in _VARAV_TRUE, row.line)
        )
    for spec in specs:
        if spec.varav and not spec.parent:
            problems.add(spec.line, f'varav-raden "{spec.code}" måste ha en överordnad rad')
    return _build(problems, specs, single_root=False, what="rapportrad"), specs


def _build(problems: Problems, specs: list[NodeSpec], *, single_root: bool, what: str) -> Tree:
    """The tree, or every problem of the file: the rows' (already in `problems`) and the tree's."""
    try:
        tree = build_tree(specs, single_root=single_root, what=what)
    except TreeError as exc:
        for line, message in exc.problems:
            problems.add(line if line is not None else 1, message)
        raise problems.error() from None
    problems.raise_if_any()
    return tree
