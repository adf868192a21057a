"""The audit log as a controller reads it: registered codes, Swedish rows, filters, pages and CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from html.parser import HTMLParser
from typing import Any

import pytest

from uppfolj.web.audit_events import DESCRIPTIONS, EVENTS
from uppfolj.web.domain import periods, workflow
from uppfolj.web.domain.audit import log_action
from uppfolj.web.models import AuditEntry, OrgUnit
from uppfolj.web.views.admin_views import CSV_HEADER
from uppfolj.web.views.log_rows import object_words, value_lines

NBSP = "\u00a0"
UNIT_URL = "/uppfoljning/2024/3/515/"
Row = list[str | list[str]]


class _LogTable(HTMLParser):
    """The rows of table#log, without the time: plain cells as text, value cells as their lines."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Row] = []
        self.inside = False
        self.cell: list[str] | None = None
        self.lines: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table" and a.get("id") == "log":
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag == "td":
            self.cell = []
            self.lines = [] if a.get("class") == "values" else None
        elif tag == "li" and self.lines is not None:
            self.lines.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.inside = False
        elif tag == "td" and self.cell is not None:
            self.rows[-1].append(self.lines if self.lines is not None else "".join(self.cell).strip())
            self.cell = self.lines = None

    def handle_data(self, data: str) -> None:
        if self.lines:
            self.lines[-1] += data
        elif self.cell is not None:
            self.cell.append(data)


def log_rows(client: Any, query: str = "") -> list[Row]:
    """The page's rows after the time column (user, event, object, old, new); header row left out."""
    response = client.get(f"/logg/{query}")
    assert response.status_code == 200
    parser = _LogTable()
    parser.feed(response.content.decode())
    return [row[1:] if len(row) > 1 else row for row in parser.rows if row]


def kr(text: str) -> str:
    return text.replace(" ", NBSP) + f"{NBSP}kr"


def save_515(client: Any, version: int = 0, **fields: str) -> None:
    data = {"version": str(version), "orsak-antal": "3", "atgard-antal": "2", "atgard": "utkast", **fields}
    assert client.post(UNIT_URL, data).status_code == 302


def test_registry_codes_are_unique_namespaced_and_described() -> None:
    assert len(DESCRIPTIONS) == len(EVENTS)
    assert all(e.code.startswith("uppfolj.") and e.description and e.group for e in EVENTS)
    assert DESCRIPTIONS["uppfolj.forecast.saved"] == "Prognos sparad"
    assert DESCRIPTIONS["uppfolj.period.reopened"] == "Period öppnad igen efter låsning"


def test_log_action_refuses_an_unknown_code(db: None) -> None:
    with pytest.raises(ValueError, match=r"uppfolj\.forecast\.guessed"):
        log_action("uppfolj.forecast.guessed", object_type="forecast", object_key="2024-03/515")

    assert AuditEntry.objects.count() == 0


def test_page_shows_swedish_events_objects_and_old_and_new_values(clients: dict[str, Any]) -> None:
    save_515(clients["holder"], prognos="60 000", text_Utfall="Fler placeringar.",
             **{"orsak-0-text": "Placeringar", "orsak-0-belopp": "-1 500", "atgard-0-text": "Ses över placeringar",
                "atgard-0-ansvarig": "Enhetschef", "atgard-0-tidplan": "Q2", "atgard-0-status": "pågår"})
    save_515(clients["holder"], version=1, prognos="61 000", text_Utfall="Fler placeringar.",
             **{"orsak-0-text": "Placeringar", "orsak-0-belopp": "-1 500", "atgard-0-text": "Ses över placeringar",
                "atgard-0-ansvarig": "Enhetschef", "atgard-0-tidplan": "Q2", "atgard-0-status": "pågår"})

    rows = log_rows(clients["controller"], "?anvandare=chef515")

    unit = "Enhet 515, mars 2024"
    assert rows == [
        ["chef515", "Prognos sparad", unit, [f"Prognos: {kr('60 000 000,00')}"], [f"Prognos: {kr('61 000 000,00')}"]],
        ["chef515", "Enheten sparad som utkast", unit, ["Status: Ej påbörjad"], ["Status: Utkast"]],
        ["chef515", "Åtgärder sparade", unit, ["Inga åtgärder"],
         ["Åtgärd: ”Ses över placeringar” (Pågår; ansvarig Enhetschef; tidplan Q2)"]],
        ["chef515", "Orsaker sparade", unit, ["Inga orsaker"], [f"Orsak: ”Placeringar” {kr('-1 500 000,00')}"]],
        ["chef515", "Kommentarer sparade", unit, ["Inga texter"], ["Utfall: ”Fler placeringar.”"]],
        ["chef515", "Prognos sparad", unit, [f"Prognos: {kr('154 052 000,00')}"], [f"Prognos: {kr('60 000 000,00')}"]],
    ]


