"""The file checked against itself: findings are returned as warnings, the file is still read."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import SIE_FILES

from uppfolj.core.errors import InputError
from uppfolj.ingest.sie import read_sie
from uppfolj.ingest.sie.api import SieData

HEAD = "#FLAGGA 0\n#SIETYP 4\n#RAR 0 20240101 20241231\n#RAR -1 20230101 20231231\n"
GOOD = (
    HEAD
    + "#IB 0 1930 100.00\n#UB 0 1930 50.00\n#RES 0 4610 50.00\n"
    + "#VER A 1 20240105 Fika\n{\n#TRANS 4610 {} 50.00\n#TRANS 1930 {} -50.00\n}\n"
)


def read(tmp_path: Path, text: str, *, strict: bool = False) -> SieData:
    path = tmp_path / "kontroll.se"
    path.write_bytes(text.encode("cp437"))
    return read_sie(path, strict=strict)


def codes(data: SieData) -> list[str]:
    return [check.code for check in data.info.checks]


def test_consistent_file_has_no_findings(tmp_path: Path) -> None:
    assert read(tmp_path, GOOD).info.checks == []


def test_unbalanced_voucher(tmp_path: Path) -> None:
    text = GOOD.replace("#TRANS 1930 {} -50.00", "#TRANS 1930 {} -49.99")

    data = read(tmp_path, text)

    assert "sie_voucher_unbalanced" in codes(data)
    check = next(c for c in data.info.checks if c.code == "sie_voucher_unbalanced")
    assert check.severity == "warning"
    assert check.message == "Verifikation A 1 (rad 8) balanserar inte: summan är 0,01 kr"
    assert len(data.ledger) == 2  # still read


def test_ub_that_does_not_follow_from_ib_and_vouchers(tmp_path: Path) -> None:
    data = read(tmp_path, GOOD.replace("#UB 0 1930 50.00", "#UB 0 1930 60.00"))

    assert codes(data) == ["sie_ub_mismatch"]
    assert data.info.checks[0].message == (
        "Konto 1930, år 2024: #UB är 60,00 kr men #IB 100,00 kr plus årets rader -50,00 kr ger "
        "50,00 kr (skillnad 10,00 kr)"
    )


def test_res_that_differs_from_the_vouchers(tmp_path: Path) -> None:
    data = read(tmp_path, GOOD.replace("#RES 0 4610 50.00", "#RES 0 4610 1050.00"))

    assert codes(data) == ["sie_res_mismatch"]
    assert "#RES är 1 050,00 kr men årets rader ger 50,00 kr (skillnad 1 000,00 kr)" in data.info.checks[0].message


def test_result_account_without_res_line_counts_as_zero(tmp_path: Path) -> None:
    text = GOOD.replace("#TRANS 4610 {} 50.00", "#TRANS 4610 {} 40.00\n#TRANS 4620 {} 10.00")

    messages = [c.message for c in read(tmp_path, text).info.checks]

    assert [m.split(":")[0] for m in messages] == ["Konto 4610, år 2024", "Konto 4620, år 2024"]


def test_years_without_actuals_are_not_verified(tmp_path: Path) -> None:
    """#RAR -1 has balances but no vouchers or #PSALDO: there is nothing to compare them with."""
    assert read(tmp_path, GOOD + "#IB -1 1930 0\n#UB -1 1930 100.00\n#RES -1 4610 7.00\n").info.checks == []


def test_account_type_decides_balance_or_result(tmp_path: Path) -> None:
    """#KTYP T makes 3999 a balance account, so its rows are checked against #UB, not #RES."""
    text = HEAD + (
        "#KTYP 3999 T\n#UB 0 3999 5.00\n#RES 0 4610 -5.00\n"
        "#VER A 1 20240105\n{\n#TRANS 4610 {} -5.00\n#TRANS 3999 {} 5.00\n}\n"
    )

    assert read(tmp_path, text).info.checks == []


def test_psaldo_that_disagrees_with_the_vouchers(tmp_path: Path) -> None:
    text = GOOD + "#PSALDO 0 202401 4610 {} 45.00\n#PSALDO 0 202401 1930 {} -50.00\n"

    data = read(tmp_path, text)

    assert codes(data) == ["sie_psaldo_mismatch"]
    assert data.info.checks[0].message == (
        "Konto 4610, period 202401: #PSALDO är 45,00 kr men verifikationerna ger 50,00 kr (skillnad -5,00 kr)"
    )
    assert sum(r.amount for r in data.ledger if r.account == "4610") == 5000  # the vouchers count


