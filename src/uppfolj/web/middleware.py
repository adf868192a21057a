"""A database that cannot be reached (restarted, failed over) answers 503 with a Swedish page.

The request's transaction is rolled back by the database when the connection drops, so nothing
of it is written; the page says so and asks the user to try again. The next request opens a new
connection (CONN_HEALTH_CHECKS), so the application recovers by itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

log = logging.getLogger("uppfolj.web")
RETRY_AFTER_SECONDS = 15


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        log.error("databasen svarar inte: %s %s: %s", request.method, request.path, exception)
        # No request context: the context processors would ask the database again.
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
