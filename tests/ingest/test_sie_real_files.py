"""Every real export in tests/data/sie (copied from shared/data/sie) is read, and agrees with its own #RES and #UB lines.

The expected figures are read from each file by the small regular expressions below, not by
the parser; the only disagreements allowed are the ones data/sie/README.md documents.
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

import pytest
from tests.conftest import SHARED, SIE_FILES

from uppfolj.core.errors import InputError
from uppfolj.core.records import LedgerRecord
from uppfolj.ingest.sie import read_sie

SIE = SIE_FILES
SIE4_FILES = [
    "bl-administration-2011_BL0001_typ4.SE",
    "briljant_Test4_typ4.SE",
    "fortnox-bokforing-2011_typ4.si",
    "kontek-lon_lonekorning_typ4I.SI",
    "sie-gruppen_SIE4_Exempelfil.SE",
    "sie-gruppen_ovnbolag_objektsaldo_typ3.se",
    "sie-gruppen_ovnbolag_transaktioner_typ4.se",
    "softone-xe_typ3.SE",
    "visma-compact_typ4_ksumma.se",
]
# What README.md documents: Fortnox has IB + ΣTRANS ≠ UB; SoftOne is internally inconsistent
# (ΣPSALDO ≠ RES, and its #PSALDO rows of balance accounts do not move IB to UB either).
DOCUMENTED = {
    "fortnox-bokforing-2011_typ4.si": {"ub"},
    "softone-xe_typ3.SE": {"res", "ub"},
}
# Findings besides #RES/#UB that the files give (not in README; see the Avendo test below).
OTHER_FINDINGS = {
    "sie-gruppen_ovnbolag_objektsaldo_typ3.se": {"sie_period_outside_year"},
    "sie-gruppen_ovnbolag_transaktioner_typ4.se": {"sie_period_outside_year"},
}
# Where the source is documented: (actuals from, rows, budget rows).
SHAPES = {
    "bl-administration-2011_BL0001_typ4.SE": ("TRANS", 405, 24),
    "briljant_Test4_typ4.SE": ("TRANS", 1464, 73),
    "fortnox-bokforing-2011_typ4.si": ("TRANS", 869, 0),
    "kontek-lon_lonekorning_typ4I.SI": ("TRANS", 25, 0),
    "sie-gruppen_SIE4_Exempelfil.SE": ("TRANS", 1330, 0),
    "sie-gruppen_ovnbolag_objektsaldo_typ3.se": ("PSALDO", 975, 1248),
    "sie-gruppen_ovnbolag_transaktioner_typ4.se": ("TRANS", 671 + 547, 1248),  # + #PSALDO of year -1
    "softone-xe_typ3.SE": ("PSALDO", None, 0),
    "visma-compact_typ4_ksumma.se": ("TRANS", 949, 0),
}
_YEAR = re.compile(r"^\s*#RAR\s+(-?\d+)\s+(\d{6})\d\d\s+(\d{6})\d\d", re.M)
_BALANCE = re.compile(r'^\s*#(IB|UB|RES)\s+(-?\d+)\s+"?(\w+)"?\s+(-?[\d.]+)', re.M)
_TYPE = re.compile(r'^\s*#KTYP\s+"?(\w+)"?\s+"?([TSIK])"?', re.M)
_TRANS = re.compile(r'^\s*#TRANS\s+"?(\w+)"?\s+\{[^}]*\}\s+(-?[\d.]+)', re.M)


def ore(text: str) -> int:
    return int(Decimal(text) * 100)


def file_text(name: str) -> str:
    return (SIE / name).read_bytes().decode("cp437")


def stated(text: str) -> dict[str, dict[tuple[int, str], int]]:
    """#IB, #UB and #RES of the file by (year index, account), in öre."""
    found: dict[str, dict[tuple[int, str], int]] = {"IB": {}, "UB": {}, "RES": {}}
    for kind, year, account, amount in _BALANCE.findall(text):
        found[kind][(int(year), account)] = ore(amount)
    return found


