"""Read a SIE 4 file line by line: ledger rows stream out, everything else stays small.

>>> reader = SieReader("bokslut.se")            # doctest: +SKIP
>>> for record in reader.ledger_records(): ...  # one LedgerRecord per counted #TRANS
>>> reader.budget_records(), reader.info.checks # after the stream has ended

#TRANS rows are yielded as they are read. #PSALDO rows are kept and yielded after the
vouchers, for the years that turned out to have no vouchers (known only at the end).

A bad record (an amount that is not a number, a date that does not exist, an unknown
dimension...) is noted in `problems` and left out, and reading goes on; the problems are raised
together when the vouchers have been read (at once past the limit). The good rows are still
yielded meanwhile, so that a consumer can check them too (codes too long for the database); it
writes inside a transaction, which the error rolls back. What breaks the file's structure (a
brace never closed, a file cut off, not a SIE file) stops reading at once, after the problems
found before it.

Real exports are read leniently where the meaning is plain, each time with a warning naming
FILE:LINE among the checks: a quote still open at the end of a line closes there (unless
`strict`: then it is a problem as any other), a voucher dated outside the #RAR 0 year is read on
its own date, and a name with replacement characters (U+FFFD: letters lost before the file
reached us) is kept as it is written.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from contextlib import suppress
from itertools import chain
from pathlib import Path
from typing import Any, BinaryIO, cast

from uppfolj.core.errors import InputError, Problems
from uppfolj.core.money import Ore
from uppfolj.core.records import BudgetRecord, Check, LedgerRecord
from uppfolj.ingest.sie import header, periods, verify
from uppfolj.ingest.sie.encoding import FALLBACK, SAMPLE_BYTES, detect_encoding, fallback_count
from uppfolj.ingest.sie.fastpath import TRANS_RAW, VER_LINE, members
from uppfolj.ingest.sie.lexer import Field, LexError, ObjectList, close_open_quote, split_fields
from uppfolj.ingest.sie.model import (
    RESERVED_DIMENSIONS,
    AccountKey,
    ObjectKey,
    PeriodKey,
    PeriodRow,
    SieInfo,
    YearIndex,
    resolve_dimensions,
)
from uppfolj.ingest.sie.values import (
    FieldError,
    parse_date,
    parse_ore,
    parse_period,
    parse_year_index,
)
from uppfolj.ingest.sie.vouchers import OpenVoucher, VoucherRow, same_row

Progress = Callable[[int], None]
PROGRESS_LINES = 1 << 14  # report progress every 16,384 lines (about once per MiB)
MAX_UNKNOWN_TAGS = 100  # kinds of unknown record counted by name; the rest together
OBJECT_CACHE = 100_000  # object lists whose dimensions were read, kept to skip the work next time
FAST_CACHE = 50_000  # #TRANS heads and ends of each kind checked once for the hot loop, at most
_When = tuple[dt.date, YearIndex | None, int]  # day, #RAR year index, YYYYMM
_Values = tuple[str, str, str, ObjectList]
# day, year, month, the sums by account of its #RAR year and month (None outside them), year index
_FastWhen = tuple[dt.date, int, int, "defaultdict[str, Ore]", YearIndex | None]  # cost centre, activity, project, the (dimension, object) pairs
_FastHead = tuple[str]  # the account of a #TRANS head
_FastAfter = tuple["_FastWhen | None", str]  # the day (None: the voucher's) and text of a #TRANS end
# A shape of #TRANS head or end that the hot loop leaves to the general reading: unpacking it
# as a _FastHead or _FastAfter fails (ValueError), which sends the line on.
_NOT_FAST: Any = ()
_BOM = b"\xef\xbb\xbf"
_STAND_IN_DATE = dt.date(2000, 1, 1)  # for a voucher whose own date was refused (_voucher_date)
_ROW_TAGS = frozenset({"#TRANS", "#RTRANS", "#BTRANS"})
# Records whose texts are names that end up in the master data or on the reports.
_NAME_TAGS = frozenset({"#FNAMN", "#KONTO", "#OBJEKT", "#DIM", "#UNDERDIM", "#ADRESS"})
# U+FFFD as read, and as its UTF-8 bytes look when the file is read as CP437 or Latin-1.
_REPLACEMENTS = ("\ufffd", "\ufffd".encode().decode("cp437"), "\ufffd".encode().decode("latin-1"))


class RecordStream(chain[LedgerRecord]):
    """The ledger rows of a SieReader, one at a time (an itertools.chain over its batches, so
    that taking a row is a step in C); `close()` ends the reading as a generator's would."""

    batches: Generator[Sequence[LedgerRecord], None, None]

    def close(self) -> None:
        self.batches.close()


