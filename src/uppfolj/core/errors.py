"""Errors about input data, always with their source (file and line, or sheet and row)."""

from __future__ import annotations

import errno
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

# A file with more problems than this is almost always the wrong file or a wrong export
# setting; listing thousands of lines would hide that, so reading stops here.
MAX_PROBLEMS = 50

_P = ParamSpec("_P")
_T = TypeVar("_T")


@dataclass(frozen=True)
class Problem:
    """One finding about an input file: where it is and what is wrong, in Swedish."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.message}"


class InputError(Exception):
    """Bad input: the import is refused and nothing is changed.

    It carries one or more problems; its string form is their lines joined by newlines, what
    the command line prints: ``actuals.csv:4: belopp "12x3" är inte ett tal``. The attributes
    `file`, `line` and `message` are those of the first problem.
    """

    problems: list[Problem]

    def __init__(self, file: str, line: int | None, message: str) -> None:
        self.problems = [Problem(file, line, message)]
        super().__init__(str(self.problems[0]))

    @classmethod
    def of(cls, problems: Iterable[Problem]) -> InputError:
        """An error carrying all the problems, in the order given (at least one)."""
        found = list(problems)
        if not found:
            raise ValueError("an InputError needs at least one problem")
        first = found[0]
        error = cls(first.file, first.line, first.message)
        error.problems = found
        error.args = (str(error),)
        return error

    def __str__(self) -> str:
        return "\n".join(self.lines)

    @property
    def lines(self) -> list[str]:
        """Each problem as its own `file:line: message` line."""
        return [str(p) for p in self.problems]

    @property
    def problem(self) -> Problem:
        return self.problems[0]

    @property
    def file(self) -> str:
        return self.problem.file

    @property
    def line(self) -> int | None:
        return self.problem.line

    @property
    def message(self) -> str:
        return self.problem.message


class Problems:
    """The problems found in one file, collected so that a reader can go on past a bad row.

    A reader adds what it finds and calls :meth:`raise_if_any` when it is done. Past
    `MAX_PROBLEMS`, adding one more raises at once: the error holds the first `MAX_PROBLEMS`
    and a last line saying that reading stopped. Problems are reported in file order (by line,
    stable, file-level ones first), whatever order the checks found them in.
    """

    def __init__(self, file: str, *, limit: int = MAX_PROBLEMS) -> None:
        self.file = file
        self.limit = limit
        # A plain list, public: the actuals hot loop tests it (`if not found`) once per row,
        # which is cheaper than a method call.
        self.found: list[Problem] = []
        self.stopped = False  # a problem past the limit came: the file has more than are listed

    def __len__(self) -> int:
        return len(self.found)

    def __bool__(self) -> bool:
        return bool(self.found)

    def add(self, line: int | None, message: str) -> None:
        """Note a problem; raises `InputError` when it is one more than the limit."""
        if len(self.found) >= self.limit:
            self.stopped = True
            raise self.error()
        self.found.append(Problem(self.file, line, message))

    def add_error(self, error: InputError) -> None:
        """Note every problem of an error raised by a reader of one field or row."""
        for problem in error.problems:
            self.add(problem.line, problem.message)

    def attempt(self, read: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs) -> _T | None:
        """`read(*args, **kwargs)`, or None after noting its `InputError` (the field is bad)."""
        try:
            return read(*args, **kwargs)
        except InputError as error:
            self.add_error(error)
            return None

    def error(self) -> InputError:
        """The error to raise: the problems in file order, and the stop line past the limit."""
        found = sorted(self.found, key=lambda p: -1 if p.line is None else p.line)
        if self.stopped:
            found.append(Problem(self.file, None, f"läsningen avbröts efter {self.limit} fel; filen har fler"))
        return InputError.of(found)

    def stop(self, line: int | None, message: str) -> InputError:
        """The error for a problem after which nothing more can be read (a file cut off, say):
        it comes last, after what was found before it."""
        if len(self.found) >= self.limit:
            self.stopped = True
            return self.error()
        before = self.error().problems if self.found else []
        return InputError.of([*before, Problem(self.file, line, message)])

    def raise_if_any(self) -> None:
        if self.found:
            raise self.error()


class UserError(Exception):
    """A refusal the user can act on (nothing loaded yet, a locked month, a missing right).

    The message is Swedish; the command line prints `uppfolj: <message>` and exits 1.
    """


# SQLite's "database or disk is full" (SQLITE_FULL) and PostgreSQL's disk_full SQLSTATE class 53100.
_SQLITE_FULL = 13
_PG_DISK_FULL = "53100"
DISK_FULL = "Disken är full"


def is_disk_full(error: BaseException) -> bool:
    """Whether `error`, or an error it was raised from, says the disk (or the database) is full.

    Recognises an `OSError` with errno ENOSPC or EDQUOT (a write of a file), SQLite's SQLITE_FULL
    (`sqlite3.Error.sqlite_errorcode`) and PostgreSQL's disk_full (SQLSTATE 53100, as psycopg's
    `sqlstate` or psycopg2's `pgcode`); Django's database errors carry the driver's as `__cause__`.
    """
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        if getattr(current, "sqlite_errorcode", None) == _SQLITE_FULL:
            return True
        if _PG_DISK_FULL in (getattr(current, "sqlstate", None), getattr(current, "pgcode", None)):
            return True
        current = current.__cause__ or current.__context__
    return False
