"""A refused file lists every problem at once: one `FILE:LINE: message` line each, in file order,
at most 50 and then a line saying that reading stopped; exit 1 and nothing changed.

Each test starts from the small valid database of test_imports_errors.py and compares its
snapshot after the refused import.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.web.test_imports_errors import ACTUALS, BUDGET, FORECASTS, ORGANISATION, snapshot

STOP = "läsningen avbröts efter 50 fel; filen har fler"


@pytest.fixture
def loaded(cli: Callable[..., Any], write: Callable[..., Path]) -> None:
    for kind, text in (("organisation", ORGANISATION), ("actuals", ACTUALS), ("budget", BUDGET), ("forecasts", FORECASTS)):
        result = cli("import", kind, write(f"ok-{kind}.csv", text))
        assert result.code == 0, result.err


def refused_lines(cli: Callable[..., Any], kind: str, path: Path, *extra: str) -> list[str]:
    """Run the import, check it failed without changes, and return its stderr lines."""
    before = snapshot()
    result = cli("import", kind, path, *extra)
    assert result.code == 1
    assert snapshot() == before
    assert result.out == ""
    return result.err.splitlines()


# --- actuals -----------------------------------------------------------------------------------


def test_actuals_with_bad_rows_of_several_kinds_lists_them_all_in_file_order(
    cli: Callable[..., Any], write: Callable[..., Path], loaded: None
) -> None:
    path = write(
        "actuals.csv",
        "period;ansvar;konto;belopp;text\n"
        "202403;1000;5011;100;hyra\n"  # 2: good, and must not be written
        "202403;1000;5011;200;el\n"  # 3: good
        '202403;1000;5011;12x3;"köp"\n'  # 4
        "202403;1000;5011;1,005;\n"  # 5
        "202403;1000;5011;5;text;extra\n"  # 6
        "202413;1000;;5;\n"  # 7: two problems on one line
        "202403;1000;5011;;\n"  # 8
        ";1000;5011;5;\n"  # 9
        "202403;1000;5011;7;sist\n",  # 10: good
    )

    assert refused_lines(cli, "actuals", path) == [
        'actuals.csv:4: belopp "12x3" är inte ett tal',
        'actuals.csv:5: belopp "1,005" har fler än 2 decimaler',
        "actuals.csv:6: raden har 6 fält men rubrikraden 5",
        'actuals.csv:7: period "202413" är inte en månad (ÅÅÅÅMM)',
        "actuals.csv:7: konto saknas",
        "actuals.csv:8: belopp saknas",
        "actuals.csv:9: period saknas",
    ]


def test_actuals_with_datum_lists_every_bad_date(cli: Callable[..., Any], write: Callable[..., Path], loaded: None) -> None:
    path = write(
        "actuals.csv",
        "datum;ansvar;konto;belopp\n2024-02-30;1000;5011;1\n2024-03-01;1000;5011;1\n2024-13-01;1000;5011;x\n",
    )

    assert refused_lines(cli, "actuals", path) == [
        'actuals.csv:2: datum "2024-02-30" är inte ett datum (ÅÅÅÅ-MM-DD)',
        'actuals.csv:4: datum "2024-13-01" är inte ett datum (ÅÅÅÅ-MM-DD)',
        'actuals.csv:4: belopp "x" är inte ett tal',
    ]


def test_actuals_with_60_bad_rows_lists_50_and_says_reading_stopped(
    cli: Callable[..., Any], write: Callable[..., Path], loaded: None
) -> None:
    rows = "".join(f"202403;1000;5011;fel{i}\n" for i in range(60))
    path = write("actuals.csv", "period;ansvar;konto;belopp\n202403;1000;5011;1\n" + rows)

    lines = refused_lines(cli, "actuals", path)

    assert lines == [f'actuals.csv:{i + 3}: belopp "fel{i}" är inte ett tal' for i in range(50)] + [f"actuals.csv: {STOP}"]


def test_actuals_xlsx_with_two_bad_rows_names_sheet_and_rows(cli: Callable[..., Any], tmp_path: Path, loaded: None) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Utfall"
    for row in (
        ["period", "ansvar", "konto", "belopp"],
        [202403, "1000", "5011", 12.5],
        [202403, "1000", "5011", "abc"],
        [202403, "1000", "5011", 3],
        [202499, "1000", "5011", 1.005],
    ):
        sheet.append(row)
    path = tmp_path / "utfall.xlsx"
    book.save(path)

    assert refused_lines(cli, "actuals", path) == [
        'utfall.xlsx[Utfall]:3: belopp "abc" är inte ett tal',
        'utfall.xlsx[Utfall]:5: period "202499" är inte en månad (ÅÅÅÅMM)',
        'utfall.xlsx[Utfall]:5: belopp "1.005" har fler än 2 decimaler',
    ]


def test_missing_column_is_one_problem_whatever_the_rows(cli: Callable[..., Any], write: Callable[..., Path], loaded: None) -> None:
    path = write("actuals.csv", "period;ansvar;summa\n202413;1000;x\n202413;1000;y\n")

    assert refused_lines(cli, "actuals", path) == [
        "actuals.csv:1: kolumn saknas: konto, belopp (rubriker: period, ansvar, summa)"
    ]


# --- budget ------------------------------------------------------------------------------------


def test_budget_lists_bad_fields_and_months_that_do_not_add_up(
    cli: Callable[..., Any], write: Callable[..., Path], loaded: None
) -> None:
    months = ";".join(f"m{m:02d}" for m in range(1, 13))
    path = write(
        "budget.csv",
        f"ar;ansvar;konto;belopp;{months}\n"
        "2024;1000;5011;1200;100;100;100;100;100;100;100;100;100;100;100;100\n"  # good
        "2024;1000;5012;1200;100;100;100;100;100;100;100;100;100;100;100;0\n"
        "24x;1000;;12;;;;;;;;;;;;\n"
        "2024;1000;5013;12;1;1;x;1;1;1;1;1;1;1;1;y\n"
        "2024;1000;5014;1200;;;;;;;;;;;;\n",  # good, phased
    )

    assert refused_lines(cli, "budget", path) == [
        "budget.csv:3: månaderna summerar till 1 100 kr men belopp är 1 200 kr (skillnad 100 kr)",
        'budget.csv:4: ar "24x" är inte ett heltal mellan 1900 och 2999',
        "budget.csv:4: konto saknas",
        'budget.csv:5: m03 "x" är inte ett tal',
        'budget.csv:5: m12 "y" är inte ett tal',
    ]


# --- forecasts ---------------------------------------------------------------------------------


def test_forecasts_with_two_duplicates_and_an_unknown_unit_lists_all_three(
    cli: Callable[..., Any], write: Callable[..., Path], loaded: None
) -> None:
    path = write(
        "forecasts.csv",
        "ar;manad;enhet;prognos\n2024;3;A;10\n2024;3;B;20\n2024;3;X;5\n2024;3;A;30\n2024;3;B;40\n",
    )

    assert refused_lines(cli, "forecasts", path) == [
        'forecasts.csv:4: enheten "X" finns inte i organisationen',
        "forecasts.csv:5: prognosen för A 2024-03 finns redan på rad 2",
        "forecasts.csv:6: prognosen för B 2024-03 finns redan på rad 3",
    ]


def test_forecasts_lists_bad_fields_with_every_unknown_unit(
    cli: Callable[..., Any], write: Callable[..., Path], loaded: None
) -> None:
    path = write("forecasts.csv", "ar;manad;enhet;prognos\n2024;13;A;tio\n2024;3;X;5\n2024;3;Y;5\n")

    assert refused_lines(cli, "forecasts", path) == [
        'forecasts.csv:2: manad "13" är inte ett heltal mellan 1 och 12',
        'forecasts.csv:2: prognos "tio" är inte ett tal',
        'forecasts.csv:3: enheten "X" finns inte i organisationen',
        'forecasts.csv:4: enheten "Y" finns inte i organisationen',
    ]


# --- trees -------------------------------------------------------------------------------------


def test_organisation_with_several_problems_lists_them_all(
    cli: Callable[..., Any], write: Callable[..., Path], loaded: None
) -> None:
    path = write(
        "organisation.csv",
        "kod;namn;overordnad;ansvar\n"
        "ROOT;Socialtjänsten;;\n"
        "A;Avdelning A;ROOT;1000-1099\n"
        "A1;;A;0110\n"
        "A;Avdelning A igen;ROOT;3*\n"
        "B;Avdelning B;X;2*\n"
        "C;Avdelning C;ROOT;1050\n"
        "D;Avdelning D;ROOT;99-9\n"
        "S;Annan rot;;\n",
    )

    assert refused_lines(cli, "organisation", path) == [
        "organisation.csv:4: namn saknas",
        'organisation.csv:5: koden "A" finns redan på rad 3',
        'organisation.csv:6: överordnad "X" finns inte',
        'organisation.csv:7: "1050" i "C" överlappar "1000-1099" i "A" (rad 3); en kod får bara höra till en enhet',
        'organisation.csv:8: intervallet "99-9" är baklänges',
        'organisation.csv:9: två rötter: "ROOT" och "S"; exakt en rad får sakna överordnad',
    ]


def test_organisation_removing_several_units_with_data_names_each(
    cli: Callable[..., Any], write: Callable[..., Path], loaded: None
) -> None:
    more = write("more.csv", "ar;manad;enhet;prognos\n2024;3;B;1\n")
    assert cli("import", "forecasts", more).code == 0
    path = write("organisation.csv", "kod;namn;overordnad;ansvar\nROOT;Rot;;\n")

    assert refused_lines(cli, "organisation", path) == [
        'organisation.csv: enheten "A" saknas i filen men har prognoser; den kan inte tas bort',
        'organisation.csv: enheten "B" saknas i filen men har prognoser; den kan inte tas bort',
    ]


def test_template_with_several_problems_lists_them_all(
    cli: Callable[..., Any], write: Callable[..., Path], loaded: None
) -> None:
    path = write(
        "template.csv",
        "kod;namn;overordnad;konton;varav\n"
        "KOS;Kostnader;;;1\n"
        "K1;Köp;KOS;4600-4699;kanske\n"
        "K2;Övrigt;KOS;46*;\n"
        "K3;Löner;KOS;5*;ja\n"
        "K4;Personal;KOS;50*;\n",
    )

    assert refused_lines(cli, "template", path) == [
        'template.csv:2: varav-raden "KOS" måste ha en överordnad rad',
        'template.csv:3: varav "kanske" ska vara 1 eller tomt',
        'template.csv:4: "46*" i "K2" överlappar "4600-4699" i "K1" (rad 3); en kod får bara höra till en rapportrad',
    ]


def test_tree_with_a_cycle_lists_the_problems_before_it_and_the_first_cycle(
    cli: Callable[..., Any], write: Callable[..., Path], loaded: None
) -> None:
    path = write(
        "activities.csv",
        "kod;namn;overordnad;verksamhet\nALL;Alla;;\n51;;ALL;51*\n60;Sextio;61;60\n61;Sextioett;60;61\n",
    )

    assert refused_lines(cli, "activities", path) == [
        "activities.csv:3: namn saknas",
        'activities.csv:4: "60" ingår i en cykel av överordnade',
    ]


# --- texts -------------------------------------------------------------------------------------


def test_comments_list_bad_rows_and_every_unknown_unit(
    cli: Callable[..., Any], write: Callable[..., Path], loaded: None
) -> None:
    from uppfolj.web.models import UnitText

    path = write(
        "kommentarer.csv",
        "ar;manad;enhet;rubrik;text\n"
        "2024;3;A;Utfall;Bra\n"
        "2024;3;X;Analys;Okänd enhet\n"
        "2024;13;A;Rubrik;\n"
        "2024;3;Y;Utfall;Också okänd\n",
    )

    assert refused_lines(cli, "comments", path) == [
        'kommentarer.csv:3: enheten "X" finns inte i organisationen',
        'kommentarer.csv:4: manad "13" är inte ett heltal mellan 1 och 12',
        "kommentarer.csv:4: text saknas",
        'kommentarer.csv:4: rubrik "Rubrik" ska vara Utfall, Analys eller Åtgärd',
        'kommentarer.csv:5: enheten "Y" finns inte i organisationen',
    ]
    assert UnitText.objects.count() == 0


# --- SIE ---------------------------------------------------------------------------------------


SIE_HEAD = "#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#RAR 0 20240101 20241231\n#DIM 1 Ansvar\n"  # lines 1-5


def test_sie_with_two_bad_amounts_lists_both(cli: Callable[..., Any], tmp_path: Path, loaded: None) -> None:
    path = tmp_path / "bokf.se"
    body = (
        '#VER A 1 20240305 "Inköp"\n{\n#TRANS 4610 {1 "1000"} 12x3\n#TRANS 1930 {} -100.00\n}\n'  # 6-10
        '#VER A 2 20240306 "Lön"\n{\n#TRANS 5011 {1 "1000"} 200.00\n#TRANS 1930 {} 1.234\n}\n'  # 11-15
    )
    path.write_bytes((SIE_HEAD + body).encode("cp437"))

    assert refused_lines(cli, "sie", path) == [
        'bokf.se:8: belopp "12x3" är inte ett tal',
        'bokf.se:14: belopp "1.234" har fler än två decimaler',
    ]


def test_sie_structural_fault_stops_after_the_problems_found_before(
    cli: Callable[..., Any], tmp_path: Path, loaded: None
) -> None:
    path = tmp_path / "bokf.se"
    body = '#VER A 1 20240230\n{\n#TRANS 4610 {25 "X"} 5.00\n#TRANS 1930 {} -5.00\n}\n#VER A 2 20240306\n{\n#TRANS 1930 {} 1\n'
    path.write_bytes((SIE_HEAD + body).encode("cp437"))

    assert refused_lines(cli, "sie", path) == [
        'bokf.se:6: datum "20240230" finns inte',
        "bokf.se:8: okänd dimension 25 i objektlistan (ingen #DIM 25)",
        "bokf.se:12: { för #VER A 2 avslutas aldrig med }",
    ]


# --- the web -----------------------------------------------------------------------------------


def test_failed_upload_lists_every_problem_under_a_heading(clients: dict[str, Any]) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from uppfolj.web.models import ImportLog, LedgerRow

    before = (ImportLog.objects.count(), LedgerRow.objects.count())
    data = b"period;ansvar;konto;belopp\n202403;5150;5011;12x3\n202403;5150;5011;100\n202413;5150;;1\n"

    response = clients["controller"].post("/import/", {"kind": "actuals", "file": SimpleUploadedFile("utfall.csv", data)})

    page = response.content.decode()
    assert response.status_code == 400
    assert '<h2 id="problems-heading">Inläsningen avbröts – inget ändrades</h2>' in page
    assert (
        "<ul><li>utfall.csv:2: belopp &quot;12x3&quot; är inte ett tal</li>"
        "<li>utfall.csv:4: period &quot;202413&quot; är inte en månad (ÅÅÅÅMM)</li>"
        "<li>utfall.csv:4: konto saknas</li></ul>"
    ) in page
    assert (ImportLog.objects.count(), LedgerRow.objects.count()) == before


def test_upload_result_carries_the_problem_lines(db: None, tmp_path: Path) -> None:
    from uppfolj.web.domain.uploads import import_upload
    from uppfolj.web.rules import SYSTEM

    data = b"ar;manad;enhet;prognos\n2024;3;A;1\n2024;3;A;2\n2024;13;B;3\n"

    result = import_upload("forecasts", "prognos.csv", [data], user=SYSTEM)

    assert (result.ok, result.message) == (False, 'prognos.csv:2: enheten "A" finns inte i organisationen')
    assert result.problems == [
        'prognos.csv:2: enheten "A" finns inte i organisationen',
        'prognos.csv:3: prognosen för A 2024-03 finns redan på rad 2',
        'prognos.csv:3: enheten "A" finns inte i organisationen',
        'prognos.csv:4: manad "13" är inte ett heltal mellan 1 och 12',
    ]
