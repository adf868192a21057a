"""Report files: the JSON API (token or session) and downloads in every format, permission-checked."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_safe

from uppfolj.core.choices import Amounts
from uppfolj.reports.model import Report
from uppfolj.reports.render.json import report_dict
from uppfolj.web import rules
from uppfolj.web.domain import cache
from uppfolj.web.domain.document_inputs import render_report
from uppfolj.web.domain.queries import top_visible_codes, visible_codes
from uppfolj.web.domain.report import ReportError
from uppfolj.web.domain.users import user_for_token
from uppfolj.web.views.common import check_period, require

MEDIA_TYPES = {
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}


def _limited(report: Report, visible: set[str] | None) -> Report:
    """Drop checks about units the user may not see (and unit-less ones, which name cost centres)."""
    if visible is None:
        return report
    return dataclasses.replace(report, checks=[c for c in report.checks if c.unit is not None and c.unit in visible])


def visible_report_dict(user: Any, year: int, month: int) -> dict[str, Any]:
    """The contract's JSON, for the whole tree or for the subtree(s) of a budget holder's units."""
    tops = top_visible_codes(user)
    visible = visible_codes(user)
    if tops is None:
        return report_dict(cache.report(year, month))
    if not tops:
        raise Http404("Inga enheter")
    first = report_dict(_limited(cache.report(year, month, unit=tops[0]), visible))
    for code in tops[1:]:
        more = report_dict(_limited(cache.report(year, month, unit=code), visible))
        first["units"].extend(more["units"])
        first["checks"].extend(more["checks"])
    return first


@require_safe
def api_report(request: HttpRequest, year: int, month: int) -> HttpResponse:
    user = request.user
    header = request.headers.get("Authorization", "")
    if header.startswith("Token "):
        token_user = user_for_token(header.removeprefix("Token "))
        if token_user is None:
            return JsonResponse({"error": "ogiltig API-nyckel"}, status=401)
        user = token_user
    if not user.is_authenticated:
        response = JsonResponse({"error": "inloggning krävs (Authorization: Token <nyckel>)"}, status=401)
        response["WWW-Authenticate"] = "Token"
        return response
    if not rules.can_use_api(user):
        return JsonResponse({"error": "din roll får inte läsa rapporter"}, status=403)
    check_period(year, month)
    try:
        data = visible_report_dict(user, year, month)
    except ReportError as exc:
        return JsonResponse({"error": str(exc)}, status=404)
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})


@require(rules.can_view_figures)
@require_safe
def download(request: HttpRequest, year: int, month: int, fmt: str) -> HttpResponse:
    check_period(year, month)
    if fmt not in MEDIA_TYPES:
        raise Http404("Okänt format")
    visible = visible_codes(request.user)
    unit = request.GET.get("enhet") or None
    tops = top_visible_codes(request.user)
    if unit is None and tops is not None:
        if not tops:
            raise Http404("Inga enheter")
        unit = tops[0]
    if unit is not None and not rules.can_view_unit(request.user, unit, visible):
        raise Http404("Enheten finns inte")
    kind = request.GET.get("slag", "monthly")
    try:
        report = _limited(cache.report(year, month, unit=unit, kind=kind if kind in
                                       ("monthly", "february", "interim", "annual") else "monthly"), visible)
        amounts = Amounts.__members__.get(request.GET.get("belopp", "tkr").upper(), Amounts.TKR)
        # Texts, reasons and actions (and for XLSX the ledger rows) of the units in this report only.
        data = render_report(report, fmt, amounts=amounts)
    except ReportError as exc:
        raise Http404(str(exc)) from exc
    response = HttpResponse(data, content_type=MEDIA_TYPES[fmt])
    name = f"uppfoljning-{year}-{month:02d}{'-' + unit if unit else ''}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
