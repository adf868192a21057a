"""Faults at the database: a save that fails half-way writes nothing, and the user gets a Swedish
page (503) saying so; the load runs of bench/bench_load.py do the same against a real server."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import OperationalError

from uppfolj.web.domain import workflow
from uppfolj.web.models import AuditEntry, Forecast, OrgUnit, UnitStatus, UnitText

URL = "/uppfoljning/2024/3/515/"
FORM = {"version": "0", "orsak-antal": "0", "atgard-antal": "0", "atgard": "utkast", "prognos": "60 000",
        "text_Utfall": "Fler placeringar."}


def test_connection_lost_during_a_save_writes_nothing_and_says_so_in_swedish(
        clients: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    unit = OrgUnit.objects.get(tree="organisation", code="515")

    def stored() -> tuple[Any, ...]:
        scope = {"year": 2024, "month": 3, "unit": unit}
        return (list(Forecast.objects.filter(**scope).values_list("amount", flat=True)),
                list(UnitText.objects.filter(**scope).values_list("heading", "text")),
                list(UnitStatus.objects.filter(**scope).values_list("state", "version")),
                AuditEntry.objects.count())

    before = stored()

    def connection_lost(status: Any, user: Any) -> None:  # after the content rows are written
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(workflow, "_bump", connection_lost)
    clients["holder"].raise_request_exception = False
    response = clients["holder"].post(URL, FORM)

    assert response.status_code == 503
    assert response["Retry-After"] == "15"
    text = response.content.decode()
    assert "Databasen svarar inte just nu" in text
    assert "sparades inte" in text
    assert stored() == before
    assert before[0] != [6_000_000_000]  # the save would have changed the forecast


def test_the_same_save_goes_through_once_the_database_is_back(clients: dict[str, Any]) -> None:
    response = clients["holder"].post(URL, FORM)

    assert response.status_code == 302
    assert Forecast.objects.get(year=2024, month=3, unit__code="515").amount == 6_000_000_000


def test_two_people_saving_the_same_unit_at_once_the_second_sees_the_first(clients: dict[str, Any]) -> None:
    """Both opened the page at version 0; the controller's save lands first."""
    first = clients["controller"].post(URL, {**FORM, "prognos": "61 000", "text_Utfall": "Ekonomens text."})
    second = clients["holder"].post(URL, {**FORM, "prognos": "59 000", "text_Utfall": "Chefens text."})

    assert first.status_code == 302
    assert second.status_code == 409
    text = second.content.decode()
    assert "ekonom sparade enheten 515 medan du arbetade" in text
    assert "Prognos: 59 000 → 61 000 tkr" in text
    assert "Ekonomens text." in text  # the page now shows the other's values
    assert 'name="version" value="1"' in text
    assert Forecast.objects.get(year=2024, month=3, unit__code="515").amount == 6_100_000_000
    assert UnitText.objects.get(year=2024, month=3, unit__code="515", heading="Utfall").text == "Ekonomens text."
