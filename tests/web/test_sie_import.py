"""SIE 4 through the database: every real export, strict refusal, replacing, master data, round trip."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SIE_FILES
from uppfolj.core.errors import InputError
from uppfolj.web.rules import SYSTEM

SIE = SIE_FILES
SIE4_FILES = sorted(p.name for p in SIE.iterdir() if p.suffix.lower() in (".se", ".si"))
# README.md: Fortnox has IB + ΣTRANS ≠ UB; SoftOne is internally inconsistent (ΣPSALDO ≠ RES).
DOCUMENTED = {"fortnox-bokforing-2011_typ4.si": {"ub"}, "softone-xe_typ3.SE": {"res", "ub"}}
_YEAR = re.compile(r"^\s*#RAR\s+(-?\d+)\s+(\d{6})\d\d\s+(\d{6})\d\d", re.M)
_BALANCE = re.compile(r'^\s*#(IB|UB|RES)\s+(-?\d+)\s+"?(\w+)"?\s+(-?[\d.]+)', re.M)
_TYPE = re.compile(r'^\s*#KTYP\s+"?(\w+)"?\s+"?([TSIK])"?', re.M)

pytestmark = pytest.mark.django_db


def ore(text: str) -> int:
    return int(Decimal(text) * 100)


def stored_by_year(text: str) -> dict[tuple[int, str], int]:
    """Stored monthly balances summed per (#RAR year index of the file, account)."""
    from uppfolj.web.models import MonthlyBalance

    years = [(int(i), int(start), int(end)) for i, start, end in _YEAR.findall(text)]
    sums: dict[tuple[int, str], int] = defaultdict(int)
    for year, month, account, amount in MonthlyBalance.objects.values_list("year", "month", "account", "amount"):
        index = next((i for i, start, end in years if start <= year * 100 + month <= end), None)
        if index is not None:
            sums[(index, account)] += amount
    return sums


def disagreements(text: str) -> dict[str, set[str]]:
    """Accounts whose stored year differs from the file's #RES, or from its #UB − #IB."""
    moved = stored_by_year(text)
    stated: dict[str, dict[tuple[int, str], int]] = {"IB": {}, "UB": {}, "RES": {}}
    for kind, year, account, amount in _BALANCE.findall(text):
        stated[kind][(int(year), account)] = ore(amount)
    types = dict(_TYPE.findall(text))
    found: dict[str, set[str]] = {"res": set(), "ub": set()}
    for year in {y for y, _ in moved}:
        accounts = {a for y, a in moved if y == year} | {a for k in stated.values() for y, a in k if y == year}
        for account in accounts:
            key = (year, account)
            kind = types.get(account)
            balance = kind in ("T", "S") if kind else account[:1] in ("1", "2")
            has_ub = any(y == year for y, _ in stated["UB"])
            has_res = any(y == year for y, _ in stated["RES"])
            if balance and has_ub and stated["IB"].get(key, 0) + moved.get(key, 0) != stated["UB"].get(key, 0):
                found["ub"].add(account)
            if not balance and has_res and moved.get(key, 0) != stated["RES"].get(key, 0):
                found["res"].add(account)
    return found


def balances() -> dict[tuple[int, int, str, str, str, str], int]:
    from uppfolj.web.models import MonthlyBalance

    out: dict[tuple[int, int, str, str, str, str], int] = defaultdict(int)
    for row in MonthlyBalance.objects.values_list("year", "month", "cost_centre", "account", "activity", "project", "amount"):
        out[row[:6]] += row[6]
    return {key: amount for key, amount in out.items() if amount}


@pytest.mark.parametrize("name", SIE4_FILES)
def test_every_real_file_imports_and_agrees_with_its_own_res_and_ub(name: str) -> None:
    from uppfolj.web.domain.sie_import import import_sie
    from uppfolj.web.models import ImportLog

    summary = import_sie(SIE / name, user=SYSTEM)

    found = disagreements((SIE / name).read_bytes().decode("cp437"))
    assert {kind for kind, accounts in found.items() if accounts} == DOCUMENTED.get(name, set())
    log = ImportLog.objects.get()
    assert (log.kind, log.file) == ("sie", name)
    assert len(log.checks) == len(summary.info.checks)
    flagged = {c["message"].split(",")[0].removeprefix("Konto ") for c in log.checks
               if c["code"] in ("sie_res_mismatch", "sie_ub_mismatch")}
    assert flagged == found["res"] | found["ub"]
    assert log.years == summary.years


def test_sie5_sample_is_refused_and_nothing_is_stored() -> None:
    from uppfolj.web.domain.sie_import import import_sie
    from uppfolj.web.models import ImportLog, LedgerRow

    with pytest.raises(InputError, match=r"^sie-gruppen_SIE5_Sample\.sie:1: filen är SIE 5 \(XML\)"):
        import_sie(SIE / "sie-gruppen_SIE5_Sample.sie", user=SYSTEM)

    assert (LedgerRow.objects.count(), ImportLog.objects.count()) == (0, 0)


def test_master_data_and_budget_are_stored() -> None:
    from uppfolj.web.domain.sie_import import import_sie
    from uppfolj.web.models import Account, BudgetLine, DimensionObject

    import_sie(SIE / "briljant_Test4_typ4.SE", user=SYSTEM)

    assert Account.objects.get(code="1930").name == "Checkräkningskonto"
    assert BudgetLine.objects.filter(year=2008).count() == 73
    assert set(BudgetLine.objects.values_list("cost_centre", flat=True)) == {"0"}
    import_sie(SIE / "sie-gruppen_SIE4_Exempelfil.SE", user=SYSTEM)
    assert DimensionObject.objects.get(dimension="ansvar", code="Nord").name == "Kontor Nord"
    assert DimensionObject.objects.get(dimension="projekt", code="0001").name == "Utbildning av användare"


def test_dimension_option_maps_a_free_dimension() -> None:
    from uppfolj.web.domain.sie_import import import_sie
    from uppfolj.web.models import DimensionObject, LedgerRow

    import_sie(SIE / "kontek-lon_lonekorning_typ4I.SI", dims={"verksamhet": 20}, user=SYSTEM)

    assert set(LedgerRow.objects.exclude(activity="").values_list("activity", flat=True)) == {
        "1234567890", "N12", "ABC500"
    }
    assert not DimensionObject.objects.filter(dimension="verksamhet").exists()  # no #OBJEKT 20 in the file


def test_importing_twice_gives_the_database_of_importing_once() -> None:
    from uppfolj.web.domain.sie_import import import_sie
    from uppfolj.web.models import BudgetLine, LedgerRow

    import_sie(SIE / "sie-gruppen_ovnbolag_transaktioner_typ4.se", user=SYSTEM)
    once = (balances(), LedgerRow.objects.count(), BudgetLine.objects.count())
    import_sie(SIE / "sie-gruppen_ovnbolag_transaktioner_typ4.se", user=SYSTEM)

    assert (balances(), LedgerRow.objects.count(), BudgetLine.objects.count()) == once


def test_strict_refuses_a_file_with_findings_and_changes_nothing() -> None:
    from uppfolj.web.domain.sie_import import import_sie
    from uppfolj.web.models import ImportLog, LedgerRow

    import_sie(SIE / "visma-compact_typ4_ksumma.se", user=SYSTEM)
    before = (balances(), LedgerRow.objects.count(), ImportLog.objects.count())

    with pytest.raises(InputError, match=r"^fortnox-bokforing-2011_typ4\.si: 35 avvikelser i filen och --strict"):
        import_sie(SIE / "fortnox-bokforing-2011_typ4.si", strict=True, user=SYSTEM)

    assert (balances(), LedgerRow.objects.count(), ImportLog.objects.count()) == before


def test_bad_file_changes_nothing(tmp_path: Path) -> None:
    from uppfolj.web.domain.sie_import import import_sie
    from uppfolj.web.models import ImportLog, LedgerRow

    import_sie(SIE / "visma-compact_typ4_ksumma.se", user=SYSTEM)
    before = (balances(), LedgerRow.objects.count(), ImportLog.objects.count())
    text = (SIE / "visma-compact_typ4_ksumma.se").read_bytes()
    broken = tmp_path / "trasig.se"
    broken.write_bytes(text[: len(text) // 2] + b"\n#TRANS 1930 {} 1x\n")

    with pytest.raises(InputError, match=r"^trasig\.se:\d+: "):
        import_sie(broken, user=SYSTEM)

    assert (balances(), LedgerRow.objects.count(), ImportLog.objects.count()) == before


def test_too_long_cost_centre_is_refused(tmp_path: Path) -> None:
    from uppfolj.web.domain.sie_import import import_sie

    path = tmp_path / "lang.se"
    path.write_bytes(f'#FLAGGA 0\n#VER A 1 20240105\n{{\n#TRANS 4610 {{1 "{"x" * 65}"}} 5\n}}\n'.encode("cp437"))

    with pytest.raises(InputError, match=r'^lang\.se:4: ansvar "x+…" är längre än 64 tecken$'):
        import_sie(path, user=SYSTEM)


def test_findings_show_in_the_report_checks(cli: Callable[..., Any], write: Callable[..., Path]) -> None:
    from uppfolj.web.domain.period import period_report
    from uppfolj.web.domain.sie_import import import_sie

    organisation = write("org.csv", "kod;namn;overordnad;ansvar\nROOT;Testföretaget;;*\n")
    assert cli("import", "organisation", organisation).code == 0
    import_sie(SIE / "fortnox-bokforing-2011_typ4.si", user=SYSTEM)

    codes = [c.code for c in period_report(2010, 12).checks]
    assert codes.count("sie_ub_mismatch") == 35


@pytest.mark.parametrize("name", ["sie-gruppen_SIE4_Exempelfil.SE", "kontek-lon_lonekorning_typ4I.SI",
                                  "sie-gruppen_ovnbolag_objektsaldo_typ3.se"])
def test_export_then_import_gives_the_same_balances(name: str, tmp_path: Path) -> None:
    from uppfolj.web.domain.sie_export import export_sie
    from uppfolj.web.domain.sie_import import import_sie
    from uppfolj.web.models import LedgerRow, MonthlyBalance

    import_sie(SIE / name, dims={"verksamhet": 20}, user=SYSTEM)
    year = max(MonthlyBalance.objects.values_list("year", flat=True))
    before = {k: v for k, v in balances().items() if k[0] == year}
    out = tmp_path / "export.se"

    export_sie(out, year=year)
    LedgerRow.objects.all().delete()
    MonthlyBalance.objects.all().delete()
    summary = import_sie(out, dims={"verksamhet": 20}, user=SYSTEM)

    assert balances() == before
    assert summary.info.encoding == "cp437"
    assert [c.code for c in summary.info.checks if c.code != "sie_voucher_unbalanced"] == []


def test_export_with_balance_account_balances_every_voucher(tmp_path: Path) -> None:
    from uppfolj.web.domain.sie_export import export_sie
    from uppfolj.web.domain.sie_import import import_sie
    from uppfolj.web.models import LedgerRow, MonthlyBalance

    import_sie(SIE / "sie-gruppen_ovnbolag_objektsaldo_typ3.se", user=SYSTEM)
    before = {k: v for k, v in balances().items() if k[0] == 2011}
    out = tmp_path / "export.se"

    export_sie(out, year=2011, balance_account="2999")
    LedgerRow.objects.all().delete()
    MonthlyBalance.objects.all().delete()
    summary = import_sie(out, user=SYSTEM)

    assert summary.info.checks == []
    after = balances()
    assert {k: v for k, v in after.items() if k[3] != "2999"} == before
    assert sum(after.values()) == 0


def test_exported_file_is_pc8_with_the_standard_records(tmp_path: Path) -> None:
    from uppfolj.web.domain.sie_export import export_sie
    from uppfolj.web.domain.sie_import import import_sie

    import_sie(SIE / "sie-gruppen_SIE4_Exempelfil.SE", user=SYSTEM)
    out = tmp_path / "export.se"

    summary = export_sie(out, year=2021)

    raw = out.read_bytes()
    text = raw.decode("cp437")
    assert text.startswith("#FLAGGA 0\r\n#FORMAT PC8\r\n#SIETYP 4\r\n#PROGRAM ")
    assert "#RAR 0 20210101 20211231\r\n" in text
    assert '#KONTO "3041" "Försäljning tjänst 25%"' in text or '#KONTO "3041" ' in text
    assert '#DIM 1 "Ansvar"' in text and '#OBJEKT 1 "Nord" "Kontor Nord"' in text
    assert "Ö".encode("cp437") in raw or "ö".encode("cp437") in raw
    assert text.count("#VER ") == summary.vouchers == 12
    assert re.search(r'^#TRANS "\d+" \{1 "(Nord|Syd)"', text, re.M)


# --- the command line ----------------------------------------------------------------------------


def test_cli_import_prints_a_swedish_summary(cli: Callable[..., Any]) -> None:
    result = cli("import", "sie", SIE / "fortnox-bokforing-2011_typ4.si")

    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "fortnox-bokforing-2011_typ4.si: SIE 4 från Fortnox Bokföring 2.0.0, teckenkodning cp437"
    assert lines[1] == "1912 rader lästa, 165 verifikationer, 869 transaktionsrader"
    assert lines[2].startswith("Utfall: 869 rader ur #TRANS, summa ")
    assert "Kontroller: 35 avvikelser" in lines
    assert sum(1 for line in lines if line.startswith("  sie_ub_mismatch: Konto ")) == 20
    assert lines[-1] == "  … och 15 till (sparade med importen)"


def test_cli_import_strict_fails_with_one_line(cli: Callable[..., Any]) -> None:
    result = cli("import", "sie", SIE / "softone-xe_typ3.SE", "--strict")

    assert result.code == 1
    assert result.err.startswith("softone-xe_typ3.SE: 37 avvikelser i filen och --strict är valt; första: ")
    assert result.err.count("\n") == 1


def test_cli_import_bad_file_names_file_and_line(cli: Callable[..., Any], write: Callable[..., Path]) -> None:
    path = write("fel.se", "#FLAGGA 0\n#VER A 1 20240105\n{\n#TRANS 1930 {} 5\n", "cp437")

    result = cli("import", "sie", path)

    assert (result.code, result.err) == (1, "fel.se:3: { för #VER A 1 avslutas aldrig med }\n")


def test_cli_dim_option(cli: Callable[..., Any]) -> None:
    from uppfolj.web.models import LedgerRow

    result = cli("import", "sie", SIE / "kontek-lon_lonekorning_typ4I.SI", "--dim", "ansvar=6", "--dim", "projekt=20")

    assert result.code == 0, result.err
    assert set(LedgerRow.objects.values_list("cost_centre", flat=True)) == {"", "Obj300", "5200", "O31"}
    assert "N12" in set(LedgerRow.objects.values_list("project", flat=True))


def test_cli_dim_option_is_checked(cli: Callable[..., Any], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli("import", "sie", SIE / "kontek-lon_lonekorning_typ4I.SI", "--dim", "kund=8")
    assert '"kund=8" ska vara NAMN=NUMMER' in capsys.readouterr().err


def test_cli_export(cli: Callable[..., Any], tmp_path: Path) -> None:
    assert cli("import", "sie", SIE / "visma-compact_typ4_ksumma.se").code == 0
    out = tmp_path / "ut.se"

    result = cli("export", "sie", "-o", out, "--year", "2010", "--balance-account", "2999")

    assert result.code == 0, result.err
    assert result.out.startswith("ut.se: 12 verifikationer, ")
    assert out.read_bytes().startswith(b"#FLAGGA 0\r\n")


def test_export_refuses_a_code_pc8_cannot_hold(tmp_path: Path) -> None:
    from uppfolj.web.domain.sie_export import export_sie
    from uppfolj.web.domain.sie_import import import_sie

    source = tmp_path / "utf8.se"
    source.write_bytes('#FLAGGA 0\n#OBJEKT 1 "A1" "Enhet ✓"\n#VER A 1 20240105\n{\n#TRANS 4610 {1 "€1"} 5\n'
                       '#TRANS 4610 {1 "A1"} -5\n}\n'.encode())
    import_sie(source, user=SYSTEM)
    out = tmp_path / "ut.se"

    with pytest.raises(InputError, match=r'^ut\.se: #OBJEKT 1 "€1" "" har tecken som inte finns i PC8 \(CP437\)$'):
        export_sie(out, year=2024)
    assert not out.exists()
    assert not (tmp_path / "ut.se.part").exists()


def test_export_writes_names_pc8_lacks_with_a_question_mark(tmp_path: Path) -> None:
    from uppfolj.web.domain.sie_export import export_sie
    from uppfolj.web.domain.sie_import import import_sie

    source = tmp_path / "utf8.se"
    source.write_bytes('#FLAGGA 0\n#OBJEKT 1 "A1" "Enhet ✓ Å"\n#VER A 1 20240105\n{\n#TRANS 4610 {1 "A1"} 5\n'
                       '#TRANS 1930 {} -5\n}\n'.encode())
    import_sie(source, user=SYSTEM)
    out = tmp_path / "ut.se"

    export_sie(out, year=2024)

    assert '#OBJEKT 1 "A1" "Enhet ? Å"' in out.read_bytes().decode("cp437")


def test_cli_dim_setting_maps_dimensions_and_dim_overrides_it(cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    from uppfolj.web.models import LedgerRow

    monkeypatch.setenv("UPPFOLJ_SIE_DIM", "ansvar=6,projekt=1")

    result = cli("import", "sie", SIE / "kontek-lon_lonekorning_typ4I.SI", "--dim", "projekt=20")

    assert result.code == 0, result.err
    assert set(LedgerRow.objects.values_list("cost_centre", flat=True)) == {"", "Obj300", "5200", "O31"}
    assert "N12" in set(LedgerRow.objects.values_list("project", flat=True))


def test_cli_dim_setting_that_cannot_be_read_is_an_error(cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UPPFOLJ_SIE_DIM", "kund=8")

    result = cli("import", "sie", SIE / "kontek-lon_lonekorning_typ4I.SI")

    assert result.code == 1
    assert result.err.startswith('UPPFOLJ_SIE_DIM: "kund=8" ska vara NAMN=NUMMER')
