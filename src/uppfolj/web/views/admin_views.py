"""The controller's pages: the audit log (with CSV export), imports, and period management."""

from __future__ import annotations

import csv
import datetime as dt
import json

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from uppfolj.web import rules
from uppfolj.web.domain import workflow
from uppfolj.web.domain.uploads import import_upload, kinds
from uppfolj.web.forms import IMPORT_KINDS, ImportForm, PeriodForm
from uppfolj.web.models import AuditEntry, ImportLog
from uppfolj.web.views.common import check_period, require


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def filtered_log(params: dict[str, str]) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.all()
    if params.get("anvandare"):
        entries = entries.filter(username=params["anvandare"])
    if params.get("handelse"):
        entries = entries.filter(action__startswith=params["handelse"])
    if params.get("enhet"):
        entries = entries.filter(object_key__endswith="/" + params["enhet"])
    if start := _date(params.get("fran", "")):
        entries = entries.filter(at__date__gte=start)
    if end := _date(params.get("till", "")):
        entries = entries.filter(at__date__lte=end)
    return entries.order_by("-at", "-id")


def _json(value: object) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


@require(rules.can_view_log)
@require_safe
def audit_log(request: HttpRequest) -> HttpResponse:
    params = {k: request.GET.get(k, "").strip() for k in ("anvandare", "handelse", "enhet", "fran", "till")}
    entries = filtered_log(params)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="logg.csv"'
        response.write("\ufeff")
        writer = csv.writer(response, delimiter=";")
        writer.writerow(["tid", "användare", "händelse", "objekttyp", "objekt", "gammalt värde", "nytt värde"])
        for e in entries.iterator():
            writer.writerow([e.at.isoformat(), e.username, e.action, e.object_type, e.object_key,
                             _json(e.old), _json(e.new)])
        return response
    page = Paginator(entries, 50).get_page(request.GET.get("sida"))
    rows = [{"entry": e, "old": _json(e.old), "new": _json(e.new)} for e in page]
    query = "&".join(f"{k}={v}" for k, v in params.items() if v)
    return render(request, "uppfolj/log.html", {"page": page, "rows": rows, "params": params, "query": query,
                                                "actions": sorted(set(AuditEntry.objects.values_list("action", flat=True)))})


@require(rules.can_import)
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
                                   phasing=form.cleaned_data.get("phasing") or "even")
            if result.ok:
                messages.success(request, result.message)
                return redirect("imports")
            # Shown on the page itself, as a list: a file may have up to 50 problems.
            problems = result.problems
        status = 400
    return render(request, "uppfolj/imports.html",
                  {"form": form, "logs": ImportLog.objects.all()[:50], "problems": problems}, status=status)


@require(rules.can_review)
@require_POST
def period(request: HttpRequest, year: int, month: int) -> HttpResponse:
    check_period(year, month)
    try:
        if request.POST.get("atgard") == "las":
            workflow.lock_period(year, month, user=request.user)
            messages.success(request, f"Perioden {year}-{month:02d} är låst.")
        else:
            form = PeriodForm(request.POST)
            deadline = form.cleaned_data["deadline"] if form.is_valid() else None
            workflow.open_period(year, month, deadline=deadline, user=request.user)
            messages.success(request, f"Perioden {year}-{month:02d} är öppen.")
    except workflow.WorkflowError as exc:
        messages.error(request, str(exc))
    return redirect("overview", year=year, month=month)
