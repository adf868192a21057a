"""The JSON API with personal tokens, the audit log's CSV export, uploads and user/role auditing."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.web.conftest import CASE
from uppfolj.reports.render.json import report_dict
from uppfolj.web.domain.period import period_report
from uppfolj.web.domain.users import assign_role, create_demo_users, create_token
from uppfolj.web.models import ApiToken, AuditEntry, Forecast, ImportLog

API = "/api/v1/rapport/2024/3.json"


def test_api_with_token_returns_the_contract_json(user: Any) -> None:
    token, key = create_token(user("controller"), "Power BI")

    response = Client().get(API, HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == 200
    assert response.json() == json.loads(json.dumps(report_dict(period_report(2024, 3))))
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None
    assert len(token.key_hash) == 64 and key not in token.key_hash


def test_api_for_a_budget_holder_is_their_subtree_only(user: Any) -> None:
    _, key = create_token(user("holder"))

    data = Client().get(API, HTTP_AUTHORIZATION=f"Token {key}").json()

    assert [u["code"] for u in data["units"]] == ["515"]
    assert all(c["unit"] == "515" for c in data["checks"])
    assert data["units"][0] == report_dict(period_report(2024, 3, unit="515"))["units"][0]


def test_api_refuses_bad_tokens_and_administrators(user: Any) -> None:
    assert Client().get(API, HTTP_AUTHORIZATION="Token nonsense").status_code == 401
    assert Client().get(API).status_code == 401
    _, key = create_token(user("admin"))
    assert Client().get(API, HTTP_AUTHORIZATION=f"Token {key}").status_code == 403


def test_token_page_shows_the_key_once(clients: dict[str, Any]) -> None:
    page = clients["reader"].post("/konto/", {"name": "Excel"}).content.decode()
    token = ApiToken.objects.get(user__username="namnd")
    assert token.prefix in page
    assert 'id="new-key"' in page
    assert 'id="new-key"' not in clients["reader"].get("/konto/").content.decode()


def test_log_csv_export_with_filters(clients: dict[str, Any]) -> None:
    clients["holder"].post("/uppfoljning/2024/3/515/", {"version": "0", "prognos": "70 000", "atgard": "utkast"})

    response = clients["controller"].get("/logg/?format=csv&anvandare=chef515")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["tid", "användare", "händelse", "beskrivning", "objekttyp", "objekt", "gammalt värde",
                       "nytt värde"]
    assert {r[1] for r in rows[1:]} == {"chef515"}
    forecast = next(r for r in rows[1:] if r[2] == "uppfolj.forecast.saved")
    assert forecast[5] == "2024-03/515"
    assert json.loads(forecast[7]) == {"prognos_ore": 7_000_000_000}
    by_unit = clients["controller"].get("/logg/?enhet=515&handelse=uppfolj.unit").content.decode()
    assert '<td title="uppfolj.unit.drafted">Enheten sparad som utkast</td>' in by_unit
    assert '<td title="uppfolj.forecast.saved">' not in by_unit


def test_user_and_role_changes_are_audited(clients: dict[str, Any], user: Any) -> None:
    reader = user("reader")
    reader.first_name = "Nämnd"
    reader.save()
    assign_role(reader, "budget_holder", ["516"])

    actions = list(AuditEntry.objects.filter(object_key="namnd").order_by("id").values_list("action", flat=True))
    assert actions[-3:] == ["uppfolj.user.changed", "uppfolj.role.assigned", "uppfolj.role.units_add"]
    assert create_demo_users()  # idempotent: puts namnd back as reader
    assert AuditEntry.objects.filter(object_key="namnd", action="uppfolj.role.assigned").count() == 3


def test_upload_of_forecasts_uses_the_import_service(clients: dict[str, Any]) -> None:
    data = b"ar;manad;enhet;prognos\n2024;3;515;123456789\n"

    response = clients["controller"].post("/import/", {"kind": "forecasts",
                                                       "file": SimpleUploadedFile("prognos.csv", data)})

    assert response.status_code == 302
    assert Forecast.objects.get(year=2024, month=3, unit__code="515").amount == 12_345_678_900
    log = ImportLog.objects.filter(kind="forecasts").first()
    assert (log.file, log.user.username) == ("prognos.csv", "ekonom")


def test_failed_upload_names_file_and_line_and_changes_nothing(clients: dict[str, Any]) -> None:
    before = ImportLog.objects.count()
    data = b"period;ansvar;konto;belopp\n202403;5150;5011;12x3\n"

    response = clients["controller"].post("/import/", {"kind": "actuals", "file": SimpleUploadedFile("utfall.csv", data)},
                                          follow=True)

    assert 'utfall.csv:2: belopp &quot;12x3&quot; är inte ett tal' in response.content.decode()
    assert ImportLog.objects.count() == before
    assert (CASE / "actuals.csv").exists()


def test_login_is_throttled_after_five_failures(db: None, settings: Any) -> None:
    settings.AXES_ENABLED = True
    create_demo_users()
    client = Client()
    for _ in range(5):
        assert client.post("/login/", {"username": "chef515", "password": "fel"}).status_code in (401, 429)

    locked = client.post("/login/", {"username": "chef515", "password": "demo"})

    assert locked.status_code == 429
    assert "För många misslyckade inloggningar" in locked.content.decode()
