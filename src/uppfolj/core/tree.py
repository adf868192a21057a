"""Trees of codes (organisation, activities, template rows): validation and traversal."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from uppfolj.core.patterns import CATCH_ALL, Pattern, PatternError, overlap, parse_patterns


class TreeError(ValueError):
    """A structural error in a tree file: the line (1-based, header = 1) and a Swedish message."""

    def __init__(self, line: int | None, message: str) -> None:
        self.line = line
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class NodeSpec:
    """One row of a tree file as read: code, name, parent code, own patterns."""

    code: str
    name: str
    parent: str
    patterns: str = ""
    varav: bool = False
    line: int = 0


@dataclass
class Node:
    """A node of a validated tree, with its children in file order."""

    code: str
    name: str
    parent: str | None
    level: int
    patterns: tuple[Pattern, ...]
    catch_all: bool = False
    varav: bool = False
    children: list[Node] = field(default_factory=list)


@dataclass
class Tree:
    """A validated tree; `order` is the pre-order of all nodes."""

    root: Node | None
    nodes: dict[str, Node]
    order: list[Node]

    def subtree(self, code: str) -> list[Node]:
        """The node and all below it, in pre-order."""
        return list(_preorder(self.nodes[code]))


def _preorder(node: Node) -> Iterator[Node]:
    yield node
    for child in node.children:
        yield from _preorder(child)


def build_tree(specs: Sequence[NodeSpec], *, single_root: bool, what: str, check_overlaps: bool = True) -> Tree:
    """Validate specs and build the tree.

    Checks: unique codes, known parents, no cycles, exactly one root (when `single_root`),
    readable patterns, at most one catch-all, and no code matched by two nodes (for template
    trees, `varav` rows are exempt: they repeat accounts on purpose). The pairwise overlap
    check is quadratic; trees read back from the database were checked when imported and skip it.
    """
    if not specs:
        raise TreeError(None, "trädet har inga rader")
    by_code: dict[str, NodeSpec] = {}
    for spec in specs:
        if not spec.code:
            raise TreeError(spec.line, "kod saknas")
        if spec.code in by_code:
            raise TreeError(spec.line, f'koden "{spec.code}" finns redan på rad {by_code[spec.code].line}')
        by_code[spec.code] = spec
    roots = [s for s in specs if not s.parent]
    if single_root and len(roots) != 1:
        if not roots:
            raise TreeError(specs[0].line, "trädet saknar rot (en rad utan överordnad)")
        raise TreeError(roots[1].line, f'två rötter: "{roots[0].code}" och "{roots[1].code}"; exakt en rad får sakna överordnad')
    for spec in specs:
        if spec.parent and spec.parent not in by_code:
            raise TreeError(spec.line, f'överordnad "{spec.parent}" finns inte')
        if spec.parent == spec.code:
            raise TreeError(spec.line, f'"{spec.code}" är sin egen överordnad')
    _check_cycles(specs, by_code)
    nodes: dict[str, Node] = {}
    catch_all: NodeSpec | None = None
    for spec in specs:
        text = spec.patterns.strip()
        is_catch_all = text == CATCH_ALL
        if is_catch_all:
            if catch_all is not None:
                raise TreeError(spec.line, f'bara en rad får ha "*" (redan rad {catch_all.line})')
            catch_all = spec
        try:
            patterns = () if is_catch_all else parse_patterns(text)
        except PatternError as exc:
            raise TreeError(spec.line, str(exc)) from None
        nodes[spec.code] = Node(spec.code, spec.name, spec.parent or None, 0, patterns, is_catch_all, spec.varav)
    for spec in specs:
        if spec.parent:
            nodes[spec.parent].children.append(nodes[spec.code])
    order: list[Node] = []
    for spec in roots:
        for node in _preorder(nodes[spec.code]):
            node.level = 0 if node.parent is None else nodes[node.parent].level + 1
            order.append(node)
    if check_overlaps:
        _check_overlaps(specs, nodes, what)
    return Tree(nodes[roots[0].code] if roots else None, nodes, order)


def _check_cycles(specs: Sequence[NodeSpec], by_code: dict[str, NodeSpec]) -> None:
    for spec in specs:
        seen = {spec.code}
        parent = spec.parent
        while parent:
            if parent in seen:
                raise TreeError(spec.line, f'"{spec.code}" ingår i en cykel av överordnade')
            seen.add(parent)
            parent = by_code[parent].parent


def _check_overlaps(specs: Sequence[NodeSpec], nodes: dict[str, Node], what: str) -> None:
    owned = [(s, p) for s in specs if not s.varav for p in nodes[s.code].patterns]
    for i, (spec_a, pat_a) in enumerate(owned):
        for spec_b, pat_b in owned[i + 1 :]:
            if spec_a.code != spec_b.code and overlap(pat_a, pat_b):
                raise TreeError(
                    spec_b.line,
                    f'"{pat_b}" i "{spec_b.code}" överlappar "{pat_a}" i "{spec_a.code}" (rad {spec_a.line}); '
                    f"en kod får bara höra till en {what}",
                )
