"""The column-wise reader of actuals CSV files: pyarrow's multi-threaded CSV parser, then the
contract's rules checked per column in Arrow.

It takes the common case only and is exact there: what it cannot decide column-wise goes to
the row-by-row reader (`ledger.row_reader`), so every row it keeps is the record that reader
would have made, and every message is that reader's. Per row, that is the rows with an unusual
field (an amount such as "1.046.094,50", an empty or bad period, ...): their lines are parsed
again by the `csv` module, as `tables.read_table` does, and read by the row reader. The whole
file goes to the row-by-row path (`read` returns None) when it cannot be read column-wise:
an empty file or one without data rows, rows with another number of fields than the first,
a line of more than the `csv` module's field limit, and bad rows in a file whose rows are not
one line each (quoted fields with line breaks), where the line numbers are not known.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import os
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from uppfolj.core.errors import InputError, Problems
from uppfolj.core.records import LedgerRecord
from uppfolj.ingest import fields
from uppfolj.ingest.ledger_columns import LEDGER_SCHEMA, from_records
from uppfolj.ingest.tables import Row, Table, header_name

# The cell texts Python's str.strip() removes (what the row reader's `text` does).
# (tests/ingest/test_ledger_csv.py checks this against every code point).
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_FIELD_LIMIT = csv.field_size_limit()
_CODES = ("ansvar", "konto", "verksamhet", "projekt")
_TEXTS = ("verifikation", "text")
_LIMITS = {"verifikation": 64, "text": 255}
# Amounts the row reader's `parse_amount` takes by its plain path ("-7467", "1234,5")...
_PLAIN = r"^-?[0-9]{1,12}(?:[.,][0-9]{1,2})?$"
# ... or by its general one, with spaces around, a sign (- + −) and thousands groups of three
# digits ("1 046 094,50", "− 12.5"); at most twelve digits before the decimal mark.
_SPACES = " \u00a0\u202f\u2009"
_GROUPED = rf"^ *[-+−]? *[0-9]{{1,3}}(?:[{_SPACES}][0-9]{{3}}){{0,3}}(?:[.,][0-9]{{1,2}})? *$"
_PERIOD = re.compile(r"^(\d{4})-?(\d{2})$")

EMPTY, GOOD, BAD = 0, 1, 2
# Blocks of 16 MB: few enough batches that the per-batch work in Python is nothing, and still
# one block per thread on the files where threads pay.
_BLOCK = 16 << 20


def read(path: Path) -> tuple[str, pa.Table] | None:
    """The file's ledger rows as a `LEDGER_SCHEMA` table, or None for the row-by-row path.

    Raises `InputError` for a missing column (the header is checked first, as
    `ledger.open_actuals` does) and for bad rows, with the messages of the row reader.
    """
    if path.suffix.lower() in (".xlsx", ".xlsm") or not path.is_file():
        return None
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        data = text.encode("utf-8")
    else:
        if data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8) :]
    end = data.find(b"\n")
    if not text.strip() or end < 0:
        return None
    first = text[: text.find("\n") + 1]
    del text
    first_line = first.splitlines()[0] if first.splitlines() else ""
    if not first_line.strip() or first_line != first.rstrip("\r\n") or first.count('"') % 2:
        return None  # a blank first line, another line break, a header over two lines
    delimiter = ";" if first_line.count(";") >= first_line.count(",") and ";" in first_line else ","
    if ";" not in first_line and "," not in first_line and "\t" in first_line:
        delimiter = "\t"
    header = next(csv.reader([first], delimiter=delimiter, quotechar='"'))
    headers = [header_name(h.lstrip("\ufeff")) for h in header]
    name = path.name
    checked = Table(name, headers, iter(()))
    checked.require("ansvar", "konto", "belopp", any_of=[("period", "datum")])
    body = memoryview(data)[end + 1 :]
    return _read_body(name, headers, delimiter, data, body)


def _read_body(name: str, headers: list[str], delimiter: str, data: bytes, body: memoryview) -> tuple[str, pa.Table] | None:
    width = len(headers)
    first = _first_line(data, len(data) - len(body))
    if first is None:
        return None  # a header and nothing under it
    try:
        first_fields = next(csv.reader([first], delimiter=delimiter, quotechar='"'), [])
    except csv.Error:
        return None  # a field past the csv module's limit, say: the row-by-row path says so
    width = max(width, len(first_fields))
    names = [f"f{i}" for i in range(width)]
    column = {h: names[i] for i, h in enumerate(headers) if h}  # the last of a repeated name wins
    extra = names[len(headers) :]
    types = {names[i]: pa.string() for i in range(width)}
    for c in ("period", "datum", *_CODES):
        if c in column:
            types[column[c]] = pa.dictionary(pa.int32(), pa.string())
    quoted = b'"' in data
    try:
        raw = pa_csv.read_csv(
            pa.BufferReader(pa.py_buffer(body)),
            read_options=pa_csv.ReadOptions(column_names=names, block_size=_BLOCK),
            parse_options=pa_csv.ParseOptions(delimiter=delimiter, quote_char='"', newlines_in_values=quoted),
            convert_options=pa_csv.ConvertOptions(
                column_types=types,
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None  # rows with other numbers of fields, say: the row-by-row path reads them
    if raw.num_rows == 0 or _longest(raw) > _FIELD_LIMIT:
        return None  # the csv module refuses such a field: the row-by-row path says so
    problems = Problems(name)
    row_reader = _row_reader(name, problems, headers)
    out: list[pa.RecordBatch] = []
    slow: list[int] = []
    batches = raw.to_batches()
    offsets = np.cumsum([0, *(batch.num_rows for batch in batches)]).tolist()
    # Arrow's kernels let go of the GIL: the batches are checked on every core at once.
    with ThreadPoolExecutor(max_workers=min(len(batches), os.cpu_count() or 1) or 1) as pool:
        converted = pool.map(lambda n: _convert(batches[n], column, extra, offsets[n]), range(len(batches)))
        for offset, (good, failing) in zip(offsets, converted, strict=False):
            out.append(good)
            slow.extend((np.flatnonzero(failing) + offset).tolist())
    result = pa.Table.from_batches(out, schema=_WITH_ROW)
    if slow:
        lines = _Lines(data, len(data) - len(body))
        numbers = lines.numbers(raw.num_rows)
        if numbers is None:
            return None  # rows over several lines: the row-by-row path knows their lines
        records = []
        for index in slow:
            line = int(numbers[index])
            record = _read_line(
                lines.text(line) or "", line, delimiter=delimiter, headers=headers, problems=problems, read_row=row_reader
            )
            if record is not None and not problems.found:
                records.append((index, record))
        problems.raise_if_any()
        if records:
            extra_rows = from_records(r for _i, r in records).append_column(
                "row", pa.array([i for i, _r in records], pa.int64())
            )
            result = pa.concat_tables([result, extra_rows])
            result = result.take(pc.sort_indices(result, [("row", "ascending")]))
    return name, result.drop_columns(["row"])


_WITH_ROW = LEDGER_SCHEMA.append(pa.field("row", pa.int64()))


def _row_reader(name: str, problems: Problems, headers: list[str]) -> Callable[[Row], LedgerRecord | None]:
    from uppfolj.ingest.ledger import row_reader  # noqa: PLC0415 - ledger imports this module

    return row_reader(name, problems, headers)


def _read_line(
    text: str,
    line: int,
    *,
    delimiter: str,
    headers: list[str],
    problems: Problems,
    read_row: Callable[[Row], LedgerRecord | None],
) -> LedgerRecord | None:
    """One line as `tables._read_csv` and `ledger._records` read it."""
    record = next(csv.reader([text], delimiter=delimiter, quotechar='"'), [])
    if not "".join(record).strip():
        return None
    if len(record) > len(headers) and "".join(record[len(headers) :]).strip():
        problems.add(line, f"raden har {len(record)} fält men rubrikraden {len(headers)}")
        return None
    return read_row(Row(line, dict(zip(headers, record, strict=False))))


def _first_line(data: bytes, start: int) -> str | None:
    """The first non-empty line from `start` on (with its line break), or None."""
    while start < len(data):
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end + 1
        if data[start:end].strip(b"\r\n"):
            return data[start:end].decode("utf-8")
        start = end
    return None


def _longest(table: pa.Table) -> int:
    """The longest field in bytes (at least its length in characters)."""
    longest = 0
    for chunked in table.columns:
        for chunk in chunked.chunks:
            values = chunk.dictionary if pa.types.is_dictionary(chunk.type) else chunk
            if len(values):
                longest = max(longest, pc.max(pc.binary_length(values)).as_py() or 0)
    return longest


class _Lines:
    """The physical lines of the file, for the line numbers of the rows that fail."""

    def __init__(self, data: bytes, start: int) -> None:
        self.data = data
        self.start = start  # the first byte after the header line
        self.breaks = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 10)

    def text(self, line: int) -> str | None:
        """Line `line` (1 = the header) with its line break, or None past the end."""
        breaks, size = self.breaks, len(self.data)
        begin = 0 if line == 1 else int(breaks[line - 2]) + 1 if line - 2 < len(breaks) else size
        if begin >= size:
            return None
        stop = int(breaks[line - 1]) + 1 if line - 1 < len(breaks) else size
        return self.data[begin:stop].decode("utf-8")

    def numbers(self, rows: int) -> np.ndarray | None:
        """The line number of each row, when every row is one line: pyarrow skips the empty
        lines (nothing, or a lone carriage return) and so do these numbers. None otherwise."""
        data = self.data
        if data.count(b"\r") != data.count(b"\r\n"):
            return None  # old Mac line breaks: the csv module counts those lines too
        starts = np.concatenate(([0], self.breaks + 1))
        ends = np.concatenate((self.breaks, [len(data)]))
        lengths = ends - starts
        view = np.frombuffer(data, dtype=np.uint8)
        last = np.where(lengths > 0, view[np.maximum(ends - 1, 0)], 0)
        empty = (lengths == 0) | ((lengths == 1) & (last == 13))
        numbers = np.arange(1, len(starts) + 1)
        after_header = starts >= self.start
        kept = numbers[after_header & ~empty]
        return kept if len(kept) == rows else None


def _convert(
    batch: pa.RecordBatch, column: dict[str, str], extra: list[str], offset: int
) -> tuple[pa.RecordBatch, np.ndarray]:
    """The rows of a batch that pass every check column-wise, and the mask of those that do not."""
    n = batch.num_rows
    ok = np.ones(n, dtype=bool)

    def raw(c: str) -> pa.Array | None:
        return batch.column(column[c]) if c in column else None

    # Period and date: few distinct values, read by the same code as the row reader.
    year = np.zeros(n, dtype=np.int16)
    month = np.zeros(n, dtype=np.int8)
    date = None
    p_state = np.zeros(n, dtype=np.int8)
    if (period := raw("period")) is not None:
        p_state, p_values = _distinct(period, _period)
        year, month = p_values[0], p_values[1]
    if (datum := raw("datum")) is not None:
        d_state, d_values = _distinct(datum, _date)
        has_period = p_state != EMPTY
        ok &= np.where(has_period, (p_state == GOOD) & (d_state != BAD), d_state == GOOD)
        year = np.where(has_period, year, d_values[0]).astype(np.int16)
        month = np.where(has_period, month, d_values[1]).astype(np.int8)
        days = d_values[2]
        date = pa.array(days, pa.int32(), mask=d_state != GOOD).cast(pa.date32())
    else:
        ok &= p_state == GOOD
    codes = {c: _codes(raw(c), n) for c in _CODES}
    ok &= pc.not_equal(codes["konto"], "").to_numpy(zero_copy_only=False)
    amount, amount_ok = _amounts(raw("belopp"))
    ok &= amount_ok
    for name in extra:
        ok &= pc.equal(pc.utf8_trim(batch.column(name), WHITESPACE), "").to_numpy(zero_copy_only=False)
    texts = {c: _texts(raw(c), n, _LIMITS[c]) for c in _TEXTS}
    keep = pa.array(ok)
    arrays = [
        pa.array(year, pa.int16()),
        pa.array(month, pa.int8()),
        codes["ansvar"],
        codes["konto"],
        codes["verksamhet"],
        codes["projekt"],
        amount,
        texts["verifikation"],
        texts["text"],
        date if date is not None else pa.nulls(n, pa.date32()),
        pa.array(np.arange(offset, offset + n, dtype=np.int64)),
    ]
    good = pa.RecordBatch.from_arrays(arrays, schema=_WITH_ROW).filter(keep)
    return good, ~ok


def _distinct(values: pa.DictionaryArray, parse: Callable[[str], tuple[int, ...] | None]) -> tuple[np.ndarray, list[np.ndarray]]:
    """Each row's state (EMPTY, GOOD, BAD) and parsed parts, parsing each distinct text once."""
    states: list[int] = []
    parts: list[tuple[int, ...]] = []
    for text in values.dictionary.to_pylist():
        stripped = text.strip()
        found = parse(stripped) if stripped else None
        states.append(EMPTY if not stripped else GOOD if found is not None else BAD)
        parts.append(found if found is not None else (0, 0, 0))
    index = values.indices.to_numpy(zero_copy_only=False)
    state = np.array(states, dtype=np.int8)[index]
    table = np.array(parts, dtype=np.int64).reshape(-1, 3) if parts else np.zeros((0, 3), dtype=np.int64)
    return state, [table[index, i] for i in range(3)]


