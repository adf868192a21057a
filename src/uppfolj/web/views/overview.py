"""The month's overview: the unit tree with follow-up columns, statuses, chart and downloads."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from uppfolj.core.choices import Format, ReportKind, UnitState
from uppfolj.core.format import month_name
from uppfolj.core.period import PeriodResult, UnitResult
from uppfolj.web import rules
from uppfolj.web.domain.accuracy import finished_years
from uppfolj.web.domain.period import period_result
from uppfolj.web.domain.period_input import ReportError
from uppfolj.web.domain.proposals import distance, net_proposals
from uppfolj.web.domain.queries import top_visible
from uppfolj.web.views.common import check_period, require
from uppfolj.web.views.svg import forecast_chart

DEVIATION_ORE = 50_000  # half a tkr: what prints as a deviation in whole tkr


def _is_deviation(unit: UnitResult) -> bool:
    f = unit.figures
    return f.variance <= -DEVIATION_ORE or (f.forecast_variance is not None and f.forecast_variance <= -DEVIATION_ORE)


def _missing_texts(result: PeriodResult) -> list[UnitResult]:
    """The departments (children of each root) without Utfall, Analys or Åtgärd text this month."""
    roots = {u.code for u in result.units if u.line.parent is None}
    return [u for u in result.units if u.line.parent in roots and not u.texts]


@require(rules.Act.VIEW_FIGURES)
@require_safe
def overview(request: HttpRequest, year: int, month: int) -> HttpResponse:
    check_period(year, month)
    context: dict[str, Any] = {"year": year, "month": month, "month_name": month_name(month),
                               "formats": Format.choices(), "kinds": ReportKind.choices(),
                               "states": [(s.slug, s.label) for s in UnitState], "months": range(1, 13)}
    try:
        result = period_result(year, month)
    except ReportError as exc:
        context["error"] = str(exc)
        return render(request, "uppfolj/overview.html", context)
    visible = rules.visible_codes(request.user)
    tops = top_visible(result, visible)
    wanted = UnitState.from_slug(request.GET.get("status", ""))
    only_deviations = request.GET.get("avvikelse") == "1"
    by_distance = request.GET.get("sortera") == "forslag"
    parents = {u.line.parent for u in result.units}
    proposed = net_proposals(year, month)
    rows: list[dict[str, Any]] = [
        {"unit": u, "has_children": u.code in parents, "proposal": proposed.get(u.code),
         "distance": distance(u.figures.forecast, proposed.get(u.code))}
        for u in result.units
        if (visible is None or u.code in visible)
        and (wanted is None or u.state is wanted)
        and (not only_deviations or _is_deviation(u))
    ]
    if by_distance:  # largest distance first, units without one last, tree order among equals
        rows.sort(key=lambda r: (r["distance"] is None, -abs(r["distance"] or 0)))
    chart_unit = result.unit(tops[0]) if tops else None
    manages = rules.can(request.user, rules.Act.MANAGE_PERIOD)
    context.update({
        "result": result, "period": result.period, "rows": rows,
        "totals": [result.unit(code) for code in tops],
        "filtered": bool(wanted or only_deviations or by_distance), "by_distance": by_distance,
        "has_proposals": bool(proposed), "accuracy_year": next((y for y in finished_years() if y <= year), year - 1),
        "want_state": wanted.slug if wanted else "", "only_deviations": only_deviations,
        "chart": forecast_chart(chart_unit, title=f"Helårsprognos per månad, {chart_unit.line.name}") if chart_unit else "",
        "chart_unit": chart_unit, "download_units": tops if visible is not None else [],
        "can_manage": manages, "late": result.late_units() if manages else [],
        # departments the documents print no text for (never shown there as gaps): the controller's list
        "missing_texts": _missing_texts(result) if manages else [],
    })
    return render(request, "uppfolj/overview.html", context)
