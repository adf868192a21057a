"""Logging in and out, the start page, and the user's own page with API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from uppfolj.web import rules
from uppfolj.web.domain import users
from uppfolj.web.forms import LoginForm, TokenForm
from uppfolj.web.models import ApiToken, MonthlyBalance
from uppfolj.web.views.common import require


@require_http_methods(["GET", "HEAD", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, username=form.cleaned_data["username"], password=form.cleaned_data["password"])
        if user is not None:
            login(request, user)
            target = request.POST.get("next") or request.GET.get("next") or "/"
            if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
                target = "/"
            return redirect(target)
        error = "Fel användarnamn eller lösenord."
        if getattr(request, "axes_locked_out", False):
            error = "För många misslyckade inloggningar. Försök igen om en stund."
    elif request.method == "POST":
        error = "Fyll i användarnamn och lösenord."
    status = 200 if not error else 401 if request.method == "POST" else 200
    return render(request, "uppfolj/login.html", {"form": form, "error": error,
                                                  "next": request.GET.get("next", "")}, status=status)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("login")


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """To the latest month with actuals (or this month); administrators to their users page."""
    if not request.user.is_authenticated:
        return redirect("login")
    if rules.is_administrator(request.user):
        return redirect("users")
    latest = MonthlyBalance.objects.order_by("-year", "-month").values_list("year", "month").first()
    if latest is None:
        # Nothing loaded yet: the controller starts with the imports, everyone else waits.
        if rules.can(request.user, rules.Act.IMPORT_LEDGER):
            return redirect("imports")
        messages.info(request, "Det finns ingen uppföljning ännu.")
        return redirect("account")
    return redirect("overview", year=latest[0], month=latest[1])


@require(None)
@require_http_methods(["GET", "HEAD", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    """The user's role, and personal API tokens (for those who may see figures)."""
    new_key = ""
    if request.method == "POST":
        if not rules.can(request.user, rules.Act.USE_API):
            return render(request, "uppfolj/error.html", {"title": "Ingen behörighet",
                          "message": "Din roll får inte använda API:et."}, status=403)
        if "revoke" in request.POST:
            token = get_object_or_404(ApiToken, pk=request.POST.get("revoke"), user_id=request.user.pk)
            users.revoke_token(token, user=request.user)
            messages.success(request, "Nyckeln är borttagen.")
            return redirect("account")
        form = TokenForm(request.POST)
        if form.is_valid():
            _, new_key = users.create_token(request.user, form.cleaned_data["name"])
    return render(request, "uppfolj/account.html", {
        "explain": rules.explain(request.user), "can_api": rules.can(request.user, rules.Act.USE_API),
        "tokens": ApiToken.objects.filter(user_id=request.user.pk or 0).order_by("-created_at"),
        "form": TokenForm(), "new_key": new_key,
    })
