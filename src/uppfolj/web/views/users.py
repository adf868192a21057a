"""Users for the administrator (upload the users file, list, new one-time links), the one-time
link itself, and the password change an initial password forces."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model, login, update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from uppfolj.core.errors import InputError
from uppfolj.web import rules
from uppfolj.web.domain import accounts
from uppfolj.web.models import LoginLink, Role
from uppfolj.web.passwords import SESSION_KEY
from uppfolj.web.views.common import require

BACKEND = "django.contrib.auth.backends.ModelBackend"


class UsersFileForm(forms.Form):
    file = forms.FileField(label="Användarfil (CSV eller XLSX)")
    initial_passwords = forms.BooleanField(
        label="Startlösenord i stället för engångslänkar (måste bytas vid första inloggningen)", required=False)


def _listing() -> list[dict[str, Any]]:
    links = Prefetch("login_links", queryset=LoginLink.objects.filter(used_at__isnull=True).order_by("-created_at"),
                     to_attr="open_links")
    users = (get_user_model().objects.select_related("uppfolj_role").prefetch_related("uppfolj_role__units", links)
             .order_by("username"))
    rows = []
    now = timezone.now()
    for u in users:
        role = getattr(u, "uppfolj_role", None)
        open_links = [link for link in u.open_links if link.expires_at > now]
        rows.append({"user": u, "role": Role(role.role).label if role else "–",
                     "units": ", ".join(sorted(x.code for x in role.units.all())) if role else "",
                     "link": open_links[0] if open_links else None,
                     "must_change": bool(role and role.must_change_password)})
    return rows


def _page(request: HttpRequest, form: UsersFileForm, *, status: int = 200, **extra: Any) -> HttpResponse:
    return render(request, "uppfolj/users.html", {"form": form, "rows": _listing(), **extra}, status=status)


@require(rules.Act.ADMINISTER)
@require_http_methods(["GET", "HEAD", "POST"])
def users_page(request: HttpRequest) -> HttpResponse:
    """Användare: upload the users file (as `uppfolj users import`), see every user with role and units."""
    form = UsersFileForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return _page(request, form)
    if not form.is_valid():
        return _page(request, form, status=400)
    upload = form.cleaned_data["file"]
    safe = Path(upload.name).name or "anvandare.csv"
    with tempfile.TemporaryDirectory(prefix="uppfolj-users-") as folder:
        path = Path(folder) / safe
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        try:
            result = accounts.import_users(path, user=request.user,
                                           initial_passwords=form.cleaned_data["initial_passwords"])
        except InputError as exc:
            return _page(request, form, status=400, problems=exc.lines)
        except (ValueError, OSError) as exc:
            return _page(request, form, status=400, problems=[f"{safe}: {exc}"])
    access = [{"username": a.username, "name": a.name, "email": a.email, "password": a.password,
               "link": request.build_absolute_uri(a.link) if a.link else ""} for a in result.access]
    return _page(request, UsersFileForm(), summary=result.lines()[0], access=access)


@require(rules.Act.ADMINISTER)
@require_POST
def new_link(request: HttpRequest, username: str) -> HttpResponse:
    """A new one-time link for one user, shown once on the users page (older unused ones stop working)."""
    account = get_object_or_404(get_user_model(), username=username)
    _, token = accounts.create_login_link(account, actor=request.user)
    access = [{"username": account.username, "name": account.get_full_name(), "email": account.email,
               "password": "", "link": request.build_absolute_uri(accounts.link_path(token))}]
    return _page(request, UsersFileForm(), summary=f"Ny engångslänk för {account.username}.", access=access)


def _gone(request: HttpRequest) -> HttpResponse:
    return render(request, "uppfolj/error.html", {
        "title": "Länken gäller inte",
        "message": "Länken är redan använd, för gammal eller felaktig. Be systemförvaltaren om en ny länk.",
    }, status=410)


@require_http_methods(["GET", "HEAD", "POST"])
def login_link(request: HttpRequest, token: str) -> HttpResponse:
    """The one-time link: choose a password (only a POST spends the link, so a mail program
    that opens the link to look at it does not), then logged in."""
    link = accounts.valid_link(token)
    if link is None:
        return _gone(request)
    form = SetPasswordForm(link.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            account = accounts.use_link(link, form.cleaned_data["new_password1"])
        except rules.RefusedError:
            return _gone(request)
        login(request, account, backend=BACKEND)
        messages.success(request, "Ditt lösenord är sparat och du är inloggad.")
        return redirect("home")
    return render(request, "uppfolj/password.html", {
        "form": form, "title": "Välj lösenord", "who": link.user.username,
        "intro": "Välj ett lösenord för ditt konto. Länken fungerar en gång.",
    }, status=400 if form.errors else 200)


@require(None)
@require_http_methods(["GET", "HEAD", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    """Change one's password; required before anything else while an initial password holds."""
    form = PasswordChangeForm(request.user, request.POST if request.method == "POST" else None)  # type: ignore[arg-type]  # require(None): logged in
    if request.method == "POST" and form.is_valid():
        account = form.save()
        accounts.password_changed(account)
        update_session_auth_hash(request, account)
        request.session.pop(SESSION_KEY, None)
        messages.success(request, "Ditt lösenord är bytt.")
        return redirect("home")
    forced = bool(request.session.get(SESSION_KEY))
    return render(request, "uppfolj/password.html", {
        "form": form, "title": "Byt lösenord", "who": request.user.get_username(),
        "intro": "Du har ett startlösenord. Byt det innan du fortsätter." if forced else "",
    }, status=400 if form.errors else 200)
