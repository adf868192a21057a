"""Investeringar: a year's investment projects, budget against actual and forecast; the
controller enters forecasts, comments and requests to carry unspent money into next year."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from uppfolj.core.investments import investment_total
from uppfolj.web import rules
from uppfolj.web.domain import investments as domain
from uppfolj.web.forms import InvestmentForm, kr_input
from uppfolj.web.views.common import forbidden, require


def _month(request: HttpRequest, year: int) -> int:
    """The month the actual runs to: `?manad=M`, else the last month of the year with ledger rows."""
    text = request.GET.get("manad", "")
    if text.isdigit() and 1 <= int(text) <= 12:
        return int(text)
    return domain.latest_month(year)


def _cards(rows: list[domain.InvestmentRow], form: InvestmentForm | None) -> list[dict[str, Any]]:
    """Per project: each editable field's name, the text to show, the value it was, its error."""
    cards = []
    for row in rows:
        fields = {}
        for attr, name in row.fields.items():
            value = getattr(row.line, attr)
            stored = kr_input(value) if attr in InvestmentForm.AMOUNTS else value
            text, was = form.shown.get(name, (stored, stored)) if form else (stored, stored)
            fields[attr] = {"name": name, "value": text, "was": was,
                            "error": form.field_errors.get(name, "") if form else ""}
        cards.append({"row": row, "line": row.line, "f": fields})
    return cards


@require(rules.Act.VIEW_FIGURES)
@require_http_methods(["GET", "HEAD", "POST"])
def investments(request: HttpRequest, year: int) -> HttpResponse:
    if not 1900 <= year <= 2999:
        raise Http404("Inget sådant år")
    month = _month(request, year)
    rows = domain.investment_rows(year, month)
    can_edit = rules.can(request.user, rules.Act.EDIT_INVESTMENTS)
    form: InvestmentForm | None = None
    status = 200
    if request.method == "POST":
        if not can_edit:
            return forbidden(request, "Bara ekonomen kan ändra investeringarna.")
        form = InvestmentForm(request.POST, rows)
        if form.is_valid():
            changed = domain.save_investments(year, form.changes, user=request.user)
            messages.success(request, f"Investeringarna är sparade ({changed} ändrade projekt)." if changed
                             else "Inget ändrades.")
            return redirect(reverse("investments", args=[year]) + f"?manad={month}")
        status = 400
    lines = [r.line for r in rows]
    context = {
        "year": year, "month": month, "cards": _cards(rows, form), "can_edit": can_edit,
        "total": investment_total(lines) if lines else None, "errors": list(form.field_errors.values()) if form else [],
        "months": range(1, 13),
    }
    return render(request, "uppfolj/investments.html", context, status=status)
