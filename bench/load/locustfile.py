"""Deadline day: 300 budget holders, 5 controllers and a committee reader against a real server.

Run by bench/bench_load.py (it sets up the database and the server); by hand:

    LOAD_HOLDERS=300 LOAD_COUNTS=/tmp/counts.json locust -f bench/load/locustfile.py --headless \
        -u 306 -r 5 --host http://127.0.0.1:8731

Each budget holder b000.. logs in, opens their unit E000.., saves a draft forecast with texts 3
times and submits (a forecast off budget with Utfall, Analys and an explained rest). A request
that fails (5xx, a dropped connection) is tried again after reloading the page, as a person
would; a 409 is counted and the page's values taken. Each controller approves the submitted
units of its share (unit number modulo 5). The reader browses the overview, unit pages and
the drill-down. When every unit is approved the run stops and the scenario's own counts go to
LOAD_COUNTS (JSON), for bench/load/check.py to compare with the database and the audit log.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading
from collections import Counter, defaultdict
from typing import Any

import gevent
from locust import HttpUser, between, events, task
from locust.exception import StopUser

YEAR, MONTH = 2024, 6
PASSWORD = "last-prov-2024"
HOLDERS = int(os.environ.get("LOAD_HOLDERS", "300"))
CONTROLLERS = 5
SAVES = 3
THINK = float(os.environ.get("LOAD_THINK", "20.0"))  # mean seconds between a budget holder's steps
BASE = f"/uppfoljning/{YEAR}/{MONTH}"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')

_numbers = itertools.count()
_lock = threading.Lock()
# What the scenario did, per unit: saves and submits that the server confirmed (302), those
# whose outcome is unknown (error or dropped connection), refusals (409), approvals.
counts: dict[str, Counter[str]] = defaultdict(Counter)
submitted: list[list[str]] = [[] for _ in range(CONTROLLERS)]
error_pages: Counter[str] = Counter()  # what a 5xx said: the Swedish page or something else
done = {"approved": 0}


def note(unit: str, what: str) -> None:
    with _lock:
        counts[unit][what] += 1


def forecast_tkr(unit_number: int, step: int) -> int:
    """The forecast typed at a step (tkr, off budget): different at every step."""
    return 7_000 + unit_number % 100 * 10 + step


class Person(HttpUser):
    abstract = True
    wait_time = between(0.5 * THINK, 1.5 * THINK)
    username = ""

    def login(self) -> None:
        for _ in range(5):
            page = self.client.get("/login/", name="login page")
            token = CSRF.search(page.text or "")
            if token is None:
                gevent.sleep(1)
                continue
            with self.client.post("/login/", data={"username": self.username, "password": PASSWORD,
                                                   "csrfmiddlewaretoken": token.group(1)},
                                  allow_redirects=False, name="log in", catch_response=True) as r:
                if r.status_code == 302:
                    r.success()
                    return
                r.failure(f"login {r.status_code}")
            gevent.sleep(1)
        raise StopUser

    def page(self, url: str, name: str) -> Any:
        with self.client.get(url, name=name, catch_response=True) as r:
            if r.status_code >= 500:
                error_pages["swedish" if "Ett fel uppstod" in r.text or "Databasen" in r.text else "other"] += 1
            return r


class BudgetHolder(Person):
    """One of the 300: their own unit, three drafts and a submission, then done."""

    weight = 100

    def on_start(self) -> None:
        self.number = next(_numbers) % HOLDERS
        self.username, self.unit = f"b{self.number:03d}", f"E{self.number:03d}"
        self.url = f"{BASE}/{self.unit}/"
        self.login()

    def form(self) -> tuple[str, str] | str | None:
        """The page's token and version; "done" when the unit is no longer editable (submitted)."""
        r = self.page(self.url, "unit page")
        token, version = CSRF.search(r.text or ""), VERSION.search(r.text or "")
        if r.status_code != 200 or token is None or version is None:
            return None
        if 'value="lamna_in"' not in r.text:
            return "done"
        return token.group(1), version.group(1)

    def save(self, step: int, submit: bool) -> None:
        """Save (or submit) the step's content; reload and try again until the server confirms."""
        what = "submit" if submit else "save"
        for attempt in range(20):
            shown = self.form()
            if shown is None:
                gevent.sleep(1)
                continue
            if shown == "done":  # a submission whose answer was lost had gone through
                note(self.unit, f"{what}_found_done")
                return
            token, version = shown
            data = {
                "csrfmiddlewaretoken": token, "version": version, "orsak-antal": "0", "atgard-antal": "0",
                "prognos": str(forecast_tkr(self.number, step)),
                # the attempt in the text: every save that is written is a change, and audited
                "text_Utfall": f"Steg {step}, försök {attempt + 1}: fler placeringar än budgeterat på {self.unit}.",
                "text_Analys": f"Steg {step}: behovet har ökat sedan hösten.",
                "rest": f"Steg {step}: utreds till nästa månad.",
                "atgard": "lamna_in" if submit else "utkast",
            }
            self.wait()  # typing
            note(self.unit, f"{what}_sent")
            with self.client.post(self.url, data=data, allow_redirects=False, catch_response=True,
                                  name="submit" if submit else "save draft") as r:
                if r.status_code == 302:
                    r.success()
                    note(self.unit, what)
                    return
                if r.status_code == 409:  # refused or stale: the page shows why; read it and redo
                    r.success()
                    note(self.unit, f"{what}_refused")
                    continue
                if r.status_code >= 500:
                    error_pages["swedish" if "Ett fel uppstod" in r.text or "Databasen" in r.text else "other"] += 1
                r.failure(f"{what} {r.status_code}")
                note(self.unit, f"{what}_unknown")  # it may or may not have been written
            gevent.sleep(1)
        note(self.unit, f"{what}_gave_up")

    @task
    def deadline(self) -> None:
        for step in range(1, SAVES + 1):
            self.save(step, submit=False)
            self.wait()
        self.save(SAVES + 1, submit=True)
        with _lock:
            submitted[self.number % CONTROLLERS].append(self.unit)
        self.page(self.url, "unit page")
        # Done for the day: stay connected but idle, so the user count stays what it was.
        while True:
            gevent.sleep(3600)


