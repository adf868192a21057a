"""Prognossäkerhet: how the forecasts of a finished year came out, per department and forecast month."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from uppfolj.core.errors import UserError
from uppfolj.web import rules
from uppfolj.web.domain import forecasting
from uppfolj.web.domain.accuracy import accuracy_page, finished_years
from uppfolj.web.views.common import require
from uppfolj.web.views.svg import accuracy_chart


@require(rules.Act.VIEW_FIGURES)
@require_safe
def accuracy(request: HttpRequest, year: int) -> HttpResponse:
    if not 1900 <= year <= 2999:
        raise Http404("Inget sådant år")
    context: dict[str, Any] = {"year": year, "years": finished_years()}
    try:
        found = forecasting.year_accuracy(year)
    except UserError as exc:
        context["error"] = str(exc)
        return render(request, "uppfolj/accuracy.html", context)
    if found is None:
        context["error"] = (f"Utfallet för hela {year} finns inte ännu. Prognossäkerheten visas för ett avslutat år, "
                            "när årets alla tolv månader är inlästa.")
        return render(request, "uppfolj/accuracy.html", context)
    page = accuracy_page(found, rules.visible_codes(request.user))
    context.update({
        "page": page,
        "chart": accuracy_chart(page.chart, title=f"Prognoser {year} mot utfallet, {page.chart_name}")
        if page.chart else "",
    })
    return render(request, "uppfolj/accuracy.html", context)
