"""Which character set a SIE file was written in: CP437 (PC8) by the standard, else UTF-8 or Latin-1."""

from __future__ import annotations

import codecs

CP437 = "cp437"
UTF8 = "utf-8"
LATIN1 = "latin-1"
SAMPLE_BYTES = 1 << 20

_BOM = b"\xef\xbb\xbf"
# å ä ö Å Ä Ö é ü as CP437 bytes and as Latin-1 bytes: the letters Swedish text needs.
_CP437_LETTERS = b"\x86\x84\x94\x8f\x8e\x99\x82\x81\x90"
_LATIN1_LETTERS = b"\xe5\xe4\xf6\xc5\xc4\xd6\xe9\xfc\xc9"


def detect_encoding(sample: bytes) -> str:
    """Guess the encoding from the first bytes of a file.

    A BOM, or more valid multi-byte UTF-8 characters than invalid bytes, means UTF-8 (a UTF-8
    export with a stray Latin-1 byte stays UTF-8). Otherwise the Swedish letters decide: CP437
    puts å/ä/ö at 0x86/0x84/0x94, Latin-1 at 0xE5/0xE4/0xF6. Ties (plain ASCII) are CP437, the
    standard, so a CP437 file with one stray Latin-1 byte (seen in real exports) stays CP437.
    """
    if sample.startswith(_BOM):
        return UTF8
    if any(byte >= 0x80 for byte in sample) and _mostly_utf8(sample):
        return UTF8
    # Bytes counted by deleting them: one pass over the sample per set, not one per letter.
    cp437 = len(sample) - len(sample.translate(None, _CP437_LETTERS))
    latin1 = len(sample) - len(sample.translate(None, _LATIN1_LETTERS))
    return LATIN1 if latin1 > cp437 else CP437


def _mostly_utf8(sample: bytes) -> bool:
    """Whether the sample is UTF-8, allowing a character cut off at its end and a few bad bytes."""
    if _is_utf8(sample):
        return True
    text = sample.decode(UTF8, errors="replace")
    bad = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", "ignore")) - bad  # characters past ASCII
    return good > bad


def _is_utf8(sample: bytes) -> bool:
    """Whether the sample is UTF-8, allowing a character cut off at its end."""
    for cut in range(4):
        try:
            sample[: len(sample) - cut].decode(UTF8)
        except UnicodeDecodeError as error:
            if error.start < len(sample) - 4:  # a fault before the end: not a character cut off
                return False
            continue
        return True
    return False


FALLBACK = "uppfolj-sie-latin1"
_fallbacks = [0]


def _latin1_instead(error: UnicodeError) -> tuple[str, int]:
    """Decode bytes that are not UTF-8 as Latin-1 (a stray byte in a UTF-8 export), counting them."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    _fallbacks[0] += len(bad)
    return bytes(bad).decode(LATIN1), error.end


def fallback_count() -> int:
    """Bytes read as Latin-1 so far by this process (take the difference around a read)."""
    return _fallbacks[0]


codecs.register_error(FALLBACK, _latin1_instead)
