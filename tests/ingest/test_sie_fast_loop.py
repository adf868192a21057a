"""The parser's hot loop (#TRANS and #VER read by fastpath.py) gives what the general lexer gives."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uppfolj.core.errors import InputError
from uppfolj.ingest.sie import SieReader, parser

HEADER = '#FLAGGA 0\n#RAR 0 20240101 20241231\n#RAR -1 20230101 20231231\n#DIM 1 "Ansvar"\n#DIM 6 "Projekt"\n'
_SPACE = st.sampled_from([" ", "  ", "\t", " \t"])
_EDGE = st.sampled_from(["", " ", "\t", "  ", "\u00a0", "\x00"])
_ACCOUNT = st.sampled_from(["1930", '"1930"', "4010", '"19 30"', "ö1"])
_OBJECTS = st.sampled_from(["{}", '{"1" "5001"}', "{1 5001}", '{"1" "5001" "6" "P1"}', "{1 5001 6}", "{7 X}",
                            '{"1" ""}', "{ }", '{1 "5001"}', "{99 X}"])
_AMOUNT = st.sampled_from(["0", "-195.00", "12", "1.5", "1.230", "1.234", "-0.01", "12,50", "100.10"])
_DATE = st.sampled_from(["", " 20240105", ' ""', ' "20240105"', " 20231231", " 20220101", " 20240230", " x"])
_TEXT = st.sampled_from(["", ' "Fika"', ' ""', ' "a b" 1.00', ' "Kaffe \\"gott\\""', ' "x" "y"', " text"])
_TRANS = st.builds(
    lambda tag, edge, sep, account, objects, amount, date, text, tail: (
        f"{edge}{tag}{sep}{account}{sep}{objects}{sep}{amount}{date}{text}{tail}"
    ),
    st.sampled_from(["#TRANS", "#TRANS", "#TRANS", "#RTRANS", "#BTRANS", "#trans"]),
    _EDGE, _SPACE, _ACCOUNT, _OBJECTS, _AMOUNT, _DATE, _TEXT, _EDGE,
)
_VER = st.builds(
    lambda edge, sep, series, number, date, text, tail: f"{edge}#VER{sep}{series}{sep}{number}{date}{text}{tail}",
    _EDGE, _SPACE, st.sampled_from(['"A"', "A", '""', '"A B"', "{A}"]), st.sampled_from(['"1"', "17", '""', "x\\y"]),
    _DATE, _TEXT, _EDGE,
)
_VOUCHER = st.builds(
    lambda ver, rows, close: "\n".join([ver, "{", *rows, close]),
    _VER, st.lists(_TRANS, max_size=5), st.sampled_from(["}", "}", " } ", "#KSUMMA", ""]),
)
_FILE = st.builds(
    lambda vouchers, newline, ksumma: (HEADER + ("#KSUMMA\n" if ksumma else "") + "\n".join(vouchers) + "\n")
    .replace("\n", newline),
    st.lists(_VOUCHER, min_size=1, max_size=4), st.sampled_from(["\n", "\r\n", "\r"]), st.booleans(),
)


def _read(path: Path) -> Any:
    reader = SieReader(path)
    try:
        records = list(reader.ledger_records())
    except InputError as error:
        return str(error)
    info = dataclasses.asdict(reader.info)
    del info["records"]  # #TRANS read by the fast path were never counted there (only "any # record?")
    return records, reader.budget_records(), info


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_FILE)
def test_hot_loop_reads_as_the_general_lexer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    path = tmp_path / "fast.se"
    path.write_bytes(text.encode("cp437"))
    fast = _read(path)
    with monkeypatch.context() as patched:
        patched.setattr(parser, "TRANS_RAW", lambda line: None)
        patched.setattr(parser, "VER_LINE", lambda line: None)
        general = _read(path)
    assert fast == general
