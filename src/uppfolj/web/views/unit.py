"""One unit's month: figures by account group, drill-down, and the forecast/text/reason/action form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from uppfolj.core import statistics
from uppfolj.core.choices import ActionStatus, Heading, UnitState
from uppfolj.core.figures import forecast_variance
from uppfolj.core.forecast import own_amounts
from uppfolj.core.format import month_name
from uppfolj.core.period import PeriodResult, UnitResult
from uppfolj.core.workflow import EDITABLE
from uppfolj.web import rules
from uppfolj.web.domain import proposals, risks, row_forecasts, volumes, workflow
from uppfolj.web.domain.period import actual_series
from uppfolj.web.domain.queries import ledger_rows, row_accounts
from uppfolj.web.domain.trees import current_template
from uppfolj.web.forms import UnitForm, VolumeForm, content_rows
from uppfolj.web.models import OrgUnit
from uppfolj.web.views import svg
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


def _table_rows(data: UnitResult, row_fields: dict[str, Any], found: proposals.UnitProposals, *,
                editable: bool) -> list[dict[str, Any]]:
    """The account-group rows with their forecast field (where the row takes one), the
    proposal, and whether the proposal can be taken with one click. Each row carries its
    annual budget and its own accounts' part of it, for the net the page sums as rows are typed."""
    annual_of = {r.code: r.figures.annual_budget for r in data.rows}
    own_of = own_amounts(current_template(), annual_of)
    rows = []
    for r in data.rows:
        field = row_fields.get(r.code)
        proposal = found.rows.get(r.code)
        annual, own = annual_of[r.code], own_of[r.code]
        # A row with nothing in it (no budget, actual, forecast or proposal) keeps its field, but
        # offers no proposal to take and folds up on a phone.
        quiet = not (r.figures.annual_budget or r.figures.actual or r.figures.forecast or proposal
                     or (field and field["value"]))
        in_use = proposal is not None and bool(field and field["value"]) and r.figures.forecast == proposal
        rows.append({
            "line": r, "field": field, "proposal": proposal, "method": found.row_methods.get(r.code, ""),
            "can_accept": editable and field is not None and proposal is not None and not quiet and not in_use,
            "in_use": in_use, "annual": annual, "own": own, "quiet": quiet,
        })
    return rows


def _context(request: HttpRequest, unit: OrgUnit, data: UnitResult, result: PeriodResult, *,
             form: UnitForm | None = None, volume_form: VolumeForm | None = None) -> dict[str, Any]:
    period = result.period
    content = form.content if form is not None else _shown(unit, data, result)
    annual = data.figures.annual_budget
    may_edit = rules.can(request.user, rules.Act.EDIT_UNIT, unit.code)
    editable = rules.can(request.user, rules.Act.EDIT_UNIT, unit.code, period) and data.state in EDITABLE
    variance = None if content.forecast is None else forecast_variance(annual, content.forecast)
    explained = sum(r.amount for r in content.reasons)
    fields = content_rows(content, annual, form)
    found = proposals.unit_proposals(result.year, result.month, unit)
    volume_months = volumes.editable_months(result.year, result.month, request.user, unit) if may_edit else set()
    volume_tables = volumes.unit_volumes(result.year, result.month, unit, [u.code for u in result.subtree(unit.code)],
                                         editable=volume_months)
    return {
        "year": result.year, "month": result.month, "month_name": month_name(result.month), "unit": unit,
        "data": data, "line": data.line, "rows": data.rows, "net": data.net, "period": period,
        "children": result.children(unit.code), "state": data.state, "locked": period.locked,
        "editable": editable, "may_edit": may_edit,
        "can_review": rules.can(request.user, rules.Act.REVIEW, unit.code, period) and data.state is UnitState.SUBMITTED,
        "version": data.version if form is None else form.version,
        "content": content, "texts": [(h, content.texts.get(h, "")) for h in Heading],
        "variance": variance, "reasons_total": explained, "rest": None if variance is None else variance - explained,
        **fields, "action_statuses": ActionStatus.choices(),
        "table": _table_rows(data, fields["row_fields"], found, editable=editable),
        "net_proposal": found.net, "no_proposal": proposals.NO_PROPOSAL,
        "has_proposals": found.net is not None or bool(found.rows),
        "field_errors": form.field_errors if form is not None else {},
        "history": _history(data), "checks": [c for c in result.other_checks if c.unit == unit.code],
        "problems": data.submission_problems if editable else [],
        "volumes": _volume_tables(volume_tables, volume_form),
        "unit_costs": _unit_costs(result, unit, volume_tables),
        "volumes_editable": any(c.editable for t in volume_tables for c in t.months),
        "volume_errors": volume_form.field_errors if volume_form is not None else {},
        "risks": risks.register(result.year, rules.visible_codes(request.user), unit=unit.code),
    }


def _unit_costs(result: PeriodResult, unit: OrgUnit, tables: list[volumes.MeasureTable]) -> list[dict[str, Any]]:
    """Per measure: the cost per unit month by month beside last year, and its chart."""
    if not tables:
        return []
    costs = volumes.unit_costs(result, actual_series(result.year - 1, 12), unit.code)
    out = []
    for t in tables:
        c = costs.get(t.code)
        if c is None:
            continue
        out.append({"table": t, "costs": c, "costed": not statistics.is_percent(t.unit_text),
                    "chart": svg.volume_chart(t.name, t.unit_text, c.this_year, c.last_year, year=result.year,
                                              key=f"volymdiagram-{t.code}")})
    return out