def test_page_shows_periods_and_reviews_in_words(clients: dict[str, Any], user: Any) -> None:
    controller = user("controller")
    unit = OrgUnit.objects.get(tree="organisation", code="515")
    periods.open_period(2024, 3, deadline=dt.date(2024, 4, 10), user=controller)
    content = workflow.UnitContent(forecast=15_000_000_000, remainder="Osäkra placeringar.")
    workflow.submit(2024, 3, unit, content, version=0, annual_budget=15_000_000_000, user=user("holder"))
    workflow.return_with_comment(2024, 3, unit, comment="Förklara placeringarna närmare.", user=controller)
    periods.lock_period(2024, 3, user=controller)
    periods.open_period(2024, 3, reason="Rättad prognos för 515.", user=controller)

    rows = log_rows(clients["controller"], "?anvandare=ekonom")

    assert rows[0][:3] == ["ekonom", "Period öppnad igen efter låsning", "Period mars 2024"]
    assert rows[0][3][0] == "Status: Låst" and rows[0][3][1].startswith("Låst: 20")  # the time of the lock
    assert rows[0][4] == ["Status: Öppen", "Motivering: ”Rättad prognos för 515.”", "Sparade rapporter borttagna: 1"]
    assert rows[1:] == [
        ["ekonom", "Period låst", "Period mars 2024", ["Status: Öppen"],
         ["Status: Låst", "Sparade rapporter: organisation"]],
        ["ekonom", "Enheten återsänd", "Enhet 515, mars 2024", ["Status: Inlämnad"],
         ["Status: Återsänd", "Kommentar: ”Förklara placeringarna närmare.”"]],
        ["ekonom", "Period öppnad", "Period mars 2024", [], ["Status: Öppen", "Sista dag: 2024-04-10"]],
    ]


def test_filters_by_unit_user_period_and_event(clients: dict[str, Any]) -> None:
    save_515(clients["holder"], prognos="60 000")
    with_file_name = log_action("uppfolj.import.actuals", object_type="import", object_key="2024-03-utfall.csv")
    client = clients["controller"]

    by_unit = log_rows(client, "?enhet=516")
    by_user_and_event = log_rows(client, "?anvandare=chef515&handelse=uppfolj.unit")
    february = log_rows(client, "?ar=2024&manad=2")
    march_any_year = log_rows(client, "?manad=3&handelse=uppfolj.forecast.saved")
    imports = log_rows(client, "?handelse=uppfolj.import.actuals")
    imports_2024 = log_rows(client, "?handelse=uppfolj.import.actuals&ar=2024")

    assert [(r[1], r[2]) for r in by_unit] == [("Prognos inläst", "Enhet 516, mars 2024"),
                                               ("Prognos inläst", "Enhet 516, februari 2024")]
    assert [(r[0], r[1]) for r in by_user_and_event] == [("chef515", "Enheten sparad som utkast")]
    assert len(february) == 10
    assert {(r[1], str(r[2]).endswith(", februari 2024")) for r in february} == {("Prognos inläst", True)}
    assert [(r[0], r[1], r[2]) for r in march_any_year] == [("chef515", "Prognos sparad", "Enhet 515, mars 2024")]
    # A period is the object's year and month, not a file name that starts like one.
    assert [r[2] for r in imports] == [f"Fil {with_file_name.object_key}", "Fil actuals.csv"]
    assert imports_2024 == [["Inga poster."]]
    # Values that are no year or month are ignored, as bad dates are.
    assert log_rows(client, "?ar=%C2%B2&manad=13&fran=igar&handelse=uppfolj.forecast.saved") == \
        log_rows(client, "?handelse=uppfolj.forecast.saved")
    assert log_rows(client, "?ar=2023") == [["Inga poster."]]


def test_filter_form_offers_swedish_event_names_and_keeps_the_choices(clients: dict[str, Any]) -> None:
    page = clients["controller"].get("/logg/?handelse=uppfolj.forecast.saved&manad=3&ar=2024").content.decode()

    assert '<optgroup label="Enheternas uppföljning">' in page
    assert '<option value="uppfolj.forecast.saved" selected>Prognos sparad</option>' in page
    assert '<option value="uppfolj.period.reopened">Period öppnad igen efter låsning</option>' in page
    assert '<option value="3" selected>mars</option>' in page
    assert 'id="ar" name="ar" value="2024"' in page
    assert 'href="?handelse=uppfolj.forecast.saved&amp;ar=2024&amp;manad=3&amp;format=csv"' in page


