"""Ledger rows as Arrow columns: the form every actuals import hands to the storage layer.

A table of `LEDGER_SCHEMA` holds validated rows (amounts in öre as int64, never floats), in
file order. The fast CSV reader (`ledger_csv`) builds one column-wise; the row-by-row readers
(XLSX, files the fast reader cannot take, SIE) go through `from_records`.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from uppfolj.core.pin import looks_like_pin
from uppfolj.core.records import LedgerRecord

LEDGER_SCHEMA = pa.schema(
    [
        ("year", pa.int16()),
        ("month", pa.int8()),
        ("cost_centre", pa.string()),
        ("account", pa.string()),
        ("activity", pa.string()),
        ("project", pa.string()),
        ("amount", pa.int64()),
        ("voucher", pa.string()),
        ("text", pa.string()),
        ("date", pa.date32()),
    ]
)
_BATCH = 100_000
# Every personnummer has six digits in a row (Unicode digits, as Python's `\d`): the cheap test
# that rules out most texts before `looks_like_pin` reads the rest.
_SIX_DIGITS = r"\p{Nd}{6}"


def from_records(records: Iterable[LedgerRecord]) -> pa.Table:
    """The records as one table (batches of columns, so no row is kept as a Python object)."""
    batches: list[pa.RecordBatch] = []
    chunk: list[LedgerRecord] = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= _BATCH:
            batches.append(_batch(chunk))
            chunk = []
    if chunk:
        batches.append(_batch(chunk))
    return pa.Table.from_batches(batches, schema=LEDGER_SCHEMA)


def _batch(records: list[LedgerRecord]) -> pa.RecordBatch:
    columns = list(zip(*records, strict=True))
    # LedgerRecord: year, month, cost_centre, account, amount, activity, project, voucher, text, date, line
    year, month, cost_centre, account, amount, activity, project, voucher, text, date, _line = columns
    return pa.RecordBatch.from_arrays(
        [
            pa.array(year, pa.int16()),
            pa.array(month, pa.int8()),
            pa.array(cost_centre, pa.string()),
            pa.array(account, pa.string()),
            pa.array(activity, pa.string()),
            pa.array(project, pa.string()),
            pa.array(amount, pa.int64()),
            pa.array(voucher, pa.string()),
            pa.array(text, pa.string()),
            pa.array(date, pa.date32()),
        ],
        schema=LEDGER_SCHEMA,
    )


def pin_flags(texts: pa.ChunkedArray | pa.Array) -> pa.Array:
    """Whether each text looks like it holds a personnummer (`looks_like_pin`), asked only of
    the few texts with six digits in a row."""
    candidates = pc.fill_null(pc.match_substring_regex(texts, _SIX_DIGITS), False)
    hits = pc.indices_nonzero(candidates)
    values = np.zeros(len(texts), dtype=bool)
    for index, text in zip(hits.to_pylist(), pc.take(texts, hits).to_pylist(), strict=True):
        values[index] = looks_like_pin(text)
    return pa.array(values, pa.bool_())


def total(amounts: pa.ChunkedArray | pa.Array) -> int:
    """The exact sum of öre amounts (as decimals, so no 64-bit sum can wrap)."""
    if len(amounts) == 0:
        return 0
    value = pc.sum(pc.cast(amounts, pa.decimal128(38, 0))).as_py()
    return int(value) if value is not None else 0
