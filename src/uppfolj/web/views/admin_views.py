"""The controller's pages: the audit log (with CSV export) and imports."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Mapping
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from uppfolj.core.choices import Phasing
from uppfolj.core.format import month_name
from uppfolj.core.spreadsheet import csv_cell
from uppfolj.web import audit_events, rules
from uppfolj.web.domain import document_settings as settings_domain
from uppfolj.web.domain.uploads import import_upload, kinds
from uppfolj.web.forms import IMPORT_KINDS, ImportForm
from uppfolj.web.models import AuditEntry, DocumentSettings, ImportLog
from uppfolj.web.views.common import require
from uppfolj.web.views.log_rows import log_row

LOG_FILTERS = ("anvandare", "handelse", "enhet", "ar", "manad", "fran", "till")
LOG_PAGE_SIZE = 50
CSV_HEADER = ["tid", "användare", "händelse", "beskrivning", "objekttyp", "objekt", "gammalt värde", "nytt värde"]


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _number(text: str, low: int, high: int) -> int | None:
    """A whole number within [low, high], or None: a bad filter value is ignored, like a bad date."""
    return int(text) if text.isdecimal() and low <= int(text) <= high else None


def _period_pattern(year: int | None, month: int | None) -> str:
    """The object keys of a year, a month or both: "YYYY-MM" (a period) or "YYYY-MM/unit".

    Anchored at both ends, so a file name such as "2024-03-utfall.csv" never matches.
    """
    years = str(year) if year else "[0-9]{4}"
    months = f"{month:02d}" if month else "[0-9]{2}"
    return f"^{years}-{months}(/|$)"


def filtered_log(params: Mapping[str, str]) -> QuerySet[AuditEntry]:
    """The entries the filters select: user, event (a code or its prefix), unit, period, dates."""
    entries = AuditEntry.objects.all()
    if params.get("anvandare"):
        entries = entries.filter(username=params["anvandare"])
    if params.get("handelse"):
        entries = entries.filter(action__startswith=params["handelse"])
    if params.get("enhet"):
        entries = entries.filter(object_key__endswith="/" + params["enhet"])
    year = _number(params.get("ar", ""), 1900, 2999)
    month = _number(params.get("manad", ""), 1, 12)
    if year or month:
        entries = entries.filter(object_key__regex=_period_pattern(year, month))
    if start := _date(params.get("fran", "")):
        entries = entries.filter(at__date__gte=start)
    if end := _date(params.get("till", "")):
        entries = entries.filter(at__date__lte=end)
    return entries.order_by("-at", "-id")


def _json(value: object) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _log_csv(entries: QuerySet[AuditEntry]) -> HttpResponse:
    """The raw values (code, JSON with öre) plus the event's Swedish name; no cell can run as a formula."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="logg.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(CSV_HEADER)
    for e in entries.iterator():
        cells = [e.at.isoformat(), e.username, e.action, audit_events.describe(e.action), e.object_type,
                 e.object_key, _json(e.old), _json(e.new)]
        writer.writerow([csv_cell(c) for c in cells])
    return response


@require(rules.Act.VIEW_LOG)
@require_safe
def audit_log(request: HttpRequest) -> HttpResponse:
    params = {k: request.GET.get(k, "").strip() for k in LOG_FILTERS}
    entries = filtered_log(params)
    if request.GET.get("format") == "csv":
        return _log_csv(entries)
    page = Paginator(entries, LOG_PAGE_SIZE).get_page(request.GET.get("sida"))
    return render(request, "uppfolj/log.html", {
        "page": page, "rows": [log_row(e) for e in page], "params": params,
        "query": urlencode({k: v for k, v in params.items() if v}),
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "event_groups": audit_events.grouped(), "months": [(m, month_name(m)) for m in range(1, 13)],
    })


@require(rules.Act.IMPORT_LEDGER)
@require_http_methods(["GET", "HEAD", "POST"])
def imports(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    kind_field = form.fields["kind"]
    assert isinstance(kind_field, forms.ChoiceField)
    kind_field.choices = [c for c in IMPORT_KINDS if c[0] in kinds()]
    status = 200
    problems: list[str] = []
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            result = import_upload(form.cleaned_data["kind"], upload.name, upload.chunks(), user=request.user,
                                   phasing=Phasing(form.cleaned_data.get("phasing") or Phasing.EVEN),
                                   strict=bool(form.cleaned_data.get("strict")))
            if result.ok:
                messages.success(request, result.message)
                for warning in result.warnings:
                    messages.warning(request, warning)
                return redirect("imports")
            # Shown on the page itself, as a list: a file may have up to 50 problems.
            problems = result.problems
        status = 400
    return render(request, "uppfolj/imports.html",
                  {"form": form, "logs": ImportLog.objects.all()[:50], "problems": problems}, status=status)


class DocumentSettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = DocumentSettings
        fields = [*settings_domain.TEXT_FIELDS, *settings_domain.LIST_FIELDS]


@require(rules.Act.EDIT_SETTINGS)
@require_http_methods(["GET", "HEAD", "POST"])
def document_settings(request: HttpRequest) -> HttpResponse:
    """Dokumentinställningar: the committee texts every report prints (saved with an audit row)."""
    form = DocumentSettingsForm(request.POST or None, instance=settings_domain.stored())
    if request.method == "POST" and form.is_valid():
        settings_domain.save_document_settings({k: str(v) for k, v in form.cleaned_data.items()}, user=request.user)
        messages.success(request, "Dokumentinställningarna är sparade.")
        return redirect("document-settings")
    return render(request, "uppfolj/document_settings.html", {"form": form}, status=400 if form.errors else 200)