def by_year(text: str, ledger: list[LedgerRecord]) -> dict[tuple[int, str], int]:
    """The imported rows summed per (#RAR year index, account), placed by their month."""
    years = [(int(i), int(start), int(end)) for i, start, end in _YEAR.findall(text)]
    sums: dict[tuple[int, str], int] = defaultdict(int)
    for record in ledger:
        month = record.year * 100 + record.month
        index = next((i for i, start, end in years if start <= month <= end), None)
        if index is not None:
            sums[(index, record.account)] += record.amount
    return sums


def is_balance(account: str, types: dict[str, str]) -> bool:
    """#KTYP T or S is a balance account, I or K a result account; without it BAS classes 1-2."""
    kind = types.get(account)
    return kind in ("T", "S") if kind else account[:1] in ("1", "2")


def disagreements(name: str) -> dict[str, set[str]]:
    """Accounts whose imported year differs from #RES (result) or from #UB − #IB (balance)."""
    text = file_text(name)
    moved = by_year(text, read_sie(SIE / name).ledger)
    balances = stated(text)
    types = dict(_TYPE.findall(text))
    found: dict[str, set[str]] = {"res": set(), "ub": set()}
    for year in {year for year, _ in moved}:
        accounts = {a for y, a in moved if y == year} | {a for k in balances.values() for y, a in k if y == year}
        for account in accounts:
            key = (year, account)
            if is_balance(account, types) and any(y == year for y, _ in balances["UB"]):
                opening, closing = balances["IB"].get(key, 0), balances["UB"].get(key, 0)
                if opening + moved.get(key, 0) != closing:
                    found["ub"].add(account)
            elif (
                not is_balance(account, types)
                and any(y == year for y, _ in balances["RES"])
                and moved.get(key, 0) != balances["RES"].get(key, 0)
            ):
                found["res"].add(account)
    return found


@pytest.mark.parametrize("name", SIE4_FILES)
def test_real_file_agrees_with_its_own_res_and_ub(name: str) -> None:
    found = disagreements(name)

    assert {kind for kind, accounts in found.items() if accounts} == DOCUMENTED.get(name, set())


@pytest.mark.parametrize("name", SIE4_FILES)
def test_real_file_findings_are_the_disagreements(name: str) -> None:
    """The importer's own checks name exactly the accounts the independent figures disagree on."""
    found = disagreements(name)
    checks = read_sie(SIE / name).info.checks
    flagged: dict[str, set[str]] = {"res": set(), "ub": set()}
    for check in checks:
        kind = check.code.removeprefix("sie_").removesuffix("_mismatch")
        if kind in flagged:
            flagged[kind].add(check.message.split(",")[0].removeprefix("Konto "))

    assert flagged == found
    assert {c.code for c in checks} - {"sie_res_mismatch", "sie_ub_mismatch"} == OTHER_FINDINGS.get(name, set())
    assert all(check.severity == "warning" for check in checks)


def test_avendo_budget_of_the_year_before_is_moved_into_that_year() -> None:
    """Not in README: Avendo writes `#PBUDGET -1` rows with the periods of year 0 (201101...).
    The year index decides the year, so they become the budget of 2010, each row reported."""
    data = read_sie(SIE / "sie-gruppen_ovnbolag_transaktioner_typ4.se")

    by_year: dict[int, int] = defaultdict(int)
    for row in data.budget:
        by_year[row.year] += row.amount
    assert sorted(by_year) == [2010, 2011]
    assert by_year[2010] == by_year[2011]
    outside = [c for c in data.info.checks if c.code == "sie_period_outside_year"]
    assert outside[0].message.endswith("period 201101 ligger utanför år 2010 (årsnummer -1); räknas som 201001")
    assert outside[-1].message == "… och 424 avvikelser till av samma slag"


