"""Every bad input through the command line: exit 1, one line `FILE:LINE: message`, nothing changed.

Each test loads a small valid state first, snapshots the database, runs the bad import and
compares the snapshot afterwards (a failed import changes nothing).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.web.helpers import stored_rows

ORGANISATION = """kod;namn;overordnad;ansvar
ROOT;Socialtjänsten;;
A;Avdelning A;ROOT;1000-1099
A1;Enhet A1;A;0110
B;Avdelning B;ROOT;2*
"""
ACTUALS = """period;ansvar;konto;belopp;text
202401;1000;5011;100,00;lön
202401;0110;4610;50;köp
202402;2000;3610;-25,50;avgift
"""
BUDGET = """ar;ansvar;konto;belopp
2024;1000;5011;1200
"""
FORECASTS = """ar;manad;enhet;prognos;kommentar
2024;2;A;1000;
"""


def snapshot() -> dict[str, list[str]]:
    """Every stored row of the engine's tables and logs (ids and timestamps left out)."""
    from uppfolj.web import models

    return stored_rows(
        (models.OrgUnit, models.TemplateRow, models.LedgerRow, models.MonthlyBalance, models.BudgetLine,
         models.Forecast, models.ImportLog, models.AuditEntry),
        skip={"id", "import_id", "created_at", "updated_at", "at"},
    )


@pytest.fixture
def loaded(cli: Callable[..., Any], write: Callable[..., Path]) -> dict[str, list[str]]:
    """A small valid database; returns its snapshot."""
    for kind, text in (
        ("organisation", ORGANISATION),
        ("actuals", ACTUALS),
        ("budget", BUDGET),
        ("forecasts", FORECASTS),
    ):
        result = cli("import", kind, write(f"ok-{kind}.csv", text))
        assert result.code == 0, result.err
    return snapshot()


def refused(cli: Callable[..., Any], kind: str, path: Path, *extra: str) -> str:
    """Run the import, check it failed without changes, and return its single stderr line."""
    before = snapshot()
    result = cli("import", kind, path, *extra)
    assert result.code == 1
    assert snapshot() == before
    assert result.err.count("\n") == 1
    return result.err.rstrip("\n")


# --- actuals -----------------------------------------------------------------------------------


def test_actuals_missing_column_is_refused(cli, write, loaded) -> None:  # type: ignore[no-untyped-def]
    path = write("actuals.csv", "period;ansvar;konto;summa\n202401;1000;5011;1\n")
    assert (
        refused(cli, "actuals", path)
        == "actuals.csv:1: kolumn saknas: belopp (rubriker: period, ansvar, konto, summa)"
    )


def test_actuals_without_period_or_datum_is_refused(cli, write, loaded) -> None:  # type: ignore[no-untyped-def]
    path = write("actuals.csv", "ar;ansvar;konto;belopp\n2024;1000;5011;1\n")
    assert refused(cli, "actuals", path) == (
        "actuals.csv:1: kolumn saknas: period eller datum (rubriker: ar, ansvar, konto, belopp)"
    )


def test_actuals_non_numeric_amount_names_line_and_value(cli, write, loaded) -> None:  # type: ignore[no-untyped-def]
    path = write(
        "actuals.csv",
        "period;ansvar;konto;belopp\n202403;1000;5011;1\n202403;1000;5011;2\n"
        "202403;1000;5011;12x3\n",
    )
    assert refused(cli, "actuals", path) == 'actuals.csv:4: belopp "12x3" är inte ett tal'


def test_actuals_error_late_in_file_keeps_earlier_rows_out(cli, write, loaded) -> None:  # type: ignore[no-untyped-def]
    # Rows before the bad one would replace January's 1000; they must not.
    lines = "".join(f"202401;1000;5011;{i}\n" for i in range(1, 500))
    path = write("actuals.csv", "period;ansvar;konto;belopp\n" + lines + "202401;1000;5011;x\n")
    assert refused(cli, "actuals", path) == 'actuals.csv:501: belopp "x" är inte ett tal'


def test_actuals_three_decimals_is_refused(cli, write, loaded) -> None:  # type: ignore[no-untyped-def]
    path = write("actuals.csv", "period;ansvar;konto;belopp\n202403;1000;5011;1,005\n")
    assert refused(cli, "actuals", path) == 'actuals.csv:2: belopp "1,005" har fler än 2 decimaler'


def test_actuals_empty_amount_is_refused(cli, write, loaded) -> None:  # type: ignore[no-untyped-def]
    path = write("actuals.csv", "period;ansvar;konto;belopp\n202403;1000;5011;\n")
    assert refused(cli, "actuals", path) == "actuals.csv:2: belopp saknas"


