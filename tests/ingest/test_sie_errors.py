"""Bad SIE input is refused with an InputError naming the file's base name and the faulty line."""

from __future__ import annotations

from pathlib import Path

import pytest

from uppfolj.core.errors import InputError
from uppfolj.ingest.sie import read_sie

HEAD = "#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#RAR 0 20240101 20241231\n#DIM 1 Ansvar\n"  # lines 1-5


def refusal(tmp_path: Path, data: str | bytes, name: str = "bokf.se") -> str:
    path = tmp_path / name
    path.write_bytes(data.encode("cp437") if isinstance(data, str) else data)
    with pytest.raises(InputError) as caught:
        read_sie(path)
    return str(caught.value)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # A voucher row outside #VER.
        ("#TRANS 1930 {} 5.00\n", "bokf.se:6: #TRANS utanför en verifikation (#VER { … })"),
        ("#BTRANS 1930 {} 5.00\n", "bokf.se:6: #BTRANS utanför en verifikation (#VER { … })"),
        # Non-numeric amounts.
        ('#VER A 1 20240105\n{\n#TRANS 1930 {} 12x3\n}\n', 'bokf.se:8: belopp "12x3" är inte ett tal'),
        ('#VER A 1 20240105\n{\n#TRANS 1930 {} 12,50\n}\n', 'bokf.se:8: belopp "12,50" är inte ett tal'),
        ('#VER A 1 20240105\n{\n#TRANS 1930 {} 1.234\n}\n', 'bokf.se:8: belopp "1.234" har fler än två decimaler'),
        ("#IB 0 1930 ett\n", 'bokf.se:6: belopp "ett" är inte ett tal'),
        ("#PSALDO 0 202401 4610 {} 5,5\n", 'bokf.se:6: belopp "5,5" är inte ett tal'),
        # Impossible dates and periods.
        ('#VER A 1 20240230\n{\n}\n', 'bokf.se:6: datum "20240230" finns inte'),
        ('#VER A 1 20240105\n{\n#TRANS 1930 {} 1.00 20241301\n}\n', 'bokf.se:8: datum "20241301" finns inte'),
        ("#RAR -1 20230101 2023123\n", 'bokf.se:6: datum "2023123" är inte på formen ÅÅÅÅMMDD'),
        ("#GEN 20240001\n", 'bokf.se:6: datum "20240001" finns inte'),
        ("#PBUDGET 0 202413 4610 {} 5\n", 'bokf.se:6: period "202413" är inte på formen ÅÅÅÅMM'),
        # Unknown dimension in an object list (1-19 are reserved and allowed undeclared).
        ('#VER A 1 20240105\n{\n#TRANS 4610 {1 "515" 25 "X"} 1.00\n}\n',
         "bokf.se:8: okänd dimension 25 i objektlistan (ingen #DIM 25)"),
        ("#PSALDO 0 202401 4610 {30 A} 5\n", "bokf.se:6: okänd dimension 30 i objektlistan (ingen #DIM 30)"),
        ('#OUB 0 1930 {x "1"} 5\n', 'bokf.se:6: dimension "x" är inte ett nummer'),
        # Structure of vouchers.
        ("#VER A 1 20240105\n#TRANS 1930 {} 5\n", "bokf.se:6: #VER A 1 följs inte av {"),
        ("{\n", "bokf.se:6: { utan föregående #VER"),
        ("}\n", "bokf.se:6: } utan {"),
        ('#VER A 1 20240105\n{\n#TRANS 1930 {}\n}\n', "bokf.se:8: #TRANS ska ha konto, objektlista och belopp"),
        ('#VER A 1 20240105\n{\n#TRANS 1930 5.00\n}\n', "bokf.se:8: #TRANS ska ha konto, objektlista och belopp"),
        ('#VER A 1 20240105\n{\n#TRANS 1930 -5 5.00\n}\n', "bokf.se:8: #TRANS saknar objektlista {…} efter kontot"),
        ('#VER A 1\n{\n#TRANS 1930 {} 5.00\n}\n', "bokf.se:8: #VER A 1 saknar datum och raden har inget eget"),
        # A quote left open that closing it at the line's end does not mend (an unclosed quote
        # alone is read with a warning: test_sie_lenient.py).
        ('#VER A 1 20240105\n{\n#TRANS 1930 {1 "51} 5.00\n}\n', "bokf.se:8: citattecken avslutas inte"),
        ('#FNAMN "Bol\x00aget"\n', "bokf.se:6: raden innehåller ett NUL-tecken: filen är ingen SIE-textfil"),
    ],
)
def test_bad_input_names_file_and_line(tmp_path: Path, body: str, expected: str) -> None:
    assert refusal(tmp_path, HEAD + body) == expected


