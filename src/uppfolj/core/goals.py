"""Goals with indicators: where an outcome comes from, and whether the goal is fulfilled.

A goal (`mål`) has an indicator with a target (`malvarde`) and a direction (`riktning`): higher
is better (`hogre`) or lower is better (`lagre`). Its outcome is entered, or taken from the
volumes (`statistik:MATT`) or from Kolada (`kolada:KPI`). Pure: no files, no database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from uppfolj.core.choices import Choice, MeasureKind


class Direction(Choice):
    """Which way an indicator is better."""

    HIGHER = "hogre", "högre är bättre"
    LOWER = "lagre", "lägre är bättre"


class Fulfilment(Choice):
    """The contract's three grades of a goal with an outcome."""

    MET = "uppfyllt", "Uppfyllt"
    PARTLY = "delvis", "Delvis uppfyllt"
    NOT_MET = "ej uppfyllt", "Ej uppfyllt"


class SourceKind(Choice):
    """Where a goal's outcome comes from when it is not entered."""

    KOLADA = "kolada", "Kolada"
    STATISTICS = "statistik", "volymstatistik"


@dataclass(frozen=True, slots=True)
class Source:
    """`kolada:N31807` or `statistik:vardygn`."""

    kind: SourceKind
    key: str  # the KPI id or the measure code

    def __str__(self) -> str:
        return f"{self.kind.value}:{self.key}"

    @classmethod
    def parse(cls, text: str) -> Source | None:
        """The source a `kalla` names; None for an empty one. Raises ValueError for a bad one."""
        text = text.strip()
        if not text:
            return None
        kind, _, key = text.partition(":")
        key = key.strip()
        try:
            source_kind = SourceKind(kind.strip().lower())
        except ValueError:
            raise ValueError(f'"{text}" ska vara kolada:KPI eller statistik:MÅTT') from None
        if not key:
            raise ValueError(f'"{text}" saknar {"KPI" if source_kind is SourceKind.KOLADA else "mått"} efter kolonet')
        return cls(source_kind, key)


@dataclass(frozen=True, slots=True)
class GoalRecord:
    """One row of a goals file (CONTRACT *goals*)."""

    year: int
    code: str  # kod
    name: str  # namn: the goal as printed
    indicator: str  # indikator
    unit: str | None  # enhet: an organisation unit's code, None for the whole organisation
    target: Decimal  # malvarde
    direction: Direction  # riktning
    outcome: Decimal | None = None  # utfall, when entered
    previous: Decimal | None = None  # foregaende: last year's outcome
    source: Source | None = None  # kalla
    line: int = 0
    comment: str = ""  # kommentar (optional column): the analysis text; empty keeps the web's


@dataclass(frozen=True, slots=True)
class GoalResult:
    """A goal as a report shows it: the outcome found and the fulfilment computed."""

    code: str
    name: str
    indicator: str
    unit: str | None
    target: Decimal
    direction: Direction
    outcome: Decimal | None
    previous: Decimal | None
    source: Source | None = None
    comment: str = ""

    @property
    def fulfilment(self) -> Fulfilment | None:
        return fulfilment(self.target, self.direction, self.outcome, self.previous)


def reaches(value: Decimal, target: Decimal, direction: Direction) -> bool:
    """Whether a value reaches the target in the direction (at the target counts as reached)."""
    return value >= target if direction is Direction.HIGHER else value <= target


def fulfilment(target: Decimal, direction: Direction, outcome: Decimal | None,
               previous: Decimal | None) -> Fulfilment | None:
    """`uppfyllt` when the outcome reaches the target in its direction; `delvis` when it has not
    but moved from last year's outcome toward the target, that is in the better direction (an
    unchanged outcome has not moved); `ej uppfyllt` otherwise, also without last year's outcome; None without an outcome."""
    if outcome is None:
        return None
    if reaches(outcome, target, direction):
        return Fulfilment.MET
    if previous is not None and outcome != previous and reaches(outcome, previous, direction):
        return Fulfilment.PARTLY
    return Fulfilment.NOT_MET


def combine(values: Sequence[Decimal], kind: MeasureKind) -> Decimal | None:
    """Values of a measure put together: their sum for `summa`, their mean for `medel` (two
    decimals, halves up, as the volumes show); None for none."""
    if not values:
        return None
    total = sum(values, Decimal(0))
    if kind is MeasureKind.MEAN:
        return (total / len(values)).quantize(Decimal("0.01"))
    return total


def statistics_outcome(monthly: dict[int, dict[str, Decimal]], kind: MeasureKind, month: int) -> Decimal | None:
    """A measure's value over months 1..month for a set of units.

    `monthly` maps a month to each unit's value that month. Each month the units combine (sum
    for `summa`, mean for `medel`), then the months combine the same way. None where no month
    up to `month` has a value.
    """
    per_month = [value for m in sorted(monthly) if m <= month
                 if (value := combine(list(monthly[m].values()), kind)) is not None]
    return combine(per_month, kind)
