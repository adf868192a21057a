"""What the importers accept: encodings, separators, quoting, headers, numbers, codes, XLSX."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ORGANISATION = """kod;namn;overordnad;ansvar
ROOT;Socialtjänsten;;
A;Avdelning A;ROOT;1000-1099
A1;Enhet A1;A;0110
"""


def stored() -> list[tuple[int, int, str, str, int, str]]:
    from uppfolj.web.models import LedgerRow

    return sorted(
        LedgerRow.objects.values_list("year", "month", "cost_centre", "account", "amount", "text")
    )


def imported(cli: Callable[..., Any], path: Path, kind: str = "actuals") -> None:
    result = cli("import", kind, path)
    assert result.code == 0, result.err


def test_actuals_utf8_without_bom_is_read(cli, write) -> None:  # type: ignore[no-untyped-def]
    imported(
        cli,
        write("a.csv", "period;ansvar;konto;belopp;text\n202401;1000;5011;1;Måltider åt äldre\n"),
    )
    assert stored() == [(2024, 1, "1000", "5011", 100, "Måltider åt äldre")]


def test_actuals_utf8_with_bom_and_upper_case_headers_is_read(cli, write) -> None:  # type: ignore[no-untyped-def]
    imported(cli, write("a.csv", "\ufeffPERIOD;Ansvar;KONTO;Belopp;Text\n202401;1000;5011;1;Öl\n"))
    assert stored() == [(2024, 1, "1000", "5011", 100, "Öl")]


def test_actuals_windows_1252_is_read(cli, write) -> None:  # type: ignore[no-untyped-def]
    path = write(
        "a.csv",
        "period;ansvar;konto;belopp;text\n202401;1000;5011;1;Hemtjänst Söder – ÅÄÖ\n",
        "cp1252",
    )
    imported(cli, path)
    assert stored() == [(2024, 1, "1000", "5011", 100, "Hemtjänst Söder – ÅÄÖ")]


def test_organisation_windows_1252_names_are_read(cli, write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import json

    text = "kod;namn;overordnad;ansvar\nROOT;Socialförvaltningen;;\nA;Äldreomsorg Öst;ROOT;1*\nB;Barn och Unga – Väst;ROOT;2*\n"
    imported(cli, write("organisation.csv", text, "cp1252"), "organisation")
    out = tmp_path / "r.json"
    assert cli("report", "--year", "2024", "--month", "1", "--format", "json", "-o", out).code == 0
    got = json.loads(out.read_text(encoding="utf-8"))
    assert (got["organisation"], [u["name"] for u in got["units"]]) == (
        "Socialförvaltningen",
        ["Socialförvaltningen", "Äldreomsorg Öst", "Barn och Unga – Väst"],
    )


def test_actuals_comma_separator_with_quoted_fields_is_read(cli, write) -> None:  # type: ignore[no-untyped-def]
    text = (
        'period,ansvar,konto,belopp,text\n202401,1000,5011,"1 046 094,50","Hyra, januari ""A"""\n'
    )
    imported(cli, write("a.csv", text))
    assert stored() == [(2024, 1, "1000", "5011", 104609450, 'Hyra, januari "A"')]


def test_actuals_semicolon_separator_with_quoted_semicolon_is_read(cli, write) -> None:  # type: ignore[no-untyped-def]
    imported(cli, write("a.csv", 'period;ansvar;konto;belopp;text\n202401;1000;5011;"2,5";"a;b"\n'))
    assert stored() == [(2024, 1, "1000", "5011", 250, "a;b")]


def test_actuals_quoted_field_with_newline_keeps_line_numbers(cli, write) -> None:  # type: ignore[no-untyped-def]
    text = 'period;ansvar;konto;belopp;text\n202401;1000;5011;1;"två\nrader"\n202401;1000;5011;x;\n'
    result = cli("import", "actuals", write("a.csv", text))
    assert (result.code, result.err) == (1, 'a.csv:4: belopp "x" är inte ett tal\n')


def test_actuals_unknown_columns_are_ignored(cli, write) -> None:  # type: ignore[no-untyped-def]
    imported(
        cli,
        write("a.csv", "id;period;kommentar;ansvar;konto;belopp;extra\n7;202401;x;1000;5011;3;y\n"),
    )
    assert stored() == [(2024, 1, "1000", "5011", 300, "")]