def test_actuals_missing_account_is_refused(cli, write, loaded) -> None:  # type: ignore[no-untyped-def]
    path = write("actuals.csv", "period;ansvar;konto;belopp\n202403;1000;;5\n")
    assert refused(cli, "actuals", path) == "actuals.csv:2: konto saknas"


@pytest.mark.parametrize("period", ["202413", "2024-1x", "202400", "24013", "2024"])
def test_actuals_period_that_is_not_a_month_is_refused(cli, write, loaded, period: str) -> None:  # type: ignore[no-untyped-def]
    path = write(
        "actuals.csv", f"period;ansvar;konto;belopp\n202401;1000;5011;1\n{period};1000;5011;1\n"
    )
    assert (
        refused(cli, "actuals", path)
        == f'actuals.csv:3: period "{period}" är inte en månad (ÅÅÅÅMM)'
    )


@pytest.mark.parametrize("datum", ["2024-02-30", "2024-13-01", "20240101x"])
def test_actuals_bad_datum_is_refused(cli, write, loaded, datum: str) -> None:  # type: ignore[no-untyped-def]
    path = write("actuals.csv", f"datum;ansvar;konto;belopp\n{datum};1000;5011;1\n")
    assert (
        refused(cli, "actuals", path)
        == f'actuals.csv:2: datum "{datum}" är inte ett datum (ÅÅÅÅ-MM-DD)'
    )


@pytest.mark.parametrize("text", ["", "\n\n", "\ufeff"])
def test_actuals_empty_file_is_refused(cli, write, loaded, text: str) -> None:  # type: ignore[no-untyped-def]
    path = write("actuals.csv", text)
    assert refused(cli, "actuals", path) == "actuals.csv:1: filen är tom"


def test_actuals_missing_file_is_refused(cli, tmp_path: Path, loaded) -> None:  # type: ignore[no-untyped-def]
    assert refused(cli, "actuals", tmp_path / "nope.csv") == "nope.csv: filen finns inte"


def test_actuals_too_many_fields_is_refused(cli, write, loaded) -> None:  # type: ignore[no-untyped-def]
    path = write("actuals.csv", "period;ansvar;konto;belopp\n202401;1000;5011;1;extra\n")
    assert refused(cli, "actuals", path) == "actuals.csv:2: raden har 5 fält men rubrikraden 4"


def test_actuals_xlsx_error_names_sheet_and_row(cli, tmp_path: Path, loaded) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Utfall"
    for row in (
        ["period", "ansvar", "konto", "belopp"],
        [202401, "1000", "5011", 12.5],
        [202401, "1000", "5011", "abc"],
    ):
        sheet.append(row)
    path = tmp_path / "actuals.xlsx"
    book.save(path)
    assert refused(cli, "actuals", path) == 'actuals.xlsx[Utfall]:3: belopp "abc" är inte ett tal'


def test_actuals_xlsx_three_decimals_names_sheet_and_row(cli, tmp_path: Path, loaded) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Blad1"
    for row in (["period", "ansvar", "konto", "belopp"], [202401, "1000", "5011", 1.005]):
        sheet.append(row)
    path = tmp_path / "actuals.xlsx"
    book.save(path)
    assert (
        refused(cli, "actuals", path)
        == 'actuals.xlsx[Blad1]:2: belopp "1.005" har fler än 2 decimaler'
    )


# --- organisation and activities --------------------------------------------------------------------


def test_organisation_missing_column_is_refused(cli, write, loaded) -> None:  # type: ignore[no-untyped-def]
    path = write("organisation.csv", "kod;namn;ansvar\nROOT;Rot;\n")
    assert (
        refused(cli, "organisation", path)
        == "organisation.csv:1: kolumn saknas: overordnad (rubriker: kod, namn, ansvar)"
    )


def test_organisation_unknown_parent_is_refused(cli, write, loaded) -> None:  # type: ignore[no-untyped-def]
    path = write("organisation.csv", "kod;namn;overordnad;ansvar\nROOT;Rot;;\nA;A;X;1*\n")
    assert refused(cli, "organisation", path) == 'organisation.csv:3: överordnad "X" finns inte'


def test_organisation_two_roots_is_refused(cli, write, loaded) -> None:  # type: ignore[no-untyped-def]
    path = write(
        "organisation.csv", "kod;namn;overordnad;ansvar\nROOT;Rot;;\nA;A;ROOT;1*\nS;Annan rot;;2*\n"
    )
    assert refused(cli, "organisation", path) == (
        'organisation.csv:4: två rötter: "ROOT" och "S"; exakt en rad får sakna överordnad'
    )


def test_organisation_cycle_is_refused(cli, write, loaded) -> None:  # type: ignore[no-untyped-def]
    path = write("organisation.csv", "kod;namn;overordnad;ansvar\nROOT;Rot;;\nA;A;B;1*\nB;B;A;2*\n")
    assert (
        refused(cli, "organisation", path)
        == 'organisation.csv:3: "A" ingår i en cykel av överordnade'
    )


