"""Code patterns (`5120`, `5100-5199`, `51*`, `37*-39*`) as used by ansvar, verksamhet, konton."""

from __future__ import annotations

from dataclasses import dataclass


class PatternError(ValueError):
    """A pattern that cannot be read; the message is Swedish."""


@dataclass(frozen=True, slots=True)
class Pattern:
    """One element of a pattern list. `kind` is code, range, prefix or prefixrange."""

    kind: str
    low: str
    high: str = ""

    def matches(self, code: str) -> bool:
        if self.kind == "code":
            return code == self.low
        if self.kind == "prefix":
            return code.startswith(self.low)
        if self.kind == "prefixrange":
            width = len(self.low)
            head = code[:width]
            return len(head) == width and self.low <= head <= self.high
        # range
        if self.low.isdigit() and self.high.isdigit():
            return code.isdigit() and int(self.low) <= int(code) <= int(self.high)
        return self.low <= code <= self.high

    def __str__(self) -> str:
        if self.kind == "code":
            return self.low
        if self.kind == "prefix":
            return f"{self.low}*"
        if self.kind == "prefixrange":
            return f"{self.low}*-{self.high}*"
        return f"{self.low}-{self.high}"


CATCH_ALL = "*"


def parse_patterns(text: str) -> tuple[Pattern, ...]:
    """Parse a comma-separated pattern list. `*` alone is handled by the caller (catch-all)."""
    result: list[Pattern] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        result.append(_parse_one(part))
    return tuple(result)


def _parse_one(part: str) -> Pattern:
    if part == CATCH_ALL:
        raise PatternError("* kan bara stå ensamt")
    if "-" in part:
        low, _, high = part.partition("-")
        low, high = low.strip(), high.strip()
        if low.endswith("*") and high.endswith("*"):
            lo, hi = low[:-1], high[:-1]
            if not lo or not hi or len(lo) != len(hi) or "*" in lo + hi or lo > hi:
                raise PatternError(f'intervallet "{part}" går inte att läsa')
            return Pattern("prefixrange", lo, hi)
        if not low or not high or "*" in low + high:
            raise PatternError(f'intervallet "{part}" går inte att läsa')
        ordered = int(low) <= int(high) if low.isdigit() and high.isdigit() else low <= high
        if not ordered:
            raise PatternError(f'intervallet "{part}" är baklänges')
        return Pattern("range", low, high)
    if part.endswith("*"):
        head = part[:-1]
        if not head or "*" in head:
            raise PatternError(f'mönstret "{part}" går inte att läsa')
        return Pattern("prefix", head)
    if "*" in part:
        raise PatternError(f'mönstret "{part}" går inte att läsa')
    return Pattern("code", part)


def _digit_intervals(pattern: Pattern, max_len: int) -> list[tuple[int, int, int]] | None:
    """The pattern as (length, low, high) integer intervals of all-digit codes, when it is one."""
    if pattern.kind == "code":
        return [(len(pattern.low), int(pattern.low), int(pattern.low))] if pattern.low.isdigit() else None
    if pattern.kind == "range":
        if not (pattern.low.isdigit() and pattern.high.isdigit()):
            return None
        lo, hi = int(pattern.low), int(pattern.high)
        # Integer ranges ignore length; express them per length so prefixes can be compared.
        out = []
        for length in range(1, max_len + 1):
            a, b = max(lo, 10 ** (length - 1) if length > 1 else 0), min(hi, 10**length - 1)
            if a <= b:
                out.append((length, a, b))
        return out
    if pattern.kind in ("prefix", "prefixrange"):
        lo_s, hi_s = pattern.low, pattern.high or pattern.low
        if not (lo_s.isdigit() and hi_s.isdigit()):
            return None
        out = []
        for length in range(len(lo_s), max_len + 1):
            scale = 10 ** (length - len(lo_s))
            out.append((length, int(lo_s) * scale, (int(hi_s) + 1) * scale - 1))
        return out
    return None


def overlap(a: Pattern, b: Pattern) -> bool:
    """Whether some code is matched by both patterns (exact for digit codes, conservative else)."""
    max_len = max(len(a.low), len(a.high), len(b.low), len(b.high), 1) + 8
    ia, ib = _digit_intervals(a, max_len), _digit_intervals(b, max_len)
    if ia is not None and ib is not None:
        return any(la == lb and lo1 <= hi2 and lo2 <= hi1 for la, lo1, hi1 in ia for lb, lo2, hi2 in ib)
    # Text codes: compare by their leading strings.
    for x, y in ((a, b), (b, a)):
        if x.kind == "code" and y.matches(x.low):
            return True
    if a.kind == "prefix" and b.kind == "prefix":
        return a.low.startswith(b.low) or b.low.startswith(a.low)
    return False


class Matcher:
    """Finds which owner (unit or template row) takes a code; results are cached per code."""

    def __init__(self, owners: list[tuple[str, tuple[Pattern, ...]]], catch_all: str | None = None):
        self._owners = owners
        self._catch_all = catch_all
        self._cache: dict[str, str | None] = {}
        # Single codes are looked up, not scanned: a city's 300 units each naming their cost
        # centre would otherwise cost units × codes pattern tests per report. The first owner
        # in order still wins: only owners before the exact one are scanned for their other patterns.
        self._exact: dict[str, int] = {}
        self._scan: list[tuple[int, tuple[Pattern, ...]]] = []
        for index, (_, patterns) in enumerate(owners):
            for p in patterns:
                if p.kind == "code":
                    self._exact.setdefault(p.low, index)
            rest = tuple(p for p in patterns if p.kind != "code")
            if rest:
                self._scan.append((index, rest))

    def owner(self, code: str) -> str | None:
        try:
            return self._cache[code]
        except KeyError:
            pass
        found = None
        if code:
            best = self._exact.get(code)
            for index, patterns in self._scan:
                if best is not None and index > best:
                    break
                if any(p.matches(code) for p in patterns):
                    best = index
                    break
            if best is not None:
                found = self._owners[best][0]
        if found is None:
            found = self._catch_all
        self._cache[code] = found
        return found
