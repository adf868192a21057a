"""The municipality's own login: a user name in a header set by its SSO proxy.

Enabled by `UPPFOLJ_REMOTE_USER_HEADER` (say `X-Remote-User`, or `REMOTE_USER` for a server
that sets the WSGI variable). The proxy in front (Shibboleth, mod_auth_mellon, oauth2-proxy,
Keycloak gatekeeper …) authenticates the person and sets the header; it must remove the header
from every request that comes from outside, and the application must be reachable only through
the proxy. Only users that exist here (imported with `uppfolj users import`) get in; their role
and units come from here, never from the header.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import RemoteUserBackend
from django.contrib.auth.middleware import RemoteUserMiddleware
from django.http import HttpRequest


def meta_key(header: str) -> str:
    """The request.META key of a header name: "X-Remote-User" → "HTTP_X_REMOTE_USER";
    "REMOTE_USER" (the WSGI variable) and names already in META form stay as they are."""
    name = header.strip()
    if name == "REMOTE_USER" or name.startswith("HTTP_"):
        return name
    return "HTTP_" + name.upper().replace("-", "_")


class HeaderRemoteUserMiddleware(RemoteUserMiddleware):
    """Django's RemoteUserMiddleware, reading the header the setting names.

    A name that is no active user here is not a failed login (nobody guessed a password): it is
    not tried at all, so the login throttling never locks out the proxy's address for everyone.
    Synchronous only: Django's asynchronous variant reads the header under another key.
    """

    async_capable = False  # type: ignore[assignment]

    def __init__(self, get_response: Any) -> None:
        super().__init__(get_response)
        self.header = meta_key(settings.UPPFOLJ_REMOTE_USER_HEADER)  # type: ignore[misc]

    def process_request(self, request: HttpRequest) -> None:
        username = request.META.get(self.header)
        known = username is None or (request.user.is_authenticated and request.user.get_username() == username)
        if not known and not get_user_model().objects.filter(username=username, is_active=True).exists():
            if request.user.is_authenticated:
                self._remove_invalid_user(request)  # type: ignore[attr-defined]  # only a user the header logged in
            return
        super().process_request(request)


class ExistingRemoteUserBackend(RemoteUserBackend):
    """Logs in the user the header names if they exist and are active; never creates one."""

    create_unknown_user = False
