"""Building the report model: aggregate in the database, compute in the core."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q, Sum

from uppfolj.core.figures import Sums
from uppfolj.core.followup import Cell, FollowUp, compute_followup, unit_matcher
from uppfolj.core.format import kr_text
from uppfolj.core.pin import looks_like_pin
from uppfolj.core.records import Check
from uppfolj.core.tree import Tree
from uppfolj.reports.model import Line, Report
from uppfolj.web.domain.forecasts import forecast_history
from uppfolj.web.domain.trees import load_template, load_unit_tree
from uppfolj.web.models import BudgetLine, Forecast, ImportLog, LedgerRow, MonthlyBalance, UnitText


class ReportError(Exception):
    """The report cannot be made (no organisation loaded, unknown unit); message in Swedish."""


def build_report(year: int, month: int, *, kind: str = "monthly", by: str = "organisation", unit: str | None = None) -> Report:
    """The follow-up of months 1..month of `year`: every figure, row and check of the report."""
    tree = load_unit_tree(by)
    if tree is None or tree.root is None:
        what = "ingen organisation" if by == "organisation" else "inget verksamhetsträd"
        raise ReportError(f"{what} är inläst (uppfolj import {'organisation' if by == 'organisation' else 'activities'})")
    if unit is not None and unit not in tree.nodes:
        raise ReportError(f'enheten "{unit}" finns inte')
    template = load_template()
    key = "cost_centre" if by == "organisation" else "activity"
    cells = _cells(year, month, key)
    period_known = MonthlyBalance.objects.filter(year=year - 1, month__lte=month).exists()
    year_known = period_known or MonthlyBalance.objects.filter(year=year - 1).exists()
    history, months = forecast_history(year) if by == "organisation" else ({}, set())
    followup = compute_followup(
        tree, template, cells, month=month, previous_period_known=period_known,
        previous_year_known=year_known, forecasts=history if by == "organisation" else None,
        forecast_months=months,
    )
    top = unit or tree.root.code
    units = [Line(n.code, n.name, n.parent, n.level, followup.units[n.code]) for n in tree.subtree(top)]
    unit_rows = {
        n.code: [
            Line(r.code, r.name, r.parent, r.level, followup.rows[n.code][r.code], r.varav)
            for r in template.order
        ]
        for n in tree.subtree(top)
    }
    return Report(
        organisation=tree.root.name, year=year, month=month, kind=kind, by=by, unit=unit,
        units=units, rows=unit_rows[top], net=followup.net[top],
        checks=_checks(year, month, by, tree, followup, top=top),
        unit_rows=unit_rows, forecast_months=sorted(m for m in months if m <= month),
        previous_round=followup.previous_round,
    )


def _cells(year: int, month: int, key: str) -> list[Cell]:
    """Sums per (key, account) for actuals of Y and Y−1 and budgets of Y, grouped in the database."""
    sums: dict[tuple[str, str], Sums] = defaultdict(Sums)
    for row in (
        MonthlyBalance.objects.filter(year=year, month__lte=month)
        .values_list(key, "account").annotate(total=Sum("amount")).order_by()
    ):
        sums[(row[0], row[1])].actual += row[2]
    for row in (
        MonthlyBalance.objects.filter(year=year - 1)
        .values_list(key, "account")
        .annotate(period=Sum("amount", filter=Q(month__lte=month), default=0), full=Sum("amount"))
        .order_by()
    ):
        cell = sums[(row[0], row[1])]
        cell.previous_year_period_actual += row[2]
        cell.previous_year_actual += row[3]
    for row in (
        BudgetLine.objects.filter(year=year)
        .values_list(key, "account")
        .annotate(period=Sum("amount", filter=Q(month__lte=month), default=0), annual=Sum("amount"))
        .order_by()
    ):
        cell = sums[(row[0], row[1])]
        cell.period_budget += row[2]
        cell.annual_budget += row[3]
    return [Cell(k, a, s) for (k, a), s in sums.items()]


def _sums_text(sums: Sums) -> str:
    parts = [f"utfall {kr_text(sums.actual)}"]
    if sums.annual_budget:
        parts.append(f"budget {kr_text(sums.annual_budget)}")
    if sums.previous_year_actual:
        parts.append(f"utfall föregående år {kr_text(sums.previous_year_actual)}")
    return ", ".join(parts)


def _checks(year: int, month: int, by: str, tree: Tree, followup: FollowUp, *, top: str) -> list[Check]:
    checks: list[Check] = []
    what, code = ("Ansvar", "unmatched_cost_centre") if by == "organisation" else ("Verksamhet", "unmatched_activity")
    for key, sums in sorted(followup.unmatched.keys.items()):
        label = f"{what} {key}" if key else f"Rader utan {what.lower()}"
        checks.append(Check("warning", code, f"{label} hör inte till någon enhet: {_sums_text(sums)}"))
    for account, sums in sorted(followup.unmatched.accounts.items()):
        checks.append(Check("warning", "unmapped_account",
                            f"Konto {account} ingår inte i någon rapportrad: {_sums_text(sums)}"))
    listed: set[str] = set()
    # Only the F(U, M) of reported units (the --unit subtree) count children at budget.
    for node in tree.subtree(top):
        for child in followup.forecast_at_budget.get(node.code, []):
            if child not in listed:
                listed.add(child)
                checks.append(Check("warning", "forecast_at_budget",
                                    f"Enhet {child} saknar prognos för {year} och räknas som prognos enligt budget", child))
    checks.extend(_pin_checks(year, month, tree))
    checks.extend(_import_checks(year))
    return checks


def _pin_checks(year: int, month: int, tree: Tree) -> list[Check]:
    """Texts that look like a personnummer; the number itself is never repeated."""
    checks: list[Check] = []
    matcher = unit_matcher(tree)
    flagged = (
        LedgerRow.objects.filter(flagged=True)
        .filter(Q(year=year, month__lte=month) | Q(year=year - 1))
        .values_list("cost_centre").annotate(n=Count("id")).order_by("cost_centre")
    )
    for cost_centre, count in flagged:
        rows = "verifikationsrad" if count == 1 else "verifikationsrader"
        checks.append(Check("error", "personal_identity_number",
                            f"{count} {rows} på ansvar {cost_centre or '(tomt)'} har en text som ser ut som ett personnummer",
                            matcher.owner(cost_centre)))
    texts = UnitText.objects.filter(flagged=True, year=year, month__lte=month).values_list("unit__code", "month")
    for unit_code, text_month in texts:
        checks.append(Check("error", "personal_identity_number",
                            f"En kommentar för enhet {unit_code} ({text_month:02d}/{year}) ser ut att innehålla ett personnummer",
                            unit_code))
    for unit_code, made, comment in Forecast.objects.filter(year=year, month__lte=month).exclude(comment="").values_list("unit__code", "month", "comment"):
        if looks_like_pin(comment):
            checks.append(Check("error", "personal_identity_number",
                                f"Prognoskommentaren för enhet {unit_code} ({made:02d}/{year}) ser ut att innehålla ett personnummer",
                                unit_code))
    return checks


def _import_checks(year: int) -> list[Check]:
    """Findings of the latest import of each file that covered the year (e.g. SIE verification)."""
    latest: dict[tuple[str, str], ImportLog] = {}
    for log in ImportLog.objects.exclude(checks=[]).order_by("created_at", "id"):
        if year in (log.years or []):
            latest[(log.kind, log.file)] = log
    out = []
    for log in latest.values():
        for c in log.checks:
            out.append(Check(c.get("severity", "warning"), c["code"], c["message"], c.get("unit")))
    return out


