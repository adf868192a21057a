"""The goals page and the risk register on the web: who may change what, every change audited,
and a change someone else made meanwhile never overwritten."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction

from tests.web.test_goals_risks_import import GOALS, RISKS

GOALS_URL, RISKS_URL = "/mal/2024/", "/risker/2024/"


@pytest.fixture
def loaded(org: None, cli, write) -> None:  # type: ignore[no-untyped-def]
    for kind, text in (("goals", GOALS), ("risks", RISKS)):
        assert cli("import", kind, write(f"{kind}.csv", text)).code == 0


def _risk(text: str) -> Any:
    from uppfolj.web.models import Risk

    return Risk.objects.select_related("unit").get(text=text)


def _audit(action: str) -> list[tuple[str, Any, Any]]:
    from uppfolj.web.models import AuditEntry

    return [(e.username, e.old, e.new) for e in AuditEntry.objects.filter(action=action).order_by("id")]


def test_goals_page_shows_every_goal_to_every_reader(loaded: None, clients: dict[str, Any]) -> None:
    for role in ("controller", "holder", "reader"):
        page = clients[role].get(GOALS_URL).content.decode()
        assert "Fler barn i familjehem" in page and "Delvis uppfyllt" in page and "Utfall saknas" in page
    assert 'name="mal-M1-malvarde"' in clients["controller"].get(GOALS_URL).content.decode()
    assert 'name="mal-M1-malvarde"' not in clients["holder"].get(GOALS_URL).content.decode()


def test_controller_edits_a_goal_and_it_is_audited(loaded: None, clients: dict[str, Any]) -> None:
    from uppfolj.web.models import Goal

    form = {"mal-M1-malvarde": "72", "mal-M1-malvarde_var": "75,5", "mal-M1-utfall": "71,25",
            "mal-M1-utfall_var": "71,25", "mal-M1-kommentar": "Fler familjehem rekryterade.",
            "mal-M1-kommentar_var": "", "mal-M2-utfall": "50", "mal-M2-utfall_var": ""}
    response = clients["controller"].post(GOALS_URL, form)
    assert response.status_code == 302
    goal = Goal.objects.get(code="M1")
    assert (goal.target, goal.outcome, goal.comment) == (Decimal(72), Decimal("71.25"), "Fler familjehem rekryterade.")
    assert Goal.objects.get(code="M2").outcome == Decimal(50)  # entered: it wins over its Kolada source
    assert _audit("uppfolj.goal.saved") == [
        ("ekonom", {"malvarde": "75.5", "kommentar": ""}, {"malvarde": "72", "kommentar": "Fler familjehem rekryterade."}),
        ("ekonom", {"utfall": None}, {"utfall": "50"})]
    page = clients["reader"].get(GOALS_URL).content.decode()
    assert "Uppfyllt" in page  # M2: 50 days against a target of at most 60
    assert clients["holder"].post(GOALS_URL, form).status_code == 403


def test_a_goal_changed_meanwhile_is_not_overwritten(loaded: None, clients: dict[str, Any]) -> None:
    from uppfolj.web.models import Goal

    Goal.objects.filter(code="M1").update(target=Decimal(80))  # someone else saved 80 after the page showed 75,5
    response = clients["controller"].post(GOALS_URL, {"mal-M1-malvarde": "70", "mal-M1-malvarde_var": "75,5"})
    assert response.status_code == 409
    assert "någon annan har ändrat värdet till 80" in response.content.decode()
    assert Goal.objects.get(code="M1").target == Decimal(80)
    # A field left as shown keeps what the other person saved.
    assert clients["controller"].post(GOALS_URL, {"mal-M1-malvarde": "75,5", "mal-M1-malvarde_var": "75,5"}).status_code == 302
    assert Goal.objects.get(code="M1").target == Decimal(80)


def _edit(risk: Any, **changes: str) -> dict[str, str]:
    from uppfolj.web.views.goals import stored_risk

    stored = stored_risk(risk)
    form = {"risk_id": str(risk.pk), "gora": "spara", **{k: v for k, v in stored.items() if k != "stangd"},
            **{f"{k}_var": v for k, v in stored.items()}}
    if stored["stangd"]:
        form["stangd"] = "1"
    form.update(changes)
    return form


NEW = {"gora": "lagg_till", "enhet": "515", "manad": "3", "risk": "Ny SiS-placering", "sannolikhet": "2",
       "konsekvens": "4", "belopp": "2 000 000", "ansvarig": "Enhetschef", "atgard": "Följs upp varje månad"}


@pytest.mark.parametrize(("role", "unit", "expected"), [
    ("holder", "515", "allowed"), ("holder", "516", "refused"), ("controller", "516", "allowed"),
    ("reader", "515", "refused"),
])
def test_risk_permission_matrix(loaded: None, clients: dict[str, Any], role: str, unit: str, expected: str) -> None:
    """Add and change: the unit's own budget holder and the controller; not another unit's
    budget holder (403), not a reader (403)."""
    from uppfolj.web.models import Risk

    existing = _risk("Fler placeringar HVB" if unit == "515" else "Brist på sjuksköterskor")
    calls = {"add": {**NEW, "enhet": unit}, "edit": _edit(existing, sannolikhet="1"),
             "remove": {"risk_id": str(existing.pk), "gora": "ta_bort"}}
    for what, form in calls.items():
        with transaction.atomic():
            before = Risk.objects.count()
            response = clients[role].post(RISKS_URL, form)
            changed = Risk.objects.count() != before or (
                what == "edit" and Risk.objects.get(pk=existing.pk).probability == 1)
            transaction.set_rollback(True)
        if expected == "allowed":
            assert (what, response.status_code, changed) == (what, 302, True)
        elif role == "holder" and what == "add":
            # another unit's risk cannot be added: the unit is not among the holder's choices
            assert (response.status_code, changed) == (400, False)
        else:
            assert (what, response.status_code, changed) == (what, 403, False)


def test_risk_changes_are_audited_with_old_and_new_values(loaded: None, clients: dict[str, Any]) -> None:
    holder = clients["holder"]
    assert holder.post(RISKS_URL, NEW).status_code == 302
    added = _risk("Ny SiS-placering")
    assert (added.unit.code, added.month, added.amount, added.probability) == ("515", 3, 200000000, 2)
    assert holder.post(RISKS_URL, _edit(added, konsekvens="3", belopp="1 500 000,50", stangd="1")).status_code == 302
    assert holder.post(RISKS_URL, {"risk_id": str(added.pk), "gora": "ta_bort"}).status_code == 302
    assert _audit("uppfolj.risk.added")[0][0] == "chef515"
    assert _audit("uppfolj.risk.added")[0][2]["belopp"] == 200000000
    assert _audit("uppfolj.risk.changed") == [
        ("chef515", {"konsekvens": 4, "belopp": 200000000, "stangd": False},
         {"konsekvens": 3, "belopp": 150000050, "stangd": True})]
    assert _audit("uppfolj.risk.removed")[0][1]["risk"] == "Ny SiS-placering"


def test_a_risk_changed_meanwhile_is_not_overwritten(loaded: None, clients: dict[str, Any]) -> None:
    from uppfolj.web.models import Risk

    risk = _risk("Fler placeringar HVB")
    form = _edit(risk, sannolikhet="2")
    Risk.objects.filter(pk=risk.pk).update(probability=4)  # someone else, after the page was shown
    response = clients["holder"].post(RISKS_URL, form)
    assert response.status_code == 409
    assert "Någon annan har ändrat värdet till 4" in response.content.decode()
    assert Risk.objects.get(pk=risk.pk).probability == 4


def test_register_and_unit_page_show_the_visible_risks(loaded: None, clients: dict[str, Any]) -> None:
    holder_page = clients["holder"].get(RISKS_URL).content.decode()
    assert "Fler placeringar HVB" in holder_page and "Brist på sjuksköterskor" not in holder_page
    reader_page = clients["reader"].get(RISKS_URL).content.decode()
    assert "Brist på sjuksköterskor" in reader_page and "Lägg till risk" not in reader_page
    unit_page = clients["holder"].get("/uppfoljning/2024/3/515/").content.decode()
    assert 'id="unit-risks"' in unit_page and "Fler placeringar HVB" in unit_page
    assert clients["holder"].get(RISKS_URL + "?enhet=516").status_code == 404


def test_goals_and_risks_upload_on_the_import_page(org: None, clients: dict[str, Any]) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from uppfolj.web.models import Goal, Risk

    ok = clients["controller"].post("/import/", {"kind": "goals", "file": SimpleUploadedFile("mal.csv", GOALS.encode())})
    assert ok.status_code == 302 and Goal.objects.filter(year=2024).count() == 3  # back to the page, with a message
    bad = RISKS.replace(";3;4;", ";5;4;", 1)  # sannolikhet 1–4
    refused = clients["controller"].post("/import/", {"kind": "risks", "file": SimpleUploadedFile("risker.csv", bad.encode())})
    assert refused.status_code == 400 and "risker.csv:2:" in refused.content.decode()
    assert not Risk.objects.exists()
    assert clients["holder"].post(
        "/import/", {"kind": "goals", "file": SimpleUploadedFile("mal.csv", GOALS.encode())}).status_code == 403
