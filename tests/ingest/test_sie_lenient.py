"""Lenient reading of real exports: an open quote at a line's end, vouchers outside #RAR 0, U+FFFD."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import DATA, SIE_FILES

from uppfolj.core.errors import InputError
from uppfolj.ingest.sie import read_sie
from uppfolj.ingest.sie.lexer import close_open_quote

SOFTONE = DATA / "sie-lenient" / "softone-business-2016_oppna-citattecken_typ4.SE"
EXEMPEL = SIE_FILES / "sie-gruppen_SIE4_Exempelfil.SE"
HEAD = "#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#RAR 0 20240101 20241231\n#DIM 1 Ansvar\n"  # lines 1-5


def test_close_open_quote_reads_the_text_to_the_end_of_the_line() -> None:
    assert close_open_quote('#KONTO\t7010 "Löner till kollektivanst') == ["#KONTO", "7010", "Löner till kollektivanst"]
    assert close_open_quote('#KONTO 2440 "Leverant"rsskulder') == ["#KONTO", "2440", 'Leverant"rsskulder']
    assert close_open_quote('#TRANS 1930 {} 5 20240105 "Kaffe') == ["#TRANS", "1930", (), "5", "20240105", "Kaffe"]
    # Closing at the end does not mend a quote opened inside an object list.
    assert close_open_quote('#TRANS 1930 {1 "51} 5') is None
    assert close_open_quote("#TRANS 1930 {1 51 5") is None


def test_softone_file_is_read_with_a_warning_per_open_quote() -> None:
    data = read_sie(SOFTONE)

    warnings = [c.message for c in data.info.checks if c.code == "sie_unclosed_quote"]
    assert [m.split(":")[1] for m in warnings] == ["14", "18", "19", "21", "24", "25", "27", "39"]
    assert warnings[0] == (
        "softone-business-2016_oppna-citattecken_typ4.SE:14: citattecknet avslutas inte på raden (#OBJEKT); "
        'texten läses till radens slut: "Kontor och administrati"'
    )
    assert [c.code for c in data.info.checks] == ["sie_unclosed_quote"] * 8  # nothing else is wrong with it
    assert all(c.severity == "warning" for c in data.info.checks)
    # The names are the text up to the end of the line.
    assert data.info.accounts["7010"] == "Löner till kollektivanst"
    assert data.info.accounts["3011"] == "Försäljning tjänster 25 %"
    assert data.info.accounts["2440"] == "Leverantörsskulder"
    assert data.info.objects[("1", "20")] == "Kontor och administrati"
    # Every row is read, with its amount to the öre and its text to the end of the line.
    assert len(data.ledger) == 8 and sum(r.amount for r in data.ledger) == 0
    by_line = {r.line: r for r in data.ledger}
    assert (by_line[25].account, by_line[25].amount, by_line[25].cost_centre, by_line[25].project) == (
        "3011", -1_000_000, "10", "115")
    assert by_line[25].text == "Kundinbetalning Bertil Svens"
    assert by_line[29].text == "Löner januari"  # the voucher's text, whose quote was open
    assert (by_line[39].amount, by_line[39].text) == (450_050, "Inköp material Byggvaruhu")


def test_softone_file_is_refused_when_strict_with_todays_error_per_line() -> None:
    with pytest.raises(InputError) as caught:
        read_sie(SOFTONE, strict=True)

    name = SOFTONE.name
    assert caught.value.lines == [
        f"{name}:{n}: citattecken avslutas inte" for n in (14, 18, 19, 21, 24, 25, 27, 39)
    ]


def test_a_last_line_without_line_end_is_a_cut_off_file_not_an_open_quote(tmp_path: Path) -> None:
    path = tmp_path / "avkortad.se"
    path.write_bytes((HEAD + '#KONTO 1930 "Bank').encode("cp437"))

    with pytest.raises(InputError) as caught:
        read_sie(path)

    assert str(caught.value) == "avkortad.se:6: filen tar slut mitt i en post: citattecken avslutas inte"


def _exempel_with(tmp_path: Path, old: bytes, new: bytes) -> tuple[Path, int]:
    raw = EXEMPEL.read_bytes()
    assert raw.count(old) == 1
    line = raw[: raw.index(old)].count(b"\n") + 1
    path = tmp_path / "exempel.se"
    path.write_bytes(raw.replace(old, new))
    return path, line


def test_voucher_dated_outside_rar_0_is_read_on_its_date_with_a_warning(tmp_path: Path) -> None:
    original = read_sie(EXEMPEL)
    assert original.info.checks == []
    first = next(r for r in original.ledger if r.voucher)
    head = f"#VER {first.voucher.split()[0]} {first.voucher.split()[1]} {first.date:%Y%m%d}".encode()
    raw = EXEMPEL.read_bytes()
    assert raw.count(head) == 1
    # A year too late: after the file's year and outside every #RAR (a typing error in the ledger).
    path, line = _exempel_with(tmp_path, head, head.replace(b" 2021", b" 2022"))

    data = read_sie(path)

    outside = [c.message for c in data.info.checks if c.code == "sie_voucher_outside_year"]
    assert outside == [
        f"exempel.se:{line}: verifikation {first.voucher} är daterad {first.date.replace(year=2022).isoformat()}, "
        "utanför räkenskapsåret 2021-01-01–2021-12-31 (#RAR 0); raderna läses in på sina datum"
    ]
    assert data.info.checks[0].message == outside[0]  # first: in the order of the file
    # The voucher's rows are read on their own date; the year's #UB/#RES now miss them, and say so.
    moved = [r for r in data.ledger if r.voucher == first.voucher]
    assert len(moved) == sum(1 for r in original.ledger if r.voucher == first.voucher) and all(r.year == 2022 for r in moved)
    assert {c.code for c in data.info.checks} - {"sie_voucher_outside_year"} <= {"sie_ub_mismatch", "sie_res_mismatch"}
    assert sum(r.amount for r in data.ledger) == sum(r.amount for r in original.ledger)
    with pytest.raises(InputError, match=r"^exempel\.se: \d+ avvikelser i filen och --strict är valt; första: "
                       r"exempel\.se:\d+: verifikation"):
        read_sie(path, strict=True)


def test_voucher_of_a_general_shape_outside_rar_0_is_warned_too(tmp_path: Path) -> None:
    path = tmp_path / "bok.se"
    body = '#VER "A" "7" 20231231 "Nyårsafton" 20240102 "Anna Andersson"\n{\n#TRANS 1930 {} 5\n#TRANS 4610 {} -5\n}\n'
    path.write_bytes((HEAD + '#VER A 1 20240105\n{\n#TRANS 1930 {} 5\n#TRANS 4610 {} -5\n}\n' + body).encode("cp437"))

    checks = read_sie(path).info.checks

    assert [(c.code, c.message.split(":")[1]) for c in checks] == [("sie_voucher_outside_year", "11")]
    assert "verifikation A 7 är daterad 2023-12-31" in checks[0].message


def test_replacement_characters_in_names_give_one_warning_per_record(tmp_path: Path) -> None:
    """The official sample as a tool that lost its CP437 letters saved it (the jsisie "underdim" copy)."""
    text = EXEMPEL.read_bytes().decode("cp437")
    damaged = "".join(c if c < "\x80" else "\ufffd" for c in text)
    path = tmp_path / "exempel-utf8.se"
    path.write_bytes(damaged.encode("utf-8"))
    names = ("#FNAMN", "#KONTO", "#OBJEKT", "#DIM", "#UNDERDIM", "#ADRESS")
    expected = [
        n for n, line in enumerate(damaged.splitlines(), 1)
        if "\ufffd" in line and line.split(maxsplit=1)[0] in names
    ]
    assert len(expected) > 20

    data = read_sie(path)

    found = [c for c in data.info.checks if c.code == "sie_replacement_character"]
    assert len(expected) > 200  # more than are listed: the rest are counted
    assert [int(c.message.split(":")[1]) for c in found[:200]] == expected[:200]
    assert found[200:] == [found[-1]] and found[-1].message == f"… och {len(expected) - 200} avvikelser till av samma slag"
    assert data.info.encoding == "utf-8"
    account = next(a for a, name in data.info.accounts.items() if "\ufffd" in name)
    warning = next(c.message for c in found if f"#KONTO {account}:" in c.message)
    assert f'namnet "{data.info.accounts[account]}" har ersättningstecken' in warning
    assert len(data.ledger) == len(read_sie(EXEMPEL).ledger)  # the rows are all read


def test_replacement_character_read_as_cp437_bytes_is_warned(tmp_path: Path) -> None:
    path = tmp_path / "bok.se"
    body = HEAD.encode("cp437") + b'#KONTO 5010 "Lokalhyra"\n#OBJEKT 1 10 "Sk\xef\xbf\xbdrg\x86rden"\n' \
        b"#KONTO 3011 F\x94rs\x84ljning\n"
    path.write_bytes(body)

    data = read_sie(path)

    assert data.info.encoding == "cp437"
    assert [(c.code, c.message.split(":")[1]) for c in data.info.checks] == [("sie_replacement_character", "7")]
    assert data.info.objects[("1", "10")] == "Sk∩┐╜rgården"
    assert data.info.accounts["3011"] == "Försäljning"


def test_lenient_warnings_are_capped_per_code(tmp_path: Path) -> None:
    path = tmp_path / "manga.se"
    path.write_bytes((HEAD + "".join(f'#KONTO {3000 + n} "Intäkt {n}\n' for n in range(250))).encode("cp437"))

    data = read_sie(path)

    assert len(data.info.accounts) == 250 and data.info.accounts["3249"] == "Intäkt 249"
    assert len(data.info.checks) == 201
    assert data.info.checks[-1].message == "… och 50 avvikelser till av samma slag"
