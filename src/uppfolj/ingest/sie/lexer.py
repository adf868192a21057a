"""Split one SIE 4 record line into fields: words, quoted texts and object lists.

A field is either a ``str`` or an :data:`ObjectList` (a tuple of ``(dimension, object)``
pairs), so ``#TRANS 3010 {"1" "Nord" 6 P1} -500.00 "" "Fika"`` gives
``["#TRANS", "3010", (("1", "Nord"), ("6", "P1")), "-500.00", "", "Fika"]``.
Inside quotes ``\\"`` is a quote and ``\\\\`` a backslash; any other backslash is kept as it
is (Windows paths such as ``"C:\\Data"`` are common in real exports).

Some exports leave a quote open at the end of a line (SoftOne Business Redovisning 2016 cuts
long names short and loses the closing quote: ``#KONTO 7010 "Löner till kollektivanst``):
:func:`close_open_quote` reads such a line as if the quote closed at the line's end; the
reader does so, with a warning, unless it is strict.
"""

from __future__ import annotations

import re

ObjectList = tuple[tuple[str, str], ...]
Field = str | ObjectList

# A quoted text ends at a quote followed by a space, a } or the end of the line; a quote
# inside a word is kept (one real export writes ö as ", `"Fordringar hos leverant"r"` and
# `Leverant"rsskulder`).
_TOKEN = re.compile(
    r'"((?:[^"\\]|\\.|"(?=[^\s}]))*)"(?=[\s}]|$)|(\{)|(\})|([^\s"{}][^\s{}]*)|(\S)', re.DOTALL
)
_UNESCAPE = re.compile(r"\\([\"\\])")


class LexError(ValueError):
    """A line that cannot be split; the message is Swedish."""


def split_fields(line: str) -> list[Field]:
    """Split a record line into fields (see the module docstring)."""
    if '"' not in line:
        if "{" not in line and "}" not in line:
            return [*line.split()]
        return _group_lists(line.replace("{", " { ").replace("}", " } ").split())
    parts = line.split('"')
    if "\\" not in line and len(parts) % 2:
        tokens = _quoted_tokens(parts)
        if tokens is not None:
            return _group_lists(tokens)
    try:
        return _group_lists(_scanned_tokens(line))
    except LexError:
        tokens = _quoted_tokens(parts) if len(parts) % 2 else None
        if tokens is None:
            raise
    # A backslash just before a closing quote ("C:\\dir\\"): read backslashes as text.
    return _group_lists(tokens)


def close_open_quote(line: str) -> list[Field] | None:
    """The fields of a line whose last quote is still open at its end, read as if it closed
    there; None when closing it does not make the line readable (the fault is elsewhere)."""
    if '"' not in line:
        return None
    try:
        return split_fields(line + '"')
    except LexError:
        return None


class _Quoted(str):
    """A token that was written in quotes: never a brace, whatever its text."""

    __slots__ = ()


def _quoted_tokens(parts: list[str]) -> list[str] | None:
    """Tokens of a line split on its quotes, odd parts quoted; None if a quote is inside a word."""
    tokens: list[str] = []
    last = len(parts) - 1
    for index, part in enumerate(parts):
        if index % 2:
            tokens.append(_Quoted(part))
            continue
        if part:
            if (index and part[0] not in _AFTER_QUOTE) or (index < last and part[-1] not in _BEFORE_QUOTE):
                return None
            tokens.extend(part.replace("{", " { ").replace("}", " } ").split())
    return tokens


_BRACES = frozenset("{}")
_AFTER_QUOTE = frozenset(" \t}")
_BEFORE_QUOTE = frozenset(" \t{")


def _scanned_tokens(line: str) -> list[str]:
    """Tokens of a line with escapes or unpaired quotes, read by a regular expression."""
    tokens: list[str] = []
    for match in _TOKEN.finditer(line):
        quoted, opening, closing, word, stray = match.groups()
        if quoted is not None:
            tokens.append(_Quoted(_UNESCAPE.sub(r"\1", quoted)))
        elif stray is not None:
            raise LexError("citattecken avslutas inte")
        else:
            tokens.append(opening or closing or word)
    return tokens


def _group_lists(tokens: list[str]) -> list[Field]:
    """Turn the tokens between ``{`` and ``}`` into object lists of pairs."""
    fields: list[Field] = []
    members: list[str] | None = None
    for token in tokens:
        is_brace = type(token) is str and token in _BRACES
        if members is None:
            if is_brace and token == "{":
                members = []
            elif is_brace:
                raise LexError("} utan {")
            else:
                fields.append(token)
        elif is_brace and token == "}":
            fields.append(_pairs(members))
            members = None
        elif is_brace:
            raise LexError("{ inuti en objektlista")
        else:
            members.append(str(token))
    if members is not None:
        raise LexError("objektlistan avslutas inte med }")
    return fields


def _pairs(members: list[str]) -> ObjectList:
    if len(members) % 2:
        raise LexError("objektlistan har en dimension utan objekt")
    return tuple(zip(members[::2], members[1::2], strict=True))
