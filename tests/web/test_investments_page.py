"""The investments page: everyone with figures reads it; the controller's changes are audited and
never overwrite what someone else saved meanwhile."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

FILE = ("ar;projekt;namn;budget;prognos;kommentar\n"
        "2024;P1;Inventarier särskilt boende;1 250 000;1 100 000;Leverans i två etapper\n"
        "2024;P2;Ombyggnad Rosen;3 000 000;;\n")
URL = "/investeringar/2024/?manad=3"


@pytest.fixture
def projects(clients: dict[str, Client], cli: Callable[..., Any], write: Callable[..., Path]) -> dict[str, Any]:
    from uppfolj.web.models import Investment

    assert cli("import", "investments", write("inv.csv", FILE)).code == 0
    return {i.project: i for i in Investment.objects.filter(year=2024)}


def _post(client: Client, inv: Any, **fields: tuple[str, str]) -> Any:
    """fields: attr -> (typed text, the value the page showed)."""
    data = {}
    for attr, (text, was) in fields.items():
        data[f"{attr}-{inv.pk}"] = text
        data[f"{attr}-{inv.pk}_var"] = was
    return client.post(URL, data)


def test_controller_saves_forecast_comment_and_carry_over_audited(clients: dict[str, Client],
                                                                 projects: dict[str, Any]) -> None:
    from uppfolj.web.models import AuditEntry, Investment

    p2 = projects["P2"]
    response = _post(clients["controller"], p2, forecast=("2 600 000,50", ""), comment=("", ""),
                     carry_over=("400 000", ""), carry_over_reason=("Bygglovet försenat", ""))
    assert response.status_code == 302
    stored = Investment.objects.get(pk=p2.pk)
    assert (stored.forecast, stored.comment, stored.carry_over, stored.carry_over_reason) == (
        260_000_050, "", 40_000_000, "Bygglovet försenat")
    entry = AuditEntry.objects.get(action="uppfolj.investment.saved")
    assert (entry.username, entry.object_key) == ("ekonom", "2024/P2")
    assert entry.old == {"prognos_ore": None, "overforing_ore": None, "motivering": ""}
    assert entry.new == {"prognos_ore": 260_000_050, "overforing_ore": 40_000_000, "motivering": "Bygglovet försenat"}
    # The page shows it to a reader, read only: figures and the request, no form.
    page = clients["reader"].get(URL).content.decode()
    assert 'id="investment-form"' not in page
    assert "Begäran om överföring till 2025:</strong> 400 tkr. Bygglovet försenat" in page
    row = next(line for line in page.splitlines() if 'data-project="P2"' in line)
    assert 'data-label="Prognos">2\u00a0600</td>' in row, row


def test_clearing_a_forecast_and_the_same_values_again(clients: dict[str, Client], projects: dict[str, Any]) -> None:
    from uppfolj.web.models import AuditEntry, Investment

    p1 = projects["P1"]
    assert _post(clients["controller"], p1, forecast=("", "1 100 000")).status_code == 302
    assert Investment.objects.get(pk=p1.pk).forecast is None
    assert _post(clients["controller"], p1, forecast=("", "")).status_code == 302  # left as shown
    assert AuditEntry.objects.filter(action="uppfolj.investment.saved").count() == 1


def test_a_change_made_meanwhile_is_not_overwritten(clients: dict[str, Client], projects: dict[str, Any],
                                                    user: Callable[[str], Any]) -> None:
    from uppfolj.web.domain.investments import save_investment
    from uppfolj.web.models import Investment

    p1 = projects["P1"]
    save_investment(p1, {"forecast": 90_000_000}, user=user("controller"))  # someone else, after the page was shown
    response = _post(clients["controller"], p1, forecast=("1 200 000", "1 100 000"),
                     comment=("Leverans i två etapper", "Leverans i två etapper"))
    assert response.status_code == 400
    assert "någon annan har ändrat värdet till 900 000" in response.content.decode()
    assert Investment.objects.get(pk=p1.pk).forecast == 90_000_000
    # Saving again from the re-shown page takes the typed value.
    again = _post(clients["controller"], p1, forecast=("1 200 000", "900 000"))
    assert again.status_code == 302
    assert Investment.objects.get(pk=p1.pk).forecast == 120_000_000


def test_a_field_left_as_shown_keeps_what_another_saved(clients: dict[str, Client], projects: dict[str, Any],
                                                        user: Callable[[str], Any]) -> None:
    from uppfolj.web.domain.investments import save_investment
    from uppfolj.web.models import Investment

    p1 = projects["P1"]
    save_investment(p1, {"comment": "Ny kommentar"}, user=user("controller"))
    assert _post(clients["controller"], p1, comment=("Leverans i två etapper", "Leverans i två etapper"),
                 carry_over=("10 000", "")).status_code == 302
    stored = Investment.objects.get(pk=p1.pk)
    assert (stored.comment, stored.carry_over) == ("Ny kommentar", 1_000_000)


@pytest.mark.parametrize(("text", "message"), [("12x", '"12x" är inte ett tal'),
                                               ("-5 000", "beloppet kan inte vara negativt")])
def test_bad_amounts_are_refused_on_the_field(clients: dict[str, Client], projects: dict[str, Any], text: str,
                                              message: str) -> None:
    from uppfolj.web.models import AuditEntry

    response = _post(clients["controller"], projects["P2"], carry_over=(text, ""), comment=("Ok", ""))
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert not AuditEntry.objects.filter(action="uppfolj.investment.saved").exists()


def test_only_the_controller_may_change_investments(clients: dict[str, Client], projects: dict[str, Any]) -> None:
    from uppfolj.web.models import Investment

    for role in ("holder", "reader"):
        assert _post(clients[role], projects["P2"], forecast=("1", "")).status_code == 403
        assert clients[role].get(URL).status_code == 200
    assert clients["admin"].get(URL).status_code == 403
    assert Investment.objects.get(pk=projects["P2"].pk).forecast is None


def test_page_without_investments_says_how_to_load_them(clients: dict[str, Client]) -> None:
    page = clients["controller"].get("/investeringar/2024/")
    assert page.status_code == 200
    assert "Inga investeringar är inlästa för 2024" in page.content.decode()
