"""Loading what a document needs besides the figures: texts, reasons, actions, series, ledger rows."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Max, Sum

from uppfolj.core.choices import Amounts, Sign, TreeKind
from uppfolj.core.followup import row_matchers, unit_matcher
from uppfolj.core.forecast import roll_up_forecasts
from uppfolj.core.money import Ore
from uppfolj.core.patterns import CATCH_ALL, parse_patterns
from uppfolj.core.tree import Node, Tree
from uppfolj.reports.document import (
    HIDDEN_TEXT,
    LEDGER_LIMIT,
    ActionItem,
    DocumentInputs,
    LedgerEntry,
    ReasonItem,
    TextItem,
    UnitInputs,
)
from uppfolj.reports.model import Report
from uppfolj.reports.render.registry import RenderOptions, render
from uppfolj.web.domain.forecasts import forecast_history
from uppfolj.web.domain.trees import load_template
from uppfolj.web.models import (
    Action,
    BudgetLine,
    LedgerRow,
    MonthlyBalance,
    OrgUnit,
    Reason,
    UnitText,
)


def load_document_inputs(report: Report, *, ledger_limit: int = LEDGER_LIMIT, with_ledger: bool = True) -> DocumentInputs:
    """Everything the renderers need from the database for this report, in few queries."""
    tree = _stored_tree(report.by)
    codes = [u.code for u in report.units]
    inputs = DocumentInputs(ledger_limit=ledger_limit)
    if report.by == TreeKind.ORGANISATION:
        inputs.units = _texts(report, codes)
        inputs.forecast_rounds = _forecast_rounds(report, tree)
    owners = _owners(tree, report.top.code)
    key = "cost_centre" if report.by == TreeKind.ORGANISATION else "activity"
    inputs.actual_by_month, inputs.budget_by_month = _series(report, tree, key, owners)
    if with_ledger:
        inputs.ledger, inputs.ledger_truncated = _ledger(report, tree, key, owners, ledger_limit)
    return inputs


def _stored_tree(kind: str) -> Tree:
    """The stored tree without re-validating it (the import did): the overlap check costs ~0.3 s
    for 300 units and the report has already run it once."""
    nodes: dict[str, Node] = {}
    order: list[Node] = []
    rows = OrgUnit.objects.filter(tree=kind).order_by("position").values_list("code", "name", "parent__code", "patterns")
    for code, name, parent, patterns in rows:
        text = patterns.strip()
        node = Node(code, name, parent, 0, () if text == CATCH_ALL else parse_patterns(text), text == CATCH_ALL)
        nodes[code] = node
        order.append(node)
    for node in order:
        if node.parent is not None:
            nodes[node.parent].children.append(node)
    root = next(n for n in order if n.parent is None)
    order = []
    stack = [root]
    while stack:  # pre-order, children in position order
        node = stack.pop()
        node.level = 0 if node.parent is None else nodes[node.parent].level + 1
        order.append(node)
        stack.extend(reversed(node.children))
    return Tree(root, nodes, order)


def _texts(report: Report, codes: list[str]) -> dict[str, UnitInputs]:
    out: dict[str, UnitInputs] = defaultdict(UnitInputs)
    y, m = report.year, report.month
    for t in UnitText.objects.filter(year=y, month=m, unit__tree=TreeKind.ORGANISATION, unit__code__in=codes).values_list(
        "unit__code", "heading", "text", "flagged"
    ).order_by("unit__position", "position", "id"):
        out[t[0]].texts.append(TextItem(t[1], t[2], t[3]))
    for r in Reason.objects.filter(year=y, month=m, unit__code__in=codes, unit__tree=TreeKind.ORGANISATION).values_list(
        "unit__code", "text", "amount"
    ).order_by("unit__position", "position", "id"):
        out[r[0]].reasons.append(ReasonItem(r[1], r[2]))
    # Carried forward: each unit's actions of the latest month ≤ M that has any; those marked
    # klar in an earlier month are done and left out.
    latest = dict(
        Action.objects.filter(year=y, month__lte=m, unit__code__in=codes, unit__tree=TreeKind.ORGANISATION)
        .values_list("unit__code").annotate(last=Max("month")).order_by()
    )
    if latest:
        rows = Action.objects.filter(year=y, month__lte=m, unit__code__in=list(latest),
                                     unit__tree=TreeKind.ORGANISATION).select_related("unit").order_by(
            "unit__position", "position", "id")
        for a in rows:
            made = latest[a.unit.code]
            if a.month != made or (a.status == "klar" and made < m):
                continue
            out[a.unit.code].actions.append(ActionItem(a.text, a.responsible, a.timeplan, a.status, a.follow_up,
                                                       a.amount, a.month))
    return dict(out)


def _forecast_rounds(report: Report, tree: Tree) -> list[tuple[int, Ore]]:
    """F(top, m) for every forecast round m ≤ M of the year."""
    history, months = forecast_history(report.year)
    annual = {u.code: u.figures.annual_budget for u in report.units}
    own_annual = dict(annual)
    for u in report.units:
        if u.parent in own_annual:
            own_annual[u.parent] -= u.figures.annual_budget
    rounds = []
    for month in sorted(m for m in months if m <= report.month):
        values, _ = roll_up_forecasts(tree, history, month, annual, own_annual)
        value = values.get(report.top.code)
        if value is not None:
            rounds.append((month, value))
    return rounds


def _owners(tree: Tree, top: str) -> set[str]:
    return {n.code for n in tree.subtree(top)}


def _series(report: Report, tree: Tree, key: str, owners: set[str]) -> tuple[dict[int, Ore], dict[int, Ore]]:
    """The reported unit's actual and budget per month, grouped by month in the database."""
    units = unit_matcher(tree)
    accounts, _ = row_matchers(load_template())
    actual: dict[int, Ore] = defaultdict(int)
    budget: dict[int, Ore] = defaultdict(int)
    for model, target, months in ((MonthlyBalance, actual, report.month), (BudgetLine, budget, 12)):
        grouped = (
            model.objects.filter(year=report.year, month__lte=months)  # type: ignore[attr-defined]
            .values_list(key, "account", "month").annotate(total=Sum("amount")).order_by()
        )
        for code, account, month, total in grouped:
            if units.owner(code) in owners and accounts.owner(account) is not None:
                target[month] += total
    return dict(actual), dict(budget)


