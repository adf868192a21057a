"""Reading SIE 4 files: every record kind, encodings, line ends, dimensions and the mapping rules."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from uppfolj.core.errors import InputError
from uppfolj.core.records import BudgetRecord, LedgerRecord
from uppfolj.ingest.sie import SieReader, read_sie
from uppfolj.ingest.sie.api import SieData

FULL = """#FLAGGA 0
#FORMAT PC8
#SIETYP 4
#PROGRAM "Testprogram" 1.2
#GEN 20240110 "Eva"
#FNAMN "Socialtjänsten i Åby"
#FNR "SOC1"
#ORGNR 212000-0000
#ADRESS "Eva Ek" "Box 1" "123 45 Åby" "012-345"
#RAR 0 20240101 20241231
#RAR -1 20230101 20231231
#TAXAR 2025
#OMFATTN 20241231
#KPTYP KBAS13
#VALUTA SEK
#KONTO 1930 "Bank"
#KTYP 1930 T
#KONTO 4610 "Köp av verksamhet"
#KTYP 4610 K
#ENHET 4610 "st"
#SRU 4610 7513
#KONTO 3010 "Försäljning"
#DIM 1 "Ansvar"
#UNDERDIM 21 "Delprojekt" 6
#DIM 20 "Verksamhet"
#OBJEKT 1 "515" "Enhet 515 Hemtjänst"
#OBJEKT 20 "510" "Äldreomsorg"
#OBJEKT 6 "P1" "Projekt ett"
#IB 0 1930 1000.00
#UB 0 1930 -4000.00
#OIB 0 1930 {1 "515"} 0.00
#OUB 0 1930 {1 "515"} 0.00
#RES 0 4610 5000.00
#RES 0 3010 0
#PSALDO 0 202401 4610 {} 4000.00
#PSALDO 0 202401 4610 {1 "515"} 4000.00
#PSALDO 0 202402 4610 {} 1000.00
#PBUDGET 0 202401 4610 {1 "515"} 3000.00
#PBUDGET 0 202401 4610 {} 3000.00
#PBUDGET 0 202402 4610 {} 2000.00
#PBUDGET -1 202312 4610 {1 "515" 20 "510"} 100.50
#VER A 1 20240115 "Faktura hemtjänst" 20240116 "Eva"
{
#TRANS 4610 {1 "515" 20 "510" 6 "P1"} 4000.00 20240115 "Hemtjänst jan"
#TRANS 1930 {} -4000.00
}
#VER "A" "2" 20240210 "Rättad faktura"
{
#BTRANS 1930 {} -900.00 20240301 "" "" "Eva"
#RTRANS 1930 {} -1000.00 20240301 "" "" "Eva"
#TRANS 1930 {} -1000.00 20240210
#TRANS 4610 {"1" "515"} 1000.00 "" "" 2.5
}
#NYPOST 1 2 3
"""


def write(tmp_path: Path, text: str, name: str = "test.se", *, encoding: str = "cp437", newline: str = "\n") -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


def line_of(text: str, start: str) -> int:
    """The 1-based number of the first line of `text` that starts with `start`."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def read(tmp_path: Path, text: str, **options: object) -> SieData:
    return read_sie(write(tmp_path, text), **options)  # type: ignore[arg-type]


def totals(ledger: list[LedgerRecord]) -> dict[tuple[int, int, str, str], int]:
    sums: Counter[tuple[int, int, str, str]] = Counter()
    for r in ledger:
        sums[(r.year, r.month, r.account, r.cost_centre)] += r.amount
    return dict(sums)


def test_identification_records_are_read(tmp_path: Path) -> None:
    info = read(tmp_path, FULL).info

    assert (info.flag, info.format, info.sie_type) == ("0", "PC8", "4")
    assert (info.program, info.program_version) == ("Testprogram", "1.2")
    assert info.generated == dt.date(2024, 1, 10)
    assert (info.company, info.company_number, info.org_number) == ("Socialtjänsten i Åby", "SOC1", "212000-0000")
    assert info.address == ("Eva Ek", "Box 1", "123 45 Åby", "012-345")
    assert info.tax_year == 2025
    assert info.covered_until == dt.date(2024, 12, 31)
    assert (info.chart_type, info.currency) == ("KBAS13", "SEK")
    assert info.years[0].start == dt.date(2024, 1, 1)
    assert info.years[-1].end == dt.date(2023, 12, 31)


