"""Trees of codes (organisation, activities, template rows): validation and traversal."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from uppfolj.core.patterns import CATCH_ALL, Pattern, PatternError, overlap, parse_patterns

TreeProblem = tuple[int | None, str]  # the line (1-based, header = 1) and a Swedish message


class TreeError(ValueError):
    """Structural errors in a tree file, each a line and a Swedish message, in the order found.

    `line` and the string form are those of the first, for callers that show one.
    """

    def __init__(self, line: int | None, message: str, *, more: Sequence[TreeProblem] = ()) -> None:
        self.line = line
        self.problems: list[TreeProblem] = [(line, message), *more]
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

    def part(self, code: str) -> Tree:
        """The node's subtree as a tree of its own; its nodes keep their parents and levels, so
        its top is the one node whose parent is outside it."""
        order = self.subtree(code)
        return Tree(self.nodes[code], {n.code: n for n in order}, order)


def _preorder(node: Node) -> Iterator[Node]:
    yield node
    for child in node.children:
        yield from _preorder(child)


def build_tree(specs: Sequence[NodeSpec], *, single_root: bool, what: str, check_overlaps: bool = True) -> Tree:
    """Validate specs and build the tree.

    Checks: unique codes, known parents, exactly one root (when `single_root`), readable
    patterns, at most one catch-all, no code matched by two nodes (for template trees, `varav`
    rows are exempt: they repeat accounts on purpose), and no cycles. All problems are found
    in one go and raised together as one `TreeError`, except that only the first cycle is
    named: a cycle makes the rest of the parent chains meaningless. The pairwise overlap check
    is quadratic; trees read back from the database were checked when imported and skip it.
    """
    if not specs:
        raise TreeError(None, "trädet har inga rader")
    problems: list[TreeProblem] = []
    by_code: dict[str, NodeSpec] = {}
    for spec in specs:
        if not spec.code:
            problems.append((spec.line, "kod saknas"))
        elif spec.code in by_code:
            problems.append((spec.line, f'koden "{spec.code}" finns redan på rad {by_code[spec.code].line}'))
        else:
            by_code[spec.code] = spec
    roots = [s for s in specs if not s.parent]
    if single_root and not roots:
        problems.append((specs[0].line, "trädet saknar rot (en rad utan överordnad)"))
    if single_root:
        problems.extend(
            (extra.line, f'två rötter: "{roots[0].code}" och "{extra.code}"; exakt en rad får sakna överordnad')
            for extra in roots[1:]
        )
    for spec in specs:
        if spec.parent and spec.parent not in by_code:
            problems.append((spec.line, f'överordnad "{spec.parent}" finns inte'))
        if spec.parent and spec.parent == spec.code:
            problems.append((spec.line, f'"{spec.code}" är sin egen överordnad'))
    parsed = _parse_patterns(specs, problems)
    if check_overlaps:
        problems.extend(_overlaps(specs, parsed, what))
    # Without any root every chain of parents ends in a cycle: "no root" already says it.
    cycle = _first_cycle(specs, by_code) if roots or not single_root else None
    if cycle is not None:
        problems.append((cycle.line, f'"{cycle.code}" ingår i en cykel av överordnade'))
    if problems:
        (line, message), *more = problems
        raise TreeError(line, message, more=more)
    nodes: dict[str, Node] = {}
    for spec, (patterns, is_catch_all) in zip(specs, parsed, strict=True):
        nodes[spec.code] = Node(spec.code, spec.name, spec.parent or None, 0, patterns, is_catch_all, spec.varav)
    for spec in specs:
        if spec.parent:
            nodes[spec.parent].children.append(nodes[spec.code])
    order: list[Node] = []
    for spec in roots:
        for node in _preorder(nodes[spec.code]):
            node.level = 0 if node.parent is None else nodes[node.parent].level + 1
            order.append(node)
    return Tree(nodes[roots[0].code] if roots else None, nodes, order)


_Parsed = list[tuple[tuple[Pattern, ...], bool]]  # per row: its patterns, whether it is the catch-all


def _parse_patterns(specs: Sequence[NodeSpec], problems: list[TreeProblem]) -> _Parsed:
    """Each row's patterns (none where they cannot be read, after noting why) and catch-all flag."""
    parsed: _Parsed = []
    catch_all: NodeSpec | None = None
    for spec in specs:
        text = spec.patterns.strip()
        is_catch_all = text == CATCH_ALL
        if is_catch_all and catch_all is not None:
            problems.append((spec.line, f'bara en rad får ha "*" (redan rad {catch_all.line})'))
        elif is_catch_all:
            catch_all = spec
        try:
            patterns = () if is_catch_all else parse_patterns(text)
        except PatternError as exc:
            problems.append((spec.line, str(exc)))
            patterns = ()
        parsed.append((patterns, is_catch_all))
    return parsed


def _first_cycle(specs: Sequence[NodeSpec], by_code: dict[str, NodeSpec]) -> NodeSpec | None:
    """The first row whose chain of parents runs in a circle. Chains stop at parents that do not
    exist and at rows that are their own parent: those are problems of their own."""
    for spec in specs:
        if spec.parent == spec.code:
            continue
        seen = {spec.code}
        parent = spec.parent
        while parent:
            if parent in seen:
                return spec
            seen.add(parent)
            above = by_code.get(parent)
            if above is None or above.parent == above.code:
                break
            parent = above.parent
    return None


def _overlaps(specs: Sequence[NodeSpec], parsed: _Parsed, what: str) -> list[TreeProblem]:
    owned = [(s, p) for s, (patterns, _) in zip(specs, parsed, strict=True) if not s.varav for p in patterns]
    found: list[TreeProblem] = []
    for i, (spec_a, pat_a) in enumerate(owned):
        for spec_b, pat_b in owned[i + 1 :]:
            if spec_a.code != spec_b.code and overlap(pat_a, pat_b):
                found.append((
                    spec_b.line,
                    f'"{pat_b}" i "{spec_b.code}" överlappar "{pat_a}" i "{spec_a.code}" (rad {spec_a.line}); '
                    f"en kod får bara höra till en {what}",
                ))
    return found
