"""Goals (Måluppfyllelse) per year, and the risk register: read by everyone who sees figures;
goals changed by the controller, risks by their units' budget holders and the controller."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from uppfolj.core.choices import Amounts, TreeKind
from uppfolj.core.format import amount, month_name
from uppfolj.reports.goals import goal_number, source_text
from uppfolj.web import rules
from uppfolj.web.domain import goals, risks
from uppfolj.web.forms import RISK_LABELS, GoalForm, RiskForm
from uppfolj.web.models import Goal, OrgUnit, Risk
from uppfolj.web.views.common import forbidden, require


def _year(year: int) -> None:
    if not 1900 <= year <= 2999:
        raise Http404("Inget sådant år")


def _goal_rows(year: int, month: int, form: GoalForm | None) -> list[dict[str, Any]]:
    errors = form.field_errors if form is not None else {}
    rows = []
    for goal, result in goals.goal_page(year, month):
        stored = {"malvarde": goals.stored_text(goal.target), "utfall": goals.stored_text(goal.outcome),
                  "kommentar": goal.comment}
        fields = {}
        for name, value in stored.items():
            field = f"mal-{goal.code}-{name}"
            typed = form.raw(field) if form is not None and field in form.data else value
            fields[name] = {"name": field, "text": typed, "was": value, "error": errors.get(field, "")}
        rows.append({"goal": goal, "result": result, "fields": fields,
                     "target": goal_number(result.target), "outcome": goal_number(result.outcome, result.target),
                     "previous": goal_number(result.previous, result.target), "source": source_text(result.source),
                     "fulfilment": result.fulfilment})
    return rows


def _goal_form_goals(year: int) -> list[dict[str, Any]]:
    return [{"code": g.code, "name": g.name, "malvarde": goals.stored_text(g.target),
             "utfall": goals.stored_text(g.outcome), "kommentar": g.comment}
            for g in Goal.objects.filter(year=year)]


@require(rules.Act.VIEW_FIGURES)
@require_http_methods(["GET", "HEAD", "POST"])
def goals_page(request: HttpRequest, year: int) -> HttpResponse:
    """`/mal/<år>/`: the year's goals with target, outcome, last year, fulfilment and comment."""
    _year(year)
    month = goals.page_month(year)
    may_edit = rules.can(request.user, rules.Act.EDIT_GOALS)
    form = None
    status = 200
    if request.method == "POST":
        if not may_edit:
            return forbidden(request, "Bara ekonomen ändrar målen.")
        form = GoalForm(request.POST, _goal_form_goals(year))
        if form.is_valid():
            changed = 0
            stored = {g.code: g for g in Goal.objects.filter(year=year, code__in=form.changes)}
            for code, changes in form.changes.items():
                changed += goals.save_goal(stored[code], changes, user=request.user)
            messages.success(request, f"Målen är sparade ({changed} ändrade)." if changed else "Inga mål ändrades.")
            return redirect("goals", year=year)
        status = 409 if any("någon annan" in e for e in form.field_errors.values()) else 400
    return render(request, "uppfolj/goals.html", {
        "year": year, "month": month, "month_name": month_name(month), "rows": _goal_rows(year, month, form),
        "may_edit": may_edit, "errors": form.field_errors if form is not None else {},
    }, status=status)


def _editable_units(user: Any) -> dict[str, OrgUnit]:
    visible = rules.visible_codes(user)
    units = OrgUnit.objects.filter(tree=TreeKind.ORGANISATION).order_by("code")
    if not rules.can(user, rules.Act.EDIT_RISKS):
        return {}
    return {u.code: u for u in units if visible is None or u.code in visible}


def stored_risk(risk: Risk) -> dict[str, str]:
    """A risk's fields as its form shows them (belopp in kr with a decimal comma)."""
    return {"enhet": risk.unit.code, "manad": str(risk.month), "risk": risk.text, "sannolikhet": str(risk.probability),
            "konsekvens": str(risk.consequence),
            "belopp": "" if risk.amount is None else amount(risk.amount, Amounts.KR, space=" ").replace(",00", ""),
            "ansvarig": risk.owner, "atgard": risk.action, "stangd": "1" if risk.closed else ""}


