"""What the budget holder and the controller meet on the pages: errors on their fields, one sign
for the forecast change, the deadline, months outside the data, the ledger, Swedish addresses."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import SIE_FILES
from tests.web.helpers import stored_rows
from uppfolj.web.models import Forecast, LedgerRow, UnitStatus

URL = "/uppfoljning/2024/3/515/"


def cells(html: str, row_code: str) -> list[str]:
    """The texts of the cells of the overview row of a unit."""
    row = re.search(rf'<tr data-code="{re.escape(row_code)}".*?</tr>', html, re.S)
    assert row is not None
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.S)]


def test_an_absurd_forecast_gets_a_swedish_error_on_its_field(clients: dict[str, Any]) -> None:
    before = stored_rows((Forecast, UnitStatus), skip={"id", "updated_at"})

    response = clients["holder"].post(URL, {"version": "0", "prognos": "99999999999999999999999", "atgard": "utkast",
                                            "orsak-antal": "1", "orsak-0-text": "Placeringar",
                                            "orsak-0-belopp": "12x", "atgard-antal": "0"})

    text = response.content.decode()
    assert response.status_code == 400
    assert ('<span class="field-error" id="prognos-fel">Helårsprognos: &quot;99999999999999999999999&quot; är för '
            "stort (högst 999 999 999 999 kr).</span>") in text
    assert 'value="99999999999999999999999" aria-invalid="true" aria-describedby="prognos-fel"' in text
    assert 'id="orsak-0-belopp" name="orsak-0-belopp" inputmode="decimal" value="12x" aria-invalid="true"' in text
    assert '<li><a href="#prognos">' in text  # the summary at the top links to the field
    assert stored_rows((Forecast, UnitStatus), skip={"id", "updated_at"}) == before


def test_the_forecast_change_has_one_sign_on_overview_and_unit_page(clients: dict[str, Any]) -> None:
    overview = clients["controller"].get("/uppfoljning/2024/3/").content.decode()
    unit_page = clients["controller"].get(URL).content.decode()

    # 515 forecast 149 052 tkr in February and 154 052 tkr in March: 5 000 tkr worse.
    assert cells(overview, "515")[-2] == "-5\u00a0000"  # Prognosförändring, before Avstånd till förslag
    history = re.search(r"<th scope=\"row\">mars</th><td class=\"num\">([^<]*)</td><td[^>]*>([^<]*)</td>", unit_page)
    assert history is not None and history.group(2) == "-5\u00a0000"


def test_the_deadline_is_shown_on_the_unit_page(clients: dict[str, Any]) -> None:
    clients["controller"].post("/perioder/2024/3/", {"atgard": "oppna", "deadline": "2024-04-10"})

    page = clients["holder"].get(URL).content.decode()

    assert 'Sista dag för inlämning: <strong id="deadline">10 april 2024</strong>' in page


def test_months_outside_the_data_are_not_found(clients: dict[str, Any]) -> None:
    for url in ("/uppfoljning/2030/3/", "/uppfoljning/2030/3/515/", "/uppfoljning/2030/3/515/rad/KOS/",
                "/api/v1/rapport/2030/3.json", "/rapport/2030/3.json"):
        assert clients["controller"].get(url).status_code == 404, url
    assert clients["controller"].get("/uppfoljning/2024/12/515/").status_code == 200  # the year has a budget


def test_the_ledger_shows_period_and_date(clients: dict[str, Any], cli: Callable[..., Any],
                                          write: Callable[..., Path]) -> None:
    dated = write("dated.csv", "datum;ansvar;konto;belopp;verifikation;text\n2024-03-15;5152;4610;100;V1;Placering\n")
    assert cli("import", "actuals", dated).code == 0

    page = clients["holder"].get(URL + "konto/4610/").content.decode()

    assert "<td>2024-03</td><td>2024-03-15</td><td>5152</td><td>V1</td>" in page
    assert "<td>2024-01</td><td>–</td>" in page  # the case's rows give only a period


def test_status_filters_use_swedish_words(clients: dict[str, Any]) -> None:
    clients["holder"].post(URL, {"version": "0", "prognos": "60 000", "atgard": "utkast", "orsak-antal": "0",
                                 "atgard-antal": "0"})

    page = clients["controller"].get("/uppfoljning/2024/3/?status=utkast").content.decode()
    english = clients["controller"].get("/uppfoljning/2024/3/?status=draft").content.decode()

    assert '<option value="utkast" selected>Utkast</option>' in page
    assert '<option value="inlamnad">Inlämnad</option>' in page
    assert [m for m in re.findall(r'<tr data-code="([^"]+)"', page)] == ["515"]
    assert len(re.findall(r'<tr data-code="', english)) == 11  # an unknown value filters nothing


def test_a_sie_upload_reads_the_dimension_setting(clients: dict[str, Any], monkeypatch: Any) -> None:
    monkeypatch.setenv("UPPFOLJ_SIE_DIM", "verksamhet=20")
    data = (SIE_FILES / "kontek-lon_lonekorning_typ4I.SI").read_bytes()

    response = clients["controller"].post("/import/", {"kind": "sie", "file": SimpleUploadedFile("lon.si", data)})

    assert response.status_code == 302
    assert set(LedgerRow.objects.exclude(activity="").values_list("activity", flat=True)) == {
        "1234567890", "N12", "ABC500"}


def test_submission_problems_are_shown_before_submitting(clients: dict[str, Any]) -> None:
    clients["holder"].post(URL, {"version": "0", "prognos": "160 000", "atgard": "utkast", "orsak-antal": "0",
                                 "atgard-antal": "0"})

    page = clients["holder"].get(URL).content.decode()

    problems = re.search(r'<div class="msg msg-warning" id="submit-problems">(.*?)</div>', page, re.S)
    assert problems is not None
    assert "skriv Utfall och Analys." in problems.group(1)
    assert "Orsakerna summerar till 0 tkr" in problems.group(1)


def test_late_units_are_marked_in_period_status(org: None, cli: Callable[..., Any]) -> None:
    cli("period", "open", "--year", "2024", "--month", "3", "--deadline", (dt.date.today() - dt.timedelta(days=1)).isoformat())

    lines = cli("period", "status", "--year", "2024", "--month", "3").out.splitlines()

    assert [line.split()[0] for line in lines if line.endswith("(sen)")] == ["515"]
