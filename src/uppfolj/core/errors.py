"""Errors about input data, always with their source (file and line, or sheet and row)."""

from __future__ import annotations

from dataclasses import dataclass


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

    The string form is the one-line message the command line prints:
    ``actuals.csv:4: belopp "12x3" är inte ett tal``.
    """

    def __init__(self, file: str, line: int | None, message: str) -> None:
        self.problem = Problem(file, line, message)
        super().__init__(str(self.problem))

    @property
    def file(self) -> str:
        return self.problem.file

    @property
    def line(self) -> int | None:
        return self.problem.line

    @property
    def message(self) -> str:
        return self.problem.message


class UserError(Exception):
    """A refusal the user can act on (nothing loaded yet, a locked month, a missing right).

    The message is Swedish; the command line prints `uppfolj: <message>` and exits 1.
    """
