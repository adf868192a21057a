"""Forecasting on the unit page: forecasts per account-group row, the stored proposals and taking
them over, volumes; and the overview's distance to the proposal.

Unit 515 of the acceptance case, March 2024. Its annual budgets by row (kr): INT-FSG -12 385 200,
KOS-PERS 86 696 400, KOS-KOP 30 963 000, KOS-OVR 18 577 800, the other rows 0; its own net
forecast of March is 154 052 000 kr. The proposals are those of `tests.web.forecast_data`.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest

from tests.web.forecast_data import (
    KR,
    NET_PROPOSAL_KR,
    ROW_PROPOSALS_KR,
    store_proposals,
    store_volumes,
)
from tests.web.helpers import stored_rows
from tests.web.test_pages import cells
from uppfolj.web.models import AuditEntry, Forecast, OrgUnit, RowForecast, UnitStatus, Volume

URL = "/uppfoljning/2024/3/515/"
ACCEPT = URL + "forslag/"
VOLUMES = URL + "volymer/"
TKR = 1000 * KR
BUDGET_KR = {"INT-FSG": -12_385_200, "KOS-PERS": 86_696_400, "KOS-KOP": 30_963_000, "KOS-OVR": 18_577_800}


def form(version: int = 0, **fields: str) -> dict[str, str]:
    data = {"version": str(version), "orsak-antal": "0", "atgard-antal": "0", "atgard": "utkast"}
    data.update({k.replace("__", "-"): v for k, v in fields.items()})
    return data


def unit(code: str = "515") -> OrgUnit:
    return OrgUnit.objects.get(tree="organisation", code=code)


def rows_of(code: str = "515") -> dict[str, int]:
    return dict(RowForecast.objects.filter(year=2024, month=3, unit=unit(code)).values_list("row", "amount"))


def net_of(code: str = "515") -> int:
    return Forecast.objects.get(year=2024, month=3, unit=unit(code)).amount


def audit(action: str) -> dict[str, tuple[Any, Any]]:
    return {e.object_key: (e.old, e.new) for e in AuditEntry.objects.filter(action=action).order_by("id")}


def lock_march() -> None:
    from uppfolj.web.domain.periods import lock_period
    from uppfolj.web.rules import SYSTEM

    lock_period(2024, 3, user=SYSTEM)


# --- forecasts per row -------------------------------------------------------------------------------


def test_row_forecasts_give_the_net_by_the_contract_rule(clients: dict[str, Any]) -> None:
    response = clients["holder"].post(URL, form(prognos_rad_KOS__PERS="90 000", prognos_rad_INT__FSG="-12 000"))

    assert response.status_code == 302
    assert rows_of() == {"KOS-PERS": 90_000 * TKR, "INT-FSG": -12_000 * TKR}
    # INT = -12 000 tkr; KOS = 90 000 + KOS-KOP and KOS-OVR at their annual budgets.
    assert net_of() == (-12_000_000 + 90_000_000 + BUDGET_KR["KOS-KOP"] + BUDGET_KR["KOS-OVR"]) * KR
    assert audit("uppfolj.forecast.row_saved") == {
        "2024-03/515/INT-FSG": (None, {"prognos_ore": -12_000 * TKR}),
        "2024-03/515/KOS-PERS": (None, {"prognos_ore": 90_000 * TKR}),
    }
    assert audit("uppfolj.forecast.saved")["2024-03/515"] == (
        {"prognos_ore": 154_052_000 * KR}, {"prognos_ore": 127_540_800 * KR})
    page = clients["holder"].get(URL).content.decode()
    # The row's variance (annual budget − forecast) and the net's, in the table.
    assert re.search(r'name="prognos_rad_KOS-PERS"[^>]*value="90 000"', page)
    assert '<td class="num col-variance var-neg" data-label="Prognosavvikelse">-3\u00a0304</td>' in page
    assert '<td class="num col-forecast" data-label="Prognos (tkr)" id="net-forecast">127\u00a0541</td>' in page


def test_a_typed_net_that_differs_from_the_rows_is_an_error_on_its_field(clients: dict[str, Any]) -> None:
    before = stored_rows((Forecast, RowForecast, UnitStatus), skip={"id", "updated_at"})

    response = clients["holder"].post(URL, form(prognos_rad_KOS__PERS="90 000", prognos="100 000",
                                                prognos_visad="154 052"))

    text = response.content.decode()
    assert response.status_code == 400
    assert ("Helårsprognos: när raderna har prognoser är helårsprognosen summan av radernas prognoser, "
            "127 155,60 tkr (rader utan prognos enligt årsbudget).") in text
    assert stored_rows((Forecast, RowForecast, UnitStatus), skip={"id", "updated_at"}) == before


def test_a_net_left_as_shown_follows_the_rows(clients: dict[str, Any]) -> None:
    response = clients["holder"].post(URL, form(prognos_rad_KOS__PERS="90 000", prognos="154 052",
                                                prognos_visad="154 052"))

    assert response.status_code == 302
    assert net_of() == 127_155_600 * KR  # INT at its budget, KOS 139 540,8 tkr


def test_a_parent_row_must_agree_with_the_rows_under_it(clients: dict[str, Any]) -> None:
    response = clients["holder"].post(URL, form(prognos_rad_KOS="150 000", prognos_rad_KOS__PERS="90 000"))

    text = response.content.decode()
    assert response.status_code == 400
    assert ('<span class="field-error" id="prognos_rad_KOS-fel">Verksamhetens kostnader: 150 000 tkr är inte summan '
            "av raderna under (139 540,80 tkr, rader utan prognos enligt årsbudget).") in text
    assert rows_of() == {}


def test_clearing_every_row_goes_back_to_a_net_forecast(clients: dict[str, Any]) -> None:
    clients["holder"].post(URL, form(prognos_rad_KOS__PERS="90 000"))

    response = clients["holder"].post(URL, form(1, prognos="150 000", prognos_visad="127 155,60"))

    assert response.status_code == 302
    assert rows_of() == {}
    assert net_of() == 150_000 * TKR
    assert audit("uppfolj.forecast.row_saved")["2024-03/515/KOS-PERS"] == ({"prognos_ore": 90_000 * TKR}, None)


def test_a_stale_version_is_refused_for_rows_too(clients: dict[str, Any]) -> None:
    clients["controller"].post(URL, form(prognos_rad_KOS__PERS="91 000"))

    response = clients["holder"].post(URL, form(0, prognos_rad_KOS__PERS="89 000"))

    assert response.status_code == 409
    assert "Prognos KOS-PERS: 89 000 → 91 000 tkr" in response.content.decode()
    assert rows_of() == {"KOS-PERS": 91_000 * TKR}


def test_an_imported_row_forecast_with_kronor_is_kept_exactly_when_not_touched(clients: dict[str, Any]) -> None:
    RowForecast.objects.create(year=2024, month=3, unit=unit(), row="KOS-KOP", amount=31_000_123_45)
    page = clients["holder"].get(URL).content.decode()
    shown = re.search(r'name="prognos_rad_KOS-KOP"[^>]*value="([^"]*)"', page)
    assert shown is not None and shown.group(1) == "31 000,12"

    response = clients["holder"].post(URL, form(prognos_rad_KOS__KOP=shown.group(1), prognos_rad_KOS__PERS="90 000"))

    assert response.status_code == 302
    assert rows_of()["KOS-KOP"] == 31_000_123_45


# --- proposals -----------------------------------------------------------------------------------------


def test_the_unit_page_explains_the_net_proposal(clients: dict[str, Any]) -> None:
    store_proposals()

    page = clients["reader"].get(URL).content.decode()

    assert "Förslag till helårsprognos: 127\u00a0700 tkr" in page
    assert "<strong>Metod:</strong> Förra årets månadsprofil." in page
    assert '<strong id="proposal-interval">80 % intervall: 125,9–129,8 mnkr</strong> (fel tidigare år)' in page
    assert ("Största månaderna som återstår:</strong> december 14\u00a0700 tkr, augusti 13\u00a0400 tkr, "
            "juni 12\u00a0900 tkr.") in page
    past = re.findall(r'<tr><th scope="row">(\d{4})</th>((?:<td[^>]*>[^<]*</td>){4})</tr>', page)
    assert [(y, re.findall(r">([^<]*)<", c)[::2]) for y, c in past] == [
        ("2022", ["118\u00a0000", "120\u00a0000", "-2\u00a0000", "-1,7"]),
        ("2023", ["125\u00a0500", "124\u00a0000", "+1\u00a0500", "+1,2"]),
    ]
    assert "Budget håller 123\u00a0852 · Utfall i samma takt 109\u00a0200" in page
    assert "Statistisk modell (ETS) –" in page
    # A reader sees the proposals, never a button to take one.
    assert 'class="proposal" title="Förra årets månadsprofil">88\u00a0100</span>' in page
    assert "Använd förslaget" not in page


def test_without_a_stored_proposal_the_page_says_how_to_make_one(clients: dict[str, Any]) -> None:
    page = clients["holder"].get(URL).content.decode()

    assert "Inget förslag är beräknat för månaden (uppfolj forecast propose)." in page
    assert 'name="forslag"' not in page


def test_taking_a_row_proposal_saves_it_and_writes_both_events(clients: dict[str, Any]) -> None:
    store_proposals()

    response = clients["holder"].post(ACCEPT, form(forslag="KOS-PERS", prognos_rad_KOS__KOP="32 000",
                                                   text_Utfall="Fler placeringar."))

    assert response.status_code == 302
    assert rows_of() == {"KOS-PERS": 88_100_000 * KR, "KOS-KOP": 32_000 * TKR}
    assert net_of() == (BUDGET_KR["INT-FSG"] + 88_100_000 + 32_000_000 + BUDGET_KR["KOS-OVR"]) * KR
    assert audit("uppfolj.proposal.accepted") == {
        "2024-03/515/KOS-PERS": (None, {"prognos_ore": 88_100_000 * KR, "method": "last_year_profile"})}
    assert set(audit("uppfolj.forecast.row_saved")) == {"2024-03/515/KOS-PERS", "2024-03/515/KOS-KOP"}
    assert "uppfolj.texts.saved" in set(AuditEntry.objects.values_list("action", flat=True))  # the page was saved whole
    status = UnitStatus.objects.get(year=2024, month=3, unit=unit())
    assert (status.state, status.version) == ("draft", 1)
    page = clients["holder"].get(URL).content.decode()
    assert "Förslaget för Personalkostnader inkl PO är nu din prognos för raden" in page


def test_taking_the_net_proposal_replaces_the_net_forecast(clients: dict[str, Any]) -> None:
    store_proposals()

    response = clients["holder"].post(ACCEPT, form(forslag="netto", prognos="154 052", prognos_visad="154 052"))

    assert response.status_code == 302
    assert net_of() == NET_PROPOSAL_KR * KR
    assert rows_of() == {}
    assert audit("uppfolj.proposal.accepted") == {
        "2024-03/515": ({"prognos_ore": 154_052_000 * KR}, {"prognos_ore": NET_PROPOSAL_KR * KR,
                                                           "method": "last_year_profile"})}
    assert audit("uppfolj.forecast.saved")["2024-03/515"][1] == {"prognos_ore": NET_PROPOSAL_KR * KR}


def test_taking_the_net_proposal_with_rows_sets_the_top_level_rows(clients: dict[str, Any]) -> None:
    store_proposals()
    clients["holder"].post(URL, form(prognos_rad_KOS__PERS="90 000"))

    response = clients["holder"].post(ACCEPT, form(1, forslag="netto", prognos_rad_KOS__PERS="90 000"))

    assert response.status_code == 302
    assert rows_of() == {"INT": ROW_PROPOSALS_KR["INT"] * KR, "KOS": ROW_PROPOSALS_KR["KOS"] * KR}
    assert net_of() == NET_PROPOSAL_KR * KR


def test_taking_a_parent_rows_proposal_drops_the_rows_under_it(clients: dict[str, Any]) -> None:
    store_proposals()

    response = clients["holder"].post(ACCEPT, form(forslag="KOS", prognos_rad_KOS__PERS="90 000"))

    assert response.status_code == 302
    assert rows_of() == {"KOS": ROW_PROPOSALS_KR["KOS"] * KR}
    assert net_of() == (BUDGET_KR["INT-FSG"] + ROW_PROPOSALS_KR["KOS"]) * KR


@pytest.mark.parametrize(("role", "url", "status"), [
    ("reader", ACCEPT, 403),
    ("admin", ACCEPT, 403),
    ("holder", "/uppfoljning/2024/3/516/forslag/", 404),
    ("reader", VOLUMES, 403),
    ("holder", "/uppfoljning/2024/3/516/volymer/", 404),
])
def test_who_may_not_take_proposals_or_enter_volumes_changes_nothing(
        clients: dict[str, Any], role: str, url: str, status: int) -> None:
    store_proposals()
    store_proposals("516")
    store_volumes()
    before = stored_rows((Forecast, RowForecast, Volume, UnitStatus), skip={"id", "updated_at"})

    response = clients[role].post(url, form(forslag="netto", **{"volym-vardygn-03": "5"}))

    assert response.status_code == status
    assert stored_rows((Forecast, RowForecast, Volume, UnitStatus), skip={"id", "updated_at"}) == before
    assert not AuditEntry.objects.filter(action__in=("uppfolj.proposal.accepted", "uppfolj.volume.saved")).exists()


def test_a_locked_month_refuses_taking_a_proposal(clients: dict[str, Any]) -> None:
    store_proposals()
    lock_march()

    response = clients["holder"].post(ACCEPT, form(forslag="KOS-PERS"))

    assert response.status_code == 409
    assert "Perioden 2024-03 är låst" in response.content.decode()
    assert rows_of() == {}
    assert not AuditEntry.objects.filter(action="uppfolj.proposal.accepted").exists()
    assert "Använd förslaget" not in clients["holder"].get(URL).content.decode()


# --- volumes -----------------------------------------------------------------------------------------------


def volume_cells(page: str, measure: str) -> dict[str, list[str]]:
    table = re.search(rf'<table class="figures volumes" id="volym-{measure}">.*?</table>', page, re.S)
    assert table is not None
    out = {}
    for label, row in re.findall(r'<tr><th scope="row">([^<]+)</th>(.*?)</tr>', table.group(0), re.S):
        texts = []
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S):
            value = re.search(r'value="([^"]*)"', cell)
            texts.append(value.group(1) if value else re.sub(r"<[^>]+>", "", cell))
        out[label] = texts
    return out


def test_volumes_show_this_year_beside_last_year(clients: dict[str, Any]) -> None:
    store_volumes()

    days = volume_cells(clients["reader"].get(URL).content.decode(), "vardygn")

    assert days["jan"] == ["1\u00a0101", "1\u00a0001"]
    assert days["apr"] == ["", "1\u00a0004"]
    assert days["Jan–mars (summa)"] == ["3\u00a0306", "3\u00a0006"]
    assert days["Helår i fjol"] == ["", "12\u00a0078"]


def test_a_parent_unit_shows_its_units_volumes_added_up(clients: dict[str, Any]) -> None:
    store_volumes()

    page = clients["controller"].get("/uppfoljning/2024/3/5XX/").content.decode()

    assert "Vårddygn HVB (dygn): summa av enheterna under, summa av månaderna" in page
    assert volume_cells(page, "vardygn")["mars"] == ["1\u00a0313", "1\u00a0203"]  # 1 103 + 210, 1 003 + 200
    assert volume_cells(page, "arsarb")["Jan–mars (medel)"] == ["42,25", "41,5"]
    assert "volym-vardygn-03" not in page  # totals are not entered


def test_a_budget_holder_enters_volumes_exactly_and_audited(clients: dict[str, Any]) -> None:
    store_volumes()

    response = clients["holder"].post(VOLUMES, {"volym-vardygn-03": "1 234,5", "volym-arsarb-02": "42,25",
                                                "volym-vardygn-04": "999"})

    assert response.status_code == 302
    stored = dict(Volume.objects.filter(year=2024, unit=unit(), measure="vardygn").values_list("month", "value"))
    assert stored == {1: Decimal(1101), 2: Decimal(1102), 3: Decimal("1234.5")}  # April is after the report month
    assert audit("uppfolj.volume.saved") == {"2024-03/515/vardygn": ({"varde": "1103.0000"}, {"varde": "1234.5"})}


def test_an_unreadable_volume_is_an_error_on_its_field(clients: dict[str, Any]) -> None:
    store_volumes()

    response = clients["holder"].post(VOLUMES, {"volym-vardygn-03": "12x", "volym-vardygn-02": "5"})

    text = response.content.decode()
    assert response.status_code == 400
    assert '<span class="field-error" id="volym-vardygn-03-fel">Vårddygn HVB, mars: &quot;12x&quot; är inte ett tal.</span>' in text
    assert 'id="volym-vardygn-03" name="volym-vardygn-03" inputmode="decimal" autocomplete="off" value="12x"' in text
    assert not AuditEntry.objects.filter(action="uppfolj.volume.saved").exists()


def test_volumes_saved_meanwhile_by_someone_else_are_never_undone(clients: dict[str, Any]) -> None:
    store_volumes()
    page = clients["holder"].get(URL).content.decode()
    assert 'name="volym-vardygn-03_var" value="1 103"' in page  # what the page showed travels with it
    # Someone else changes March and February after the page was shown.
    Volume.objects.filter(year=2024, month__in=(2, 3), measure="vardygn").update(value=Decimal(1200))

    # February left as shown is not saved back; March typed over the other's value is refused.
    response = clients["holder"].post(VOLUMES, {"volym-vardygn-02": "1 102", "volym-vardygn-02_var": "1 102",
                                                "volym-vardygn-03": "1 150", "volym-vardygn-03_var": "1 103"})

    text = response.content.decode()
    assert response.status_code == 400
    assert "Vårddygn HVB, mars: någon annan har ändrat värdet till 1 200 sedan sidan visades" in text
    assert 'name="volym-vardygn-03_var" value="1 200"' in text  # saving again takes the typed value
    stored = dict(Volume.objects.filter(year=2024, unit=unit(), measure="vardygn").values_list("month", "value"))
    assert stored[2] == stored[3] == Decimal(1200)
    again = clients["holder"].post(VOLUMES, {"volym-vardygn-03": "1 150", "volym-vardygn-03_var": "1 200"})
    assert again.status_code == 302
    assert Volume.objects.get(year=2024, month=3, unit=unit(), measure="vardygn").value == Decimal(1150)


def test_a_locked_month_refuses_volumes(clients: dict[str, Any]) -> None:
    store_volumes()
    lock_march()

    response = clients["holder"].post(VOLUMES, {"volym-vardygn-03": "5"})

    assert response.status_code == 409
    assert "Perioden 2024-03 är låst" in response.content.decode()
    assert Volume.objects.get(year=2024, month=3, unit=unit(), measure="vardygn").value == Decimal(1103)


# --- the overview ----------------------------------------------------------------------------------------


def test_the_overview_shows_the_distance_to_the_proposal(clients: dict[str, Any]) -> None:
    store_proposals()
    store_proposals("516")  # the same figures: 516's forecast 104 479 tkr is 23 221 tkr under them

    page = clients["controller"].get("/uppfoljning/2024/3/").content.decode()

    assert cells(page, "515")[-1] == "+26\u00a0352över förslaget"  # 154 052 − 127 700
    assert cells(page, "516")[-1] == "-23\u00a0221under förslaget"
    assert cells(page, "514")[-1] == "–"
    ordered = clients["controller"].get("/uppfoljning/2024/3/?sortera=forslag").content.decode()
    assert re.findall(r'<tr data-code="([^"]+)"', ordered)[:3] == ["515", "516", "5XX"]


def test_the_audit_log_names_the_row_the_method_and_the_volume(clients: dict[str, Any]) -> None:
    store_proposals()
    store_volumes()
    clients["holder"].post(ACCEPT, form(forslag="KOS-PERS"))
    clients["holder"].post(VOLUMES, {"volym-vardygn-03": "1 234,5"})

    log = re.sub(r"<[^>]+>", " ", clients["controller"].get("/logg/").content.decode())
    log = re.sub(r"\s+", " ", log)  # no-break spaces too

    assert "Prognosförslag godtaget Enhet 515, rad KOS-PERS, mars 2024" in log
    assert "Prognos: 88 100 000,00 kr Metod: Förra årets månadsprofil" in log
    assert "Prognos per rad sparad Enhet 515, rad KOS-PERS, mars 2024" in log
    assert "Volym sparad Enhet 515, mått vardygn, mars 2024 Värde: 1 103 Värde: 1 234,5" in log


def test_a_percentage_is_averaged_over_the_units_not_added(clients: dict[str, Any]) -> None:
    from uppfolj.web.models import Measure

    sick = Measure.objects.create(code="sjuk", name="Sjukfrånvaro", unit_text="%", kind="medel")
    for code, value in (("515", "5.0"), ("516", "7.5")):
        Volume.objects.create(year=2024, month=3, unit=unit(code), measure=sick, value=Decimal(value))

    page = clients["controller"].get("/uppfoljning/2024/3/5XX/").content.decode()

    assert "Sjukfrånvaro (%): medel av enheterna under, medel per månad" in page
    assert volume_cells(page, "sjuk")["mars"] == ["6,25", ""]
