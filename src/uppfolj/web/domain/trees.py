"""Storing and loading the organisation and activity trees and the report template."""

from __future__ import annotations

from importlib import resources

from uppfolj.core.choices import TreeKind
from uppfolj.core.errors import Problems
from uppfolj.core.tree import NodeSpec, Tree, build_tree
from uppfolj.ingest.trees import read_template
from uppfolj.web.domain import cache
from uppfolj.web.models import (
    Action,
    Forecast,
    OrgUnit,
    Reason,
    RowForecast,
    TemplateRow,
    UnitText,
    Volume,
)


def replace_unit_tree(kind: str, specs: list[NodeSpec], tree: Tree, *, file: str) -> dict[str, int]:
    """Replace the whole tree, keeping the identity of units that stay (their texts follow them).

    A unit that disappears while forecasts or texts refer to it is refused; every such unit is
    named at once. Must run inside `transaction.atomic()`.
    """
    existing = {u.code: u for u in OrgUnit.objects.filter(tree=kind)}
    keep = set(tree.nodes)
    gone = [u for code, u in existing.items() if code not in keep]
    problems = Problems(file)
    for unit in gone:
        for model, what in ((Forecast, "prognoser"), (RowForecast, "prognoser per rad"), (Volume, "volymer"),
                            (UnitText, "texter"), (Reason, "orsaker"), (Action, "åtgärder")):
            if model.objects.filter(unit=unit).exists():
                problems.add(None, f'enheten "{unit.code}" saknas i filen men har {what}; den kan inte tas bort')
                break
    problems.raise_if_any()
    saved: dict[str, OrgUnit] = {}
    for position, node in enumerate(tree.order):
        unit = existing.get(node.code) or OrgUnit(tree=kind, code=node.code)
        unit.name = node.name
        unit.position = position
        unit.level = node.level
        unit.patterns = "*" if node.catch_all else ",".join(str(p) for p in node.patterns)
        unit.parent = saved[node.parent] if node.parent else None
        unit.save()
        saved[node.code] = unit
    # Delete children before parents (PROTECT on parent).
    for unit in sorted(gone, key=lambda u: -u.level):
        unit.delete()
    return {"units": len(tree.order), "removed": len(gone), "added": len(keep - set(existing))}


def load_unit_tree(kind: str = TreeKind.ORGANISATION) -> Tree | None:
    """The stored tree, or None when none is loaded."""
    units = list(OrgUnit.objects.filter(tree=kind).select_related("parent").order_by("position"))
    if not units:
        return None
    specs = [NodeSpec(u.code, u.name, u.parent.code if u.parent else "", u.patterns, line=i) for i, u in enumerate(units, 1)]
    return build_tree(specs, single_root=True, what="enhet", check_overlaps=False)


def replace_template(tree: Tree, *, file: str = "") -> int:
    """Replace the report template's rows. Must run inside `transaction.atomic()`.

    A row that disappears while row forecasts or volumes refer to it is refused, every such row
    named at once.
    """
    problems = Problems(file or "rapportmall")
    for model, what in ((RowForecast, "prognoser"), (Volume, "volymer")):
        for code in sorted(set(model.objects.exclude(row="").values_list("row", flat=True)) - set(tree.nodes)):
            problems.add(None, f'raden "{code}" saknas i filen men har {what} per rad; den kan inte tas bort')
    problems.raise_if_any()
    TemplateRow.objects.all().delete()
    saved: dict[str, TemplateRow] = {}
    for position, node in enumerate(tree.order):
        row = TemplateRow.objects.create(
            code=node.code, name=node.name, position=position, varav=node.varav,
            patterns=",".join(str(p) for p in node.patterns),
            parent=saved[node.parent] if node.parent else None,
        )
        saved[node.code] = row
    return len(saved)


def default_template_path() -> str:
    return str(resources.files("uppfolj") / "data" / "default-template.csv")


def load_template() -> Tree:
    """The stored template, or the shipped Kommun-Bas 13 default when none has been imported."""
    rows = list(TemplateRow.objects.select_related("parent").order_by("position"))
    if not rows:
        return read_template(default_template_path())[0]
    specs = [
        NodeSpec(r.code, r.name, r.parent.code if r.parent else "", r.patterns, r.varav, i)
        for i, r in enumerate(rows, 1)
    ]
    return build_tree(specs, single_root=False, what="rapportrad", check_overlaps=False)


def current_tree(kind: TreeKind) -> Tree | None:
    """The stored tree, built once per version of the ledger, budget and trees (`cache.figures_stamp`:
    the month's saves do not change it)."""
    return cache.cached(("unit-tree", kind), lambda: load_unit_tree(kind), stamp=cache.figures_stamp())


def current_template() -> Tree:
    """The report template, built once per version of the ledger, budget and trees."""
    return cache.cached(("template",), load_template, stamp=cache.figures_stamp())
