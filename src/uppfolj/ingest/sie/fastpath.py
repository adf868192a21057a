"""A fast reading of the common #TRANS line; anything unusual goes to the general lexer.

``#TRANS 4010 {"1" "5123"} 1234.50 20240105 "Faktura"`` is by far the most frequent line of a
large file. One regular expression takes it apart when it has the usual shape (an account
without spaces, an object list of only quoted or only unquoted members, an amount, an
optional date and an optional quoted text); a line it does not match is read by
:func:`uppfolj.ingest.sie.lexer.split_fields`, which gives the same fields for the lines
matched here (the tests compare the two).
"""

from __future__ import annotations

import re

# Possessive quantifiers (++, *+): nothing here ever needs to give characters back, and not
# backtracking makes the match about a third faster.
_TRANS = (
    r"#TRANS[ \t]++"
    r'(?:"([^"\\\s{}]++)"|([^"\\\s{}]++))[ \t]++'  # account, quoted or not
    r'\{([^{}"\\]*+|(?:[ \t]*+"[^"\\{}]*+"[ \t]*+)*+)\}[ \t]*+'  # object list
    r"(-?[0-9]++(?:\.[0-9]++)?+)"  # amount
    r'(?:[ \t]++(?:([0-9]{8})|"([0-9]{8})?")'  # transaction date, bare, quoted or ""
    r'(?:[ \t]++"([^"\\]*+)"'  # after it a quoted text
    r'(?:[ \t]++(?:"[^"\\]*+"|[^\s"\\{}]++))*+)?)?'  # then quantity, sign (unused): plain fields
)
TRANS_LINE = re.compile(_TRANS + r"[ \t]*+$").match
# The same on a line as read, before strip(): spaces or tabs around it, its line end after it.
TRANS_RAW = re.compile(r"[ \t]*+" + _TRANS + r"[ \t]*+\r?$").match


def members(inner: str) -> list[str]:
    """The members of an object list matched by TRANS_LINE, dimension and object alternating."""
    return inner.split('"')[1::2] if '"' in inner else inner.split()


# ``#VER "A" "17" 20240105 "Faktura 4711" 20240110``, the other frequent line: series and number
# (quoted or not), an optional date (bare, quoted or ""), an optional quoted text and after it
# plain fields (registration date, sign: unused). Other shapes go to the general lexer.
VER_LINE = re.compile(
    r"#VER[ \t]++"
    r'(?:"([^"\\{}]*+)"|([^"\\\s{}]++))[ \t]++'  # series, quoted or not
    r'(?:"([^"\\{}]*+)"|([^"\\\s{}]++))'  # number, quoted or not
    r'(?:[ \t]++(?:([0-9]{8})|"([0-9]{8})?")'  # date, bare, quoted or ""
    r'(?:[ \t]++"([^"\\]*+)"'  # after it a quoted text
    r'(?:[ \t]++(?:"[^"\\]*+"|[^\s"\\{}]++))*+)?)?[ \t]*+$'  # then plain fields (unused)
).match