@pytest.mark.parametrize(
    ("text", "ore"),
    [
        ("1 046 094,50", 104609450),
        ("1\u00a0046\u00a0094,50", 104609450),
        ("1\u202f046\u202f094,50", 104609450),
        ("1.046.094,50", 104609450),
        ("1,046,094.50", 104609450),
        ("-234.5", -23450),
        ("-234,5", -23450),
        ("\u2212234,50", -23450),
        ("\u22121 000", -100000),
        ("0,01", 1),
        ("12", 1200),
    ],
)
def test_actuals_amount_forms_are_read_exactly(cli, write, text: str, ore: int) -> None:  # type: ignore[no-untyped-def]
    imported(cli, write("a.csv", f'period;ansvar;konto;belopp\n202401;1000;5011;"{text}"\n'))
    assert [r[4] for r in stored()] == [ore]


def test_actuals_codes_keep_leading_zeros(cli, write) -> None:  # type: ignore[no-untyped-def]
    imported(
        cli, write("a.csv", "period;ansvar;konto;belopp\n202401;0110;05011;1\n202401;110;5011;2\n")
    )
    assert stored() == [(2024, 1, "0110", "05011", 100, ""), (2024, 1, "110", "5011", 200, "")]


def test_actuals_datum_gives_the_month(cli, write) -> None:  # type: ignore[no-untyped-def]
    from uppfolj.web.models import LedgerRow

    imported(
        cli,
        write(
            "a.csv", "datum;ansvar;konto;belopp\n2024-02-29;1000;5011;1\n2023-12-31;1000;5011;2\n"
        ),
    )
    assert sorted(LedgerRow.objects.values_list("year", "month", "date")) == [
        (2023, 12, dt.date(2023, 12, 31)),
        (2024, 2, dt.date(2024, 2, 29)),
    ]


def test_actuals_period_with_hyphen_is_read(cli, write) -> None:  # type: ignore[no-untyped-def]
    imported(cli, write("a.csv", "period;ansvar;konto;belopp\n2024-03;1000;5011;1\n"))
    assert stored() == [(2024, 3, "1000", "5011", 100, "")]


def test_actuals_rows_are_never_merged(cli, write) -> None:  # type: ignore[no-untyped-def]
    imported(
        cli, write("a.csv", "period;ansvar;konto;belopp\n202401;1000;5011;1\n202401;1000;5011;1\n")
    )
    assert stored() == [(2024, 1, "1000", "5011", 100, "")] * 2


def test_actuals_blank_lines_are_skipped(cli, write) -> None:  # type: ignore[no-untyped-def]
    imported(cli, write("a.csv", "period;ansvar;konto;belopp\r\n\r\n202401;1000;5011;1\r\n;;;\r\n"))
    assert stored() == [(2024, 1, "1000", "5011", 100, "")]


def test_actuals_xlsx_numeric_cells_are_taken_as_numbers(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in (
        ["Period", "ANSVAR", "konto", "belopp", "okänd"],
        [202401, 1000, 5011, 1046094.5, "x"],
        [202402, "0110", "5011", 0.1 + 0.2, None],
        ["202403", "1000", 3610, -7467, None],
    ):
        sheet.append(row)
    other = book.create_sheet("Annat")  # only the first sheet is read
    other.append(["inget"])
    path = tmp_path / "a.xlsx"
    book.save(path)
    imported(cli, path)
    assert stored() == [
        (2024, 1, "1000", "5011", 104609450, ""),
        (2024, 2, "0110", "5011", 30, ""),
        (2024, 3, "1000", "3610", -746700, ""),
    ]


def test_budget_xlsx_with_months_is_read(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    from uppfolj.web.models import BudgetLine

    book = Workbook()
    sheet = book.active
    sheet.append(["ar", "ansvar", "konto", "belopp"] + [f"m{m:02d}" for m in range(1, 13)])
    sheet.append([2024, "1000", "5011", 1200.5] + [100] * 11 + [100.5])
    path = tmp_path / "b.xlsx"
    book.save(path)
    imported(cli, path, "budget")
    assert sorted(BudgetLine.objects.values_list("month", "amount")) == [
        (m, 10000) for m in range(1, 12)
    ] + [(12, 10050)]


def test_organisation_header_case_and_unknown_columns(cli, write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from uppfolj.web.models import OrgUnit

    imported(
        cli,
        write("o.csv", 'KOD,Namn,Nivå,OVERORDNAD,Ansvar\nR,Rot,0,,\nA,A,1,R,"1000,1001"\n'),
        "organisation",
    )
    assert list(
        OrgUnit.objects.order_by("position").values_list("code", "parent__code", "patterns")
    ) == [("R", None, ""), ("A", "R", "1000,1001")]
