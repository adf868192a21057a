"""An initial password must be changed before anything else.

At login (any way of logging in: the login page, the admin's, a test's force_login) the
session remembers whether the user's initial password is still unchanged; while it is, every
page but the password change and logging out redirects to the password change. One query per
login, none per request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

SESSION_KEY = "uppfolj_must_change_password"


class InitialPasswordHasher(PBKDF2PasswordHasher):
    """For the random initial passwords of an import only (twelve characters of 57: 70 bits,
    beyond any guessing): 300 users' Argon2 hashes took three minutes on a small server, these
    take a second. The login that uses one rehashes it with the preferred hasher, and the
    password must be changed at once anyway."""

    algorithm = "uppfolj_initial_pbkdf2"
    iterations = 10_000


@receiver(user_logged_in)
def _remember_must_change(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    from uppfolj.web.domain.accounts import must_change_password  # noqa: PLC0415 - models load first

    if request is not None and hasattr(request, "session"):
        if must_change_password(user):
            request.session[SESSION_KEY] = True
        else:
            request.session.pop(SESSION_KEY, None)


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.get(SESSION_KEY) and request.user.is_authenticated:
            allowed = (reverse("password-change"), reverse("logout"))
            if request.path not in allowed and not request.path.startswith("/static/"):
                return redirect("password-change")
        return self.get_response(request)
