"""The column-wise actuals reader (ledger_csv) against the row-by-row one (open_actuals): the same
rows, the same messages, and the fast path actually taken where it should be."""

from __future__ import annotations

import contextlib
import random
import sys
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pytest

from uppfolj.core.errors import InputError
from uppfolj.ingest import ledger_csv
from uppfolj.ingest.ledger import open_actuals, read_actuals
from uppfolj.ingest.ledger_columns import from_records, pin_flags, total

HEADER = "period;ansvar;konto;belopp;verksamhet;projekt;verifikation;text\n"


def row_by_row(path: Path) -> tuple[str, pa.Table] | str:
    try:
        table, records = open_actuals(path)
        return table.name, from_records(records)
    except InputError as error:
        return str(error)


def column_wise(path: Path) -> tuple[str, pa.Table] | str | None:
    try:
        return ledger_csv.read(path)
    except InputError as error:
        return str(error)


def same_as_row_by_row(path: Path, *, fast: bool = True) -> tuple[str, pa.Table] | str:
    """The column-wise result equals the row-by-row one (and is one, unless `fast` is False)."""
    expected, got = row_by_row(path), column_wise(path)
    if got is None:
        assert not fast, "the file went to the row-by-row path"
        return expected
    assert isinstance(got, str) == isinstance(expected, str)
    if isinstance(got, str):
        assert got == expected
    else:
        assert got[0] == expected[0]
        assert got[1].equals(expected[1]), (got[1].to_pylist()[:5], expected[1].to_pylist()[:5])  # type: ignore[union-attr]
    return got


def test_whitespace_is_what_str_strip_removes() -> None:
    assert "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()) == ledger_csv.WHITESPACE


def test_rows_and_codes_as_the_row_reader_makes_them(write: Callable[..., Path]) -> None:
    path = write("a.csv", HEADER + "202403;0510; 04610 ;-1 046 094,50;510;P1;V12;  Köp \n202402;;4610;12.5;;;;\n")
    name, table = same_as_row_by_row(path)  # type: ignore[misc]
    assert name == "a.csv"
    assert table.column("cost_centre").to_pylist() == ["0510", ""]
    assert table.column("amount").to_pylist() == [-104609450, 1250]


@pytest.mark.parametrize(
    "amount",
    ["10", "-7467", "1234,5", "-12.50", "0,05", "1 046 094,50", "− 12,5", "+5", " 12 ", "1\u00a0234.5",
     "1.046.094,50", "1 2", "12x3", "1,234", "", "999999999999", "1000000000000", "٣٤", "1\u202f000"],
)
def test_amounts_decimal_comma_and_point_as_parse_amount(write: Callable[..., Path], amount: str) -> None:
    same_as_row_by_row(write("a.csv", HEADER + f"202401;1;5011;{amount};;;;\n202401;1;5011;1;;;;\n"))


def test_bad_row_in_the_middle_gives_the_row_readers_messages(write: Callable[..., Path]) -> None:
    rows = ["202401;1;5011;10;;;;"] * 50
    rows[20] = "202401;1;5011;12x3;;;;"
    rows[30] = "202413;1;;;;;;"
    rows[40] = ";1;5011;1;;;;"
    message = same_as_row_by_row(write("a.csv", HEADER + "\n".join(rows) + "\n"))
    assert message == (
        'a.csv:22: belopp "12x3" är inte ett tal\n'
        'a.csv:32: period "202413" är inte en månad (ÅÅÅÅMM)\n'
        "a.csv:32: konto saknas\n"
        "a.csv:32: belopp saknas\n"
        "a.csv:42: period saknas"
    )


def test_line_numbers_count_blank_lines_and_crlf(write: Callable[..., Path]) -> None:
    text = HEADER + "202401;1;5011;10;;;;\n\n;;;;;;;\n202401;1;5011;x;;;;\n"
    assert same_as_row_by_row(write("a.csv", text.replace("\n", "\r\n"))) == 'a.csv:5: belopp "x" är inte ett tal'


def test_windows_1252(write: Callable[..., Path]) -> None:
    path = write("a.csv", HEADER + "202401;Ö1;5011;1;;;V;Åsa € kaffe\n", encoding="cp1252")
    _name, table = same_as_row_by_row(path)  # type: ignore[misc]
    assert table.column("text").to_pylist() == ["Åsa € kaffe"]


