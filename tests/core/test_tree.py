"""Trees of codes: structure errors with their line, pre-order, levels, overlapping patterns."""

from __future__ import annotations

import pytest

from uppfolj.core.tree import NodeSpec, TreeError, build_tree


def spec(
    code: str, parent: str = "", patterns: str = "", line: int = 0, *, varav: bool = False
) -> NodeSpec:
    return NodeSpec(code, code.lower(), parent, patterns, varav, line)


def error_of(specs: list[NodeSpec], *, single_root: bool = True) -> tuple[int | None, str]:
    with pytest.raises(TreeError) as info:
        build_tree(specs, single_root=single_root, what="enhet")
    return info.value.line, str(info.value)


def test_build_tree_orders_units_in_preorder_with_levels() -> None:
    specs = [
        spec("R", line=2),
        spec("A", "R", line=3),
        spec("B", "R", line=4),
        spec("A1", "A", line=5),
    ]
    tree = build_tree(specs, single_root=True, what="enhet")
    assert [(n.code, n.level, n.parent) for n in tree.order] == [
        ("R", 0, None),
        ("A", 1, "R"),
        ("A1", 2, "A"),
        ("B", 1, "R"),
    ]
    assert [n.code for n in tree.subtree("A")] == ["A", "A1"]


def test_build_tree_children_out_of_file_order_parent_after_child() -> None:
    specs = [spec("R", line=2), spec("A1", "A", line=3), spec("A", "R", line=4)]
    tree = build_tree(specs, single_root=True, what="enhet")
    assert [n.code for n in tree.order] == ["R", "A", "A1"]


def test_build_tree_empty_is_an_error() -> None:
    assert error_of([]) == (None, "trädet har inga rader")


def test_build_tree_unknown_parent_names_the_line() -> None:
    assert error_of([spec("R", line=2), spec("A", "X", line=3)]) == (3, 'överordnad "X" finns inte')


def test_build_tree_two_roots_names_the_second() -> None:
    assert error_of([spec("R", line=2), spec("A", "R", line=3), spec("S", line=4)]) == (
        4,
        'två rötter: "R" och "S"; exakt en rad får sakna överordnad',
    )


def test_build_tree_without_root_is_an_error() -> None:
    assert error_of([spec("A", "B", line=2), spec("B", "A", line=3)]) == (
        2,
        "trädet saknar rot (en rad utan överordnad)",
    )


def test_build_tree_cycle_names_a_line_in_it() -> None:
    specs = [
        spec("R", line=2),
        spec("A", "B", line=3),
        spec("B", "C", line=4),
        spec("C", "A", line=5),
    ]
    assert error_of(specs) == (3, '"A" ingår i en cykel av överordnade')


def test_build_tree_own_parent_is_an_error() -> None:
    assert error_of([spec("R", line=2), spec("A", "A", line=3)]) == (
        3,
        '"A" är sin egen överordnad',
    )


def test_build_tree_duplicate_code_names_both_lines() -> None:
    assert error_of([spec("R", line=2), spec("A", "R", line=3), spec("A", "R", line=4)]) == (
        4,
        'koden "A" finns redan på rad 3',
    )


def test_build_tree_overlapping_cost_centres_is_an_error() -> None:
    specs = [spec("R", line=2), spec("A", "R", "5100-5199", line=3), spec("B", "R", "51*", line=4)]
    assert error_of(specs) == (
        4,
        '"51*" i "B" överlappar "5100-5199" i "A" (rad 3); en kod får bara höra till en enhet',
    )


def test_build_tree_two_catch_alls_is_an_error() -> None:
    specs = [spec("R", line=2), spec("A", "R", "*", line=3), spec("B", "R", "*", line=4)]
    assert error_of(specs) == (4, 'bara en rad får ha "*" (redan rad 3)')


def test_build_tree_bad_pattern_names_the_line() -> None:
    assert error_of([spec("R", "", "5199-5100", line=2)]) == (
        2,
        'intervallet "5199-5100" är baklänges',
    )


def test_build_tree_varav_rows_may_repeat_accounts() -> None:
    specs = [spec("K", "", "", 2), spec("K1", "K", "46*", 3), spec("K2", "K", "46*", 4, varav=True)]
    tree = build_tree(specs, single_root=False, what="rapportrad")
    assert [n.code for n in tree.order] == ["K", "K1", "K2"]


def test_build_tree_template_may_have_many_roots() -> None:
    tree = build_tree(
        [spec("INT", line=2), spec("KOS", line=3)], single_root=False, what="rapportrad"
    )
    assert tree.root is not None
    assert [n.code for n in tree.order] == ["INT", "KOS"]


def problems_of(specs: list[NodeSpec], *, single_root: bool = True) -> list[tuple[int | None, str]]:
    with pytest.raises(TreeError) as info:
        build_tree(specs, single_root=single_root, what="enhet")
    return info.value.problems


def test_build_tree_finds_every_problem_in_one_pass() -> None:
    specs = [
        spec("R", line=2),
        spec("A", "R", "5100-5199", line=3),
        spec("A", "R", line=4),
        spec("B", "X", line=5),
        spec("C", "C", line=6),
        spec("", "R", line=7),
        spec("D", "R", "5199-5100", line=8),
        spec("E", "R", "515*", line=9),
        spec("S", line=10),
    ]

    assert problems_of(specs) == [
        (4, 'koden "A" finns redan på rad 3'),
        (7, "kod saknas"),
        (10, 'två rötter: "R" och "S"; exakt en rad får sakna överordnad'),
        (5, 'överordnad "X" finns inte'),
        (6, '"C" är sin egen överordnad'),
        (8, 'intervallet "5199-5100" är baklänges'),
        (9, '"515*" i "E" överlappar "5100-5199" i "A" (rad 3); en kod får bara höra till en enhet'),
    ]


def test_build_tree_names_only_the_first_cycle_after_the_other_problems() -> None:
    specs = [
        spec("R", line=2),
        spec("A", "B", line=3),
        spec("B", "A", line=4),
        spec("C", "D", line=5),
        spec("D", "C", line=6),
        spec("E", "R", "5*", line=7),
        spec("F", "R", "51*", line=8),
    ]

    assert problems_of(specs) == [
        (8, '"51*" i "F" överlappar "5*" i "E" (rad 7); en kod får bara höra till en enhet'),
        (3, '"A" ingår i en cykel av överordnade'),
    ]
