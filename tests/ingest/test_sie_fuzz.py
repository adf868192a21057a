"""Whatever the bytes, the SIE reader either reads them or raises InputError: never anything else.

Two fuzzers: hypothesis (structured SIE-like lines and raw bytes) and atheris (coverage-guided,
run in a subprocess for a bounded number of inputs when atheris can be imported).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import REPO, SIE_FILES

from uppfolj.core.errors import InputError
from uppfolj.ingest.sie import read_sie

SAMPLE = SIE_FILES / "bl-administration-2011_BL0001_typ4.SE"
TAGS = [
    "#FLAGGA", "#FORMAT", "#SIETYP", "#PROGRAM", "#GEN", "#FNAMN", "#FNR", "#ORGNR", "#ADRESS",
    "#RAR", "#TAXAR", "#OMFATTN", "#KPTYP", "#VALUTA", "#KONTO", "#KTYP", "#ENHET", "#SRU", "#DIM",
    "#UNDERDIM", "#OBJEKT", "#IB", "#UB", "#OIB", "#OUB", "#RES", "#PSALDO", "#PBUDGET", "#VER",
    "#TRANS", "#RTRANS", "#BTRANS", "#KSUMMA", "#OKAND", "{", "}",
]
FIELD = st.one_of(
    st.sampled_from(["0", "-1", "1", "20240105", "20241301", "202401", "202413", "1930", "-12.50",
                     "1.234", "12,5", "", "{}", "{ }", "{1 515}", '{"1" "515"}', "{25 X}", "{1", "}",
                     '""', '"', '"a b"', r'"a\"b"', "\\", "PC8", "\t", "\u00a0"]),
    st.text(alphabet=st.characters(codec="cp437"), max_size=12),
)
LINE = st.builds(
    lambda tag, fields, sep: tag + sep + sep.join(fields),
    st.sampled_from(TAGS),
    st.lists(FIELD, max_size=7),
    st.sampled_from([" ", "\t", "  "]),
)
DOCUMENT = st.builds(
    lambda lines, newline, encoding: (newline.join(["#FLAGGA 0", *lines])).encode(encoding, "replace"),
    st.lists(LINE, max_size=40),
    st.sampled_from(["\n", "\r\n"]),
    st.sampled_from(["cp437", "utf-8", "latin-1"]),
)
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def read_bytes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.se"
        path.write_bytes(data)
        try:
            read_sie(path, strict=False)
        except InputError as error:
            assert error.file == "fuzz.se"
            assert error.message


@FUZZ
@given(DOCUMENT)
def test_structured_sie_lines_never_raise_anything_but_input_error(data: bytes) -> None:
    read_bytes(data)


@FUZZ
@given(st.binary(max_size=2000))
def test_raw_bytes_never_raise_anything_but_input_error(data: bytes) -> None:
    read_bytes(b"#FLAGGA 0\n" + data)


@FUZZ
@given(st.integers(0, 40_000), st.integers(0, 40_000), st.binary(max_size=20))
def test_a_real_file_cut_and_patched_never_raises_anything_but_input_error(
    start: int, length: int, patch: bytes
) -> None:
    original = SAMPLE.read_bytes()
    read_bytes(original[:start] + patch + original[start + length :])


ATHERIS_TARGET = textwrap.dedent(
    """
    import os, sys, tempfile
    import atheris

    with atheris.instrument_imports():
        from uppfolj.core.errors import InputError
        from uppfolj.ingest.sie import read_sie

    FOLDER = tempfile.mkdtemp()
    PATH = os.path.join(FOLDER, "fuzz.se")

    def test_one_input(data: bytes) -> None:
        with open(PATH, "wb") as handle:
            handle.write(data)
        try:
            read_sie(PATH)
        except InputError:
            pass

    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
    """
)


@pytest.mark.skipif(importlib.util.find_spec("atheris") is None, reason="atheris is not installed")
def test_atheris_finds_no_exception_but_input_error(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bl.se").write_bytes(SAMPLE.read_bytes()[:6000])
    (corpus / "small.se").write_bytes(b'#FLAGGA 0\n#RAR 0 20240101 20241231\n#VER A 1 20240105\n{\n#TRANS 1 {1 "2"} 3.50\n}\n')
    script = tmp_path / "fuzz_sie.py"
    script.write_text(ATHERIS_TARGET, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}

    done = subprocess.run(
        [sys.executable, str(script), "-runs=20000", "-max_total_time=12", "-max_len=8192",
         "-seed=2024", str(corpus)],
        capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path, check=False,
    )

    assert done.returncode == 0, done.stderr[-3000:]
