"""The Kolada v3 client against recorded pages: paging, retries, refusals, the 25-id limit. No network."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from uppfolj.ingest.kolada_client import KoladaClient, KoladaError, Response, data_url

PAGES = Path(__file__).resolve().parents[1] / "data" / "kolada"
FIRST = "https://api.kolada.se/v3/data/kpi/N30005,N31807/municipality/1441,0000,1401,1402/year/2022,2023?per_page=5000"


class Recorded:
    """A transport replaying recorded answers per URL, in order, and noting every URL asked."""

    def __init__(self, answers: dict[str, list[Response]]) -> None:
        self.answers = answers
        self.asked: list[str] = []

    def __call__(self, url: str) -> Response:
        self.asked.append(url)
        return self.answers[url].pop(0)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        self.now += seconds


def ok(name: str) -> Response:
    return Response(200, {"Content-Type": "application/json"}, (PAGES / name).read_bytes())


def client(transport: Recorded, clock: Clock, **options: object) -> KoladaClient:
    return KoladaClient(transport, sleep=clock.sleep, clock=clock.time,
                        now=lambda: dt.datetime(2024, 4, 2, 8, 30, tzinfo=dt.UTC), **options)  # type: ignore[arg-type]


def test_three_pages_are_followed_through_next_url_at_five_a_second() -> None:
    page2 = json.loads((PAGES / "page1.json").read_text())["next_url"]
    page3 = json.loads((PAGES / "page2.json").read_text())["next_url"]
    transport = Recorded({FIRST: [ok("page1.json")], page2: [ok("page2.json")], page3: [ok("page3.json")]})
    clock = Clock()
    pages = client(transport, clock).data(["N30005", "N31807"], ["1441", "0000", "1401", "1402"], [2022, 2023])
    assert transport.asked == [FIRST, page2, page3]
    assert [p.url for p in pages] == [FIRST, page2, page3]
    assert [len(json.loads(p.body)["values"]) for p in pages] == [2, 2, 2]
    assert pages[0].fetched_at == dt.datetime(2024, 4, 2, 8, 30, tzinfo=dt.UTC)
    assert clock.slept == [0.2, 0.2]  # no time passes in the fake transport: each call waits 1/5 s


def test_429_is_retried_after_retry_after_then_backoff() -> None:
    transport = Recorded({FIRST: [Response(429, {"Retry-After": "3"}, b""), Response(503, {}, b"busy"), ok("page3.json")]})
    clock = Clock()
    pages = client(transport, clock).pages(FIRST)
    assert len(pages) == 1 and len(transport.asked) == 3
    # Retry-After 3 s first; then our own backoff, 1 s × 2 after the second try; the pacing adds nothing.
    assert clock.slept == [3.0, 2.0]


def test_giving_up_after_n_tries_names_the_url() -> None:
    transport = Recorded({FIRST: [Response(500, {}, b"")] * 3})
    clock = Clock()
    with pytest.raises(KoladaError) as error:
        client(transport, clock, tries=3).pages(FIRST)
    assert str(error.value) == (f"Kolada svarade inte efter 3 försök (HTTP 500): {FIRST}. "
                                "Försök igen senare (Kolada did not answer; try again later).")
    assert clock.slept == [1.0, 2.0]


def test_422_is_an_error_with_koladas_message() -> None:
    transport = Recorded({FIRST: [Response(422, {}, (PAGES / "422.json").read_bytes())]})
    with pytest.raises(KoladaError) as error:
        client(transport, Clock()).pages(FIRST)
    assert str(error.value) == f"Kolada vägrade {FIRST}: HTTP 422: Too many ids in kpi segment: max 25 allowed"
    assert len(transport.asked) == 1  # a 4xx is not retried


def test_more_than_25_ids_are_split_and_never_sent_together() -> None:
    kpis = [f"N{n:05d}" for n in range(1, 31)]
    munis = [f"{n:04d}" for n in range(100, 127)]  # 27

    class Empty:
        def __init__(self) -> None:
            self.asked: list[str] = []

        def __call__(self, url: str) -> Response:
            self.asked.append(url)
            return Response(200, {}, b'{"values": [], "next_url": null}')

    transport = Empty()
    client(transport, Clock()).data(kpis, munis, [2023])  # type: ignore[arg-type]
    assert len(transport.asked) == 4  # (25 + 5 KPIs) × (25 + 2 municipalities)
    for url in transport.asked:
        segments = url.split("?")[0].split("/")
        assert len(segments[segments.index("kpi") + 1].split(",")) <= 25
        assert len(segments[segments.index("municipality") + 1].split(",")) <= 25
        assert url.endswith("?per_page=5000")
    with pytest.raises(ValueError, match="26 nyckeltal"):
        data_url(kpis[:26], ["0180"], [2023])
