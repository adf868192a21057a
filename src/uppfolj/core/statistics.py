"""Volumes and unit costs: how a measure's months and units combine, and what a unit of volume costs.

Rules (CONTRACT *statistics* and the JSON report's `statistics`):

- A month's value of a unit is its own value. A unit above the units that hold a measure shows
  their total: every month the sum of their values, for `summa` flows and `medel` levels alike
  (årsarbetare add up across units), except a measure in percent (sjukfrånvaro %), which is the
  mean of the units with a value that month (percentages do not add).
- The period value of months 1..M: their sum for `summa`; for `medel` the mean over the months
  that *have* a value. A missing month is unknown, not zero: it is left out of the sum and out
  of the mean's count (a month not yet reported would otherwise pull a level toward 0). No
  value in any of the months: null.
- The unit cost is the cost base's actual (ledger sign, öre) divided by the period value, in
  öre per unit of volume, rounded to the öre, halves away from zero; null where the volume is
  missing or 0 and where the actual is null (no ledger data for the previous year). Measures in
  percent get one too, as the contract's rule says, but documents do not print it (a cost per
  percentage point of sick leave means nothing).
  The cost base is the unit's own `actual` when the unit holds the values itself, as the
  contract says; the JSON report has only these lines. A unit that shows the total of units
  below it (documents and pages only) divides the actual of those units (the topmost of them,
  so nothing counts twice), not its own, since its other units do not produce that volume. For `medel` measures this gives the cost per average unit of the
  level over the period (per årsarbetare for months 1..M, not annualised).

All arithmetic is exact (fractions); rounding happens once, at the edge (`StatisticLine`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from uppfolj.core.choices import MeasureKind
from uppfolj.core.money import VOLUME_PLACES, Ore, round_half_away

PERCENT_TEXTS = frozenset({"%", "procent"})
PERSONNEL_CODES = ("arsarbetare", "sjukfranvaro")  # the measures the annual report's Personal shows


@dataclass(frozen=True, slots=True)
class MeasureInfo:
    """A volume measure as stored: code, printed name, unit text and kind."""

    code: str
    name: str = ""
    unit_text: str = ""
    kind: MeasureKind = MeasureKind.SUM

    @property
    def title(self) -> str:
        return self.name or self.code

    @property
    def percent(self) -> bool:
        """A measure in percent: its units' values are averaged, and documents show no unit cost."""
        return is_percent(self.unit_text)


def is_percent(unit_text: str) -> bool:
    return unit_text.strip().lower() in PERCENT_TEXTS


def is_personnel(code: str, name: str = "") -> bool:
    """A personnel measure: its code is one of PERSONNEL_CODES, or its name starts like one."""
    low = name.strip().lower()
    return code in PERSONNEL_CODES or low.startswith(("årsarbetare", "sjukfrånvaro"))


def month_value(by_unit: Mapping[str, Decimal], *, share: bool) -> Fraction | None:
    """One month across the units that hold values: the sum, or the mean for a percent (`share`)."""
    if not by_unit:
        return None
    total = sum((Fraction(v) for v in by_unit.values()), Fraction(0))
    return total / len(by_unit) if share else total


def period_value(months: Sequence[Fraction | Decimal | None], kind: MeasureKind) -> Fraction | None:
    """Months 1..M: the sum of those with a value (`summa`), or their mean (`medel`); None if none has one."""
    known = [Fraction(v) for v in months if v is not None]
    if not known:
        return None
    total = sum(known, Fraction(0))
    return total / len(known) if kind is MeasureKind.MEAN else total


def cost_per_unit(actual: Ore | None, volume: Fraction | Decimal | None) -> Fraction | None:
    """Öre per unit of volume, exact; None where either is missing or the volume is 0."""
    if actual is None or volume is None or volume == 0:
        return None
    return Fraction(actual) / Fraction(volume)


def round_ore(value: Fraction | None) -> Ore | None:
    """An exact amount of öre rounded to the öre, halves away from zero."""
    return None if value is None else round_half_away(value.numerator, value.denominator)


def round_volume(value: Fraction | None, places: int = VOLUME_PLACES) -> Decimal | None:
    """An exact volume as a Decimal of at most `places` decimals, halves away from zero."""
    if value is None:
        return None
    scale = 10**places
    return Decimal(round_half_away(value.numerator * scale, value.denominator)).scaleb(-places).normalize() + 0


def change_pct(now: Fraction | Decimal | int | None, before: Fraction | Decimal | int | None) -> Decimal | None:
    """(now − before) / |before| × 100, to two decimals; None where before is 0 or either is missing."""
    if now is None or before is None or before == 0:
        return None
    exact = (Fraction(now) - Fraction(before)) / abs(Fraction(before)) * 100
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def topmost(holders: Set[str], parents: Mapping[str, str | None]) -> list[str]:
    """The holders that have no other holder above them (each one's actual holds those below)."""
    out = []
    for code in sorted(holders):
        parent = parents.get(code)
        while parent is not None and parent not in holders:
            parent = parents.get(parent)
        if parent is None:
            out.append(code)
    return out