def test_psaldo_summed_over_objects_agrees_with_the_vouchers(tmp_path: Path) -> None:
    text = HEAD + (
        "#VER A 1 20240105\n{\n#TRANS 4610 {1 A} 30.00\n#TRANS 4610 {1 B} 20.00\n#TRANS 1930 {} -50.00\n}\n"
        "#PSALDO 0 202401 4610 {1 A} 30.00\n#PSALDO 0 202401 4610 {1 B} 20.00\n"
    )

    assert read(tmp_path, text).info.checks == []


def test_psaldo_year_is_verified_against_res(tmp_path: Path) -> None:
    text = HEAD + "#RES 0 4610 100.00\n#PSALDO 0 202401 4610 {} 60.00\n#PSALDO 0 202402 4610 {} 30.00\n"

    data = read(tmp_path, text)

    assert codes(data) == ["sie_res_mismatch"]
    assert sum(r.amount for r in data.ledger) == 9000


def test_strict_refuses_a_file_with_findings(tmp_path: Path) -> None:
    text = GOOD.replace("#UB 0 1930 50.00", "#UB 0 1930 60.00")

    with pytest.raises(InputError, match=r"^kontroll\.se: 1 avvikelser i filen och --strict är valt; första: Konto 1930"):
        read(tmp_path, text, strict=True)


def test_strict_accepts_a_consistent_file(tmp_path: Path) -> None:
    assert len(read(tmp_path, GOOD, strict=True).ledger) == 2


def test_findings_are_capped_per_code(tmp_path: Path) -> None:
    vouchers = "".join(f"#VER A {n} 20240105\n{{\n#TRANS 4610 {{}} 1.00\n}}\n" for n in range(250))

    data = read(tmp_path, HEAD + vouchers)

    unbalanced = [c for c in data.info.checks if c.code == "sie_voucher_unbalanced"]
    assert len(unbalanced) == 201
    assert unbalanced[-1].message == "… och 50 avvikelser till av samma slag"


KSUMMA = SIE_FILES / "visma-compact_typ4_ksumma.se"


def test_checksum_of_the_visma_sample_agrees() -> None:
    assert [c.code for c in read_sie(KSUMMA).info.checks] == []


def test_checksum_finds_a_changed_file(tmp_path: Path) -> None:
    changed = tmp_path / "andrad.se"
    changed.write_bytes(KSUMMA.read_bytes().replace(b"avgift banken", b"avgift banker", 1))

    checks = read_sie(changed).info.checks

    assert [c.code for c in checks] == ["sie_checksum_mismatch"]
    assert checks[0].message.startswith("#KSUMMA är 2215893042 men filens poster ger ")


def test_period_outside_its_year_is_a_finding(tmp_path: Path) -> None:
    data = read(tmp_path, HEAD + "#PBUDGET -1 202403 4610 {} 5.00\n")

    assert [c.message for c in data.info.checks] == [
        "#PBUDGET på rad 5: period 202403 ligger utanför år 2023 (årsnummer -1); räknas som 202303"
    ]
    assert [(b.year, b.month) for b in data.budget] == [(2023, 3)]


def test_object_balances_are_verified_against_the_rows_of_that_object(tmp_path: Path) -> None:
    text = HEAD + (
        '#OIB 0 1930 {1 "515"} 10.00\n#OUB 0 1930 {1 "515"} 40.00\n#OUB 0 4610 {1 "515"} 25.00\n'
        '#VER A 1 20240105\n{\n#TRANS 4610 {1 "515" 6 "P"} 30.00\n#TRANS 1930 {1 "515"} 30.00\n'
        "#TRANS 2440 {} -60.00\n}\n"
    )

    checks = read(tmp_path, text).info.checks

    assert [c.message for c in checks if c.code == "sie_oub_mismatch"] == [
        "Konto 4610, objekt 515 i dimension 1, år 2024: #OUB är 25,00 kr men #OIB 0,00 kr plus årets rader "
        "30,00 kr ger 30,00 kr"
    ]


def test_object_balances_after_the_vouchers_are_not_verified(tmp_path: Path) -> None:
    text = GOOD + '#OUB 0 4610 {1 "515"} 99.00\n'

    assert read(tmp_path, text).info.checks == []
