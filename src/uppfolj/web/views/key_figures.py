"""Nyckeltal: the home municipality's key figures from Kolada beside its peers and Riket (read-only)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from uppfolj.reports.key_figures import OWN, SOURCE, shown
from uppfolj.web import rules
from uppfolj.web.domain import kolada
from uppfolj.web.views.common import require


@require(rules.Act.VIEW_FIGURES)
@require_safe
def key_figures(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("ar", "")
    year = int(text) if text.isdigit() and 1990 <= int(text) <= 2999 else timezone.localdate().year
    home = kolada.home()
    rows = [{"kpi": k.kpi, "title": k.title, "year": k.year, "value": shown(k.value, k.status).text,
             "peer_mean": shown(k.peer_mean).text, "national": shown(k.national).text, "status": k.status,
             "peer_group": k.peer_group, "peers": k.peers}
            for k in kolada.report_key_figures(year)]
    context: dict[str, Any] = {
        "year": year, "home": home, "rows": rows, "groups": sorted({r["peer_group"] for r in rows if r["peer_group"]}), "source": SOURCE, "own": OWN,
        "home_name": kolada.municipality_name(home.municipality) if home else "",
        "pages": kolada.cached_pages() if rules.can(request.user, rules.Act.VIEW_LOG) else None,
    }
    return render(request, "uppfolj/key_figures.html", context)