def _risk_rows(year: int, user: Any, unit: str | None, editable: dict[str, OrgUnit], *,
               form: RiskForm | None, form_id: int | None) -> list[dict[str, Any]]:
    rows = []
    for risk in risks.register(year, rules.visible_codes(user), unit=unit):
        stored = stored_risk(risk)
        typed = stored
        errors: dict[str, str] = {}
        if form is not None and form_id == risk.pk:
            typed = {k: form.data.get(k, v).strip() if k != "stangd" else ("1" if form.data.get(k) else "")
                     for k, v in stored.items()}
            errors = form.field_errors
        rows.append({"risk": risk, "score": risk.probability * risk.consequence,
                     "amount": "" if risk.amount is None else amount(risk.amount, Amounts.MNKR),
                     "stored": stored, "typed": typed, "errors": errors, "editable": risk.unit.code in editable})
    return rows


@require(rules.Act.VIEW_FIGURES)
@require_http_methods(["GET", "HEAD", "POST"])
def risks_page(request: HttpRequest, year: int) -> HttpResponse:
    """`/risker/<år>/`: the risks of the units the user sees (`?enhet=` one unit's); budget holders
    add, change, close and remove their own units' risks, the controller all of them."""
    _year(year)
    unit = request.GET.get("enhet") or None
    if unit is not None and not rules.can(request.user, rules.Act.VIEW_FIGURES, unit):
        raise Http404("Enheten finns inte")
    editable = _editable_units(request.user)
    form: RiskForm | None = None
    form_id: int | None = None
    status = 200
    if request.method == "POST":
        if not rules.can(request.user, rules.Act.EDIT_RISKS):
            return forbidden(request, "Din roll får inte ändra riskregistret.")
        form, form_id, done = _post_risk(request, year, editable)
        if done is not None:
            return done
        status = 409 if any("Någon annan" in e for e in form.field_errors.values()) else 400
    add_errors = form.field_errors if form is not None and form_id is None else {}
    add_typed = {k: form.data.get(k, "").strip() for k in RISK_LABELS} if form is not None and form_id is None else {}
    return render(request, "uppfolj/risks.html", {
        "year": year, "unit": unit, "rows": _risk_rows(year, request.user, unit, editable, form=form, form_id=form_id),
        "units": list(editable.values()), "may_edit": bool(editable), "add_errors": add_errors,
        "add": add_typed or {"enhet": unit or "", "manad": "1"}, "months": [(m, month_name(m)) for m in range(1, 13)],
        "labels": RISK_LABELS,
    }, status=status)


def _post_risk(request: HttpRequest, year: int, editable: dict[str, OrgUnit]) -> tuple[RiskForm, int | None, HttpResponse | None]:
    """Add (`atgard=lagg_till`), change (`spara`) or remove (`ta_bort`) a risk (`risk_id`)."""
    what = request.POST.get("gora", "")
    back = reverse("risks", args=[year]) + (f"?enhet={request.GET['enhet']}" if request.GET.get("enhet") else "")
    if what == "lagg_till":
        form = RiskForm(request.POST, units=editable)
        if form.is_valid():
            unit = form.values.pop("enhet")
            risks.add_risk(year, unit, form.values, user=request.user)
            messages.success(request, f"Risken är tillagd för {unit.code} {unit.name}.")
            return form, None, redirect(back)
        return form, None, None
    risk = Risk.objects.filter(pk=request.POST.get("risk_id", "0") if request.POST.get("risk_id", "").isdigit() else 0,
                               year=year).select_related("unit").first()
    if risk is None:
        form = RiskForm(request.POST, units=editable)
        form.field_errors["risk_id"] = "Risken finns inte längre; ladda om sidan."
        return form, None, None
    if risk.unit.code not in editable:
        return RiskForm(request.POST, units=editable), risk.pk, forbidden(request, f"Enheten {risk.unit.code} hör inte till dina enheter.")
    form = RiskForm(request.POST, units=editable, stored=stored_risk(risk))
    if what == "ta_bort":
        risks.remove_risk(risk, user=request.user)
        messages.success(request, "Risken är borttagen ur registret.")
        return form, risk.pk, redirect(back)
    if form.is_valid():
        changed = risks.change_risk(risk, form.values, user=request.user)
        messages.success(request, "Risken är sparad." if changed else "Inget ändrades.")
        return form, risk.pk, redirect(back)
    return form, risk.pk, None