def _period(text: str) -> tuple[int, int, int] | None:
    """As `fields.period`: YYYYMM or YYYY-MM."""
    match = _PERIOD.match(text)
    if not match or not 1 <= int(match.group(2)) <= 12 or not 1900 <= int(match.group(1)) <= 2999:
        return None
    return int(match.group(1)), int(match.group(2)), 0


_EPOCH = dt.date(1970, 1, 1)


def _date(text: str) -> tuple[int, int, int] | None:
    """As `fields.date`: (year, month, days since 1970-01-01)."""
    row = Row(0, {"datum": text})
    try:
        day = fields.date("", row)
    except InputError:
        return None  # the row reader names it
    return day.year, day.month, (day - _EPOCH).days


def _codes(values: pa.DictionaryArray | None, n: int) -> pa.Array:
    """Codes as trimmed text ('' where the column is missing)."""
    if values is None:
        return pa.array(np.full(n, "", dtype=object), pa.string()) if n else pa.array([], pa.string())
    dictionary = pa.array([v.strip() for v in values.dictionary.to_pylist()], pa.string())
    return dictionary.take(values.indices)


def _texts(values: pa.Array | None, n: int, limit: int) -> pa.Array:
    """Free texts trimmed and cut to `limit` characters, as the row reader does."""
    if values is None:
        return pa.array(np.full(n, "", dtype=object), pa.string()) if n else pa.array([], pa.string())
    return pc.utf8_slice_codeunits(pc.utf8_trim(values, WHITESPACE), 0, limit)


