"""The month's overview: the unit tree with follow-up columns, statuses, chart and downloads."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
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
from uppfolj.web.templatetags.uppfolj_tags import above_below, pct, sign_class, signed_tkr, tkr
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


_ROW = (
    '<tr data-code="{code}" data-parent="{parent}" class="level-{level}">\n'
    '<th scope="row" class="name indent-{level}">{toggle}<a href="{url}">{code} {name}</a></th>\n'
    '<td class="status-cell" data-label="Status"><span class="status status-{state}">{state_label}</span></td>\n'
    '<td class="num" data-label="Årsbudget">{annual}</td>\n'
    '<td class="num" data-label="Periodbudget">{period}</td>\n'
    '<td class="num" data-label="Utfall">{actual}</td>\n'
    '<td class="num {variance_class}" data-label="Avvikelse">{variance}</td>\n'
    '<td class="num" data-label="Förbrukat %">{consumed}</td>\n'
    '<td class="num" data-label="Årsprognos">{forecast}</td>\n'
    '<td class="num {forecast_variance_class}" data-label="Prognosavvikelse">{forecast_variance}</td>\n'
    '<td class="num {improvement_class}" data-label="Prognosförändring">{improvement}</td>\n'
    '<td class="num distance" data-label="Avstånd till förslag">{distance}</td>\n'
    "</tr>"
)
_TOGGLE = ('<button type="button" class="toggle js-only" aria-expanded="true" aria-controls="units" '
           'data-toggle="{}"><span class="vh">Visa eller dölj enheterna under {}</span></button>')


def _row_html(row: dict[str, Any], unit_url: str, *, filtered: bool) -> SafeString:
    """One unit's row of the overview table. Written here, not in the template: a large
    organisation has hundreds of rows, and Django's template language (and `format_html`'s
    escaping of every argument) spent most of the page's time on their cells. The texts a user
    can set are escaped; the rest are numbers and class names of our own."""
    u: UnitResult = row["unit"]
    f = u.line.figures
    code, name = escape(u.code), escape(u.line.name)
    distance_ore = row["distance"]
    return mark_safe(_ROW.format(  # every text from the data is escaped above
        code=code, parent=escape(u.line.parent or ""), level=u.line.level, name=name,
        toggle=_TOGGLE.format(code, name) if row["has_children"] and not filtered else "",
        url=escape(unit_url.replace("__unit__", quote(u.code, safe=""))), state=u.state.value,
        state_label=escape(u.state.label),
        annual=tkr(f.annual_budget), period=tkr(f.period_budget), actual=tkr(f.actual),
        variance_class=sign_class(f.variance), variance=signed_tkr(f.variance), consumed=pct(f.consumed_pct),
        forecast=tkr(f.forecast), forecast_variance_class=sign_class(f.forecast_variance),
        forecast_variance=signed_tkr(f.forecast_variance), improvement_class=sign_class(f.forecast_improvement),
        improvement=signed_tkr(f.forecast_improvement),
        distance="–" if distance_ore is None else f"{signed_tkr(distance_ore)}<small>{above_below(distance_ore)}</small>",
    ))


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
    filtered = bool(wanted or only_deviations or by_distance)
    unit_url = reverse("unit", args=[year, month, "__unit__"])
    for r in rows:
        r["html"] = _row_html(r, unit_url, filtered=filtered)
    chart_unit = result.unit(tops[0]) if tops else None
    manages = rules.can(request.user, rules.Act.MANAGE_PERIOD)
    context.update({
        "result": result, "period": result.period, "rows": rows,
        "totals": [result.unit(code) for code in tops],
        "filtered": filtered, "by_distance": by_distance,
        "has_proposals": bool(proposed), "accuracy_year": next((y for y in finished_years() if y <= year), year - 1),
        "want_state": wanted.slug if wanted else "", "only_deviations": only_deviations,
        "chart": forecast_chart(chart_unit, title=f"Helårsprognos per månad, {chart_unit.line.name}") if chart_unit else "",
        "chart_unit": chart_unit, "download_units": tops if visible is not None else [],
        "can_manage": manages, "late": result.late_units() if manages else [],
        # departments the documents print no text for (never shown there as gaps): the controller's list
        "missing_texts": _missing_texts(result) if manages else [],
    })
    return render(request, "uppfolj/overview.html", context)