def test_master_data_is_read(tmp_path: Path) -> None:
    info = read(tmp_path, FULL).info

    assert info.accounts == {"1930": "Bank", "4610": "Köp av verksamhet", "3010": "Försäljning"}
    assert info.account_types == {"1930": "T", "4610": "K"}
    assert info.dimensions == {"1": "Ansvar", "21": "Delprojekt", "20": "Verksamhet"}
    assert info.objects_of("1") == {"515": "Enhet 515 Hemtjänst"}
    assert info.objects_of("20") == {"510": "Äldreomsorg"}


def test_vouchers_give_ledger_records_by_transaction_date(tmp_path: Path) -> None:
    data = read(tmp_path, FULL)

    first = data.ledger[0]
    assert first == LedgerRecord(
        2024, 1, "515", "4610", 400000, "", "P1", "A 1", "Hemtjänst jan", dt.date(2024, 1, 15),
        line_of(FULL, "#TRANS 4610 {1"),
    )
    # The second row has no transaction date or text: the voucher's are used.
    assert data.ledger[1].text == "Faktura hemtjänst"
    assert data.ledger[1].date == dt.date(2024, 1, 15)


def test_rtrans_followed_by_its_trans_counts_once_and_btrans_never(tmp_path: Path) -> None:
    data = read(tmp_path, FULL)

    february = [r for r in data.ledger if r.month == 2]
    assert [(r.account, r.amount, r.line) for r in february] == [
        ("1930", -100000, line_of(FULL, "#TRANS 1930 {} -1000.00")),
        ("4610", 100000, line_of(FULL, '#TRANS 4610 {"1"')),
    ]
    assert (data.info.added_rows, data.info.removed_rows) == (1, 1)
    assert data.info.transactions == 4
    assert data.info.checks == []


def test_rtrans_without_its_trans_counts(tmp_path: Path) -> None:
    text = "#FLAGGA 0\n#VER A 1 20240105\n{\n#RTRANS 1930 {} -5.00\n#TRANS 4610 {} 5.00\n}\n"

    data = read(tmp_path, text)

    assert [(r.account, r.amount) for r in data.ledger] == [("1930", -500), ("4610", 500)]


def test_rtrans_at_the_end_of_a_voucher_counts(tmp_path: Path) -> None:
    text = "#FLAGGA 0\n#VER A 1 20240105\n{\n#TRANS 4610 {} 5.00\n#RTRANS 1930 {} -5.00\n}\n"

    assert [r.amount for r in read(tmp_path, text).ledger] == [500, -500]


def test_psaldo_is_not_used_for_a_year_with_vouchers(tmp_path: Path) -> None:
    data = read(tmp_path, FULL)

    assert data.info.psaldo_year_indexes == []
    assert sum(r.amount for r in data.ledger if r.account == "4610") == 500000


def test_psaldo_gives_the_actuals_of_a_year_without_vouchers(tmp_path: Path) -> None:
    text = FULL[: FULL.index("#VER A 1")]

    data = read(tmp_path, text)

    assert data.info.psaldo_year_indexes == [0]
    # January: the {} row equals its object rows, so the object rows are used; February: {} alone.
    assert totals(data.ledger) == {(2024, 1, "4610", "515"): 400000, (2024, 2, "4610", ""): 100000}
    assert all(r.voucher == "" and r.date is None for r in data.ledger)


def test_psaldo_object_rows_and_a_different_total_row_are_added(tmp_path: Path) -> None:
    """Avendo writes the {} row as the part without objects (the object balance sample file)."""
    text = (
        "#FLAGGA 0\n#RAR 0 20110101 20111231\n#PSALDO 0 201101 4010 {} 3972.50\n"
        '#PSALDO 0 201101 4010 {"7" "4"} 223290.00\n#RES 0 4010 227262.50\n'
    )

    data = read(tmp_path, text)

    assert sum(r.amount for r in data.ledger) == 22726250
    assert data.info.checks == []