def test_pages_of_fifty_with_links_that_keep_the_filters(clients: dict[str, Any]) -> None:
    for i in range(120):
        log_action("uppfolj.token.created", object_type="token", object_key=f"k{i:03d}", new={"name": f"Nyckel {i}"})
    client = clients["controller"]

    first = client.get("/logg/?handelse=uppfolj.token&enhet=").content.decode()
    second = log_rows(client, "?handelse=uppfolj.token&sida=2")
    last = log_rows(client, "?handelse=uppfolj.token&sida=3")

    assert 'href="?handelse=uppfolj.token&amp;sida=2" rel="next">Nästa</a>' in first
    assert 'href="?handelse=uppfolj.token&amp;sida=3">3</a>' in first
    assert "Sida 1 av 3" in first
    assert [len(second), len(last)] == [50, 20]
    assert second[0] == ["kommandorad", "API-nyckel skapad", "API-nyckel k069", [], ["Namn: Nyckel 69"]]
    assert last[-1][2] == "API-nyckel k000"


def test_csv_keeps_the_raw_values_and_adds_the_swedish_name(clients: dict[str, Any]) -> None:
    save_515(clients["holder"], prognos="70 000")

    response = clients["controller"].get("/logg/?format=csv&anvandare=chef515&handelse=uppfolj.forecast")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == CSV_HEADER
    assert [r[1:6] for r in rows[1:]] == [["chef515", "uppfolj.forecast.saved", "Prognos sparad", "forecast", "2024-03/515"]]
    assert json.loads(rows[1][6]) == {"prognos_ore": 15_405_200_000}
    assert json.loads(rows[1][7]) == {"prognos_ore": 7_000_000_000}


@pytest.mark.parametrize(("object_type", "value", "lines"), [
    ("import", {"rows": 331, "years": [2024], "months": 3, "amount_ore": 27_989_660_000, "checks": 0},
     ["Rader: 331", "År: 2024", "Månader: 3", f"Summa: 279{NBSP}896{NBSP}600,00{NBSP}kr", "Kontroller: 0"]),
    ("import", {"phasing": "last-year", "amount_ore": -5}, [f"Summa: -0,05{NBSP}kr", "Periodisering: Förra årets profil"]),
    ("role", {"role": "budget_holder"}, ["Roll: Budgetansvarig"]),
    ("role", {"units": ["515", "516"]}, ["Enheter: 515, 516"]),
    ("user", {"username": "namnd", "first_name": "", "is_active": True, "password_changed": False},
     ["Användarnamn: namnd", "Förnamn: –", "Aktiv: ja", "Lösenord ändrat: nej"]),
    ("reasons", [{"text": "Fler placeringar", "belopp_ore": 2_000_000_000}],
     [f"Orsak: ”Fler placeringar” 20{NBSP}000{NBSP}000,00{NBSP}kr"]),
    ("reasons", {"reasons": [], "remainder": "Osäkert\nläge"}, ["Inga orsaker", "Förklaring av rest: ”Osäkert läge”"]),
    ("actions", [{"text": "Avtal", "status": "klar", "ansvarig": "", "tidplan": "2024"}],
     ["Åtgärd: ”Avtal” (Klar; tidplan 2024)"]),
    ("comments", [{"rubrik": "Analys", "text": "x" * 150}], [f"Analys: ”{'x' * 99}…”"]),
    ("texts", {"Utfall": "Klient 811218-9876 placerad", "Analys": "", "Åtgärd": "Ny rutin"},
     ["Utfall: [dold: ser ut att innehålla ett personnummer]", "Åtgärd: ”Ny rutin”"]),
    ("masterdata", None, []),
])
def test_values_as_swedish_lines(object_type: str, value: Any, lines: list[str]) -> None:
    assert value_lines(value, object_type) == lines


@pytest.mark.parametrize(("object_type", "key", "words"), [
    ("forecast", "2024-03/515", "Enhet 515, mars 2024"),
    ("period", "2024-12", "Period december 2024"),
    ("import", "2024-03.csv", "Fil 2024-03.csv"),
    ("token", "Ab3_x9Qz", "API-nyckel Ab3_x9Qz"),
    ("role", "namnd", "Roll för namnd"),
    ("account", "5011", "Konto 5011"),
    ("something", "x", "something x"),
])
def test_objects_in_words(object_type: str, key: str, words: str) -> None:
    assert object_words(object_type, key) == words