def _ledger(report: Report, tree: Tree, key: str, owners: set[str], limit: int) -> tuple[list[LedgerEntry], bool]:
    """The ledger rows behind the reported units (months 1..M of Y), at most `limit` rows."""
    matcher = unit_matcher(tree)
    wanted = [code for code in (
        LedgerRow.objects.filter(year=report.year, month__lte=report.month).values_list(key, flat=True).distinct().order_by()
    ) if matcher.owner(code) in owners]
    out: list[LedgerEntry] = []
    if not wanted:
        return out, False
    query = (
        LedgerRow.objects.filter(year=report.year, month__lte=report.month, **{f"{key}__in": wanted})
        .order_by(key, "account", "month", "id")
        .values_list("month", "cost_centre", "account", "activity", "project", "voucher", "date", "text", "amount", "flagged")
    )
    for month, cc, account, activity, project, voucher, date, text, amount, flagged in query[: limit + 1].iterator(chunk_size=5000):
        if len(out) == limit:
            return out, True
        unit = matcher.owner(cc if key == "cost_centre" else activity) or ""
        out.append(LedgerEntry(unit, report.year, month, cc, account, activity, project, voucher,
                               date.isoformat() if date else "", HIDDEN_TEXT if flagged else text, amount))
    return out, False


def render_report(
    report: Report,
    fmt: str,
    *,
    amounts: Amounts = Amounts.TKR,
    sign: Sign = Sign.COSTS_POSITIVE,
    template: str | None = None,
    committee: str | None = None,
) -> bytes:
    """The report as a file: JSON from the figures alone; documents with the texts loaded too.

    The one path from a report to a file, for the command line, the web and the demo.
    """
    inputs = None if fmt == "json" else load_document_inputs(report, with_ledger=fmt == "xlsx")
    options = RenderOptions(amounts=amounts, sign=sign, template=template, committee=committee, inputs=inputs)
    return render(report, fmt, options=options)