def test_pbudget_uses_object_rows_and_checks_the_total_row(tmp_path: Path) -> None:
    data = read(tmp_path, FULL)

    assert sorted(data.budget, key=lambda b: (b.year, b.month)) == [
        BudgetRecord(2023, 12, "515", "4610", 10050, "", "", line_of(FULL, "#PBUDGET -1")),
        BudgetRecord(2024, 1, "515", "4610", 300000, "", "", line_of(FULL, '#PBUDGET 0 202401 4610 {1 "515"}')),
        BudgetRecord(2024, 2, "", "4610", 200000, "", "", line_of(FULL, "#PBUDGET 0 202402")),
    ]


def test_pbudget_total_row_that_differs_from_its_objects_is_a_check(tmp_path: Path) -> None:
    text = "#FLAGGA 0\n#PBUDGET 0 202401 4610 {1 515} 3000\n#PBUDGET 0 202401 4610 {} 3500\n"

    data = read(tmp_path, text)

    assert [b.amount for b in data.budget] == [300000]
    assert [c.code for c in data.info.checks] == ["sie_pbudget_mismatch"]
    assert "rad 3" in data.info.checks[0].message


def test_dimension_options_override_one_name_each(tmp_path: Path) -> None:
    data = read(tmp_path, FULL, dims={"verksamhet": 20, "ansvar": 6})

    first = data.ledger[0]
    assert (first.cost_centre, first.activity, first.project) == ("P1", "510", "P1")


def test_unknown_dimension_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match='okänt dimensionsnamn "kund"'):
        read(tmp_path, FULL, dims={"kund": 8})


def test_unknown_records_are_counted_and_skipped(tmp_path: Path) -> None:
    text = FULL + "#BKOD 4711\n#EGEN 1\n#EGEN 2\nfritext\n"

    info = read(tmp_path, text).info

    assert info.unknown_records == Counter({"#NYPOST": 1, "#EGEN": 2, "(rad utan #)": 1})
    assert info.unknown_count == 4


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_lf_and_crlf_give_the_same_records(tmp_path: Path, newline: str) -> None:
    data = read_sie(write(tmp_path, FULL, newline=newline))

    assert totals(data.ledger) == totals(read(tmp_path, FULL).ledger)
    assert data.info.lines == FULL.count("\n")


@pytest.mark.parametrize(
    ("encoding", "bom", "expected"),
    [("cp437", b"", "cp437"), ("utf-8", b"", "utf-8"), ("utf-8", b"\xef\xbb\xbf", "utf-8"), ("latin-1", b"", "latin-1")],
)
def test_encoding_is_detected_and_reported(tmp_path: Path, encoding: str, bom: bytes, expected: str) -> None:
    path = tmp_path / "enc.se"
    path.write_bytes(bom + FULL.encode(encoding))

    data = read_sie(path)

    assert data.info.encoding == expected
    assert data.info.company == "Socialtjänsten i Åby"
    assert data.info.flag == "0"


def test_plain_ascii_file_is_read_as_cp437(tmp_path: Path) -> None:
    assert read(tmp_path, "#FLAGGA 0\n#FNAMN Bolaget\n").info.encoding == "cp437"


def test_stray_latin1_byte_in_a_utf8_file_is_read_as_latin1(tmp_path: Path) -> None:
    path = tmp_path / "mixed.se"
    path.write_bytes('#FLAGGA 0\n#FNAMN "Åby Äldreomsorg"\n'.encode() + b'#FNR "F\xf6retag"\n')

    info = read_sie(path).info

    assert (info.encoding, info.company_number, info.fallback_bytes) == ("utf-8", "Företag", 1)
    assert info.company == "Åby Äldreomsorg"


def test_latin1_file_with_no_utf8_is_latin1(tmp_path: Path) -> None:
    path = tmp_path / "latin.se"
    path.write_bytes(b'#FLAGGA 0\n#FNAMN "\xc5by \xe4ldreomsorg"\n')

    assert read_sie(path).info.company == "Åby äldreomsorg"


def test_amounts_are_exact_ore(tmp_path: Path) -> None:
    text = (
        "#FLAGGA 0\n#VER A 1 20240105\n{\n#TRANS 1 {} 0.1\n#TRANS 2 {} 0.20\n#TRANS 3 {} -0.30\n"
        "#TRANS 4 {} 12345678901.99\n#TRANS 5 {} -12345678901.99\n#TRANS 6 {} 1.500\n#TRANS 7 {} -1.50\n}\n"
    )

    assert [r.amount for r in read(tmp_path, text).ledger] == [10, 20, -30, 1234567890199, -1234567890199, 150, -150]