def test_quoted_fields(write: Callable[..., Path]) -> None:
    text = HEADER + '202401;"0001";5011;"1 000,50";510;;V1;"Text; med ""citat"""\n202401;1;5011;-5;;;;\n'
    _name, table = same_as_row_by_row(write("a.csv", text))  # type: ignore[misc]
    assert table.column("text").to_pylist() == ['Text; med "citat"', ""]


def test_quoted_line_breaks_read_column_wise_and_bad_rows_row_by_row(write: Callable[..., Path]) -> None:
    good = HEADER + '202401;1;5011;10;;;V1;"rad ett\nrad två"\n202401;1;5011;3;;;;\n'
    _name, table = same_as_row_by_row(write("a.csv", good))  # type: ignore[misc]
    assert table.column("text").to_pylist() == ["rad ett\nrad två", ""]
    # A bad row below a field over two lines: its line number is the row reader's.
    bad = good + "202401;1;5011;x;;;;\n"
    assert column_wise(write("b.csv", bad)) is None
    assert row_by_row(write("b.csv", bad)) == 'b.csv:5: belopp "x" är inte ett tal'


def test_dates_periods_and_cut_texts(write: Callable[..., Path]) -> None:
    same_as_row_by_row(write("a.csv", "period;datum;ansvar;konto;belopp\n202403;2024-04-02;1;5011;1\n"
                                      ";2024-04-02;1;5011;2\n202401;2024-02-01T10:00;1;5011;4\n"))
    same_as_row_by_row(write("b.csv", "period;datum;ansvar;konto;belopp\n202401;2024-13-01;1;5011;4\n"))
    same_as_row_by_row(write("c.csv", HEADER + f"2024-01;1;5011;1;;;{'V' * 70};{'åt' * 200}\n"))


def test_extra_fields_and_repeated_columns(write: Callable[..., Path]) -> None:
    same_as_row_by_row(write("a.csv", "period;ansvar;konto;belopp\n202401;1;5011;1;\n202401;1;5011;2;\n"))
    same_as_row_by_row(write("b.csv", "period;ansvar;konto;belopp\n202401;1;5011;1;;\n202401;1;5011;2;x;\n"))
    same_as_row_by_row(write("c.csv", "period;ansvar;konto;belopp;konto\n202401;1;5011;1;6011\n"))


def test_files_it_leaves_to_the_row_reader(write: Callable[..., Path]) -> None:
    for name, text in [
        ("short.csv", "period;ansvar;konto;belopp;text\n202401;1;5011;1\n"),
        ("header.csv", "period;ansvar;konto;belopp\n"),
        ("empty.csv", ""),
    ]:
        path = write(name, text)
        assert column_wise(path) is None
        with pytest.raises(InputError) if name != "short.csv" else contextlib.nullcontext():
            read_actuals(path)


def test_missing_column_is_refused_on_the_header(write: Callable[..., Path]) -> None:
    assert column_wise(write("a.csv", "period;konto;belopp\n202401;5011;x\n")) == (
        "a.csv:1: kolumn saknas: ansvar (rubriker: period, konto, belopp)"
    )


def test_pin_flags_only_valid_personnummer() -> None:
    texts = pa.array(["Faktura 123456", "pnr 19121212-1212", "811218-9876", "", "Resa"])
    assert pin_flags(texts).to_pylist() == [False, True, True, False, False]


def test_a_generated_100k_file_reads_as_row_by_row(tmp_path: Path) -> None:
    rng = random.Random(15)
    lines = [HEADER.rstrip("\n")]
    for i in range(100_000):
        ore = rng.randrange(-5_000_000, 5_000_000)
        kr = f"{'-' if ore < 0 else ''}{abs(ore) // 100} {abs(ore) % 100:02d}" if i % 7 == 0 else f"{ore / 100:.2f}"
        kr = kr.replace(" ", ",") if i % 7 == 0 else kr
        lines.append(f"2024{1 + i % 12:02d};{1000 + i % 300:05d};{4000 + i % 200};{kr};5{i % 3}0;;V{i};Faktura {i % 9973}")
    path = tmp_path / "stor.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _name, table = same_as_row_by_row(path)  # type: ignore[misc]
    assert table.num_rows == 100_000
    assert total(table.column("amount")) == sum(r.amount for r in open_actuals(path)[1])


def test_a_field_past_the_csv_modules_limit_is_left_to_it(write: Callable[..., Path]) -> None:
    path = write("a.csv", "period;ansvar;konto;belopp;annat\n202401;1;5011;1;" + "x" * 140_000 + "\n")
    assert column_wise(path) is None
    assert str(row_by_row(path)).startswith("a.csv:2: felaktig CSV: field larger than field limit")
