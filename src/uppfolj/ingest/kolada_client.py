"""A small client of Kolada's API v3 (https://api.kolada.se/v3), on the standard library's urllib.

Path-form data URLs (`/v3/data/kpi/N00001,N00002/municipality/0180,0000/year/2022,2023`),
at most 25 ids per segment (bigger requests are split), `per_page` at most 5000, every page
followed through `next_url`. About five requests a second; 429 and 5xx answers (and lost
connections) are retried with a growing wait, Retry-After honoured, until `tries` attempts; any
other 4xx is an error naming the URL and Kolada's message. The transport, the clock and the
sleep are injectable, so that tests replay recorded pages without a network.
"""

from __future__ import annotations

import datetime as dt
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from uppfolj import __version__
from uppfolj.core.errors import UserError
from uppfolj.core.key_figures import MAX_IDS, chunks

BASE = "https://api.kolada.se/v3"
MAX_PER_PAGE = 5000
MAX_WAIT = 60.0  # seconds: a longer Retry-After is cut to this


@dataclass(frozen=True, slots=True)
class Response:
    status: int
    headers: Mapping[str, str]
    body: bytes


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """One page as Kolada sent it, with the URL asked for and when it came."""

    url: str
    fetched_at: dt.datetime
    body: bytes


Transport = Callable[[str], Response]


class KoladaError(UserError):
    """Kolada could not be asked or refused the question; the message names the URL."""


def urllib_transport(url: str, *, timeout: float = 60.0) -> Response:
    """GET the URL; an HTTP error status is returned as a response, not raised."""
    request = urllib.request.Request(url, headers={"Accept": "application/json",
                                                   "User-Agent": f"uppfolj/{__version__}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return Response(answer.status, dict(answer.headers.items()), answer.read())
    except urllib.error.HTTPError as error:
        return Response(error.code, dict(error.headers.items()) if error.headers else {}, error.read())


def data_url(kpis: Sequence[str], municipalities: Sequence[str], years: Sequence[int], *,
             base: str = BASE, per_page: int = MAX_PER_PAGE) -> str:
    """The path-form data URL; refuses more than 25 ids in a segment (the caller splits)."""
    for what, ids in (("nyckeltal", kpis), ("kommuner", municipalities), ("år", years)):
        if not ids or len(ids) > MAX_IDS:
            raise ValueError(f"{len(ids)} {what} i en fråga; Kolada tar 1–{MAX_IDS}")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise ValueError(f"per_page ska vara 1–{MAX_PER_PAGE}")
    return (f"{base}/data/kpi/{','.join(kpis)}/municipality/{','.join(municipalities)}"
            f"/year/{','.join(str(y) for y in years)}?per_page={per_page}")


def _message(body: bytes) -> str:
    """Kolada's own words about a refusal (its JSON `message`/`detail`/`error`, or the text)."""
    try:
        document = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return body.decode("utf-8", "replace").strip()[:300]
    if isinstance(document, dict):
        for key in ("message", "detail", "error", "errors"):
            if key in document:
                return str(document[key])[:300]
    return str(document)[:300]


def _retry_after(headers: Mapping[str, str]) -> float | None:
    for key, value in headers.items():
        if key.lower() == "retry-after":
            try:
                return max(0.0, float(value))
            except ValueError:
                return None  # an HTTP date: use our own backoff
    return None


class KoladaClient:
    """Asks Kolada, politely: one request at a time, at most `per_second` a second."""

    def __init__(self, transport: Transport = urllib_transport, *, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic,
                 now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
                 base: str = BASE, tries: int = 5, per_second: float = 5.0, backoff: float = 1.0,
                 per_page: int = MAX_PER_PAGE) -> None:
        self.transport, self.sleep, self.clock, self.now = transport, sleep, clock, now
        self.base, self.tries, self.interval, self.backoff = base, tries, 1.0 / per_second, backoff
        self.per_page = min(per_page, MAX_PER_PAGE)
        self._last: float | None = None
        self.requests = 0

    def _pace(self) -> None:
        if self._last is not None:
            wait = self._last + self.interval - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last = self.clock()

    def get(self, url: str) -> FetchedPage:
        """One page, retried on 429, 5xx and lost connections."""
        failure = ""
        for attempt in range(1, self.tries + 1):
            self._pace()
            self.requests += 1
            try:
                response = self.transport(url)
            except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
                failure, wait = f"ingen förbindelse ({error})", None
            else:
                if 200 <= response.status < 300:
                    return FetchedPage(url, self.now(), response.body)
                if response.status != 429 and response.status < 500:
                    raise KoladaError(f"Kolada vägrade {url}: HTTP {response.status}: {_message(response.body)}")
                failure, wait = f"HTTP {response.status}", _retry_after(response.headers)
            if attempt < self.tries:
                self.sleep(min(MAX_WAIT, wait if wait is not None else self.backoff * 2 ** (attempt - 1)))
        raise KoladaError(f"Kolada svarade inte efter {self.tries} försök ({failure}): {url}. "
                          "Försök igen senare (Kolada did not answer; try again later).")

    def pages(self, url: str) -> list[FetchedPage]:
        """The page at `url` and every page after it through `next_url`."""
        out: list[FetchedPage] = []
        seen: set[str] = set()
        next_url: str | None = url
        while next_url:
            if next_url in seen:
                raise KoladaError(f"Kolada pekar tillbaka på en sida som redan hämtats: {next_url}")
            seen.add(next_url)
            page = self.get(next_url)
            out.append(page)
            try:
                document: Any = json.loads(page.body)
            except (ValueError, UnicodeDecodeError):
                raise KoladaError(f"Kolada svarade inte med JSON: {next_url}") from None
            if not isinstance(document, dict) or not isinstance(document.get("values"), list):
                raise KoladaError(f'Kolada svarade utan listan "values": {next_url}')
            following = document.get("next_url")
            next_url = following if isinstance(following, str) and following else None
        return out

    def data(self, kpis: Sequence[str], municipalities: Sequence[str], years: Sequence[int]) -> list[FetchedPage]:
        """Every page of the values asked for, split into questions of at most 25 ids a segment."""
        out = []
        for kpi_part in chunks(list(kpis)):
            for municipality_part in chunks(list(municipalities)):
                for year_part in chunks([str(y) for y in years]):
                    url = data_url(kpi_part, municipality_part, [int(y) for y in year_part], base=self.base,
                                   per_page=self.per_page)
                    out.extend(self.pages(url))
        return out
