"""The month's overview: the unit tree with follow-up columns, statuses, chart and downloads."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from uppfolj.core.choices import Format, UnitState
from uppfolj.core.format import month_name
from uppfolj.web import rules
from uppfolj.web.domain import cache, workflow
from uppfolj.web.domain.charts import forecast_series
from uppfolj.web.domain.queries import top_visible_codes, visible_codes
from uppfolj.web.domain.report import ReportError
from uppfolj.web.views.common import check_period, require
from uppfolj.web.views.svg import forecast_chart


def _is_deviation(line: Any) -> bool:
    f = line.figures
    return f.variance <= -50_000 or (f.forecast_variance is not None and f.forecast_variance <= -50_000)


@require(rules.can_view_figures)
@require_safe
def overview(request: HttpRequest, year: int, month: int) -> HttpResponse:
    check_period(year, month)
    context: dict[str, Any] = {"year": year, "month": month, "month_name": month_name(month), "formats": Format.choices(),
                               "states": UnitState.choices, "period": workflow.period_of(year, month)}
    try:
        report = cache.report(year, month)
    except ReportError as exc:
        context["error"] = str(exc)
        return render(request, "uppfolj/overview.html", context)
    visible = visible_codes(request.user)
    tops = top_visible_codes(request.user) or [report.top.code]
    statuses = workflow.statuses(year, month)
    want_state = request.GET.get("status", "")
    only_deviations = request.GET.get("avvikelse") == "1"
    parents_with_children = {line.parent for line in report.units}
    rows = []
    for line in report.units:
        if visible is not None and line.code not in visible:
            continue
        state = statuses[line.code].state if line.code in statuses else UnitState.NOT_STARTED
        if want_state and state != want_state:
            continue
        if only_deviations and not _is_deviation(line):
            continue
        rows.append({"line": line, "state": state, "state_label": UnitState(state).label,
                     "has_children": line.code in parents_with_children, "indent": line.level})
    totals = [line for line in report.units if line.code in tops]
    chart_unit = tops[0]
    chart_line = next(line for line in report.units if line.code == chart_unit)
    context.update({
        "report": report, "rows": rows, "totals": totals, "filtered": bool(want_state or only_deviations),
        "want_state": want_state, "only_deviations": only_deviations,
        "chart": forecast_chart(forecast_series(report, chart_unit), chart_line.figures.annual_budget,
                                title=f"Helårsprognos per månad, {chart_line.name}"),
        "chart_unit": chart_line, "download_units": tops if visible is not None else [],
        "can_review": rules.can_review(request.user),
        "late": workflow.late_units(year, month) if rules.can_review(request.user) else [],
        "months": range(1, 13),
    })
    return render(request, "uppfolj/overview.html", context)