@pytest.mark.parametrize("name", SIE4_FILES)
def test_real_file_source_and_counts(name: str) -> None:
    source, rows, budget_rows = SHAPES[name]

    data = read_sie(SIE / name)

    assert data.info.encoding == "cp437"
    assert bool(data.info.psaldo_year_indexes) == (source == "PSALDO") or name.endswith("transaktioner_typ4.se")
    if source == "TRANS":
        assert data.info.transactions == len(_TRANS.findall(file_text(name)))
    if rows is not None:
        assert len(data.ledger) == rows
    assert len(data.budget) == budget_rows
    assert data.info.unknown_count == 0


def test_payroll_file_without_balances_matches_its_rows() -> None:
    """The Kontek payroll file has no #RES/#UB: its #TRANS rows are the figures to match."""
    name = "kontek-lon_lonekorning_typ4I.SI"
    expected: dict[str, int] = defaultdict(int)
    for account, amount in _TRANS.findall(file_text(name)):
        expected[account] += ore(amount)

    data = read_sie(SIE / name)

    got: dict[str, int] = defaultdict(int)
    for record in data.ledger:
        got[record.account] += record.amount
    assert got == expected
    assert {r.cost_centre for r in data.ledger} == {"", "100", "125", "200", "25", "300", "1234567890"}
    assert data.info.checks == []


def test_previous_year_of_the_transaction_file_comes_from_psaldo() -> None:
    """Övningsbolaget: year 0 has vouchers (#PSALDO only checked), year -1 has only #PSALDO."""
    data = read_sie(SIE / "sie-gruppen_ovnbolag_transaktioner_typ4.se")

    assert data.info.psaldo_year_indexes == [-1]
    assert {r.year for r in data.ledger if not r.voucher} == {2010}
    assert {r.year for r in data.ledger if r.voucher} == {2011}


def test_object_balance_file_needs_its_object_rows() -> None:
    """README: the {} rows alone do not add up to #RES; with the object rows they do."""
    text = file_text("sie-gruppen_ovnbolag_objektsaldo_typ3.se")
    totals_only: dict[str, int] = defaultdict(int)
    for account, amount in re.findall(r"^#PSALDO 0 \d{6} (\w+) \{\} (-?[\d.]+)", text, re.M):
        totals_only[account] += ore(amount)
    res = {account: amount for (year, account), amount in stated(text)["RES"].items() if year == 0}

    assert sum(1 for account, amount in res.items() if totals_only.get(account, 0) != amount) > 0
    assert disagreements("sie-gruppen_ovnbolag_objektsaldo_typ3.se") == {"res": set(), "ub": set()}


def test_rtrans_and_btrans_of_bl_administration() -> None:
    data = read_sie(SIE / "bl-administration-2011_BL0001_typ4.SE")

    assert (data.info.added_rows, data.info.removed_rows) == (6, 3)
    assert data.info.objects_of("6")["\u253c1"] == "årsta"  # a Latin-1 Å byte (0xC5), read as CP437 ┼


def test_sie5_sample_is_refused_with_a_clear_message() -> None:
    """README: the SIE 5 sample is XML; the contract's `import sie` reads SIE 4."""
    with pytest.raises(InputError) as caught:
        read_sie(SIE / "sie-gruppen_SIE5_Sample.sie")

    assert str(caught.value) == (
        "sie-gruppen_SIE5_Sample.sie:1: filen är SIE 5 (XML), inte SIE 4; "
        "exportera en SIE 4-fil (typ 4E) ur ekonomisystemet"
    )


def test_every_shared_file_is_covered() -> None:
    names = {p.name for p in SIE.iterdir() if not p.name.startswith(".") and p.suffix != ".md"}
    assert names == {*SIE4_FILES, "sie-gruppen_SIE5_Sample.sie"}


@pytest.mark.skipif(not (SHARED / "data" / "sie").is_dir(), reason="../shared is not beside this checkout")
def test_copies_equal_the_shared_files() -> None:
    shared = SHARED / "data" / "sie"
    names = sorted(p.name for p in shared.iterdir() if p.suffix != ".md" and not p.name.startswith("."))

    differing = [n for n in names if (SIE / n).read_bytes() != (shared / n).read_bytes()]

    assert differing == []