def _amounts(values: pa.Array | None) -> tuple[pa.Array, np.ndarray]:
    """Amounts in öre, and which rows were read: the plain and grouped forms, exactly as
    `parse_amount` reads them; every other text (and every bad one) is left to the row reader."""
    assert values is not None  # a required column
    plain = pc.match_substring_regex(values, _PLAIN)
    ok = plain
    text = values
    if not pc.all(plain).as_py():
        grouped = pc.and_not(pc.match_substring_regex(values, _GROUPED), plain)
        if pc.any(grouped).as_py():
            normal = pc.replace_substring_regex(pc.replace_substring(values, "−", "-"), rf"[+{_SPACES}]", "")
            text = pc.if_else(grouped, normal, values)
            ok = pc.or_(plain, grouped)
    text = pc.if_else(ok, text, "0")
    # At most one mark, "," or ".": its place gives the decimals, and without it the digits.
    mark = np.maximum(
        pc.find_substring(text, ",").to_numpy(zero_copy_only=False),
        pc.find_substring(text, ".").to_numpy(zero_copy_only=False),
    )
    length = pc.binary_length(text).to_numpy(zero_copy_only=False)
    decimals = np.where(mark < 0, 0, length - mark - 1)
    digits = pc.replace_substring(pc.replace_substring(text, ",", ""), ".", "")
    ore = pc.cast(digits, pa.int64()).to_numpy(zero_copy_only=False) * _SCALE[decimals]
    return pa.array(ore, pa.int64()), ok.to_numpy(zero_copy_only=False)


_SCALE = np.array([100, 10, 1], dtype=np.int64)