class Controller(Person):
    """Watches the overview and approves the submitted units of its share."""

    # Sixty units each: at a budget holder's pace the approvals would outlast the run.
    wait_time = between(0.5, 1.5)
    fixed_count = CONTROLLERS
    _ids = itertools.count()

    def on_start(self) -> None:
        self.share = next(Controller._ids) % CONTROLLERS
        self.username = f"ekonom{self.share + 1}"
        self.login()

    @task
    def review(self) -> None:
        self.page(f"{BASE}/", "overview")
        with _lock:
            queue, submitted[self.share] = submitted[self.share], []
        for unit in queue:
            self.wait()
            url = f"{BASE}/{unit}/"
            for _attempt in range(20):
                r = self.page(url, "unit page (controller)")
                token = CSRF.search(r.text or "")
                if r.status_code == 200 and token is not None:
                    # A repeated approval (after an unknown outcome) is refused with a message: no double.
                    with self.client.post(f"{url}granskning/", data={"csrfmiddlewaretoken": token.group(1),
                                          "beslut": "godkann", "kommentar": ""}, allow_redirects=False,
                                          catch_response=True, name="approve") as a:
                        if a.status_code == 302:
                            a.success()
                            note(unit, "approve")
                            break
                        a.failure(f"approve {a.status_code}")
                        note(unit, "approve_unknown")
                gevent.sleep(1)
            with _lock:
                done["approved"] += 1
        if done["approved"] >= HOLDERS:  # from its own greenlet: quitting stops this one too
            gevent.spawn(self.environment.runner.quit)  # type: ignore[union-attr]
        self.wait()


class Reader(Person):
    """The committee chair browsing: the overview, a unit, its rows."""

    fixed_count = 1
    username = "namnd1"

    def on_start(self) -> None:
        self.login()

    @task
    def browse(self) -> None:
        self.page(f"{BASE}/", "overview")
        unit = f"E{random.randrange(HOLDERS):03d}"
        self.page(f"{BASE}/{unit}/", "unit page")
        self.page(f"{BASE}/{unit}/konto/4010/", "ledger rows")
        self.page(f"/api/v1/rapport/{YEAR}/{MONTH}.json", "report (JSON)")


@events.quitting.add_listener
def write_counts(environment: Any, **_: Any) -> None:
    path = os.environ.get("LOAD_COUNTS")
    if path:
        with open(path, "w", encoding="utf-8") as f:
            json.dump({"units": {u: dict(c) for u, c in counts.items()}, "error_pages": dict(error_pages)}, f,
                      indent=1, sort_keys=True)