class SieReader:
    """One pass over one SIE 4 file. Use :meth:`ledger_records` once, then the rest."""

    def __init__(
        self,
        path: str | Path,
        *,
        dims: Mapping[str, int] | None = None,
        progress: Progress | None = None,
        strict: bool = False,
    ) -> None:
        self.path = Path(path)
        self._strict = strict  # a quote left open at the end of a line is a problem, not a warning
        self._line_ended = True  # whether the line being read ends with a line end
        self.name = self.path.name
        self.info = SieInfo(file=self.name)
        self.problems = Problems(self.name)
        chosen = resolve_dimensions(dims)
        self._cost_centre_dim = chosen.get("ansvar", "")
        self._activity_dim = chosen.get("verksamhet", "")
        self._project_dim = chosen.get("projekt", "")
        self._progress = progress
        self._line = 0
        self._voucher: OpenVoucher | None = None
        self._in_block = False
        self._good_dims: set[str] = {str(n) for n in range(1, RESERVED_DIMENSIONS + 1)}
        self._when_by_date: dict[dt.date, _When] = {}
        self._when_by_text: dict[str, _When] = {}
        self._object_values: dict[str, _Values] = {}
        self._fast_when_by_text: dict[str, _FastWhen] = {}
        # The hot loop's caches (see _learn_shapes); _NOT_FAST for a shape it leaves to the
        # general reading.
        self._fast_heads: dict[str, _FastHead] = {}
        self._fast_afters: dict[str, _FastAfter] = {}
        # Sums of the fast path's rows per (year index, YYYYMM), by account; added to
        # _trans_sums at the end of the file.
        self._period_sums: dict[tuple[YearIndex, int], defaultdict[str, Ore]] = {}
        self._unused_sums: defaultdict[str, Ore] = defaultdict(int)
        # Rows per (year index, account, dimension, object), kept only when the file has #OIB/#OUB
        # before its vouchers (the order SIE prescribes); None otherwise.
        self._object_sums: dict[ObjectKey, Ore] | None = None
        self._late_object_balances = False
        self._trans_sums: dict[PeriodKey, Ore] = defaultdict(int)
        self._voucher_years: set[YearIndex] = set()
        self._undated_years = False  # vouchers dated outside every #RAR
        self._calendar_years: set[int] = set()
        self._balances = verify.Balances()
        self._psaldo: list[PeriodRow] = []
        self._pbudget: list[PeriodRow] = []
        self._budget: list[BudgetRecord] | None = None
        self._checks: list[Check] = []
        self._unbalanced = 0  # vouchers whose rows do not add up to zero
        self._outside = 0  # #PSALDO/#PBUDGET rows whose period is outside their #RAR year
        self._lenient: dict[str, int] = defaultdict(int)  # warnings of lenient reading, by code
        self._checksum_open = False
        self._checksum_closed = False
        self._checksum: int | None = None  # CRC-32 so far, while between the two #KSUMMA
        self._started = False

    # -- the stream -------------------------------------------------------------------------

    def ledger_records(self) -> RecordStream:
        """Every counted ledger row: #TRANS as read, then #PSALDO of years without vouchers.

        The rows come in batches from the reading (see _read_lines), flattened by the stream:
        a consumer sees one row at a time, the batches only save a generator step per row."""
        batches = self._batches()
        stream = cast("RecordStream", RecordStream.from_iterable(batches))
        stream.batches = batches
        return stream

    def _batches(self) -> Generator[Sequence[LedgerRecord], None, None]:
        if self._started:
            raise RuntimeError("a SieReader reads its file once")
        self._started = True
        try:
            handle = self.path.open("rb")
        except OSError as error:
            raise InputError(self.name, None, f"filen kan inte läsas: {error.strerror}") from None
        with handle:
            yield from self._read_lines(handle)
        self._end_of_file()
        self.problems.raise_if_any()  # before the #PSALDO rows and checks: they would say nothing
        for record in self._psaldo_records():
            yield (record,)
        self._finish()

    def budget_records(self) -> list[BudgetRecord]:
        """The #PBUDGET rows that count, as budget records (after :meth:`ledger_records`)."""
        if self._budget is None:
            raise RuntimeError("read the ledger records first")
        return self._budget

    def _read_lines(self, handle: BinaryIO) -> Iterator[Sequence[LedgerRecord]]:
        sample = handle.read(SAMPLE_BYTES)
        self._refuse_non_sie(sample)
        encoding = self.info.encoding = detect_encoding(sample)
        handle.seek(0)
        # Text mode decodes in large chunks (much faster than line by line); newline="" keeps
        # the line ends, so a last line without one (a cut-off file) can be told apart.
        text = io.TextIOWrapper(handle, encoding=encoding, errors=FALLBACK, newline="")
        fallbacks_before = fallback_count()
        # The hot loop. A #TRANS line inside a voucher with no #RTRANS pending and no checksum
        # running is counted right here, with everything it needs in local variables, in one of
        # two ways: split at its first } into a head ("#TRANS 4010 {1 5123") and a tail, where the
        # head and what follows the amount are looked up in caches of shapes already checked
        # (see _fast_head and _fast_after), so that a usual line costs a partition, a split and
        # a few dictionary look-ups; else, when the line has the usual shape, by one regular
        # expression (fastpath.py). Every other line goes to _line_records, after which the
        # locals are read again from the reader. The voucher's total and the count of rows are
        # kept here while the fast path runs and written back before any other line.
        progress, match, match_ver = self._progress, TRANS_RAW, VER_LINE
        object_values, fast_when = self._object_values, self._fast_when_by_text
        heads, afters = self._fast_heads, self._fast_afters
        new_record = tuple.__new__
        line_no = self._line
        # Rows are yielded in batches: those of the fast path gather in `batch` until a line
        # that the fast path does not read, or PROGRESS_LINES lines; so a consumer sees them
        # before any problem of a later line is noted, as if they were yielded one by one.
        # Progress is reported at the same lines, as the bytes read so far.
        batch: list[LedgerRecord] = []
        add = batch.append
        next_progress = line_no + PROGRESS_LINES
        fast = False  # in a voucher's { }, no #RTRANS pending, no checksum running: #TRANS read here
        outside = False  # outside a voucher, no checksum running: #VER read here (fastpath.py)
        voucher: OpenVoucher | None = None
        voucher_when: _FastWhen | None = None
        ident = voucher_text = ""
        object_sums: dict[ObjectKey, Ore] | None = None
        total = count = 0
        try:
            for raw in text:
                line_no += 1
                if line_no == next_progress:
                    next_progress += PROGRESS_LINES
                    if progress is not None:
                        progress(handle.tell())
                    if batch:
                        yield batch
                        batch = []
                        add = batch.append
                try:
                    if fast:
                        head, _, rest = raw.partition("{")
                        inner, closed, tail = rest.partition("} ")
                        if closed:  # "{…} " (a } line has no {)
                            amount_text, _, after = tail.partition(" ")
                            if not after:  # the amount last on its line
                                amount_text = amount_text.rstrip()
                            try:
                                # A shape not seen before (KeyError), one left to the general reading
                                # (_NOT_FAST: ValueError) or an amount not of the usual kind
                                # (ValueError) leaves the line to the ways below.
                                (account,) = heads[head]
                                cost_centre, activity, project, pairs = object_values[inner]
                                when, row_text = afters[after]
                                if when is None:  # the voucher's date (a voucher without one: below)
                                    if voucher_when is None:
                                        assert voucher is not None
                                        voucher_when = self._fast_when(self._when_of_voucher(voucher, line_no))
                                    when = voucher_when
                                # Two decimals, the usual ("-1234.50" → -123450), or none; not what
                                # int() reads but SIE does not (digits of other scripts, 1_000).
                                if not amount_text.isascii() or "_" in amount_text:
                                    raise ValueError(amount_text)
                                if amount_text[-3:-2] == ".":
                                    amount = int(amount_text.replace(".", "", 1))
                                elif "." not in amount_text:
                                    amount = int(amount_text) * 100
                                else:
                                    raise ValueError(amount_text)
                            except (KeyError, ValueError):
                                if head not in heads or inner not in object_values or after not in afters:
                                    self._line = line_no
                                    self._learn_shapes(head, inner, after)
                            else:
                                day, year, month, sums, year_index = when
                                total += amount
                                count += 1
                                sums[account] += amount
                                if object_sums is not None and pairs and year_index is not None:
                                    self._add_object_sums(year_index, account, pairs, amount)
                                add(new_record(LedgerRecord, (
                                    year, month, cost_centre, account, amount, activity, project,
                                    ident, row_text or voucher_text, day, line_no,
                                )))
                                continue
                    if batch:
                        yield batch
                        batch = []
                        add = batch.append
                    if fast and rest and "\x00" not in raw and (matched := match(raw)) is not None:
                        quoted, bare, inner, amount_text, date, quoted_date, row_text = matched.groups()
                        values = object_values.get(inner)
                        if values is None:
                            self._line = line_no
                            values = self._dimension_values(members(inner), inner)
                        if amount_text[-3:-2] == ".":  # two decimals, the usual: "-1234.50" → -123450
                            amount = int(amount_text.replace(".", ""))
                        else:
                            whole, _, fraction = amount_text.partition(".")
                            if len(fraction) <= 2:
                                amount = int(whole + (fraction + "00")[:2])
                            else:
                                amount = parse_ore(amount_text)
                        day_text = date or quoted_date
                        if day_text:
                            when = fast_when.get(day_text)
                            if when is None:
                                self._line = line_no
                                when = fast_when[day_text] = self._fast_when(self._when_of_text(day_text))
                        else:
                            when = voucher_when
                            if when is None:
                                assert voucher is not None
                                when = voucher_when = self._fast_when(self._when_of_voucher(voucher, line_no))
                        day, year, month, sums, year_index = when
                        account = quoted or bare or ""
                        total += amount
                        count += 1
                        sums[account] += amount
                        cost_centre, activity, project, pairs = values
                        if object_sums is not None and pairs and year_index is not None:
                            self._add_object_sums(year_index, account, pairs, amount)
                        add(new_record(LedgerRecord, (
                            year, month, cost_centre, account, amount, activity, project,
                            ident, row_text or voucher_text, day, line_no,
                        )))
                        continue
                    line = raw.strip()
                    if not line:
                        continue
                    self._line = line_no
                    self._line_ended = raw[-1] in "\r\n"
                    if "\x00" in line:  # no text format has it; databases refuse it in text columns
                        raise self._error("raden innehåller ett NUL-tecken: filen är ingen SIE-textfil")
                    # The voucher's }, its #VER and its { set the loop's state themselves (as
                    # the end of the loop would) and go on to the next line.
                    if fast:
                        assert voucher is not None
                        voucher.total += total
                        self.info.transactions += count
                        total = count = 0
                        if line == "}":
                            self._close_voucher(voucher)  # no #RTRANS pending: no rows
                            voucher = None
                            fast = False
                            outside = True  # no checksum running, or `fast` had been False
                            continue
                        records = self._line_records(line)
                    elif outside and (opened := match_ver(line)) is not None:
                        self.info.records += 1
                        series, bare_series, number, bare_number, date, quoted_date, row_text = opened.groups()
                        day_text = date or quoted_date
                        self._open_voucher_with(
                            series or bare_series or "", number or bare_number or "",
                            self._voucher_date(day_text), row_text or "",
                        )
                        voucher = self._voucher
                        outside = False
                        continue
                    elif line == "{" and voucher is not None and not self._in_block:  # as _bare_line
                        voucher.brace_line = line_no
                        self._in_block = True
                        fast = voucher.pending is None and self._checksum is None
                        if fast:
                            ident, voucher_text, object_sums = voucher.ident, voucher.text, self._object_sums
                            voucher_when = None
                        continue
                    else:
                        records = self._line_records(line)
                except LexError as fault:
                    self._line = line_no
                    if not raw.endswith(("\n", "\r")):
                        raise self._error(f"filen tar slut mitt i en post: {fault}") from None
                    # One line is one record: the next is read on its own.
                    self.problems.add(line_no, str(fault))
                    self._after_bad_record(raw)
                    records = ()
                except FieldError as fault:
                    self._line = line_no
                    self.problems.add(line_no if fault.line is None else fault.line, str(fault))
                    self._after_bad_record(raw)
                    records = ()
                if records:
                    batch += records
                voucher = self._voucher
                fast = self._in_block and voucher is not None and voucher.pending is None and self._checksum is None
                outside = voucher is None and self._checksum is None
                if fast:
                    assert voucher is not None
                    ident, voucher_text, object_sums = voucher.ident, voucher.text, self._object_sums
                    voucher_when = None
            if batch:
                yield batch
        finally:
            text.detach()  # the file itself is closed by ledger_records
            self._line = line_no
            if voucher is not None and fast:
                voucher.total += total
                self.info.transactions += count
        self._merge_period_sums()
        self.info.lines = self._line
        self.info.fallback_bytes = fallback_count() - fallbacks_before
        if self._progress is not None:
            self._progress(self.path.stat().st_size)

    def _learn_shapes(self, head: str, inner: str, after: str) -> None:
        """Check the parts of a #TRANS line for the hot loop's caches, the first time each is seen.

        The head is the line up to its first { (without it): the cache keeps its account. The
        object list (between { and the first }) goes to the cache of _dimension_values. The end
        is what follows the amount, stripped: the cache keeps its day (None: the voucher's) and
        its text. Each is checked as the regular expression of the usual shape (fastpath.py)
        reads it, so the general lexer gives the same fields for the line (the tests compare
        them); a head or end of another shape is kept as _NOT_FAST and its lines read as before.
        An object list or a date that is refused is not kept (the general reading notes the
        problem), nor anything once a cache holds FAST_CACHE shapes.
        """
        heads, afters = self._fast_heads, self._fast_afters
        if head not in heads and len(heads) < FAST_CACHE and "\x00" not in head:
            matched = TRANS_RAW(head + "{} 0")
            heads[head] = _NOT_FAST if matched is None else (matched.group(1) or matched.group(2) or "",)
        if inner not in self._object_values and "\x00" not in inner:
            matched = TRANS_RAW("#TRANS 0 {" + inner + "} 0")
            if matched is not None:
                with suppress(ValueError):  # LexError, FieldError: an odd list, an unknown dimension
                    self._dimension_values(members(inner), inner)
        if after not in afters and len(afters) < FAST_CACHE:
            matched = TRANS_RAW("#TRANS 0 {} 0 " + after) if "\x00" not in after else None
            if matched is None:
                afters[after] = _NOT_FAST
                return
            date, quoted_date, row_text = matched.group(5, 6, 7)
            day_text = date or quoted_date
            when = None
            if day_text:
                when = self._fast_when_by_text.get(day_text)
                if when is None:
                    try:
                        when = self._fast_when_by_text[day_text] = self._fast_when(self._when_of_text(day_text))
                    except FieldError:
                        return
            afters[after] = (when, row_text or "")

    def _fast_when(self, when: _When) -> _FastWhen:
        """What the fast path needs of a day: the day, its year and month, the sums of its period
        by account (None outside every #RAR year), its year index."""
        day, year_index, period = when
        sums = self._unused_sums  # outside every #RAR year: summed, never read
        if year_index is not None:
            sums = self._period_sums.get((year_index, period)) or defaultdict(int)
            self._period_sums[(year_index, period)] = sums
        return day, day.year, day.month, sums, year_index

    def _merge_period_sums(self) -> None:
        """Add the fast path's sums by period and account to those of the other rows."""
        trans_sums = self._trans_sums
        for (year_index, period), sums in self._period_sums.items():
            for account, amount in sums.items():
                trans_sums[(year_index, period, account)] += amount
        self._period_sums.clear()

    def _add_object_sums(self, year_index: YearIndex, account: str, pairs: ObjectList, amount: Ore) -> None:
        sums = self._object_sums
        assert sums is not None
        for dimension, obj in pairs:
            key = (year_index, account, dimension, obj)
            sums[key] = sums.get(key, 0) + amount

    def _when_of_text(self, text: str) -> _When:
        when = self._when_by_text[text] = self._when_of_date(parse_date(text))
        return when

    def _when_of_voucher(self, voucher: OpenVoucher, line: int) -> _When:
        if voucher.date is None:
            raise FieldError(f"{self._voucher_name()} saknar datum och raden har inget eget", line)
        return self._when_of_date(voucher.date)

    def _when_of_date(self, day: dt.date) -> _When:
        """The day, its #RAR year index (None outside them) and its YYYYMM, cached per day."""
        when = self._when_by_date.get(day)
        if when is None:
            year_index = next((y.index for y in self.info.years.values() if y.contains(day)), None)
            when = self._when_by_date[day] = (day, year_index, day.year * 100 + day.month)
            self._calendar_years.add(day.year)
            if year_index is None:
                self._undated_years = True
            else:
                self._voucher_years.add(year_index)
        return when

    def _dimension_values(self, flat: list[str], key: str | None = None) -> _Values:
        """Cost centre, activity, project and pairs of an object list given flat (dimension, object...)."""
        if len(flat) % 2:
            raise LexError("objektlistan har en dimension utan objekt")
        cost_centre = activity = project = ""
        pairs: list[tuple[str, str]] = []
        for index in range(0, len(flat), 2):
            dimension, obj = flat[index], flat[index + 1]
            if dimension not in self._good_dims:
                dimension = self._known_dimension(dimension)
            pairs.append((dimension, obj))
            if dimension == self._cost_centre_dim:
                cost_centre = obj
            if dimension == self._activity_dim:
                activity = obj
            if dimension == self._project_dim:
                project = obj
        values = (cost_centre, activity, project, tuple(pairs))
        if key is not None and len(self._object_values) < OBJECT_CACHE:
            self._object_values[key] = values
        return values

    def _error(self, message: str, line: int | None = None) -> InputError:
        """The error for a problem that ends reading, listing the problems noted before it."""
        return self.problems.stop(self._line if line is None else line, message)

    def _refuse_non_sie(self, sample: bytes) -> None:
        """Refuse what is plainly not SIE 4 before reading on: SIE 5 XML, binaries, other text."""
        head = sample.removeprefix(_BOM).lstrip()
        line = sample[: len(sample) - len(head)].count(b"\n") + 1
        if not head:
            raise InputError(self.name, None, "filen är tom, ingen SIE-fil")
        if head.startswith(b"<"):
            if b"sie5" in head[:4096].lower() or b"<sie" in head[:4096].lower():
                raise InputError(
                    self.name, line,
                    "filen är SIE 5 (XML), inte SIE 4; exportera en SIE 4-fil (typ 4E) ur ekonomisystemet",
                )
            raise InputError(self.name, line, "filen är XML eller HTML, ingen SIE 4-fil")
        if not head.startswith(b"#"):
            raise InputError(self.name, line, "ingen SIE-fil: första raden är ingen #-post")

    # -- one line -----------------------------------------------------------------------------

    def _line_records(self, line: str) -> tuple[LedgerRecord, ...]:
        if line[0] == "\ufeff":  # the byte order mark of a UTF-8 file
            line = line[1:].strip()
            if not line:
                return ()
        if self._in_block:
            return self._block_line(line)
        if line[0] != "#":
            return self._bare_line(line)
        fields = self._fields(line)
        tag = str(fields[0]).upper()
        self.info.records += 1
        if self._checksum is not None and tag != "#KSUMMA":
            self._checksum = verify.checksum(fields, self._checksum)
        if self._voucher is not None:
            raise self._error(f"{self._voucher_name()} följs inte av {{", self._voucher.line)
        handler = header.HANDLERS.get(tag)
        if handler is not None:
            handler(self.info, fields)
            if tag in _NAME_TAGS and any(mark in line for mark in _REPLACEMENTS):
                self._replacement_warning(tag, fields)
            if tag in ("#DIM", "#UNDERDIM"):
                self._good_dims.add(header.dimension_number(str(fields[1])))
        elif tag == "#VER":
            self._open_voucher(fields)
        elif tag in _ROW_TAGS:
            raise FieldError(f"{tag} utanför en verifikation (#VER {{ … }})")
        elif tag in _BALANCE_TAGS:
            self._balance(tag, fields)
        elif tag in ("#PSALDO", "#PBUDGET"):
            self._period_row(tag, fields)
        elif tag == "#KSUMMA":
            self._checksum_record(fields)
        elif tag not in header.IGNORED:
            self._skip(tag)
        return ()

    def _fields(self, line: str) -> list[Field]:
        """The fields of a record line; leniently, a quote left open at its end closes there."""
        try:
            return split_fields(line)
        except LexError:
            if self._strict or not self._line_ended:  # a last line without a line end: cut off
                raise
            fields = close_open_quote(line)
            if fields is None:
                raise
        last = next((f for f in reversed(fields) if isinstance(f, str)), "")
        self._warn(
            "sie_unclosed_quote",
            f'{self.name}:{self._line}: citattecknet avslutas inte på raden ({str(fields[0]).upper()}); '
            f'texten läses till radens slut: "{_shortened(last)}"',
        )
        return fields

    def _replacement_warning(self, tag: str, fields: list[Field]) -> None:
        """A name with replacement characters: kept as written, with a warning naming its record."""
        texts = [f for f in fields[1:] if isinstance(f, str)]
        index = next((i for i, f in enumerate(texts) if any(mark in f for mark in _REPLACEMENTS)), 0)
        record = " ".join([tag, *texts[:index]])
        self._warn(
            "sie_replacement_character",
            f'{self.name}:{self._line}: {record}: namnet "{_shortened(texts[index] if texts else "")}" har '
            "ersättningstecken (\ufffd) där bokstäver gått förlorade innan filen kom hit; "
            "namnet sparas som det står, rätta det i ekonomisystemet",
        )

    def _warn(self, code: str, message: str) -> None:
        """A warning of lenient reading; past MAX_PER_CODE of a code, only counted (memory)."""
        self._lenient[code] += 1
        if self._lenient[code] <= verify.MAX_PER_CODE:
            self._checks.append(Check(verify.WARNING, code, message))

    def _bare_line(self, line: str) -> tuple[LedgerRecord, ...]:
        if line == "{":
            if self._voucher is None:
                raise self._error("{ utan föregående #VER")
            self._voucher.brace_line = self._line
            self._in_block = True
            return ()
        if line == "}":
            raise self._error("} utan {")
        self._skip("(rad utan #)")
        return ()

    def _skip(self, tag: str) -> None:
        """Count a skipped record by its tag; past MAX_UNKNOWN_TAGS kinds, under one name."""
        unknown = self.info.unknown_records
        if tag not in unknown and len(unknown) >= MAX_UNKNOWN_TAGS:
            tag = "(övriga)"
        unknown[tag] += 1

    def _voucher_name(self) -> str:
        voucher = self._voucher
        return f"#VER {voucher.ident}" if voucher is not None and voucher.ident else "#VER"

    # -- vouchers ------------------------------------------------------------------------------

    def _open_voucher(self, fields: list[Field]) -> None:
        series, number = header.text(fields, 1), header.text(fields, 2)
        day = self._voucher_date(header.text(fields, 3))
        self._open_voucher_with(series, number, day, header.text(fields, 4))

    def _after_bad_record(self, raw: str) -> None:
        """After a #VER line that could not be read, open a stand-in voucher, so that its { }
        block is read (and its rows checked) instead of stopping at a { without #VER."""
        words = raw.split(None, 1)
        if words and words[0].upper() == "#VER" and self._voucher is None and not self._in_block:
            self._open_voucher_with("", "", _STAND_IN_DATE, "")

    def _voucher_date(self, text: str) -> dt.date | None:
        """The date of a #VER. One that cannot be read is noted, and the voucher is opened all
        the same with a stand-in date: its braces and rows are then read as usual and their own
        problems found (the file is refused, so the stand-in is never stored)."""
        if not text:
            return None
        try:
            return parse_date(text)
        except FieldError as fault:
            self.problems.add(self._line, str(fault))
            return _STAND_IN_DATE

    def _open_voucher_with(self, series: str, number: str, day: dt.date | None, text: str) -> None:
        ident = f"{series} {number}".strip()
        year = self.info.years.get(0)
        if day is not None and year is not None and not year.contains(day) and day is not _STAND_IN_DATE:
            self._warn(
                "sie_voucher_outside_year",
                f"{self.name}:{self._line}: verifikation {ident or 'utan nummer'} är daterad {day.isoformat()}, "
                f"utanför räkenskapsåret {year.start.isoformat()}–{year.end.isoformat()} (#RAR 0); "
                f"raderna läses in på sina datum",
            )
        self._voucher = OpenVoucher(ident, day, text, self._line)
        self.info.vouchers += 1

    def _block_line(self, line: str) -> tuple[LedgerRecord, ...]:
        voucher = self._voucher
        assert voucher is not None
        if line[0] != "#":
            if line == "}":
                return self._close_voucher(voucher)
            if line == "{":
                raise self._unclosed(voucher)
            self._skip("(rad utan #)")
            return ()
        fields = self._fields(line)
        tag = str(fields[0]).upper()
        self.info.records += 1
        if self._checksum is not None:
            self._checksum = verify.checksum(fields, self._checksum)
        if tag == "#TRANS":
            row = self._row(fields)
            pending, voucher.pending = voucher.pending, None
            if pending is not None and not same_row(pending, row):
                return (self._count_row(voucher, pending), self._count_row(voucher, row))
            return (self._count_row(voucher, row),)
        if tag == "#RTRANS":
            self.info.added_rows += 1
            pending, voucher.pending = voucher.pending, self._row(fields)
            return () if pending is None else (self._count_row(voucher, pending),)
        if tag == "#BTRANS":
            self._row(fields)  # checked, never counted
            self.info.removed_rows += 1
            pending, voucher.pending = voucher.pending, None
            return () if pending is None else (self._count_row(voucher, pending),)
        if tag == "#VER" or tag in header.HANDLERS:
            raise self._unclosed(voucher)
        self._skip(tag)
        return ()

    def _unclosed(self, voucher: OpenVoucher) -> InputError:
        return self._error(
            f"{{ för {self._voucher_name()} avslutas aldrig med }}", voucher.brace_line
        )

    def _close_voucher(self, voucher: OpenVoucher) -> tuple[LedgerRecord, ...]:
        pending = voucher.pending
        try:
            records = () if pending is None else (self._count_row(voucher, pending),)
        finally:
            # Closed even when its last row is refused, so that the lines after it read as usual.
            self._voucher = None
            self._in_block = False
        if voucher.total != 0:
            self._unbalanced += 1
            if self._unbalanced <= verify.MAX_PER_CODE:  # the rest is only counted (memory)
                self._checks.append(
                    verify.voucher_unbalanced(voucher.ident or "utan nummer", voucher.line, voucher.total)
                )
        return records

    def _row(self, fields: list[Field]) -> VoucherRow:
        if len(fields) < 4:
            raise FieldError(f"{fields[0]} ska ha konto, objektlista och belopp")
        account, objects, amount = fields[1], fields[2], fields[3]
        if not isinstance(account, str) or not account:
            raise FieldError(f"{fields[0]} saknar konto")
        if not isinstance(objects, tuple):
            raise FieldError(f"{fields[0]} saknar objektlista {{…}} efter kontot")
        if not isinstance(amount, str):
            raise FieldError(f"{fields[0]} har en objektlista där beloppet ska stå")
        objects = self._check_dimensions(objects)
        ore = parse_ore(amount)  # before the date, as the fast path reads them: the same first problem
        day_text = header.text(fields, 4)
        day = parse_date(day_text) if day_text else None
        return VoucherRow(account, objects, ore, day, header.text(fields, 5), self._line)

    def _count_row(self, voucher: OpenVoucher, row: VoucherRow) -> LedgerRecord:
        """Count a row read by the general lexer (an #RTRANS, or a #TRANS of unusual shape)."""
        flat = [member for pair in row.objects for member in pair]
        cost_centre, activity, project, pairs = self._dimension_values(flat)
        when = self._when_of_date(row.date) if row.date else self._when_of_voucher(voucher, row.line)
        day, year_index, period = when
        voucher.total += row.amount
        self.info.transactions += 1
        if year_index is not None:
            self._trans_sums[(year_index, period, row.account)] += row.amount
            if self._object_sums is not None and pairs:
                self._add_object_sums(year_index, row.account, pairs, row.amount)
        return LedgerRecord(
            day.year, day.month, cost_centre, row.account, row.amount, activity, project,
            voucher.ident, row.text or voucher.text, day, row.line,
        )

    def _check_dimensions(self, objects: ObjectList) -> ObjectList:
        """The object list with every dimension known, written as its number ("01" → "1")."""
        if all(dimension in self._good_dims for dimension, _ in objects):
            return objects
        return tuple((self._known_dimension(dimension), obj) for dimension, obj in objects)

    def _known_dimension(self, dimension: str) -> str:
        number = header.dimension_number(dimension)
        if number in self._good_dims:
            return number
        raise FieldError(f"okänd dimension {dimension} i objektlistan (ingen #DIM {dimension})")

    # -- balances, period rows, checksum ---------------------------------------------------------

    def _balance(self, tag: str, fields: list[Field]) -> None:
        with_objects = tag in ("#OIB", "#OUB")
        index = parse_year_index(header.required(fields, 1, "årsnummer"))
        account = header.required(fields, 2, "konto")
        position = 3
        objects: ObjectList = ()
        if with_objects:
            listed = fields[3] if len(fields) > 3 else None
            if not isinstance(listed, tuple):
                raise FieldError(f"{tag} saknar objektlista {{…}} efter kontot")
            objects = self._check_dimensions(listed)
            position = 4
        amount = parse_ore(header.required(fields, position, "belopp"))
        if with_objects:
            self._object_balance(tag, index, account, objects, amount)
            return
        target = {"#IB": self._balances.opening, "#UB": self._balances.closing, "#RES": self._balances.result}
        if tag in target:
            key: AccountKey = (index, account)
            target[tag][key] = target[tag].get(key, 0) + amount

    def _object_balance(self, tag: str, index: YearIndex, account: str, objects: ObjectList, amount: Ore) -> None:
        """#OIB/#OUB of one object (a list of one pair; longer lists are read, not verified)."""
        if self._object_sums is None:
            self._object_sums = {}
            self._late_object_balances = self.info.transactions > 0
        if len(objects) != 1:
            return
        key = (index, account, *objects[0])
        target = self._balances.object_opening if tag == "#OIB" else self._balances.object_closing
        target[key] = target.get(key, 0) + amount

    def _period_row(self, tag: str, fields: list[Field]) -> None:
        index = parse_year_index(header.required(fields, 1, "årsnummer"))
        period = parse_period(header.required(fields, 2, "period"))
        account = header.required(fields, 3, "konto")
        objects = fields[4] if len(fields) > 4 else None
        if not isinstance(objects, tuple):
            raise FieldError(f"{tag} saknar objektlista {{…}} efter kontot")
        objects = self._check_dimensions(objects)
        amount = parse_ore(header.required(fields, 5, "belopp"))
        row = PeriodRow(index, period, account, objects, amount, self._line)
        year = self.info.years.get(index)
        if year is not None and not year.holds_period(period):
            row.period = year.move_into(period) or period  # the year index decides the year
            self._outside += 1
            if self._outside <= verify.MAX_PER_CODE:
                self._checks.append(verify.period_outside_year(tag, period, row, self.info))
        if tag == "#PSALDO":
            self._psaldo.append(row)
            self.info.psaldo_rows += 1
        else:
            self._pbudget.append(row)
            self.info.pbudget_rows += 1

    def _checksum_record(self, fields: list[Field]) -> None:
        """The first #KSUMMA starts the checksum, the second (with the sum) ends and checks it."""
        if len(fields) == 1 and not self._checksum_open:
            self._checksum_open = True
            self._checksum = 0
            return
        self._checksum_closed = True
        stated, computed, self._checksum = header.text(fields, 1), self._checksum, None
        if computed is not None and stated != str(computed):
            self._checks.append(verify.checksum_mismatch(stated, computed))

    # -- the end ---------------------------------------------------------------------------------

    def _end_of_file(self) -> None:
        voucher = self._voucher
        if voucher is not None and self._in_block:
            raise self._unclosed(voucher)
        if voucher is not None:
            raise self._error(f"{self._voucher_name()} saknar sina rader {{ … }}: filen är avkortad", voucher.line)
        if self._checksum_open and not self._checksum_closed:
            raise self._error("filen är avkortad: den börjar med #KSUMMA men slutar utan kontrollsumma")
        if self.info.records == 0:
            raise self.problems.stop(None, "ingen SIE-fil: filen har inga #-poster")

    def _psaldo_years(self) -> set[YearIndex]:
        """Year indexes whose actuals come from #PSALDO: those without any voucher."""
        years = {row.year_index for row in self._psaldo}
        unknown = {index for index in years if index not in self.info.years}
        if unknown and (self._voucher_years or self._undated_years):
            years -= unknown  # a year without #RAR cannot be told apart from the vouchers' years
        return years - self._voucher_years

    def _psaldo_records(self) -> Iterator[LedgerRecord]:
        years = self._psaldo_years()
        self.info.psaldo_year_indexes = sorted(years)
        used = periods.balance_rows(row for row in self._psaldo if row.year_index in years)
        self._psaldo_used = periods.sum_by_period(used)
        for row in used:
            year, month = divmod(row.period, 100)
            cost_centre, activity, project = self._dimensions(row)
            self._calendar_years.add(year)
            yield LedgerRecord(year, month, cost_centre, row.account, row.amount, activity, project, line=row.line)

    def _finish(self) -> None:
        checked = periods.sum_by_period(
            periods.balance_rows(row for row in self._psaldo if row.year_index in self._voucher_years)
        )
        checks = list(self._checks)
        checks.extend(verify.psaldo_checks(self.info, checked, self._trans_sums))
        actual = verify.per_year(self._trans_sums)
        for key, amount in verify.per_year(self._psaldo_used).items():
            actual[key] = actual.get(key, 0) + amount
        years = self._voucher_years | set(self.info.psaldo_year_indexes)
        checks.extend(verify.balance_checks(self.info, actual, self._balances, years))
        if self._object_sums is not None and not self._late_object_balances:
            checks.extend(verify.object_checks(self.info, self._object_sums, self._balances, self._voucher_years))
        used, disagreements = periods.budget_rows(self._pbudget)
        checks.extend(verify.pbudget_checks(disagreements))
        self._budget = [self._budget_record(row) for row in used]
        self.info.checks = verify.capped(
            checks,
            counted={"sie_voucher_unbalanced": self._unbalanced, "sie_period_outside_year": self._outside,
                     **self._lenient},
        )
        self.info.actual_years = sorted(self._calendar_years)

    def _budget_record(self, row: PeriodRow) -> BudgetRecord:
        year, month = divmod(row.period, 100)
        cost_centre, activity, project = self._dimensions(row)
        return BudgetRecord(year, month, cost_centre, row.account, row.amount, activity, project, row.line)

    def _dimensions(self, row: PeriodRow) -> tuple[str, str, str]:
        """The row's cost centre, activity and project, from the mapped dimensions."""
        objects = dict(row.objects)
        return (
            objects.get(self._cost_centre_dim, ""),
            objects.get(self._activity_dim, ""),
            objects.get(self._project_dim, ""),
        )


_BALANCE_TAGS = frozenset({"#IB", "#UB", "#OIB", "#OUB", "#RES"})


def _shortened(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
