"""The controller's page for a month: open it, set its deadline, lock it (after confirming, with
the units not yet approved listed) and open it again with a reason."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from uppfolj.core.format import month_name
from uppfolj.web import rules
from uppfolj.web.domain import periods
from uppfolj.web.forms import PeriodForm
from uppfolj.web.views.common import month_result, require


def _context(year: int, month: int, **extra: Any) -> dict[str, Any]:
    result = month_result(year, month)
    return {"year": year, "month": month, "month_name": month_name(month), "period": result.period,
            "not_approved": periods.not_approved(result), "form": PeriodForm(initial={"deadline": result.period.deadline}),
            **extra}


@require(rules.Act.MANAGE_PERIOD)
@require_http_methods(["GET", "HEAD", "POST"])
def period(request: HttpRequest, year: int, month: int) -> HttpResponse:
    if request.method != "POST":
        return render(request, "uppfolj/period.html", _context(year, month))
    form = PeriodForm(request.POST)
    deadline = form.cleaned_data["deadline"] if form.is_valid() else None
    step = request.POST.get("atgard")
    try:
        if step == "las":
            if request.POST.get("bekrafta") != "ja":
                # The lock cannot be taken back without a reason: show what it leaves behind first.
                return render(request, "uppfolj/period.html", _context(year, month, confirm=True))
            periods.lock_period(year, month, user=request.user)
            messages.success(request, f"Perioden {year}-{month:02d} är låst. Rapporten är sparad som den ser ut nu.")
        else:
            reason = form.cleaned_data.get("reason", "") if form.is_valid() else ""
            info = periods.open_period(year, month, deadline=deadline, reason=reason, user=request.user)
            messages.success(request, f"Perioden {info.key} är öppen.")
    except (periods.PeriodError, rules.RefusedError) as exc:
        messages.error(request, str(exc))
        return render(request, "uppfolj/period.html", _context(year, month), status=409)
    return redirect("overview", year=year, month=month)
