"""Shared view helpers: permission guards, the period in the address, the unit in the address."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from uppfolj.core.choices import Choice, TreeKind
from uppfolj.core.period import PeriodResult, UnitResult
from uppfolj.web import rules
from uppfolj.web.domain.period import period_result, unit_result
from uppfolj.web.domain.period_input import ReportError, has_data
from uppfolj.web.models import OrgUnit

View = Callable[..., HttpResponse]
C = TypeVar("C", bound=Choice)


def choice_or(kind: type[C], text: str | None, default: C) -> C:
    """The member an address names (`?slag=interim`), or the default for anything else."""
    return next((member for member in kind if member.value == text), default)


def forbidden(request: HttpRequest, message: str = "Du har inte behörighet till den här sidan.") -> HttpResponse:
    return render(request, "uppfolj/error.html", {"title": "Ingen behörighet", "message": message}, status=403)


def require(act: rules.Act | None) -> Callable[[View], View]:
    """Anonymous users go to the login page; users the rule table refuses get 403.

    `None` only asks for a logged-in user (the account page).
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if act is not None and not rules.can(request.user, act):
                return forbidden(request)
            return view(request, *args, **kwargs)

        wrapper.required_act = act  # type: ignore[attr-defined]  # read by the permission matrix test
        return wrapper

    return decorate


def check_period(year: int, month: int) -> None:
    """404 for a month that is not a month, or that the data knows nothing of (no actuals or
    budget of the year, and never opened): no page of zeros for 2030."""
    if not (1 <= month <= 12 and 1900 <= year <= 2999) or not has_data(year, month):
        raise Http404("Ingen sådan period")


def month_result(year: int, month: int) -> PeriodResult:
    """The month's result for a page; 404 when there is nothing to show."""
    check_period(year, month)
    try:
        return period_result(year, month)
    except ReportError as exc:
        raise Http404(str(exc)) from exc


def visible_unit(request: HttpRequest, year: int, month: int, code: str) -> tuple[OrgUnit, UnitResult, PeriodResult]:
    """The unit of the address if the user may see it, with its month (`unit_result`: the
    unit's subtree while the month is open); 404 otherwise (its existence is not revealed)."""
    if not rules.can(request.user, rules.Act.VIEW_FIGURES, code):
        raise Http404("Enheten finns inte")
    check_period(year, month)
    try:
        result = unit_result(year, month, code)
    except ReportError as exc:
        raise Http404("Enheten finns inte") from exc
    unit = OrgUnit.objects.filter(tree=TreeKind.ORGANISATION, code=code).first()
    if unit is None or not result.has_unit(code):
        raise Http404("Enheten finns inte")
    return unit, result.unit(code), result
