"""Report files: the JSON API (token or session) and downloads in every format, permission-checked."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_safe

from uppfolj.core.choices import Amounts, Format, ReportKind, TreeKind
from uppfolj.reports.model import Report
from uppfolj.reports.render.json import report_dict
from uppfolj.reports.render.registry import MEDIA_TYPES
from uppfolj.web import rules
from uppfolj.web.domain.period import assemble_report, period_result, render_report, report_accuracy
from uppfolj.web.domain.period_input import ReportError
from uppfolj.web.domain.queries import top_visible
from uppfolj.web.domain.users import user_for_token
from uppfolj.web.views.common import check_period, choice_or, require


def _reports(user: Any, year: int, month: int, kind: ReportKind, *, unit: str | None = None,
             with_ledger: bool = False) -> list[Report]:
    """The reports the user may read: the whole tree, or one per budget holder's top unit;
    checks about units they may not see are left out."""
    visible = rules.visible_codes(user)
    result = period_result(year, month, with_ledger=with_ledger)
    if unit is not None:
        if not result.has_unit(unit) or not rules.can(user, rules.Act.VIEW_FIGURES, unit):
            raise Http404("Enheten finns inte")
        tops = [unit]
    else:
        tops = top_visible(result, visible)
    if not tops:
        raise Http404("Inga enheter")
    limit = None if visible is None else frozenset(visible)
    accuracy = report_accuracy(year, month, kind, TreeKind.ORGANISATION)
    shown = [None if visible is None and unit is None else code for code in tops]
    return [assemble_report(result, kind, code, limit, accuracy=accuracy) for code in shown]


def visible_report_dict(user: Any, year: int, month: int) -> dict[str, Any]:
    """The contract's JSON, for the whole tree or for the subtree(s) of a budget holder's units."""
    first, *more = [report_dict(r) for r in _reports(user, year, month, ReportKind.MONTHLY)]
    for other in more:
        first["units"].extend(other["units"])
        first["checks"].extend(c for c in other["checks"] if c not in first["checks"])
        first["statistics"].extend(other["statistics"])  # key figures are the municipality's: once
        first["goals"].extend(g for g in other["goals"] if g not in first["goals"])
        first["risks"].extend(r for r in other["risks"] if r not in first["risks"])
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
    if not rules.can(user, rules.Act.USE_API):
        return JsonResponse({"error": "din roll får inte läsa rapporter"}, status=403)
    check_period(year, month)
    try:
        data = visible_report_dict(user, year, month)
    except ReportError as exc:
        return JsonResponse({"error": str(exc)}, status=404)
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})


@require(rules.Act.VIEW_FIGURES)
@require_safe
def download(request: HttpRequest, year: int, month: int, fmt: str) -> HttpResponse:
    check_period(year, month)
    try:
        file_format = Format(fmt)
    except ValueError:
        raise Http404("Okänt format") from None
    kind = choice_or(ReportKind, request.GET.get("slag"), ReportKind.MONTHLY)
    # no (or an unknown) ?belopp=: the kind's default unit (mnkr for February, else tkr)
    amounts = next((a for a in Amounts if a.value == request.GET.get("belopp")), None)
    try:
        report = _reports(request.user, year, month, kind, unit=request.GET.get("enhet") or None,
                          # the ledger rows only on request (?verifikationer=1): not in the committee's workbook
                          with_ledger=file_format is Format.XLSX and request.GET.get("verifikationer") == "1")[0]
        data = render_report(report, file_format, amounts=amounts)
    except ReportError as exc:
        raise Http404(str(exc)) from exc
    response = HttpResponse(data, content_type=MEDIA_TYPES[file_format])
    name = f"uppfoljning-{year}-{month:02d}{'-' + report.unit if report.unit else ''}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