def test_organisation_duplicate_code_is_refused(cli, write, loaded) -> None:  # type: ignore[no-untyped-def]
    path = write(
        "organisation.csv",
        "kod;namn;overordnad;ansvar\nROOT;Rot;;\nA;A;ROOT;1*\nA;A igen;ROOT;2*\n",
    )
    assert (
        refused(cli, "organisation", path) == 'organisation.csv:4: koden "A" finns redan på rad 3'
    )


def test_organisation_overlapping_cost_centres_is_refused(cli, write, loaded) -> None:  # type: ignore[no-untyped-def]
    path = write(
        "organisation.csv",
        "kod;namn;overordnad;ansvar\nROOT;Rot;;\nA;A;ROOT;5100-5199\nB;B;ROOT;5150\n",
    )
    assert refused(cli, "organisation", path) == (
        'organisation.csv:4: "5150" i "B" överlappar "5100-5199" i "A" (rad 3); en kod får bara höra till en enhet'
    )


def test_organisation_missing_name_is_refused(cli, write, loaded) -> None:  # type: ignore[no-untyped-def]
    path = write("organisation.csv", "kod;namn;overordnad;ansvar\nROOT;Rot;;\nA;;ROOT;1*\n")
    assert refused(cli, "organisation", path) == "organisation.csv:3: namn saknas"


def test_organisation_empty_file_is_refused(cli, write, loaded) -> None:  # type: ignore[no-untyped-def]
    assert (
        refused(cli, "organisation", write("organisation.csv", ""))
        == "organisation.csv:1: filen är tom"
    )


def test_organisation_header_only_is_refused(cli, write, loaded) -> None:  # type: ignore[no-untyped-def]
    path = write("organisation.csv", "kod;namn;overordnad;ansvar\n")
    assert refused(cli, "organisation", path) == "organisation.csv:1: filen har bara en rubrikrad och inga rader"


def test_organisation_removing_a_unit_with_forecasts_is_refused(cli, write, loaded) -> None:  # type: ignore[no-untyped-def]
    path = write("organisation.csv", "kod;namn;overordnad;ansvar\nROOT;Rot;;\nB;B;ROOT;2*\n")
    assert refused(cli, "organisation", path) == (
        'organisation.csv: enheten "A" saknas i filen men har prognoser; den kan inte tas bort'
    )


def test_activities_overlap_is_refused(cli, write, loaded) -> None:  # type: ignore[no-untyped-def]
    path = write(
        "activities.csv",
        "kod;namn;overordnad;verksamhet\nALL;Alla;;\n51;Äldre;ALL;51*\n510;Hemtjänst;51;510\n",
    )
    assert refused(cli, "activities", path) == (
        'activities.csv:4: "510" i "510" överlappar "51*" i "51" (rad 3); en kod får bara höra till en enhet'
    )


# --- template --------------------------------------------------------------------------------


def test_template_account_in_two_rows_is_refused(cli, write, loaded) -> None:  # type: ignore[no-untyped-def]
    path = write(
        "template.csv",
        "kod;namn;overordnad;konton;varav\nKOS;Kostnader;;;\nK1;Köp;KOS;4600-4699;\n"
        "K2;Övrigt;KOS;46*,47*;\n",
    )
    assert refused(cli, "template", path) == (
        'template.csv:4: "46*" i "K2" överlappar "4600-4699" i "K1" (rad 3); en kod får bara höra till en rapportrad'
    )


def test_template_bad_varav_flag_is_refused(cli, write, loaded) -> None:  # type: ignore[no-untyped-def]
    path = write(
        "template.csv", "kod;namn;overordnad;konton;varav\nKOS;Kostnader;;4*;\nK1;Köp;KOS;;kanske\n"
    )
    assert refused(cli, "template", path) == 'template.csv:3: varav "kanske" ska vara 1 eller tomt'


def test_template_varav_without_parent_is_refused(cli, write, loaded) -> None:  # type: ignore[no-untyped-def]
    path = write("template.csv", "kod;namn;overordnad;konton;varav\nKOS;Kostnader;;4*;1\n")
    assert (
        refused(cli, "template", path)
        == 'template.csv:2: varav-raden "KOS" måste ha en överordnad rad'
    )


# --- budget ----------------------------------------------------------------------------------


def test_budget_months_not_adding_up_is_refused(cli, write, loaded) -> None:  # type: ignore[no-untyped-def]
    months = ";".join(["100"] * 11 + ["0"])
    path = write(
        "budget.csv",
        f"ar;ansvar;konto;belopp;{';'.join(f'm{m:02d}' for m in range(1, 13))}\n"
        f"2024;1000;5011;1200;{months}\n",
    )
    assert refused(cli, "budget", path) == (
        "budget.csv:2: månaderna summerar till 1 100 kr men belopp är 1 200 kr (skillnad 100 kr)"
    )


