"""The monthly workflow through the unit page: drafts, versions, submit, review, lock, audit rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from uppfolj.core.period import compute_period
from uppfolj.web.domain import periods, workflow
from uppfolj.web.domain.period import period_result
from uppfolj.web.domain.period_input import load_period_input
from uppfolj.web.forms import tkr_to_ore
from uppfolj.web.models import Action, AuditEntry, Forecast, OrgUnit, Reason, UnitStatus, UnitText

URL = "/uppfoljning/2024/3/515/"


def unit_515() -> OrgUnit:
    return OrgUnit.objects.get(tree="organisation", code="515")


def annual_budget_515() -> int:
    from uppfolj.web.domain.period import period_report

    return period_report(2024, 3, unit="515").top.figures.annual_budget


def form(version: int, **extra: str) -> dict[str, str]:
    data = {"version": str(version), "orsak-antal": "3", "atgard-antal": "2", "atgard": "utkast"}
    data.update(extra)
    return data


# What a submission with a forecast off budget needs besides the figures.
TEXTS = {"text_Utfall": "Fler placeringar än budgeterat.", "text_Analys": "Behovet har ökat sedan hösten."}


def test_tkr_input_is_converted_exactly() -> None:
    assert tkr_to_ore("1 234,5") == 123_450_000
    assert tkr_to_ore("-0,01") == -1_000


def test_save_draft_stores_forecast_texts_and_writes_audit_rows(clients: dict[str, Any]) -> None:
    response = clients["holder"].post(URL, form(0, prognos="60 000", text_Utfall="Fler placeringar.",
                                               **{"orsak-0-text": "Placeringar", "orsak-0-belopp": "-1 500"}))

    assert response.status_code == 302
    assert Forecast.objects.get(year=2024, month=3, unit=unit_515()).amount == 6_000_000_000
    assert UnitText.objects.get(year=2024, month=3, unit=unit_515(), heading="Utfall").text == "Fler placeringar."
    assert Reason.objects.get(year=2024, month=3, unit=unit_515()).amount == -150_000_000
    status = UnitStatus.objects.get(year=2024, month=3, unit=unit_515())
    assert (status.state, status.version) == ("draft", 1)
    actions = set(AuditEntry.objects.filter(object_key="2024-03/515").values_list("action", flat=True))
    assert {"uppfolj.forecast.saved", "uppfolj.texts.saved", "uppfolj.reasons.saved", "uppfolj.unit.drafted"} <= actions
    entry = AuditEntry.objects.get(action="uppfolj.forecast.saved", object_key="2024-03/515")
    assert entry.username == "chef515"
    assert entry.new == {"prognos_ore": 6_000_000_000}


def test_forecast_can_be_given_as_variance(clients: dict[str, Any]) -> None:
    budget = annual_budget_515()

    clients["holder"].post(URL, form(0, prognosavvikelse="-2 000"))

    assert Forecast.objects.get(year=2024, month=3, unit=unit_515()).amount == budget + 200_000_000


def test_stale_version_is_refused_and_shows_what_changed(clients: dict[str, Any]) -> None:
    clients["controller"].post(URL, form(0, prognos="61 000"))

    response = clients["holder"].post(URL, form(0, prognos="59 000"))

    assert response.status_code == 409
    text = response.content.decode()
    assert "ekonom sparade enheten 515" in text
    assert "Prognos: 59 000 → 61 000 tkr" in text
    assert Forecast.objects.get(year=2024, month=3, unit=unit_515()).amount == 6_100_000_000


def test_locked_month_refuses_changes(clients: dict[str, Any], user: Any) -> None:
    periods.lock_period(2024, 3, user=user("controller"))

    response = clients["holder"].post(URL, form(0, prognos="59 000"))

    assert response.status_code == 409
    assert "Perioden 2024-03 är låst" in response.content.decode()
    assert not UnitStatus.objects.filter(year=2024, month=3, unit=unit_515(), version__gt=0).exists()
    assert AuditEntry.objects.filter(action="uppfolj.period.locked", object_key="2024-03").count() == 1


def test_submit_needs_reasons_that_add_up(clients: dict[str, Any]) -> None:
    budget = annual_budget_515()
    forecast = budget + 300_000_000  # 3 000 tkr worse than budget
    forecast_tkr = f"{forecast // 100_000}"
    assert forecast % 100_000 == 0

    refused = clients["holder"].post(URL, form(0, prognos=forecast_tkr, atgard="lamna_in",
                                               **{"orsak-0-text": "Placeringar", "orsak-0-belopp": "-1 000"}))
    assert refused.status_code == 409
    assert "Orsakerna summerar till -1 000 tkr" in refused.content.decode()

    accepted = clients["holder"].post(URL, form(0, prognos=forecast_tkr, atgard="lamna_in", **TEXTS, **{
        "orsak-0-text": "Placeringar", "orsak-0-belopp": "-1 000",
        "orsak-1-text": "Bemanning", "orsak-1-belopp": "-2 000"}))
    assert accepted.status_code == 302
    assert UnitStatus.objects.get(year=2024, month=3, unit=unit_515()).state == "submitted"


def test_submit_needs_utfall_and_analys_when_the_forecast_is_off_budget(clients: dict[str, Any]) -> None:
    refused = clients["holder"].post(URL, form(0, prognos="70 000", atgard="lamna_in", rest="Utreds.",
                                               text_Utfall="Fler placeringar."))

    assert refused.status_code == 409
    assert "skriv Analys." in refused.content.decode()
    assert not UnitStatus.objects.filter(year=2024, month=3, unit=unit_515(), state="submitted").exists()


def test_submit_at_budget_needs_no_texts(clients: dict[str, Any]) -> None:
    response = clients["holder"].post(URL, form(0, prognosavvikelse="0", atgard="lamna_in"))

    assert response.status_code == 302
    assert Forecast.objects.get(year=2024, month=3, unit=unit_515()).amount == annual_budget_515()
    assert UnitStatus.objects.get(year=2024, month=3, unit=unit_515()).state == "submitted"


def test_submit_with_an_explained_remainder(clients: dict[str, Any]) -> None:
    response = clients["holder"].post(URL, form(0, prognos="70 000", atgard="lamna_in", rest="Utreds till april.",
                                                **TEXTS))
    assert response.status_code == 302
    assert UnitStatus.objects.get(year=2024, month=3, unit=unit_515()).remainder == "Utreds till april."


def test_review_approve_return_and_audit(clients: dict[str, Any], user: Any) -> None:
    clients["holder"].post(URL, form(0, prognos="70 000", atgard="lamna_in", rest="Utreds.", **TEXTS))
    clients["controller"].post(URL + "granskning/", {"beslut": "atersand", "kommentar": "Fler orsaker, tack."})
    status = UnitStatus.objects.get(year=2024, month=3, unit=unit_515())
    assert (status.state, status.comment) == ("returned", "Fler orsaker, tack.")

    clients["holder"].post(URL, form(status.version, prognos="70 000", atgard="lamna_in", rest="Utreds vidare.",
                                     **TEXTS))
    clients["controller"].post(URL + "granskning/", {"beslut": "godkann"})

    codes = list(AuditEntry.objects.filter(object_type="unitstatus").order_by("id").values_list("action", flat=True))
    assert codes == ["uppfolj.unit.drafted", "uppfolj.unit.submitted", "uppfolj.unit.returned",
                     "uppfolj.unit.submitted", "uppfolj.unit.approved"]
    assert UnitStatus.objects.get(year=2024, month=3, unit=unit_515()).state == "approved"
    # An approved unit is closed for the budget holder.
    again = clients["holder"].post(URL, form(99, prognos="1"))
    assert again.status_code == 409


def test_return_needs_a_comment(user: Any, clients: dict[str, Any]) -> None:
    clients["holder"].post(URL, form(0, prognos="70 000", atgard="lamna_in", rest="Utreds.", **TEXTS))
    with pytest.raises(workflow.WorkflowError, match="kommentar"):
        workflow.return_with_comment(2024, 3, unit_515(), comment=" ", user=user("controller"))


def test_actions_not_done_are_carried_to_the_next_month(clients: dict[str, Any], user: Any) -> None:
    clients["holder"].post(URL, form(0, **{
        "atgard-0-text": "Ses över placeringar", "atgard-0-ansvarig": "Enhetschef", "atgard-0-tidplan": "Q2",
        "atgard-0-status": "pågår", "atgard-1-text": "Klar sak", "atgard-1-status": "klar"}))

    page = clients["holder"].get("/uppfoljning/2024/4/515/")
    assert "Ses över placeringar" in page.content.decode()
    assert "Klar sak" not in page.content.decode()
    periods.open_period(2024, 4, deadline=dt.date(2024, 5, 10), user=user("controller"))
    # Carried by the rule, not copied: April shows them until the unit writes April's own.
    assert [a.text for a in period_result(2024, 4).unit("515").actions] == ["Ses över placeringar"]
    assert [(a.text, a.month) for a in period_result(2024, 5).unit("515").actions] == [("Ses över placeringar", 3)]
    assert not Action.objects.filter(year=2024, month=4).exists()


def late(on: dt.date) -> list[str]:
    return [u.code for u in compute_period(load_period_input(2024, 3, today=on)).late_units()]


def test_late_units_are_those_with_a_budget_holder_after_the_deadline(user: Any, clients: dict[str, Any]) -> None:
    periods.open_period(2024, 3, deadline=dt.date(2024, 4, 10), user=user("controller"))

    assert late(dt.date(2024, 4, 10)) == []
    assert late(dt.date(2024, 4, 11)) == ["515"]  # chef515's unit; units nobody answers for are never late
    clients["holder"].post(URL, form(0, prognos="70 000", atgard="lamna_in", rest="Utreds.", **TEXTS))
    assert late(dt.date(2024, 4, 11)) == []
    overview = clients["controller"].get("/uppfoljning/2024/3/").content.decode()
    assert "Sena enheter" not in overview


def test_overview_shows_statuses_filters_and_downloads(clients: dict[str, Any]) -> None:
    clients["holder"].post(URL, form(0, prognos="70 000"))

    page = clients["controller"].get("/uppfoljning/2024/3/").content.decode()
    assert "Utkast" in page and "Ej påbörjad" in page
    assert "<svg" in page
    for fmt in ("docx", "pdf", "xlsx", "html", "json"):
        assert f"/rapport/2024/3.{fmt}" in page
    only_drafts = clients["controller"].get("/uppfoljning/2024/3/?status=utkast").content.decode()
    assert "515 Barn och familj" in only_drafts
    assert "516 Ordinärt boende" not in only_drafts
    holder = clients["holder"].get("/uppfoljning/2024/3/").content.decode()
    assert "516 Ordinärt boende" not in holder


@pytest.mark.parametrize("ore", [0, 1, 49_999, 50_000, -50_000, 123_456_789, -987_654_321_099, 100_000_000_000])
def test_fast_tkr_filter_matches_core_format(ore: int) -> None:
    from uppfolj.core.format import amount
    from uppfolj.web.templatetags.uppfolj_tags import tkr

    assert tkr(ore) == amount(ore)
