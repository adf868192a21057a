"""Shared view helpers: permission guards and the period in the address."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from uppfolj.core.choices import TreeKind
from uppfolj.web import rules
from uppfolj.web.domain.queries import visible_codes
from uppfolj.web.models import OrgUnit

View = Callable[..., HttpResponse]


def forbidden(request: HttpRequest, message: str = "Du har inte behörighet till den här sidan.") -> HttpResponse:
    return render(request, "uppfolj/error.html", {"title": "Ingen behörighet", "message": message}, status=403)


def require(predicate: Callable[[Any], bool]) -> Callable[[View], View]:
    """Anonymous users go to the login page; users failing the predicate get 403."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not predicate(request.user):
                return forbidden(request)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def check_period(year: int, month: int) -> None:
    if not (1 <= month <= 12 and 1900 <= year <= 2999):
        raise Http404("Ingen sådan period")


def visible_unit(request: HttpRequest, code: str) -> tuple[OrgUnit, set[str] | None]:
    """The unit if the user may see it; 404 otherwise (its existence is not revealed)."""
    visible = visible_codes(request.user)
    if not rules.can_view_unit(request.user, code, visible):
        raise Http404("Enheten finns inte")
    unit = OrgUnit.objects.filter(tree=TreeKind.ORGANISATION, code=code).first()
    if unit is None:
        raise Http404("Enheten finns inte")
    return unit, visible