def test_budget_missing_column_is_refused(cli, write, loaded) -> None:  # type: ignore[no-untyped-def]
    path = write("budget.csv", "ar;ansvar;belopp\n2024;1000;5\n")
    assert (
        refused(cli, "budget", path)
        == "budget.csv:1: kolumn saknas: konto (rubriker: ar, ansvar, belopp)"
    )


def test_budget_bad_year_is_refused(cli, write, loaded) -> None:  # type: ignore[no-untyped-def]
    path = write("budget.csv", "ar;ansvar;konto;belopp\n2024;1000;5011;5\n24x;1000;5011;5\n")
    assert (
        refused(cli, "budget", path)
        == 'budget.csv:3: ar "24x" är inte ett heltal mellan 1900 och 2999'
    )


def test_budget_long_period_that_is_not_a_month_is_refused(cli, write, loaded) -> None:  # type: ignore[no-untyped-def]
    path = write("budget.csv", "period;ansvar;konto;belopp\n202413;1000;5011;5\n")
    assert refused(cli, "budget", path) == 'budget.csv:2: period "202413" är inte en månad (ÅÅÅÅMM)'


def test_budget_non_numeric_month_is_refused(cli, write, loaded) -> None:  # type: ignore[no-untyped-def]
    path = write("budget.csv", "ar;ansvar;konto;belopp;m01;m02\n2024;1000;5011;5;5;fem\n")
    assert refused(cli, "budget", path) == 'budget.csv:2: m02 "fem" är inte ett tal'


def test_budget_empty_file_is_refused(cli, write, loaded) -> None:  # type: ignore[no-untyped-def]
    assert refused(cli, "budget", write("budget.csv", "  \n")) == "budget.csv:1: filen är tom"


# --- forecasts -------------------------------------------------------------------------------


def test_forecasts_duplicate_key_names_both_lines(cli, write, loaded) -> None:  # type: ignore[no-untyped-def]
    path = write("forecasts.csv", "ar;manad;enhet;prognos\n2024;3;A;10\n2024;3;B;20\n2024;3;A;30\n")
    assert (
        refused(cli, "forecasts", path)
        == "forecasts.csv:4: prognosen för A 2024-03 finns redan på rad 2"
    )


def test_forecasts_unknown_unit_is_refused(cli, write, loaded) -> None:  # type: ignore[no-untyped-def]
    path = write("forecasts.csv", "ar;manad;enhet;prognos\n2024;3;A;10\n2024;3;X;20\n")
    assert (
        refused(cli, "forecasts", path)
        == 'forecasts.csv:3: enheten "X" finns inte i organisationen'
    )


def test_forecasts_bad_month_is_refused(cli, write, loaded) -> None:  # type: ignore[no-untyped-def]
    path = write("forecasts.csv", "ar;manad;enhet;prognos\n2024;13;A;10\n")
    assert (
        refused(cli, "forecasts", path)
        == 'forecasts.csv:2: manad "13" är inte ett heltal mellan 1 och 12'
    )


def test_forecasts_non_numeric_amount_is_refused(cli, write, loaded) -> None:  # type: ignore[no-untyped-def]
    path = write("forecasts.csv", "ar;manad;enhet;prognos\n2024;3;A;tio\n")
    assert refused(cli, "forecasts", path) == 'forecasts.csv:2: prognos "tio" är inte ett tal'


def test_forecasts_missing_column_is_refused(cli, write, loaded) -> None:  # type: ignore[no-untyped-def]
    path = write("forecasts.csv", "ar;manad;prognos\n2024;3;10\n")
    assert (
        refused(cli, "forecasts", path)
        == "forecasts.csv:1: kolumn saknas: enhet (rubriker: ar, manad, prognos)"
    )


@pytest.mark.parametrize(
    ("kind", "header"),
    [
        ("actuals", "period;ansvar;konto;belopp"),
        ("budget", "ar;ansvar;konto;belopp"),
        ("forecasts", "ar;manad;enhet;prognos"),
        ("template", "kod;namn;overordnad;konton"),
    ],
)
def test_header_only_file_is_refused(cli, write, loaded, kind: str, header: str) -> None:  # type: ignore[no-untyped-def]
    path = write(f"{kind}.csv", header + "\n\n")
    assert refused(cli, kind, path) == f"{kind}.csv:1: filen har bara en rubrikrad och inga rader"


def test_header_only_xlsx_is_refused(cli, loaded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Utfall"
    book.active.append(["period", "ansvar", "konto", "belopp"])
    path = tmp_path / "utfall.xlsx"
    book.save(path)
    assert refused(cli, "actuals", path) == "utfall.xlsx[Utfall]:1: filen har bara en rubrikrad och inga rader"