# (measure, year, month) -> unit -> value
VolumeValues = Mapping[tuple[str, int, int], Mapping[str, Decimal]]


@dataclass(frozen=True, slots=True)
class MeasureSeries:
    """One measure as a unit shows it: twelve months of year Y and of Y − 1, exact."""

    measure: MeasureInfo
    holders: frozenset[str]  # the units whose own values these are
    this_year: tuple[Fraction | None, ...]
    last_year: tuple[Fraction | None, ...]

    def own(self, unit: str) -> bool:
        return self.holders == {unit}


def unit_series(unit: str, subtree: Iterable[str], values: VolumeValues, measures: Mapping[str, MeasureInfo],
                year: int) -> list[MeasureSeries]:
    """The measures with a value in year Y or Y − 1 in the unit's subtree (its own and below),
    in the order of `measures`, each month combined over the units that hold the measure."""
    inside = set(subtree)
    by_measure: dict[str, dict[tuple[int, int], dict[str, Decimal]]] = {}
    for (code, y, m), by_unit in values.items():
        if y not in (year, year - 1):
            continue
        held = {u: v for u, v in by_unit.items() if u in inside}
        if held:
            by_measure.setdefault(code, {})[(y, m)] = held
    out = []
    for code, info in measures.items():
        months = by_measure.get(code)
        if not months:
            continue
        holders = frozenset(u for by_unit in months.values() for u in by_unit)
        own = holders == {unit}
        share = info.percent and not own

        def at(y: int, m: int, months: dict[tuple[int, int], dict[str, Decimal]] = months,
               share: bool = share) -> Fraction | None:
            return month_value(months.get((y, m), {}), share=share)

        out.append(MeasureSeries(info, holders, tuple(at(year, m) for m in range(1, 13)),
                                 tuple(at(year - 1, m) for m in range(1, 13))))
    return out


@dataclass(frozen=True, slots=True)
class StatisticLine:
    """One unit's measure in a report (the JSON `statistics`), rounded at the edge: volumes to at
    most four decimals, unit costs to the öre (ledger sign, öre per unit of volume)."""

    unit: str
    measure: str
    name: str
    unit_text: str
    kind: MeasureKind
    period_value: Decimal | None
    previous_year_period_value: Decimal | None
    unit_cost: Ore | None
    previous_unit_cost: Ore | None
    months: tuple[Decimal | None, ...] = ()  # year Y, months 1..12 (None after M and where missing)
    previous_months: tuple[Decimal | None, ...] = ()  # year Y − 1, months 1..12
    actual: Ore | None = None  # the cost base of unit_cost, months 1..M
    previous_actual: Ore | None = None
    own: bool = True  # the unit's own values; False: the total of units below it

    @property
    def personnel(self) -> bool:
        """Årsarbetare or sjukfrånvaro: shown under Personal rather than among the volumes."""
        return is_personnel(self.measure, self.name)

    @property
    def percent(self) -> bool:
        return is_percent(self.unit_text)

    @property
    def volume_change_pct(self) -> Decimal | None:
        return change_pct(self.period_value, self.previous_year_period_value)

    @property
    def unit_cost_change_pct(self) -> Decimal | None:
        return change_pct(self.unit_cost, self.previous_unit_cost)


def statistic_line(unit: str, series: MeasureSeries, month: int, *, actual: Ore | None,
                   previous_actual: Ore | None) -> StatisticLine:
    """The report's line of a measure for months 1..M; `actual` and `previous_actual` are the
    cost base's (see the module text), None where the previous year has no ledger data."""
    info = series.measure
    now = period_value(series.this_year[:month], info.kind)
    before = period_value(series.last_year[:month], info.kind)
    return StatisticLine(
        unit=unit, measure=info.code, name=info.title, unit_text=info.unit_text, kind=info.kind,
        period_value=round_volume(now), previous_year_period_value=round_volume(before),
        unit_cost=round_ore(cost_per_unit(actual, now)),
        previous_unit_cost=round_ore(cost_per_unit(previous_actual, before)),
        months=tuple(round_volume(v) if m <= month else None for m, v in enumerate(series.this_year, start=1)),
        previous_months=tuple(round_volume(v) for v in series.last_year),
        actual=actual, previous_actual=previous_actual,
        own=series.own(unit),
    )


def monthly_costs(months: Sequence[Fraction | None], actual_by_month: Sequence[Ore | None], *,
                  percent: bool, upto: int = 12) -> list[Ore | None]:
    """Cost per unit of volume of each month 1..12: None after `upto`, where the volume is
    missing or 0, and for a measure in percent; `actual_by_month` is the cost base's."""
    out: list[Ore | None] = []
    for m in range(1, 13):
        if m > upto or percent or m > len(actual_by_month):
            out.append(None)
        else:
            out.append(round_ore(cost_per_unit(actual_by_month[m - 1], months[m - 1])))
    return out


def sum_actuals(codes: Iterable[str], actuals: Mapping[str, Ore | None]) -> Ore | None:
    """The sum of the units' actuals; None when any is None (no ledger data at all)."""
    total = 0
    for code in codes:
        value = actuals.get(code)
        if value is None:
            return None
        total += value
    return total
