"""Goals and risks in the JSON report and the documents: figures out as the files put them in."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.web.test_goals_risks_import import GOALS, RISKS

STATISTICS = (
    "ar;manad;enhet;matt;varde;typ\n"
    "2024;1;515;vardygn;400;summa\n2024;2;515;vardygn;380,5;summa\n2024;3;516;vardygn;300;summa\n"
    "2024;4;515;vardygn;999;summa\n"
)


@pytest.fixture
def loaded(org: None, cli, write) -> None:  # type: ignore[no-untyped-def]
    for kind, text in (("goals", GOALS), ("risks", RISKS), ("statistics", STATISTICS)):
        result = cli("import", kind, write(f"{kind}.csv", text))
        assert result.code == 0, result.err


def _json(cli, tmp_path: Path, *extra: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    out = tmp_path / "r.json"
    result = cli("report", "--year", "2024", "--month", "3", "--format", "json", "-o", out, *extra)
    assert result.code == 0, result.err
    return json.loads(out.read_text(encoding="utf-8"))


def test_json_goals_and_risks_exactly(loaded: None, cli, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from uppfolj.web.domain import goals

    looked_up = []

    def fake(kpi: str, year: int) -> Decimal | None:
        looked_up.append((kpi, year))
        return Decimal("64.5")

    monkeypatch.setattr(goals, "home_value", fake)
    data = _json(cli, tmp_path)
    assert data["goals"] == [
        {"code": "M1", "name": "Fler barn i familjehem", "indicator": "Andel placerade i familjehem, %", "unit": "515",
         "target": 75.5, "outcome": 71.25, "previous": 68.0, "fulfilment": "delvis"},
        {"code": "M2", "name": "Kortare väntetid", "indicator": "Väntetid till särskilt boende, dagar", "unit": "517",
         "target": 60.0, "outcome": 64.5, "previous": 72.0, "fulfilment": "delvis"},
        # statistik:vardygn over the whole organisation, January–March: 400 + 380,5 + 300 (April not yet)
        {"code": "M3", "name": "Färre vårddygn", "indicator": "Vårddygn HVB", "unit": None,
         "target": 1200.0, "outcome": 1080.5, "previous": None, "fulfilment": "uppfyllt"},
    ]
    assert looked_up == [("U23471", 2024)]
    assert data["risks"] == [
        {"unit": "515", "risk": "Fler placeringar HVB", "probability": 3, "consequence": 4, "score": 12,
         "amount": 4500000.0, "owner": "Avdelningschef", "action": "Hemmaplanslösningar"},
        {"unit": "516", "risk": "Brist på sjuksköterskor", "probability": 2, "consequence": 3, "score": 6,
         "amount": None, "owner": "HR", "action": "Rekrytering"},
        {"unit": "515", "risk": "Dyrare familjehem", "probability": 2, "consequence": 2, "score": 4,
         "amount": 1200000.5, "owner": "Enhetschef", "action": "Omförhandla"},
    ]


def test_json_of_a_unit_keeps_its_goals_and_risks_and_earlier_months(loaded: None, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = _json(cli, tmp_path, "--unit", "515")
    assert [g["code"] for g in data["goals"]] == ["M1"]
    assert [r["risk"] for r in data["risks"]] == ["Fler placeringar HVB", "Dyrare familjehem"]
    out = tmp_path / "feb.json"
    assert cli("report", "--year", "2024", "--month", "1", "--format", "json", "-o", out).code == 0
    january = json.loads(out.read_text(encoding="utf-8"))
    assert [r["risk"] for r in january["risks"]] == ["Dyrare familjehem"]  # raised in January; the others later
    # Without a Kolada figure the goal has no outcome and no fulfilment.
    assert january["goals"][1]["outcome"] is None and january["goals"][1]["fulfilment"] is None
    assert january["goals"][2]["outcome"] == 400.0


def test_json_lists_are_empty_without_goals_or_risks(org: None, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = _json(cli, tmp_path)
    assert (data["goals"], data["risks"]) == ([], [])


def test_goal_results_take_kolada_from_the_lookup_given(loaded: None) -> None:
    from uppfolj.web.domain.goals import goal_results

    found = goal_results(2024, 3, kolada=lambda kpi, year: Decimal(59) if kpi == "U23471" else None)
    assert [(g.code, g.outcome, g.fulfilment) for g in found] == [
        ("M1", Decimal("71.25"), "delvis"), ("M2", Decimal(59), "uppfyllt"), ("M3", Decimal("1080.5"), "uppfyllt")]


def _document(kind: str) -> Any:
    from uppfolj.core.choices import ReportKind
    from uppfolj.reports.document import build_document
    from uppfolj.web.domain.period import period_report

    month = 2 if kind == "february" else 3
    return build_document(period_report(2024, month, kind=ReportKind(kind)))


def test_documents_show_goals_and_risks_where_their_kind_has_them(loaded: None) -> None:
    interim = _document("interim")
    goals, risks = interim.section("goals"), interim.section("risks")
    assert goals is not None and risks is not None
    assert goals.title == "Måluppfyllelse"
    assert goals.paragraphs == ["Av nämndens 3 mål är 1 uppfyllt, 1 delvis uppfyllt och 0 ej uppfyllda; "
                                "1 saknar utfall ännu."]
    table = goals.tables[0]
    assert [c.title for c in table.columns] == ["Mål", "Indikator", "Målvärde 2024", "Utfall 2024",
                                                "Utfall 2023", "Måluppfyllelse"]
    assert [[c.text for c in r.cells] for r in table.rows] == [
        # the outcome 71,25 is shown with the target's one decimal
        ["Fler barn i familjehem", "Andel placerade i familjehem, %. Källa: inrapporterat.", "75,5", "71,3", "68",
         "Delvis uppfyllt"],
        ["Kortare väntetid", "Väntetid till särskilt boende, dagar. Lägre är bättre. Källa: Kolada U23471.", "60", "",
         "72", "Utfall saknas"],
        ["Färre vårddygn", "Vårddygn HVB. Lägre är bättre. Källa: verksamhetsstatistik (vardygn).", "1\u00a0200",
         "1\u00a0080,5", "", "Uppfyllt"],
    ]
    assert table.rows[0].cells[3].value == Decimal("71.3")  # a spreadsheet holds the number printed
    assert risks.paragraphs[0] == ("Riskregistret har per mars 3 öppna risker; de 2 som har ett bedömt belopp kan "
                                   "tillsammans påverka resultatet med 5,7 miljoner kronor.")
    assert risks.paragraphs[1] == ("Fler placeringar HVB (Barn och familj / Missbruksvård) har riskvärde 12 "
                                   "(sannolikhet 3, konsekvens 4) och kan kosta 4,5 miljoner kronor. "
                                   "Åtgärd: Hemmaplanslösningar.")
    assert [[c.text for c in r.cells][2:4] for r in risks.tables[0].rows] == [
        ["12 (3 × 4)", "4,5"], ["6 (2 × 3)", ""], ["4 (2 × 2)", "1,2"]]
    february = _document("february")
    assert february.section("goals") is None
    assert [r.cells[0].text for r in february.section("risks").tables[0].rows] == [  # type: ignore[union-attr]
        "Fler placeringar HVB", "Dyrare familjehem"]
    monthly = _document("monthly")
    assert monthly.section("goals") is None and monthly.section("risks") is None


def test_documents_leave_the_sections_out_without_data(org: None) -> None:
    interim = _document("interim")
    assert interim.section("goals") is None and interim.section("risks") is None


@pytest.mark.parametrize("fmt", ["html", "docx", "xlsx", "pdf"])
def test_every_format_prints_the_sections(loaded: None, cli, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    import html
    import io
    import shutil
    import subprocess
    import zipfile

    out = tmp_path / f"r.{fmt}"
    result = cli("report", "--year", "2024", "--month", "3", "--kind", "interim", "--format", fmt, "-o", out)
    assert result.code == 0, result.err
    data = out.read_bytes()
    if fmt == "html":
        text = data.decode("utf-8")
    elif fmt == "pdf":
        if shutil.which("pdftotext") is None:
            pytest.skip("poppler-utils (pdftotext) is missing")
        text = subprocess.run(["pdftotext", str(out), "-"], check=True, capture_output=True, text=True).stdout
    else:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            text = html.unescape("\n".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")))
    for expected in ("Mål och indikatorer 2024", "Fler barn i familjehem", "Riskregister 2024", "Fler placeringar HVB"):
        assert expected in text, (fmt, expected)
