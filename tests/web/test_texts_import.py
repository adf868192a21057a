"""`uppfolj import comments|reasons|actions`: replace per (year, month, unit), errors with file and line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ORGANISATION = """kod;namn;overordnad;ansvar
ROOT;Socialtjänsten;;
A;Avdelning A;ROOT;1000-1099
B;Avdelning B;ROOT;2*
"""


@pytest.fixture
def org(cli: Callable[..., Any], write: Callable[..., Path]) -> None:
    assert cli("import", "organisation", write("org.csv", ORGANISATION)).code == 0


def _texts() -> list[tuple[int, str, str, str, bool]]:
    from uppfolj.web.models import UnitText

    return list(UnitText.objects.order_by("month", "unit__code", "position").values_list(
        "month", "unit__code", "heading", "text", "flagged"))


def test_comments_are_imported_with_normalised_headings(org: None, cli: Callable[..., Any], write: Callable[..., Path]) -> None:
    result = cli("import", "comments", write("c.csv", "ar;manad;enhet;rubrik;text\n2024;3;A;utfall;Ett\n2024;3;A;ANALYS;Två\n2024;3;B;Åtgärd;Tre\n"))

    assert result.code == 0, result.err
    assert result.out == "c.csv: 3 kommentarer, 2 enheter och månader ersatta\n"
    assert _texts() == [(3, "A", "Utfall", "Ett", False), (3, "A", "Analys", "Två", False), (3, "B", "Åtgärd", "Tre", False)]


def test_reimport_replaces_only_the_keys_in_the_file(org: None, cli: Callable[..., Any], write: Callable[..., Path]) -> None:
    cli("import", "comments", write("c.csv", "ar;manad;enhet;rubrik;text\n2024;3;A;Utfall;Ett\n2024;3;A;Analys;Två\n2024;3;B;Utfall;Tre\n"))

    result = cli("import", "comments", write("d.csv", "ar;manad;enhet;rubrik;text\n2024;3;A;Utfall;Nytt\n"))

    assert result.code == 0, result.err
    assert _texts() == [(3, "A", "Utfall", "Nytt", False), (3, "B", "Utfall", "Tre", False)]


def test_unknown_unit_is_an_error_naming_the_line(org: None, cli: Callable[..., Any], write: Callable[..., Path]) -> None:
    result = cli("import", "reasons", write("r.csv", "ar;manad;enhet;text;belopp\n2024;3;A;Placeringar;-100\n2024;3;X;Okänd;5\n"))

    assert result.code == 1
    assert result.err == 'r.csv:3: enheten "X" finns inte i organisationen\n'
    from uppfolj.web.models import Reason

    assert Reason.objects.count() == 0


@pytest.mark.parametrize(("kind", "text", "message"), [
    ("comments", "ar;manad;enhet;rubrik;text\n2024;3;A;Rubrik;x\n", 'c.csv:2: rubrik "Rubrik" ska vara Utfall, Analys eller Åtgärd'),
    ("actions", "ar;manad;enhet;text;status\n2024;3;A;x;kanske\n", 'c.csv:2: status "kanske" ska vara planerad, pågår eller klar'),
    ("reasons", "ar;manad;enhet;text;belopp\n2024;3;A;x;12x3\n", 'c.csv:2: belopp "12x3" är inte ett tal'),
    ("reasons", "ar;manad;enhet;text\n2024;3;A;x\n", "c.csv:1: kolumn saknas: belopp (rubriker: ar, manad, enhet, text)"),
    ("comments", "ar;manad;enhet;rubrik;text\n2024;13;A;Utfall;x\n", 'c.csv:2: manad "13" är inte ett heltal mellan 1 och 12'),
    ("actions", "ar;manad;enhet;text\n2024;3;A;\n", "c.csv:2: text saknas"),
])
@pytest.mark.usefixtures("org")
def test_bad_rows_are_refused(cli: Callable[..., Any], write: Callable[..., Path], kind: str, text: str, message: str) -> None:
    result = cli("import", kind, write("c.csv", text))

    assert (result.code, result.err) == (1, message + "\n")


def test_comment_with_personnummer_is_flagged_and_reported(org: None, cli: Callable[..., Any], write: Callable[..., Path], tmp_path: Path) -> None:
    import json

    result = cli("import", "comments", write("c.csv", "ar;manad;enhet;rubrik;text\n2024;3;A;Utfall;Klient 811218-9876 placerad\n"))
    out = tmp_path / "r.json"
    cli("report", "--year", "2024", "--month", "3", "--format", "json", "-o", out)

    assert result.code == 0
    assert "personnummer" in result.out
    assert _texts()[0][4] is True
    checks = json.loads(out.read_text())["checks"]
    assert [c["code"] for c in checks] == ["personal_identity_number"]
    assert "811218" not in checks[0]["message"]


def test_import_writes_audit_rows(org: None, cli: Callable[..., Any], write: Callable[..., Path]) -> None:
    from uppfolj.web.models import AuditEntry

    cli("import", "reasons", write("r.csv", "ar;manad;enhet;text;belopp\n2024;3;A;Placeringar;-100\n"))
    cli("import", "reasons", write("r.csv", "ar;manad;enhet;text;belopp\n2024;3;A;Placeringar;-200\n"))

    entries = list(AuditEntry.objects.filter(action="uppfolj.reasons.imported").order_by("id").values_list("object_key", "old", "new"))
    assert entries == [
        ("2024-03/A", None, [{"text": "Placeringar", "belopp_ore": -10000}]),
        ("2024-03/A", [{"text": "Placeringar", "belopp_ore": -10000}], [{"text": "Placeringar", "belopp_ore": -20000}]),
    ]


def test_actions_are_carried_forward_until_done(org: None, cli: Callable[..., Any], write: Callable[..., Path]) -> None:
    from uppfolj.web.domain.period import period_result

    actions = ("ar;manad;enhet;text;ansvarig;tidplan;status;uppfoljning;belopp\n"
               "2024;2;A;Klar i februari;Chef;mars;klar;Genomförd;\n"
               "2024;2;A;Pågår sedan februari;Chef;hösten;pågår;;10000\n"
               "2024;2;B;Bara i februari;Chef;maj;planerad;;\n"
               "2024;4;B;Ny i april;Chef;maj;klar;;\n")
    assert cli("import", "actions", write("a.csv", actions)).code == 0

    march = {u.code: u for u in period_result(2024, 3).units}
    february = {u.code: u for u in period_result(2024, 2).units}

    assert [a.text for a in march["A"].actions] == ["Pågår sedan februari"]
    assert march["A"].actions[0].amount == 1_000_000
    assert [a.text for a in march["B"].actions] == ["Bara i februari"]
    assert [a.status for a in february["A"].actions] == ["klar", "pågår"]
