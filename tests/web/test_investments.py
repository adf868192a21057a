"""Investments: `uppfolj import investments`, the actual from the ledger's project dimension, the
JSON report's `investments`, the rows that are not `unmapped_account`, and the documents."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.web.helpers import load_files, report_json, stored_rows

ORGANISATION = "kod;namn;overordnad;ansvar\nR;Socialtjänsten;;\nA;Äldreomsorg;R;1*\nB;IFO;R;2*\n"
BUDGET = "ar;ansvar;konto;belopp\n2024;100;5011;1200000\n2024;200;4610;600000\n"
# Ledger rows: P1 on a balance-sheet account (1220) and on a covered cost account (5011), P2 on
# 1190, an unregistered project X9 on 1220, P1 in April (after the report month) and in 2023.
ACTUALS = (
    "period;ansvar;konto;belopp;projekt\n"
    "202401;100;5011;100000;\n"
    "202401;100;1220;250000,50;P1\n"
    "202402;100;1220;149 999,50;P1\n"
    "202403;100;5011;20000;P1\n"
    "202402;200;1190;1 000 000;P2\n"
    "202403;200;1220;77000;X9\n"
    "202404;100;1220;500000;P1\n"
    "202312;100;1220;300000;P1\n"
)
INVESTMENTS = (
    "ar;projekt;namn;budget;prognos;kommentar\n"
    "2024;P1;Inventarier särskilt boende;1 250 000,50;1 100 000;Leverans i två etapper\n"
    "2024;P2;Ombyggnad Rosen;3 000 000;;\n"
    "2024;P3;Trygghetslarm;500000;;\n"
    "2023;P1;Inventarier 2023;400000;300000;\n"
)

Cli = Callable[..., Any]
Write = Callable[..., Path]


def _load(cli: Cli, write: Write, **more: str) -> None:
    load_files(cli, write, organisation=ORGANISATION, budget=BUDGET, actuals=ACTUALS, **more)


def _stored() -> dict[tuple[int, str], tuple[Any, ...]]:
    from uppfolj.web.models import Investment

    return {(i.year, i.project): (i.name, i.budget, i.forecast, i.comment, i.carry_over, i.carry_over_reason)
            for i in Investment.objects.all()}


def test_import_stores_budgets_exactly_in_ore(cli: Cli, write: Write) -> None:
    from uppfolj.web.models import AuditEntry

    result = cli("import", "investments", write("investeringar.csv", INVESTMENTS))
    assert result.code == 0, result.err
    assert result.out.strip() == ("investeringar.csv: 4 investeringar för 2023, 2024 (4 nya, 0 ändrade, "
                                  "0 borttagna), budget 5 150 000,50 kr")
    assert _stored() == {
        (2024, "P1"): ("Inventarier särskilt boende", 125_000_050, 110_000_000, "Leverans i två etapper", None, ""),
        (2024, "P2"): ("Ombyggnad Rosen", 300_000_000, None, "", None, ""),
        (2024, "P3"): ("Trygghetslarm", 50_000_000, None, "", None, ""),
        (2023, "P1"): ("Inventarier 2023", 40_000_000, 30_000_000, "", None, ""),
    }
    assert AuditEntry.objects.filter(action="uppfolj.import.investments").count() == 1
    assert AuditEntry.objects.filter(action="uppfolj.investment.imported").count() == 4


def test_import_reads_xlsx(cli: Cli, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["AR", "Projekt", "Namn", "Budget", "Prognos"])
    sheet.append([2024, "0042", "Lyftar", 123456.78, 100000])
    path = tmp_path / "investeringar.xlsx"
    book.save(path)
    assert cli("import", "investments", path).code == 0
    assert _stored() == {(2024, "0042"): ("Lyftar", 12_345_678, 10_000_000, "", None, "")}


def test_bad_file_names_every_line_and_changes_nothing(cli: Cli, write: Write) -> None:
    assert cli("import", "investments", write("ok.csv", INVESTMENTS)).code == 0
    before = _stored()
    bad = cli("import", "investments", write("inv.csv", (
        "ar;projekt;namn;budget;prognos\n"
        "2024;P1;Ny;12x3;\n"
        "20x4;P2;Ny;1;\n"
        "2024;;Ny;1;\n"
        "2024;P4;;1;\n"
        "2024;P5;Ny;1;abc\n"
        "2024;P6;Ny;1;\n"
        "2024;P6;Igen;2;\n"
    )))
    assert bad.code != 0
    assert bad.err.strip().splitlines() == [
        'inv.csv:2: budget "12x3" är inte ett tal',
        'inv.csv:3: ar "20x4" är inte ett heltal mellan 1900 och 2999',
        "inv.csv:4: projekt saknas",
        "inv.csv:5: namn saknas",
        'inv.csv:6: prognos "abc" är inte ett tal',
        "inv.csv:8: projekt P6 för 2024 finns redan på rad 7",
    ]
    assert _stored() == before


def test_missing_column_is_refused(cli: Cli, write: Write) -> None:
    bad = cli("import", "investments", write("inv.csv", "ar;projekt;namn\n2024;P1;X\n"))
    assert bad.code != 0
    assert "budget" in bad.err
    assert _stored() == {}


def test_same_file_twice_gives_the_same_database(cli: Cli, write: Write) -> None:
    from uppfolj.web.models import Investment

    path = write("investeringar.csv", INVESTMENTS)
    assert cli("import", "investments", path).code == 0
    once = stored_rows([Investment], skip=set())
    again = cli("import", "investments", path)
    assert again.code == 0
    assert "(0 nya, 0 ändrade, 0 borttagna)" in again.out
    assert stored_rows([Investment], skip=set()) == once


def test_import_replaces_each_year_and_keeps_web_values_the_file_leaves_empty(cli: Cli, write: Write, user: Any) -> None:
    from uppfolj.web.domain.investments import save_investment
    from uppfolj.web.models import Investment

    assert cli("import", "investments", write("a.csv", INVESTMENTS)).code == 0
    p2 = Investment.objects.get(year=2024, project="P2")
    save_investment(p2, {"forecast": 250_000_000, "comment": "Bygglov försenat", "carry_over": 50_000_000,
                         "carry_over_reason": "Etapp 2 nästa år"}, user=user("controller"))
    result = cli("import", "investments", write("b.csv", (
        "ar;projekt;namn;budget;prognos;kommentar\n"
        "2024;P2;Ombyggnad Rosen etapp 2;3 100 000;;\n"
        "2024;P1;Inventarier;1 250 000,50;1 200 000;\n"
    )))
    assert result.code == 0, result.err
    assert "(0 nya, 2 ändrade, 1 borttagna)" in result.out
    assert _stored() == {
        # the file's forecast wins; its empty comment keeps the stored one
        (2024, "P1"): ("Inventarier", 125_000_050, 120_000_000, "Leverans i två etapper", None, ""),
        # the web's forecast, comment and carry-over request stay
        (2024, "P2"): ("Ombyggnad Rosen etapp 2", 310_000_000, 250_000_000, "Bygglov försenat", 50_000_000,
                       "Etapp 2 nästa år"),
        # P3 is gone; 2023 is not in the file and stays
        (2023, "P1"): ("Inventarier 2023", 40_000_000, 30_000_000, "", None, ""),
    }
    assert [p.project for p in Investment.objects.filter(year=2024)] == ["P2", "P1"]  # the file's order


def test_json_actual_counts_months_1_to_m_on_any_account_of_the_project(cli: Cli, write: Write,
                                                                         tmp_path: Path) -> None:
    _load(cli, write, investments=INVESTMENTS)
    data = report_json(cli, tmp_path)
    assert data["investments"] == [
        # P1: 1220 in Jan and Feb + 5011 in March; not April, not 2023
        {"project": "P1", "name": "Inventarier särskilt boende", "budget": 1250000.5, "actual": 420000.0,
         "forecast": 1100000.0, "variance": 150000.5, "carry_over": None},
        {"project": "P2", "name": "Ombyggnad Rosen", "budget": 3000000.0, "actual": 1000000.0,
         "forecast": None, "variance": None, "carry_over": None},
        {"project": "P3", "name": "Trygghetslarm", "budget": 500000.0, "actual": 0.0,
         "forecast": None, "variance": None, "carry_over": None},
    ]
    # February: P1's January and February only
    feb = report_json(cli, tmp_path, month=2)
    assert [(i["project"], i["actual"]) for i in feb["investments"]] == [("P1", 400000.0), ("P2", 1000000.0),
                                                                          ("P3", 0.0)]
    # 2023 has its own projects
    last = report_json(cli, tmp_path, year=2023, month=12)
    assert last["investments"] == [{"project": "P1", "name": "Inventarier 2023", "budget": 400000.0,
                                    "actual": 300000.0, "forecast": 300000.0, "variance": 100000.0,
                                    "carry_over": None}]


def test_json_investments_is_empty_without_projects(cli: Cli, write: Write, tmp_path: Path) -> None:
    _load(cli, write)
    assert report_json(cli, tmp_path)["investments"] == []


def _unmapped(data: dict[str, Any]) -> list[str]:
    return [c["message"] for c in data["checks"] if c["code"] == "unmapped_account"]


def test_registered_projects_on_uncovered_accounts_are_not_unmapped(cli: Cli, write: Write, tmp_path: Path) -> None:
    _load(cli, write)
    before = report_json(cli, tmp_path)
    # Without investments, every balance-sheet row warns (the whole 1220 and 1190 of months 1..3).
    assert _unmapped(before) == [
        "Konto 1190 ingår inte i någon rapportrad: utfall 1 000 000,00 kr",
        "Konto 1220 ingår inte i någon rapportrad: utfall 477 000,00 kr, utfall föregående år 300 000,00 kr",
    ]
    assert cli("import", "investments", write("inv.csv", INVESTMENTS)).code == 0
    after = report_json(cli, tmp_path)
    # P1 and P2 are registered for 2024 (and P1 for 2023): only X9's row on 1220 still warns.
    assert _unmapped(after) == ["Konto 1220 ingår inte i någon rapportrad: utfall 77 000,00 kr"]
    # P1's row on a covered account (5011) stays in the unit's figures; the units are unchanged.
    assert [(u["code"], u["actual"]) for u in after["units"]] == [(u["code"], u["actual"]) for u in before["units"]]
    assert next(u for u in after["units"] if u["code"] == "A")["actual"] == 120000.0


def test_a_project_registered_for_another_year_still_warns(cli: Cli, write: Write, tmp_path: Path) -> None:
    _load(cli, write, investments="ar;projekt;namn;budget\n2023;P2;Rosen 2023;1000\n")
    assert _unmapped(report_json(cli, tmp_path)) == [
        "Konto 1190 ingår inte i någon rapportrad: utfall 1 000 000,00 kr",
        "Konto 1220 ingår inte i någon rapportrad: utfall 477 000,00 kr, utfall föregående år 300 000,00 kr",
    ]
    # ... while the 2023 report's rows of P1 (not registered for 2023 here) warn there
    assert _unmapped(report_json(cli, tmp_path, year=2023, month=12)) == [
        "Konto 1220 ingår inte i någon rapportrad: utfall 300 000,00 kr"]


def _document(year: int, month: int, kind: str) -> Any:
    from uppfolj.core.choices import ReportKind
    from uppfolj.reports.document import build_document
    from uppfolj.web.domain.period import period_report

    return build_document(period_report(year, month, kind=ReportKind(kind)))


def test_interim_report_has_the_investments_section(cli: Cli, write: Write) -> None:
    from uppfolj.web.domain.investments import save_investment
    from uppfolj.web.models import Investment
    from uppfolj.web.rules import SYSTEM

    _load(cli, write, investments=INVESTMENTS)
    save_investment(Investment.objects.get(year=2024, project="P1"),
                    {"carry_over": 15_000_000, "carry_over_reason": "Leveransen av etapp 2 blir 2025"}, user=SYSTEM)
    doc = _document(2024, 3, "interim")
    section = doc.section("investments")
    assert section is not None
    table = section.tables[0]
    assert [c.title for c in table.columns] == ["Projekt", "Budget 2024", "Utfall jan–mars", "Prognos helår",
                                                "Avvikelse", "Begärd överföring till 2025"]
    assert [[c.text for c in r.cells] for r in table.rows] == [
        ["Inventarier särskilt boende", "1\u00a0250", "420", "1\u00a0100", "150", "150"],
        ["Ombyggnad Rosen", "3\u00a0000", "1\u00a0000", "–", "–", ""],
        ["Trygghetslarm", "500", "0", "–", "–", ""],
        ["Summa", "4\u00a0750", "1\u00a0420", "4\u00a0600", "150", "150"],
    ]
    assert section.paragraphs == [
        "Investeringsbudgeten för 2024 är 4,8\u00a0mkr fördelad på 3 investeringsprojekt. Till och med mars har "
        "1,4\u00a0mkr använts, 29,9 % av budgeten. Prognosen för helåret är 4,6\u00a0mkr, 0,2\u00a0mkr lägre än "
        "budget (2 projekt utan prognos räknas med sin budget). Störst avvikelse mot budget har Inventarier "
        "särskilt boende (0,2\u00a0mkr lägre).",
        "Begärd överföring av outnyttjade medel till 2025: 0,2\u00a0mkr för Inventarier särskilt boende.",
    ]
    comments = doc.section("investment-comments")
    assert comments is not None
    assert comments.bullets == [("Inventarier särskilt boende", [
        "Leverans i två etapper", "Begäran om överföring till 2025: Leveransen av etapp 2 blir 2025"])]


def test_section_is_in_every_format_of_interim_and_annual_reports(cli: Cli, write: Write, tmp_path: Path) -> None:
    import zipfile

    _load(cli, write, investments=INVESTMENTS)
    for kind, year, month in (("interim", 2024, 3), ("annual", 2023, 12)):
        for fmt in ("html", "docx", "xlsx", "pdf"):
            out = tmp_path / f"{kind}.{fmt}"
            result = cli("report", "--year", str(year), "--month", str(month), "--kind", kind, "--format", fmt,
                         "-o", out)
            assert result.code == 0, result.err
            if fmt == "html":
                assert ">Investeringar<" in out.read_text(encoding="utf-8")
            elif fmt == "docx":
                assert "Investeringar" in zipfile.ZipFile(out).read("word/document.xml").decode()
            elif fmt == "xlsx":
                assert any("Investeringar" in n for n in _sheet_names(out))
            elif shutil.which("pdftotext"):
                assert _pdf_has(out, f"Investeringar {year}, tkr")


def _sheet_names(path: Path) -> list[str]:
    from openpyxl import load_workbook

    return list(load_workbook(path, read_only=True).sheetnames)


def _pdf_has(path: Path, text: str) -> bool:
    found = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return text in found


def test_section_is_left_out_without_investments_and_in_monthly_reports(cli: Cli, write: Write) -> None:
    _load(cli, write)
    assert _document(2024, 3, "interim").section("investments") is None
    assert cli("import", "investments", write("inv.csv", INVESTMENTS)).code == 0
    assert _document(2024, 3, "monthly").section("investments") is None
    assert _document(2024, 3, "february").section("investments") is None
    assert _document(2024, 3, "annual").section("investments") is not None


def test_annual_report_of_a_finished_year_compares_the_budget_with_the_outcome(cli: Cli, write: Write) -> None:
    _load(cli, write, investments=INVESTMENTS)
    section = _document(2023, 12, "annual").section("investments")
    assert section is not None
    table = section.tables[0]
    assert [c.title for c in table.columns] == ["Projekt", "Budget 2023", "Utfall helår", "Avvikelse",
                                                "Begärd överföring till 2024"]
    assert [[c.text for c in r.cells] for r in table.rows] == [["Inventarier 2023", "400", "300", "100", ""],
                                                               ["Summa", "400", "300", "100", ""]]
    assert section.paragraphs == [
        "Investeringsbudgeten för 2023 är 0,4\u00a0mkr fördelad på ett investeringsprojekt. Under året har "
        "0,3\u00a0mkr använts, 75,0 % av budgeten. Utfallet blev 0,1\u00a0mkr lägre än budget. Störst avvikelse "
        "mot budget har Inventarier 2023 (0,1\u00a0mkr lägre)."]


def test_monthly_series_leave_the_investment_rows_out(cli: Cli, write: Write) -> None:
    from uppfolj.web.domain.period import live_result

    _load(cli, write)
    before = live_result(2024, 3).unit("A").actual_by_month[:3]
    # Without investments the series leave out the uncovered accounts (1220) as the figures do.
    assert before == [10_000_000, 0, 2_000_000]
    assert cli("import", "investments", write("inv.csv", INVESTMENTS)).code == 0
    assert live_result(2024, 3).unit("A").actual_by_month[:3] == before
    assert live_result(2024, 3).unit("B").actual_by_month[:3] == [0, 0, 0]
