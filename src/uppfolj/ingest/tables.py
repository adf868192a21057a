"""Reading tabular input (CSV or XLSX) into rows with their line numbers and normalised headers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from uppfolj.core.errors import InputError, Problems

Value = str | int | float | None


@dataclass(frozen=True, slots=True)
class Row:
    """One data row: `line` is the file line (CSV, header = 1) or the sheet row (XLSX)."""

    line: int
    cells: dict[str, Value]

    def text(self, name: str) -> str:
        """A cell as trimmed text ('' when missing); whole numbers from XLSX lose their '.0'."""
        value = self.cells.get(name)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value).strip()


@dataclass
class Table:
    """A whole input table: its display name (for messages), headers and rows.

    A row that cannot be read as a row (more fields than the header) is left out of `rows`
    and noted in `problems`, where the file's reader adds the problems of its fields; the
    reader raises them all at the end.
    """

    name: str
    headers: list[str]
    rows: Iterator[Row]
    encoding: str = "utf-8"
    where: str = "line"  # "line" for CSV, "row" for XLSX (messages say rad either way)
    problems: Problems = field(init=False)

    def __post_init__(self) -> None:
        self.problems = Problems(self.name)

    def require(self, *names: str, any_of: Sequence[Sequence[str]] = ()) -> None:
        """Refuse the file when a required column is missing (an error on the header line)."""
        missing = [n for n in names if n not in self.headers]
        for group in any_of:
            if not any(n in self.headers for n in group):
                missing.append(" eller ".join(group))
        if missing:
            found = ", ".join(h for h in self.headers if h) or "inga"
            raise InputError(self.name, 1, f"kolumn saknas: {', '.join(missing)} (rubriker: {found})")


_FOLD = str.maketrans("åäö", "aao")


def header_name(text: str) -> str:
    """A column name as the contract spells it: trimmed, lower case, å ä ö folded (år → ar)."""
    return text.strip().lower().translate(_FOLD)


def read_table(path: str | os.PathLike[str]) -> Table:
    """Open a CSV or XLSX file. CSV: UTF-8 (BOM or not) or Windows-1252, `;` or `,`."""
    p = Path(path)
    if not p.exists():
        raise InputError(p.name, None, "filen finns inte")
    if p.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(p)
    return _read_csv(p)


def _decode(p: Path) -> tuple[str, str]:
    data = p.read_bytes()
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "windows-1252"


def _read_csv(p: Path) -> Table:
    text, encoding = _decode(p)
    if not text.strip():
        raise InputError(p.name, 1, "filen är tom")
    first = text.splitlines()[0]
    delimiter = ";" if first.count(";") >= first.count(",") and ";" in first else ","
    if ";" not in first and "," not in first and "\t" in first:
        delimiter = "\t"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"')
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(p.name, 1, "filen är tom") from None
    headers = [header_name(h.lstrip("\ufeff")) for h in header]
    table = Table(p.name, headers, iter(()), encoding)
    problems = table.problems

    def rows() -> Iterator[Row]:
        try:
            for record in reader:
                line = reader.line_num
                # Joined once in C rather than a generator over the cells: this runs per row.
                if not "".join(record).strip():
                    continue
                if len(record) > len(headers) and "".join(record[len(headers) :]).strip():
                    problems.add(line, f"raden har {len(record)} fält men rubrikraden {len(headers)}")
                    continue
                yield Row(line, dict(zip(headers, record, strict=False)))
        except csv.Error as exc:
            # The csv module cannot go on reliably after this: stop, with what was found before.
            raise problems.stop(reader.line_num, f"felaktig CSV: {exc}") from None

    table.rows = _not_empty(table, rows())
    return table


def _not_empty(table: Table, rows: Iterator[Row]) -> Iterator[Row]:
    """The rows, refusing a file that has a header and nothing under it (an export gone wrong).

    A file whose rows were all refused is not empty: its problems say why.
    """
    seen = False
    for row in rows:
        seen = True
        yield row
    if not seen and not table.problems:
        raise InputError(table.name, 1, "filen har bara en rubrikrad och inga rader")


def _read_xlsx(p: Path) -> Table:
    """The first sheet, read by python-calamine (Rust; several times faster than openpyxl).

    Cells come as openpyxl gave them: whole numbers as int, empty cells as None, dates and
    times as ISO text (the date of a date-time).
    """
    from python_calamine import CalamineWorkbook  # noqa: PLC0415 - only for XLSX input

    try:
        workbook = CalamineWorkbook.from_path(str(p))
        sheet = workbook.get_sheet_by_index(0)
        # From A1 on, as the sheet's rows are numbered (not from the first cell in use).
        values = sheet.to_python(skip_empty_area=False)
    except Exception as exc:
        raise InputError(p.name, None, f"kan inte läsa XLSX-filen: {exc}") from None
    name = f"{p.name}[{sheet.name}]"
    iterator = iter(values)
    try:
        header = [_cell(v) for v in next(iterator)]
    except StopIteration:
        raise InputError(name, 1, "bladet är tomt") from None
    headers = [header_name(str(h)) if h is not None else "" for h in header]
    table = Table(name, headers, iter(()), "xlsx", where="row")

    def rows() -> Iterator[Row]:
        for index, raw in enumerate(iterator, start=2):
            cells = [_cell(v) for v in raw]
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells):
                continue
            yield Row(index, dict(zip(headers, cells, strict=False)))

    table.rows = _not_empty(table, rows())
    return table


def _cell(value: object) -> Value:
    if value is None or (isinstance(value, str) and value == ""):
        return None
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, bool | int | str):
        return value
    return str(value.date() if isinstance(value, dt.datetime) else value)