def test_unclosed_brace_names_the_line_of_the_brace(tmp_path: Path) -> None:
    body = '#VER A 1 20240105\n{\n#TRANS 1930 {} 5\n#TRANS 4610 {} -5\n'
    assert refusal(tmp_path, HEAD + body) == "bokf.se:7: { för #VER A 1 avslutas aldrig med }"


def test_brace_left_open_before_the_next_voucher_names_the_line_of_the_brace(tmp_path: Path) -> None:
    body = '#VER A 1 20240105\n{\n#TRANS 1930 {} 5\n#VER A 2 20240106\n{\n}\n'
    assert refusal(tmp_path, HEAD + body) == "bokf.se:7: { för #VER A 1 avslutas aldrig med }"


def test_truncated_file_in_the_middle_of_a_record(tmp_path: Path) -> None:
    body = '#VER A 1 20240105\n{\n#TRANS 1930 {"1" "51'
    assert refusal(tmp_path, HEAD + body) == "bokf.se:8: filen tar slut mitt i en post: citattecken avslutas inte"


def test_truncated_file_after_a_voucher_head(tmp_path: Path) -> None:
    assert refusal(tmp_path, HEAD + "#VER A 1 20240105\n") == (
        "bokf.se:6: #VER A 1 saknar sina rader { … }: filen är avkortad"
    )


def test_truncated_file_with_an_opening_checksum(tmp_path: Path) -> None:
    text = "#FLAGGA 0\n#KSUMMA\n#FNAMN Bolaget\n"
    assert refusal(tmp_path, text) == "bokf.se:3: filen är avkortad: den börjar med #KSUMMA men slutar utan kontrollsumma"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "bokf.se: filen är tom, ingen SIE-fil"),
        (b"\n\n  \n", "bokf.se: filen är tom, ingen SIE-fil"),
        (b"konto;belopp\n4610;12\n", "bokf.se:1: ingen SIE-fil: första raden är ingen #-post"),
        (b"\n\nPK\x03\x04\x00\x00", "bokf.se:3: ingen SIE-fil: första raden är ingen #-post"),
        (b"<html><body>Inte SIE</body></html>", "bokf.se:1: filen är XML eller HTML, ingen SIE 4-fil"),
        ('\ufeff<?xml version="1.0"?>\n<Sie xmlns="http://www.sie.se/sie5">'.encode(),
         "bokf.se:1: filen är SIE 5 (XML), inte SIE 4; exportera en SIE 4-fil (typ 4E) ur ekonomisystemet"),
    ],
)
def test_not_a_sie_file(tmp_path: Path, data: bytes, expected: str) -> None:
    assert refusal(tmp_path, data) == expected


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"^saknas\.se: filen kan inte läsas"):
        read_sie(tmp_path / "saknas.se")


def test_error_names_the_base_name_only(tmp_path: Path) -> None:
    folder = tmp_path / "export" / "2024"
    folder.mkdir(parents=True)
    message = refusal(folder, HEAD + "#TRANS 1 {} 1\n", name="Lön jan.SI")
    assert message.startswith("Lön jan.SI:6: ")
