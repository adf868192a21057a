"""One unit's month: figures by account group, drill-down, and the forecast/text/reason/action form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from uppfolj.core.choices import ActionStatus, UnitState
from uppfolj.core.format import month_name
from uppfolj.reports.model import Report
from uppfolj.web import rules
from uppfolj.web.domain import cache, workflow
from uppfolj.web.domain.queries import ledger_rows, row_accounts
from uppfolj.web.domain.report import ReportError
from uppfolj.web.forms import UnitForm, content_rows, ore_to_tkr_input
from uppfolj.web.models import Forecast, OrgUnit
from uppfolj.web.views.common import check_period, forbidden, require, visible_unit


def _report(year: int, month: int, code: str) -> Report:
    try:
        return cache.report(year, month, unit=code)
    except ReportError as exc:
        raise Http404(str(exc)) from exc


def _history(year: int, unit: OrgUnit) -> list[dict[str, Any]]:
    rows = []
    previous = None
    for made, amount in Forecast.objects.filter(year=year, unit=unit).order_by("month").values_list("month", "amount"):
        rows.append({"month": made, "month_name": month_name(made), "forecast": amount,
                     "change": None if previous is None else amount - previous})
        previous = amount
    return rows


def _context(request: HttpRequest, year: int, month: int, unit: OrgUnit, visible: set[str] | None, *,
             content: workflow.UnitContent | None = None, version: int | None = None) -> dict[str, Any]:
    report = _report(year, month, unit.code)
    line = report.units[0]
    status = workflow.status_of(year, month, unit)
    stored = content or workflow.load_content(year, month, unit)
    locked = workflow.is_locked(year, month)
    may_edit = rules.can_edit_unit(request.user, unit.code, visible)
    editable = may_edit and not locked and status.state in workflow.EDITABLE
    variance = None if stored.forecast is None else line.figures.annual_budget - stored.forecast
    total = workflow.reasons_total(stored)
    return {
        "year": year, "month": month, "month_name": month_name(month), "unit": unit, "line": line,
        "rows": report.unit_rows[unit.code], "net": report.net,
        "children": [u for u in report.units[1:] if u.parent == unit.code],
        "status": status, "state_label": UnitState(status.state).label, "locked": locked,
        "editable": editable, "may_edit": may_edit,
        "can_review": rules.can_review(request.user) and not locked and status.state == UnitState.SUBMITTED,
        "version": status.version if version is None else version,
        "content": stored, "prognos": ore_to_tkr_input(stored.forecast),
        "prognosavvikelse": ore_to_tkr_input(variance), "variance": variance,
        "reasons_total": total, "rest": None if variance is None else variance - total,
        **content_rows(stored), "headings": workflow.HEADINGS, "action_statuses": ActionStatus.choices,
        "history": _history(year, unit), "checks": [c for c in report.checks if c.unit == unit.code],
    }


@require(rules.can_view_figures)
@require_http_methods(["GET", "HEAD", "POST"])
def unit_page(request: HttpRequest, year: int, month: int, code: str) -> HttpResponse:
    check_period(year, month)
    unit, visible = visible_unit(request, code)
    if request.method != "POST":
        return render(request, "uppfolj/unit.html", _context(request, year, month, unit, visible))
    if not rules.can_edit_unit(request.user, unit.code, visible):
        return forbidden(request, "Du får läsa men inte ändra den här enheten.")
    report_line = _report(year, month, unit.code).units[0]
    form = UnitForm(request.POST, annual_budget=report_line.figures.annual_budget)
    errors: list[str] = []
    changes: list[str] = []
    status_code = 400
    if form.is_valid():
        try:
            if request.POST.get("atgard") == "lamna_in":
                workflow.submit(year, month, unit, form.content, version=form.version,
                                annual_budget=report_line.figures.annual_budget, user=request.user)
                messages.success(request, "Uppföljningen är inlämnad till ekonomen.")
            else:
                workflow.save_draft(year, month, unit, form.content, version=form.version, user=request.user)
                messages.success(request, "Utkastet är sparat.")
            return redirect("unit", year=year, month=month, code=unit.code)
        except workflow.StaleVersionError as exc:
            errors, changes, status_code = [str(exc)], exc.changes, 409
        except workflow.WorkflowError as exc:
            errors, status_code = [str(exc)], 409
    else:
        errors = form.errors
    context = _context(request, year, month, unit, visible, content=form.content, version=form.version)
    context.update({"errors": errors, "changes": changes})
    if changes:
        context["version"] = workflow.status_of(year, month, unit).version
    return render(request, "uppfolj/unit.html", context, status=status_code)


@require(rules.can_review)
@require_POST
def review(request: HttpRequest, year: int, month: int, code: str) -> HttpResponse:
    check_period(year, month)
    unit, _ = visible_unit(request, code)
    comment = request.POST.get("kommentar", "")
    try:
        if request.POST.get("beslut") == "godkann":
            workflow.approve(year, month, unit, user=request.user, comment=comment.strip())
            messages.success(request, f"{unit.code} är godkänd.")
        elif request.POST.get("beslut") == "atersand":
            workflow.return_with_comment(year, month, unit, comment=comment, user=request.user)
            messages.success(request, f"{unit.code} är återsänd till budgetansvarig.")
        else:
            messages.error(request, "Välj godkänn eller återsänd.")
    except workflow.WorkflowError as exc:
        messages.error(request, str(exc))
    return redirect("unit", year=year, month=month, code=unit.code)


@require(rules.can_view_figures)
@require_safe
def row_detail(request: HttpRequest, year: int, month: int, code: str, row: str) -> HttpResponse:
    """The accounts behind one account-group row of the unit."""
    check_period(year, month)
    unit, _ = visible_unit(request, code)
    report = _report(year, month, unit.code)
    line = next((r for r in report.unit_rows[unit.code] if r.code == row), None)
    if line is None:
        raise Http404("Ingen sådan rad")
    return render(request, "uppfolj/row.html", {
        "year": year, "month": month, "month_name": month_name(month), "unit": unit, "row": line,
        "accounts": row_accounts(year, month, unit.code, row),
    })


@require(rules.can_view_figures)
@require_safe
def ledger(request: HttpRequest, year: int, month: int, code: str, account: str) -> HttpResponse:
    """The ledger rows behind one account of the unit, paginated and searchable."""
    check_period(year, month)
    unit, _ = visible_unit(request, code)
    search = request.GET.get("q", "").strip()
    page = Paginator(ledger_rows(year, month, unit.code, account, search), 50).get_page(request.GET.get("sida"))
    return render(request, "uppfolj/ledger.html", {
        "year": year, "month": month, "month_name": month_name(month), "unit": unit, "account": account,
        "page": page, "q": search,
    })