def _volume_tables(tables: list[volumes.MeasureTable], form: VolumeForm | None) -> list[dict[str, Any]]:
    """Each measure with its months' field texts: as typed when the form came back, else stored."""
    errors = form.field_errors if form is not None else {}
    shown = form.shown if form is not None else {}

    def cell(c: volumes.VolumeMonth) -> dict[str, Any]:
        stored = volumes.quantity(c.value, space=" ")
        text, was = shown.get(c.field, (stored, stored))
        return {"cell": c, "error": errors.get(c.field, ""), "text": text, "was": was}

    return [{"table": t, "cells": [cell(c) for c in t.months]} for t in tables]


def _shown(unit: OrgUnit, data: UnitResult, result: PeriodResult) -> workflow.UnitContent:
    """The content the page shows: the result's, with the unit's row forecasts of the month."""
    return workflow.UnitContent.of(data, row_forecasts.stored_row_forecasts(result.year, result.month, unit))


def _form(request: HttpRequest, unit: OrgUnit, data: UnitResult, result: PeriodResult) -> UnitForm:
    return UnitForm(request.POST, annual_budget=data.figures.annual_budget, year=result.year, unit_code=unit.code,
                    shown=_shown(unit, data, result), row_names={r.code: r.name for r in data.rows})


def _save(request: HttpRequest, year: int, month: int, code: str,
          act: Callable[[OrgUnit, UnitResult, UnitForm], str]) -> HttpResponse:
    """Read the unit form, let `act` save it (it returns the message to show), and go back to the
    page; or show the page again with what was refused (400 unreadable, 409 refused or stale)."""
    unit, data, result = visible_unit(request, year, month, code)
    if not rules.can(request.user, rules.Act.EDIT_UNIT, unit.code):
        return forbidden(request, "Du får läsa men inte ändra den här enheten.")
    form = _form(request, unit, data, result)
    errors: list[str] = []
    changes: list[str] = []
    status_code = 400
    if form.is_valid():
        try:
            messages.success(request, act(unit, data, form))
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


@require(rules.Act.VIEW_FIGURES)
@require_http_methods(["GET", "HEAD", "POST"])
def unit_page(request: HttpRequest, year: int, month: int, code: str) -> HttpResponse:
    if request.method != "POST":
        unit, data, result = visible_unit(request, year, month, code)
        return render(request, "uppfolj/unit.html", _context(request, unit, data, result))

    def act(unit: OrgUnit, data: UnitResult, form: UnitForm) -> str:
        if request.POST.get("atgard") == "lamna_in":
            workflow.submit(year, month, unit, form.content, version=form.version,
                            annual_budget=data.figures.annual_budget, user=request.user)
            return "Uppföljningen är inlämnad till ekonomen."
        workflow.save_draft(year, month, unit, form.content, version=form.version, user=request.user)
        return "Utkastet är sparat."

    return _save(request, year, month, code, act)


@require(rules.Act.EDIT_UNIT)
@require_POST
def accept_proposal(request: HttpRequest, year: int, month: int, code: str) -> HttpResponse:
    """"Använd förslaget": the page's content saved with a row's (or the net's) proposal as the forecast."""
    choice = request.POST.get("forslag", "")
    row = proposals.NET if choice == "netto" else choice

    def act(unit: OrgUnit, data: UnitResult, form: UnitForm) -> str:
        _, saved = proposals.accept_proposal(year, month, unit, form.content, row=row, version=form.version,
                                             user=request.user)
        names = {r.code: r.name for r in data.rows}
        return proposals.accepted_message(saved, row, names.get(row, row))

    return _save(request, year, month, code, act)


@require(rules.Act.EDIT_UNIT)
@require_POST
def save_volumes(request: HttpRequest, year: int, month: int, code: str) -> HttpResponse:
    """The unit's own volumes of the months up to the report month, as entered."""
    unit, data, result = visible_unit(request, year, month, code)
    refusal = rules.why_not(request.user, rules.Act.EDIT_UNIT, unit.code, result.period)
    if isinstance(refusal, rules.NotAllowedError):
        return forbidden(request, str(refusal))
    editable = volumes.editable_months(year, month, request.user, unit)
    tables = volumes.unit_volumes(year, month, unit, [u.code for u in result.subtree(unit.code)], editable=editable)
    form = VolumeForm(request.POST, tables)
    errors: list[str] = [str(refusal)] if refusal is not None else []
    status_code = 409 if refusal is not None else 400
    if refusal is None and form.is_valid():
        try:
            changed = volumes.save_volumes(year, unit, form.changes, user=request.user)
            messages.success(request, f"Volymerna är sparade ({changed} ändrade värden)." if changed
                             else "Inga volymer ändrades.")
            return redirect(reverse("unit", args=[year, month, unit.code]) + "#volymer")
        except rules.RefusedError as exc:
            errors, status_code = [str(exc)], 409
    context = _context(request, unit, data, result, volume_form=form)
    context.update({"volume_messages": errors})
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
