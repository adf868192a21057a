"""Splitting SIE 4 record lines into fields: quoting, escapes, object lists, empty fields."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uppfolj.ingest.sie.fastpath import TRANS_LINE, members
from uppfolj.ingest.sie.lexer import LexError, split_fields


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        ("#FLAGGA 0", ["#FLAGGA", "0"]),
        ("#PROGRAM\t\"Visma Compact\"\t6.00", ["#PROGRAM", "Visma Compact", "6.00"]),
        ('#ADRESS "" "Box 1" "123 45 STORSTAD" ""', ["#ADRESS", "", "Box 1", "123 45 STORSTAD", ""]),
        ("#KONTO 1060 Hyresrätt", ["#KONTO", "1060", "Hyresrätt"]),
        ('#TRANS 1910 {} -195.00', ["#TRANS", "1910", (), "-195.00"]),
        ("#PSALDO 0 201509 1010 { } 0 \"\"", ["#PSALDO", "0", "201509", "1010", (), "0", ""]),
        ('#TRANS 3010 { "1" "1010"} -500', ["#TRANS", "3010", (("1", "1010"),), "-500"]),
        ("#PSALDO 0 201509 3010 {1 10 6 Bilen 2 KAZ747} -3780.00",
         ["#PSALDO", "0", "201509", "3010", (("1", "10"), ("6", "Bilen"), ("2", "KAZ747")), "-3780.00"]),
        ('#PSALDO 0 201101 3041 {"1" "Syd" "6" "0001" "7" "4"} -50400.00',
         ["#PSALDO", "0", "201101", "3041", (("1", "Syd"), ("6", "0001"), ("7", "4")), "-50400.00"]),
        ('#TRANS 7010 {1 "200"} 24150.00 "" "" 1.00', ["#TRANS", "7010", (("1", "200"),), "24150.00", "", "", "1.00"]),
        ('#OBJEKT 1 "Nord" "Kontor {Nord}"', ["#OBJEKT", "1", "Nord", "Kontor {Nord}"]),
    ],
)
def test_split_fields_reads_words_quotes_and_object_lists(line: str, fields: list[object]) -> None:
    assert split_fields(line) == fields


def test_split_fields_unescapes_quote_and_backslash() -> None:
    assert split_fields(r'#FNAMN "Bolaget \"Ett\" AB" "a\\b"') == ["#FNAMN", 'Bolaget "Ett" AB', "a\\b"]


def test_split_fields_keeps_a_backslash_that_escapes_nothing() -> None:
    assert split_fields(r'#FNR "C:\ProgramData\SPCS"') == ["#FNR", r"C:\ProgramData\SPCS"]
    assert split_fields(r'#TRANS 1229 {} -133 20090731 "1820\A012 Cykel"')[-1] == r"1820\A012 Cykel"


def test_split_fields_reads_a_backslash_before_the_closing_quote_as_text() -> None:
    assert split_fields('#FNR "C:\\dir\\"') == ["#FNR", "C:\\dir\\"]


def test_split_fields_keeps_a_quote_inside_a_word() -> None:
    # SoftOne XE wrote ö as " in account names.
    assert split_fields('#KONTO\t1684 "Fordringar hos leverant"r"') == ["#KONTO", "1684", 'Fordringar hos leverant"r']
    assert split_fields('#KONTO\t2440 Leverant"rsskulder') == ["#KONTO", "2440", 'Leverant"rsskulder']


def test_split_fields_keeps_a_quoted_brace_as_text() -> None:
    assert split_fields('#TRANS 1910 {"1" "}"} 5') == ["#TRANS", "1910", (("1", "}"),), "5"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('#FNAMN "Bolaget', "citattecken avslutas inte"),
        ("#TRANS 1910 {1 Nord -195.00", "objektlistan avslutas inte med }"),
        ("#TRANS 1910 } -195.00", "} utan {"),
        ("#TRANS 1910 {1 {2}} 5", "{ inuti en objektlista"),
        ("#TRANS 1910 {1 Nord 6} 5", "objektlistan har en dimension utan objekt"),
    ],
)
def test_split_fields_refuses_broken_lines(line: str, message: str) -> None:
    with pytest.raises(LexError, match=message):
        split_fields(line)


@pytest.mark.parametrize(
    "line",
    [
        '#TRANS 4010 {"1" "5123"} 1234.50 20240105 "Leverantörsfaktura"',
        "#TRANS 1910 {} -195.00",
        "#TRANS\t1930\t{}\t-1250.00\t20100102\t\"Årsavgift banken\"\t0.00",
        '#TRANS 7210 {"1" "100" "6" "Obj300" "20" "1234567890"} 3750.00',
        "#TRANS 3010 {1 Nord 6 0001} -500.00 20210105",
        '#TRANS "1930" {} 0 20091210 ""',
        '#TRANS 1910 {} -128.00 "" "Kaffe"',
        '#TRANS 1910 {"1" ""} 1.5 20240105 "" 2.00',
    ],
)
def test_fast_path_gives_the_fields_of_the_general_lexer(line: str) -> None:
    matched = TRANS_LINE(line)
    assert matched is not None
    quoted, bare, inner, amount, date, quoted_date, text = matched.groups()
    fields = split_fields(line)
    flat = [member for pair in fields[2] for member in pair]  # type: ignore[union-attr]
    assert (quoted or bare) == fields[1]
    assert members(inner or "") == flat
    assert amount == fields[3]
    assert (date or quoted_date or "") == (fields[4] if len(fields) > 4 else "")
    assert (text or "") == (fields[5] if len(fields) > 5 else "")


@pytest.mark.parametrize(
    "line",
    [
        '#TRANS 1910 {1 "Nord"} -195.00',  # mixed quoting in the list
        '#TRANS 1910 {} 5 "Kaffe"',  # a text where the date should be: the date is then wrong
        "#TRANS 1910 {} -195,00",  # decimal comma: the general path reports it
        '#TRANS 1910 {} -195.00 20240105 Kaffe',  # unquoted text
        r'#TRANS 1910 {} -195.00 20240105 "Kaffe \"gott\""',  # escapes
        '#TRANS 1910 {} 5 "2024010"',  # not a date
        '#TRANS 1910 {} 5 20240105 "a"b"',  # quote inside the text
    ],
)
def test_fast_path_leaves_unusual_lines_to_the_lexer(line: str) -> None:
    assert TRANS_LINE(line) is None


_PIECE = st.sampled_from(["1", "515", "Nord", "P 1", '"', "\\", "{", "}", "", " ", "\t", "\u00a0", "ö", "-5", "2024"])
_WORD = st.lists(_PIECE, min_size=0, max_size=3).map("".join)
_QUOTED = _WORD.map(lambda w: f'"{w}"')
_FIELD = st.one_of(_WORD, _QUOTED)
_OBJECTS = st.lists(_FIELD, max_size=4).flatmap(
    lambda items: st.sampled_from([" ", "  ", "\t", ""]).map(lambda sep: "{" + sep.join(items) + "}")
)
_AMOUNT = st.sampled_from(["0", "-195.00", "12", "1.5", "1.234", "-0.01", "12,50", "1e3", "+5", "."])
_DATE = st.sampled_from(["", " 20240105", ' ""', ' "20240105"', " 2024010", ' "Kaffe"', " x"])
_TAIL = st.lists(_FIELD, max_size=3).map(lambda items: "".join(" " + item for item in items))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["1930", '"1930"', '"19 30"', "ö1"]), _OBJECTS, _AMOUNT, _DATE, _TAIL)
def test_fast_path_agrees_with_the_lexer_on_generated_lines(
    account: str, objects: str, amount: str, date: str, tail: str
) -> None:
    line = f"#TRANS {account} {objects} {amount}{date}{tail}".strip()
    matched = TRANS_LINE(line)
    if matched is None:
        return
    quoted, bare, inner, amount_text, day, quoted_day, text = matched.groups()
    try:
        fields = split_fields(line)
    except LexError:  # the one fault the fast path leaves to the parser, with the same message
        assert len(members(inner)) % 2 == 1
        return
    assert isinstance(fields[2], tuple)
    assert (quoted or bare) == fields[1]
    assert members(inner) == [member for pair in fields[2] for member in pair]
    assert amount_text == fields[3]
    assert (day or quoted_day or "") == (fields[4] if len(fields) > 4 else "")
    assert (text or "") == (fields[5] if len(fields) > 5 else "")
