"""read_table: encodings, separators, quoting, headers and line numbers, without a database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from uppfolj.core.errors import InputError
from uppfolj.ingest.tables import read_table


def rows(path: Path) -> list[tuple[int, dict[str, object]]]:
    return [(r.line, r.cells) for r in read_table(path).rows]


def test_read_table_semicolon_utf8(write: Callable[..., Path]) -> None:
    table = read_table(write("a.csv", "A;B\n1;å\n"))
    assert (table.headers, table.encoding, [r.cells for r in table.rows]) == (
        ["a", "b"],
        "utf-8",
        [{"a": "1", "b": "å"}],
    )


def test_read_table_bom_is_not_part_of_the_first_header(write: Callable[..., Path]) -> None:
    assert read_table(write("a.csv", "\ufeffPeriod;x\n1;2\n")).headers == ["period", "x"]


def test_read_table_windows_1252(write: Callable[..., Path]) -> None:
    table = read_table(write("a.csv", "namn;belopp\nÄldreomsorg – Öst;1\n", "cp1252"))
    assert (table.encoding, [r.cells["namn"] for r in table.rows]) == (
        "windows-1252",
        ["Äldreomsorg – Öst"],
    )


def test_read_table_comma_separator_and_quotes(write: Callable[..., Path]) -> None:
    assert rows(write("a.csv", 'a,b\n"1,5","x ""y"""\n')) == [(2, {"a": "1,5", "b": 'x "y"'})]


def test_read_table_separator_is_taken_from_the_header_line(write: Callable[..., Path]) -> None:
    # The header has more ';' than ',': commas in data are decimal marks.
    assert rows(write("a.csv", "a;b\n1,5;2,5\n")) == [(2, {"a": "1,5", "b": "2,5"})]


def test_read_table_tab_separator(write: Callable[..., Path]) -> None:
    assert rows(write("a.csv", "a\tb\n1\t2\n")) == [(2, {"a": "1", "b": "2"})]


def test_read_table_lines_count_blank_lines_and_quoted_newlines(write: Callable[..., Path]) -> None:
    got = rows(write("a.csv", 'a;b\n\n1;"x\ny"\n2;z\n'))
    assert [line for line, _ in got] == [4, 5]


def test_read_table_crlf(write: Callable[..., Path]) -> None:
    assert rows(write("a.csv", "a;b\r\n1;2\r\n")) == [(2, {"a": "1", "b": "2"})]


def test_read_table_short_row_leaves_cells_out(write: Callable[..., Path]) -> None:
    assert rows(write("a.csv", "a;b;c\n1;2\n")) == [(2, {"a": "1", "b": "2"})]


def test_read_table_row_with_extra_fields_is_noted_and_reading_goes_on(write: Callable[..., Path]) -> None:
    # The table notes the problem and leaves the row out; the file's reader raises it at the end.
    table = read_table(write("a.csv", "a;b\n1;2\n1;2;3\n4;5\n"))

    got = [(r.line, r.cells) for r in table.rows]

    assert got == [(2, {"a": "1", "b": "2"}), (4, {"a": "4", "b": "5"})]
    assert [str(p) for p in table.problems.found] == ["a.csv:3: raden har 3 fält men rubrikraden 2"]


def test_read_table_trailing_empty_fields_are_allowed(write: Callable[..., Path]) -> None:
    assert rows(write("a.csv", "a;b\n1;2;;\n")) == [(2, {"a": "1", "b": "2"})]


def test_read_table_empty_file_is_refused(write: Callable[..., Path]) -> None:
    with pytest.raises(InputError) as info:
        read_table(write("a.csv", ""))
    assert str(info.value) == "a.csv:1: filen är tom"


def test_read_table_require_names_missing_columns(write: Callable[..., Path]) -> None:
    table = read_table(write("a.csv", "a;b\n"))
    with pytest.raises(InputError) as info:
        table.require("a", "c", any_of=[("d", "e")])
    assert str(info.value) == "a.csv:1: kolumn saknas: c, d eller e (rubriker: a, b)"


def test_read_table_xlsx_names_the_sheet_and_keeps_numbers(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Utfall"
    for values in (["Konto", "Belopp"], [None, None], ["0501", 12.5], [5011, 3]):
        sheet.append(values)
    path = tmp_path / "a.xlsx"
    book.save(path)
    table = read_table(path)
    got = [(r.line, r.cells, r.text("konto")) for r in table.rows]
    assert (table.name, table.where, table.headers) == (
        "a.xlsx[Utfall]",
        "row",
        ["konto", "belopp"],
    )
    assert got == [
        (3, {"konto": "0501", "belopp": 12.5}, "0501"),
        (4, {"konto": 5011, "belopp": 3}, "5011"),
    ]


def test_read_table_broken_xlsx_is_refused(write: Callable[..., Path]) -> None:
    with pytest.raises(InputError) as info:
        read_table(write("a.xlsx", "not a zip"))
    assert str(info.value).startswith("a.xlsx: kan inte läsa XLSX-filen: ")


def test_headers_with_swedish_letters_read_as_the_contract_spells_them(tmp_path: Path) -> None:
    path = tmp_path / "prognoser.csv"
    path.write_text("År;Månad;Enhet;Prognos\n2024;3;515;100\n", encoding="utf-8")

    table = read_table(path)

    assert table.headers == ["ar", "manad", "enhet", "prognos"]
