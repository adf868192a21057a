"""A month's life through the command line and the web: open, lock (the report frozen as
published), a ledger correction after the lock, refused texts and forecasts, reopening."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.web.helpers import report_json, stored_rows
from uppfolj.web.models import (
    Action,
    AuditEntry,
    Forecast,
    Period,
    PeriodSnapshot,
    Reason,
    UnitStatus,
    UnitText,
)

# A correction of March: 12 345,67 kr booked on a cost centre of unit 515 that had no March rows (an
# import replaces the month of each cost centre it has, so the others stay as they were).
CORRECTION = "period;ansvar;konto;belopp;text\n202403;5152;4610;12345,67;Rättelse efter låsning\n"
WORK_MODELS = (Forecast, UnitText, Reason, Action, UnitStatus)


@pytest.fixture
def locked(org: None, cli: Callable[..., Any], tmp_path: Path) -> dict[str, Any]:
    """The acceptance case with March opened and locked; its report as it was locked."""
    assert cli("period", "open", "--year", "2024", "--month", "3", "--deadline", "2024-04-10").code == 0
    before = report_json(cli, tmp_path)
    assert cli("period", "lock", "--year", "2024", "--month", "3").code == 0
    return before


def unit(report: dict[str, Any], code: str) -> dict[str, Any]:
    return next(u for u in report["units"] if u["code"] == code)


def test_period_status_names_states_in_swedish(org: None, cli: Callable[..., Any]) -> None:
    before = cli("period", "status")
    opened = cli("period", "open", "--year", "2024", "--month", "3", "--deadline", "2024-04-10")
    status = cli("period", "status", "--year", "2024", "--month", "3")

    assert before.out.splitlines() == ["2024-03: ej öppnad", "2024-02: ej öppnad", "2024-01: ej öppnad"]
    assert opened.out == "2024-03: öppen, sista dag 2024-04-10\n"
    lines = status.out.splitlines()
    assert lines[0] == "2024-03: öppen, sista dag 2024-04-10"
    assert lines[1].split() == ["5XX", "Socialtjänsten", "ej", "påbörjad"]
    assert [line.split()[0] for line in lines[1:]][:3] == ["5XX", "510-511", "FIKT"]
    assert len(lines) == 1 + 11


def test_lock_freezes_the_report_in_every_format(locked: dict[str, Any], cli: Callable[..., Any],
                                                 tmp_path: Path) -> None:
    status = cli("period", "status", "--year", "2024", "--month", "3")
    after = report_json(cli, tmp_path)

    assert status.out.startswith("2024-03: låst, sista dag 2024-04-10, låst 20")
    assert after == locked
    assert PeriodSnapshot.objects.filter(year=2024, month=3, tree="organisation").count() == 1


def test_forecasts_and_texts_of_a_locked_month_are_refused(locked: dict[str, Any], cli: Callable[..., Any],
                                                           write: Callable[..., Path]) -> None:
    before = stored_rows(WORK_MODELS, skip={"id", "updated_at"})
    files = {
        "forecasts": "ar;manad;enhet;prognos\n2024;4;515;1000\n2024;3;515;1000\n",
        "comments": "ar;manad;enhet;rubrik;text\n2024;3;515;Utfall;Fler placeringar\n",
        "reasons": "ar;manad;enhet;text;belopp\n2024;3;515;Placeringar;-1000\n",
        "actions": "ar;manad;enhet;text\n2024;3;515;Se över avtal\n",
    }

    results = {kind: cli("import", kind, write(f"{kind}.csv", text)) for kind, text in files.items()}

    assert {kind: r.code for kind, r in results.items()} == dict.fromkeys(files, 1)
    assert results["forecasts"].err.startswith("forecasts.csv:3: Perioden 2024-03 är låst;")
    assert all(f"{kind}.csv:2: Perioden 2024-03 är låst;" in results[kind].err for kind in ("comments", "reasons", "actions"))
    assert stored_rows(WORK_MODELS, skip={"id", "updated_at"}) == before


def test_ledger_corrections_are_accepted_and_named_in_the_locked_report(
    locked: dict[str, Any], cli: Callable[..., Any], write: Callable[..., Path], tmp_path: Path,
) -> None:
    assert cli("import", "actuals", write("rattelse.csv", CORRECTION)).code == 0

    march = report_json(cli, tmp_path)
    april = report_json(cli, tmp_path, month=4)

    assert march["units"] == locked["units"]
    changed = [c for c in march["checks"] if c["code"] == "changed_after_lock"]
    assert [(c["unit"], c["severity"]) for c in changed] == [("5XX", "warning"), ("515", "warning")]
    assert "utfall +12 345,67 kr" in changed[1]["message"]
    assert "efter låsningen 20" in changed[1]["message"]
    # The next report includes the correction.
    assert unit(april, "515")["actual"] == unit(locked, "515")["actual"] + 12345.67
    assert not [c for c in april["checks"] if c["code"] == "changed_after_lock"]


def test_reopening_needs_a_reason_is_audited_and_makes_the_report_live(
    locked: dict[str, Any], cli: Callable[..., Any], write: Callable[..., Path], tmp_path: Path,
) -> None:
    cli("import", "actuals", write("rattelse.csv", CORRECTION))

    refused = cli("period", "open", "--year", "2024", "--month", "3")
    reopened = cli("period", "open", "--year", "2024", "--month", "3", "--reason", "Rättelse av placeringskostnad")
    live = report_json(cli, tmp_path)

    assert (refused.code, refused.err) == (1, "uppfolj: Perioden 2024-03 är låst. Ange en motivering för att öppna den igen.\n")
    assert reopened.out == "2024-03: öppen, sista dag 2024-04-10, öppnad igen: Rättelse av placeringskostnad\n"
    entry = AuditEntry.objects.get(action="uppfolj.period.reopened")
    assert (entry.username, entry.new["reason"]) == ("kommandorad", "Rättelse av placeringskostnad")
    assert unit(live, "515")["actual"] == unit(locked, "515")["actual"] + 12345.67
    assert not [c for c in live["checks"] if c["code"] == "changed_after_lock"]
    assert not PeriodSnapshot.objects.exists()
    assert cli("import", "comments", write("c.csv", "ar;manad;enhet;rubrik;text\n2024;3;515;Utfall;Ok\n")).code == 0


def test_web_lock_asks_for_confirmation_listing_units_not_approved(clients: dict[str, Any]) -> None:
    controller = clients["controller"]

    page = controller.get("/perioder/2024/3/")
    asked = controller.post("/perioder/2024/3/", {"atgard": "las"})
    still_open = Period.objects.filter(year=2024, month=3, state="locked").exists()
    done = controller.post("/perioder/2024/3/", {"atgard": "las", "bekrafta": "ja"})

    assert page.status_code == 200 and "Lås perioden…" in page.content.decode()
    assert asked.status_code == 200
    text = asked.content.decode()
    assert "Lås perioden mars 2024?" in text
    assert '<ul id="not-approved"><li><a href="/uppfoljning/2024/3/515/">515 Barn och familj / Missbruksvård</a> – ej påbörjad</li></ul>' in text
    assert not still_open
    assert done.status_code == 302
    assert Period.objects.get(year=2024, month=3).state == "locked"


def test_web_refuses_texts_and_uploads_of_a_locked_month_but_takes_the_ledger(
    locked: dict[str, Any], clients: dict[str, Any],
) -> None:
    saved = clients["holder"].post("/uppfoljning/2024/3/515/", {"version": "0", "prognos": "1 000", "atgard": "utkast",
                                                                "orsak-antal": "0", "atgard-antal": "0"})
    upload = clients["controller"].post("/import/", {"kind": "forecasts", "file": SimpleUploadedFile(
        "prognoser.csv", b"ar;manad;enhet;prognos\n2024;3;515;1000\n")})
    ledger = clients["controller"].post("/import/", {"kind": "actuals", "file": SimpleUploadedFile(
        "rattelse.csv", CORRECTION.encode())})

    assert saved.status_code == 409
    assert "Perioden 2024-03 är låst" in saved.content.decode()
    assert upload.status_code == 400
    assert "prognoser.csv:2: Perioden 2024-03 är låst" in upload.content.decode()
    assert ledger.status_code == 302
    assert not Forecast.objects.filter(year=2024, month=3, amount=100_000).exists()


def test_web_pages_and_api_serve_the_locked_report(locked: dict[str, Any], clients: dict[str, Any],
                                                   cli: Callable[..., Any], write: Callable[..., Path]) -> None:
    cli("import", "actuals", write("rattelse.csv", CORRECTION))

    api = clients["controller"].get("/api/v1/rapport/2024/3.json").json()
    page = clients["controller"].get("/uppfoljning/2024/3/515/").content.decode()
    overview = clients["controller"].get("/uppfoljning/2024/3/").content.decode()

    assert api["units"] == locked["units"]
    assert "Underlaget för enhet 515 har ändrats efter låsningen" in page
    assert "Perioden är låst" in page
    assert "Rapporten visas som den var vid låsningen." in overview


def test_lock_is_for_the_controller_and_the_command_line(user: Any) -> None:
    from uppfolj.web.domain import periods
    from uppfolj.web.rules import SYSTEM, NotAllowedError

    for role in ("holder", "reader", "admin"):
        with pytest.raises(NotAllowedError):
            periods.lock_period(2024, 3, user=user(role))
    periods.lock_period(2024, 3, user=SYSTEM)

    assert json.loads(json.dumps(AuditEntry.objects.get(action="uppfolj.period.locked").new))["state"] == "locked"
