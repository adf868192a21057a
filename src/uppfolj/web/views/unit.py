"""One unit's month: figures by account group, drill-down, and the forecast/text/reason/action form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from uppfolj.core.choices import ActionStatus, Heading, UnitState
from uppfolj.core.figures import forecast_variance
from uppfolj.core.format import month_name
from uppfolj.core.period import PeriodResult, UnitResult
from uppfolj.core.workflow import EDITABLE
from uppfolj.web import rules
from uppfolj.web.domain import workflow
from uppfolj.web.domain.queries import ledger_rows, row_accounts
from uppfolj.web.forms import UnitForm, content_rows
from uppfolj.web.models import OrgUnit
from uppfolj.web.views.common import forbidden, require, visible_unit


def _history(unit: UnitResult) -> list[dict[str, Any]]:
    """The unit's own forecasts of the year up to the month; the change in the variance's sense
    (+ = better than the forecast before), as everywhere else."""
    rows = []
    previous = None
    for made, amount in unit.own_forecasts:
        rows.append({"month": made, "month_name": month_name(made), "forecast": amount,
                     "change": None if previous is None else previous - amount})
        previous = amount
    return rows


def _context(request: HttpRequest, unit: OrgUnit, data: UnitResult, result: PeriodResult, *,
             form: UnitForm | None = None) -> dict[str, Any]:
    period = result.period
    content = form.content if form is not None else workflow.UnitContent.of(data)
    annual = data.figures.annual_budget
    may_edit = rules.can(request.user, rules.Act.EDIT_UNIT, unit.code)
    editable = rules.can(request.user, rules.Act.EDIT_UNIT, unit.code, period) and data.state in EDITABLE
    variance = None if content.forecast is None else forecast_variance(annual, content.forecast)
    explained = sum(r.amount for r in content.reasons)
    return {
        "year": result.year, "month": result.month, "month_name": month_name(result.month), "unit": unit,
        "data": data, "line": data.line, "rows": data.rows, "net": data.net, "period": period,
        "children": result.children(unit.code), "state": data.state, "locked": period.locked,
        "editable": editable, "may_edit": may_edit,
        "can_review": rules.can(request.user, rules.Act.REVIEW, unit.code, period) and data.state is UnitState.SUBMITTED,
        "version": data.version if form is None else form.version,
        "content": content, "texts": [(h, content.texts.get(h, "")) for h in Heading],
        "variance": variance, "reasons_total": explained, "rest": None if variance is None else variance - explained,
        **content_rows(content, annual, form), "action_statuses": ActionStatus.choices(),
        "field_errors": form.field_errors if form is not None else {},
        "history": _history(data), "checks": [c for c in result.other_checks if c.unit == unit.code],
        "problems": data.submission_problems if editable else [],
    }


@require(rules.Act.VIEW_FIGURES)
@require_http_methods(["GET", "HEAD", "POST"])
def unit_page(request: HttpRequest, year: int, month: int, code: str) -> HttpResponse:
    unit, data, result = visible_unit(request, year, month, code)
    if request.method != "POST":
        return render(request, "uppfolj/unit.html", _context(request, unit, data, result))
    if not rules.can(request.user, rules.Act.EDIT_UNIT, unit.code):
        return forbidden(request, "Du får läsa men inte ändra den här enheten.")
    form = UnitForm(request.POST, annual_budget=data.figures.annual_budget)
    errors: list[str] = []
    changes: list[str] = []
    status_code = 400
    if form.is_valid():
        try:
            if request.POST.get("atgard") == "lamna_in":
                workflow.submit(year, month, unit, form.content, version=form.version,
                                annual_budget=data.figures.annual_budget, user=request.user)
                messages.success(request, "Uppföljningen är inlämnad till ekonomen.")
            else:
                workflow.save_draft(year, month, unit, form.content, version=form.version, user=request.user)
                messages.success(request, "Utkastet är sparat.")
            return redirect("unit", year=year, month=month, code=unit.code)
        except workflow.StaleVersionError as exc:
            errors, changes, status_code = [str(exc)], exc.changes, 409
        except (workflow.WorkflowError, rules.RefusedError) as exc:
            errors, status_code = [str(exc)], 409
    if changes:
        # The page now shows the other person's values; saving again starts from them.
        _, fresh, fresh_result = visible_unit(request, year, month, code)
        context = _context(request, unit, fresh, fresh_result)
    else:
        context = _context(request, unit, data, result, form=form)
    context.update({"errors": errors, "changes": changes})
    return render(request, "uppfolj/unit.html", context, status=status_code)


@require(rules.Act.REVIEW)
@require_POST
def review(request: HttpRequest, year: int, month: int, code: str) -> HttpResponse:
    unit, _, _ = visible_unit(request, year, month, code)
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
    except (workflow.WorkflowError, rules.RefusedError) as exc:
        messages.error(request, str(exc))
    return redirect("unit", year=year, month=month, code=unit.code)


@require(rules.Act.VIEW_FIGURES)
@require_safe
def row_detail(request: HttpRequest, year: int, month: int, code: str, row: str) -> HttpResponse:
    """The accounts behind one account-group row of the unit."""
    unit, data, _ = visible_unit(request, year, month, code)
    line = next((r for r in data.rows if r.code == row), None)
    if line is None:
        raise Http404("Ingen sådan rad")
    return render(request, "uppfolj/row.html", {
        "year": year, "month": month, "month_name": month_name(month), "unit": unit, "row": line,
        "accounts": row_accounts(year, month, unit.code, row),
    })


@require(rules.Act.VIEW_FIGURES)
@require_safe
def ledger(request: HttpRequest, year: int, month: int, code: str, account: str) -> HttpResponse:
    """The ledger rows behind one account of the unit, paginated and searchable."""
    unit, _, _ = visible_unit(request, year, month, code)
    search = request.GET.get("q", "").strip()
    page = Paginator(ledger_rows(year, month, unit.code, account, search), 50).get_page(request.GET.get("sida"))
    return render(request, "uppfolj/ledger.html", {
        "year": year, "month": month, "month_name": month_name(month), "unit": unit, "account": account,
        "page": page, "q": search,
    })