def test_voucher_without_date_uses_transaction_dates(tmp_path: Path) -> None:
    text = '#FLAGGA 0\n#VER "" "" "" "Lön"\n{\n#TRANS 7010 {} 5 20110225\n#TRANS 1930 {} -5 20110225\n}\n'

    data = read(tmp_path, text)

    assert {(r.year, r.month, r.voucher) for r in data.ledger} == {(2011, 2, "")}


def test_records_stream_from_a_generator(tmp_path: Path) -> None:
    reader = SieReader(write(tmp_path, FULL))
    stream = reader.ledger_records()

    first = next(stream)

    assert first.account == "4610"
    assert reader.info.vouchers == 1  # only the first voucher has been read so far
    rest = list(stream)
    assert len(rest) == 3
    assert len(reader.budget_records()) == 3


def test_progress_reports_bytes_read(tmp_path: Path) -> None:
    path = write(tmp_path, FULL)
    seen: list[int] = []

    list(SieReader(path, progress=seen.append).ledger_records())

    assert seen[-1] == path.stat().st_size
    assert seen == sorted(seen)


def test_years_of_the_actuals_are_reported(tmp_path: Path) -> None:
    assert read(tmp_path, FULL).info.actual_years == [2024]


def _voucher_file(path: Path, vouchers: int, bank: str = "-93.60") -> Path:
    with path.open("w", encoding="cp437", newline="\r\n") as out:
        out.write("#FLAGGA 0\n#RAR 0 20240101 20241231\n")
        for n in range(vouchers):
            day = f"2024{n % 12 + 1:02d}{n % 28 + 1:02d}"
            out.write(f'#VER "A" "{n}" {day} "Faktura {n}"\n{{\n')
            out.writelines(f'#TRANS 46{r}0 {{"1" "{n % 300}"}} 10.{r}0 {day} "Rad {r}"\n' for r in range(9))
            out.write(f"#TRANS 1930 {{}} {bank}\n}}\n")
    return path


def _peak_while_streaming(path: Path) -> tuple[int, int]:
    import tracemalloc

    tracemalloc.start()
    try:
        rows = sum(1 for _ in SieReader(path).ledger_records())
        return rows, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_when_the_file_grows(tmp_path: Path) -> None:
    """Ledger rows stream: ten times the vouchers must not need anywhere near ten times the memory."""
    small_rows, small_peak = _peak_while_streaming(_voucher_file(tmp_path / "small.se", 500))
    large_rows, large_peak = _peak_while_streaming(_voucher_file(tmp_path / "large.se", 5_000))

    assert (small_rows, large_rows) == (5_000, 50_000)
    assert large_peak < 2 * small_peak


def test_memory_stays_flat_for_a_file_full_of_findings(tmp_path: Path) -> None:
    """Every voucher unbalanced: the findings kept are capped while reading, not only at the end."""
    _, small_peak = _peak_while_streaming(_voucher_file(tmp_path / "small.se", 500, bank="-1.00"))
    _, large_peak = _peak_while_streaming(_voucher_file(tmp_path / "large.se", 5_000, bank="-1.00"))

    assert large_peak < 2 * small_peak


def test_unknown_record_kinds_are_counted_by_name_up_to_a_limit(tmp_path: Path) -> None:
    text = "#FLAGGA 0\n" + "".join(f"#X{n}\n" for n in range(150))

    unknown = read(tmp_path, text).info.unknown_records

    assert len(unknown) == 101
    assert unknown["(övriga)"] == 50


def test_dimension_written_with_a_leading_zero_is_the_same_dimension(tmp_path: Path) -> None:
    text = '#FLAGGA 0\n#VER A 1 20240105\n{\n#TRANS 4610 {01 "515"} 5\n#TRANS 4610 {"06" "P"} -5\n}\n'
    text += "#PBUDGET 0 202401 4610 {01 515} 7\n"

    data = read(tmp_path, text)

    assert [(r.cost_centre, r.project) for r in data.ledger] == [("515", ""), ("", "P")]
    assert [b.cost_centre for b in data.budget] == ["515"]
