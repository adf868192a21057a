"""Volumes on the unit page: each measure month by month this year beside last year, and the
values a budget holder enters.

A unit shows the measures of its own and of every unit below it. Where a measure's values lie
with the unit itself (and no unit below it has any in the two years), they are the unit's own
and can be entered on its page. Otherwise the unit shows the total over its subtree, read only:
every month the sum of the units' values, for `summa` measures (days, hours) and for `medel`
levels alike (årsarbetare add up across units), except a measure in percent (sjukfrånvaro %),
which is the mean of the units that have a value that month (percentages do not add).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction

from uppfolj.core import statistics
from uppfolj.core.choices import MeasureKind, PeriodState
from uppfolj.core.format import MONTHS_SHORT, number
from uppfolj.core.money import VOLUME_PLACES, Ore
from uppfolj.core.period import PeriodInfo, PeriodResult
from uppfolj.web import rules
from uppfolj.web.domain.period_input import period_info
from uppfolj.web.domain.statistics import save_volume, volume_values
from uppfolj.web.models import Measure, OrgUnit, Period, Volume

PERCENT_TEXTS = statistics.PERCENT_TEXTS


@dataclass(frozen=True, slots=True)
class VolumeMonth:
    month: int
    label: str  # "jan"
    value: Decimal | None
    last_year: Decimal | None
    field: str  # the form field of the value: "volym-<mått>-<månad>"
    editable: bool  # the unit's own value, a month up to the report month, not locked


@dataclass(frozen=True, slots=True)
class MeasureTable:
    """One measure of a unit: twelve months of this year and last year, and the period totals."""

    code: str
    name: str
    unit_text: str
    kind: MeasureKind
    own: bool  # the unit's own values (enterable); else the total over its subtree
    months: list[VolumeMonth]
    period_value: Decimal | None  # months 1..M: their sum, or mean for `medel`
    previous_period_value: Decimal | None
    previous_year_value: Decimal | None  # all twelve months of last year

    @property
    def how(self) -> str:
        """How the figures combine, in Swedish, for the table's caption."""
        months = "medel per månad" if self.kind is MeasureKind.MEAN else "summa av månaderna"
        if self.own:
            return months
        across = "medel av enheterna" if self.unit_text.strip().lower() in PERCENT_TEXTS else "summa av enheterna"
        return f"{across} under, {months}"


def quantity(value: Decimal | None, *, space: str = "\u00a0") -> str:
    """A volume the Swedish way, with the decimals it has (at most four): '1 234,5'."""
    if value is None:
        return ""
    normal = value.normalize()
    exponent = normal.as_tuple().exponent
    places = min(-exponent, VOLUME_PLACES) if isinstance(exponent, int) and exponent < 0 else 0
    return number(value, places, space=space)


def field_name(measure: str, month: int) -> str:
    return f"volym-{measure}-{month:02d}"


def _combine(values: Sequence[Decimal], *, share: bool) -> Decimal | None:
    if not values:
        return None
    total = sum(values, Decimal(0))
    return (total / len(values)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) if share else total


def _period(values: Sequence[Decimal | None], kind: MeasureKind) -> Decimal | None:
    known = [v for v in values if v is not None]
    if not known:
        return None
    total = sum(known, Decimal(0))
    if kind is MeasureKind.MEAN:  # shown, not stored: two decimals are enough for a mean
        return (total / len(known)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return total


def editable_months(year: int, month: int, user: Any, unit: OrgUnit) -> set[int]:
    """The months up to the report month whose values the user may change: EDIT_UNIT for the
    unit, and the month not locked."""
    stored = {p.month: p for p in Period.objects.filter(year=year, month__lte=month)}
    infos = {m: PeriodInfo(year, m) if m not in stored else
             PeriodInfo(year, m, PeriodState(stored[m].state), stored[m].deadline, stored[m].locked_at)
             for m in range(1, month + 1)}
    return {m for m, info in infos.items() if rules.can(user, rules.Act.EDIT_UNIT, unit.code, info)}


def unit_volumes(year: int, month: int, unit: OrgUnit, subtree: Sequence[str], *,
                 editable: Set[int] = frozenset()) -> list[MeasureTable]:
    """The unit's measures (its own and its subtree's), in measure-name order.

    `subtree` is the unit's code and the codes below it; `editable` the months the viewer may
    enter (`editable_months`).
    """
    values: dict[tuple[str, int, int], dict[str, Decimal]] = defaultdict(dict)  # (measure, year, month) -> unit -> value
    for measure_code, y, m, unit_code, value in Volume.objects.filter(
            year__in=(year, year - 1), unit__code__in=subtree).values_list(
            "measure_id", "year", "month", "unit__code", "value"):
        values[(measure_code, y, m)][unit_code] = value
    codes = sorted({key[0] for key in values})
    measures = {m.code: m for m in Measure.objects.filter(code__in=codes)}
    tables = []
    for code in codes:
        measure = measures[code]
        kind = MeasureKind(measure.kind)
        holders = {u for (c, _, _), by_unit in values.items() if c == code for u in by_unit}
        own = holders == {unit.code}
        share = measure.unit_text.strip().lower() in PERCENT_TEXTS

        def at(y: int, m: int, key: str = code, own: bool = own, share: bool = share) -> Decimal | None:
            by_unit = values.get((key, y, m), {})
            if own:
                return by_unit.get(unit.code)
            return _combine(list(by_unit.values()), share=share)

        this = [at(year, m) for m in range(1, 13)]
        last = [at(year - 1, m) for m in range(1, 13)]
        months = [VolumeMonth(m, MONTHS_SHORT[m - 1], this[m - 1], last[m - 1], field_name(code, m),
                              own and m in editable) for m in range(1, 13)]
        tables.append(MeasureTable(
            code=code, name=measure.name or code, unit_text=measure.unit_text, kind=kind, own=own, months=months,
            period_value=_period(this[:month], kind), previous_period_value=_period(last[:month], kind),
            previous_year_value=_period(last, kind),
        ))
    return sorted(tables, key=lambda t: (t.name.lower(), t.code))


def save_volumes(year: int, unit: OrgUnit, entered: Mapping[tuple[str, int], Decimal | None], *,
                 user: Any) -> int:
    """Store the values a budget holder entered ((measure, month) -> value, None clears it), each
    changed one audited `uppfolj.volume.saved`; returns how many changed.

    Raises:
        rules.RefusedError: the user may not edit the unit, or a month is locked
            (`rules.PeriodLockedError`); nothing is saved then.
    """
    measures = {m.code: m for m in Measure.objects.filter(code__in={code for code, _ in entered})}
    changed = 0
    with transaction.atomic():
        for month in sorted({m for _, m in entered}):
            rules.require(user, rules.Act.EDIT_UNIT, unit.code, period_info(year, month, hold=True))
        for (code, month), value in sorted(entered.items()):
            changed += save_volume(year, month, unit, measures[code], value, user=user)
    return changed


@dataclass(frozen=True, slots=True)
class UnitCosts:
    """A measure's cost per unit of volume on the unit page: each month of this year and last
    year, and months 1..M of both (öre per unit, ledger sign; None where it cannot be computed)."""

    code: str
    months: list[tuple[str, Ore | None, Ore | None]]  # (label, this year, last year)
    period: Ore | None
    previous_period: Ore | None
    this_year: list[Decimal | None]  # the volumes, for the chart
    last_year: list[Decimal | None]


def unit_costs(result: PeriodResult, previous: Mapping[str, list[Ore]] | None, unit: str) -> dict[str, UnitCosts]:
    """Cost per unit of each of the unit's measures (rules in `uppfolj.core.statistics`): the
    actual of the units holding the measure (the unit's own when it holds it) over the volume.
    `previous` is each unit's actual per month of last year, for last year's months (None
    without it)."""
    subtree = [u.code for u in result.subtree(unit)]
    values, measures = volume_values(subtree, result.year)
    parents = {u.code: u.line.parent for u in result.units}
    out = {}
    for series in statistics.unit_series(unit, subtree, values, measures, result.year):
        base = statistics.topmost(series.holders, parents)
        this = [sum(col) for col in zip(*(result.unit(c).actual_by_month for c in base), strict=True)]
        last: list[Ore | None] = [None] * 12
        if previous is not None and all(c in previous for c in base):
            last = [sum(col) for col in zip(*(previous[c] for c in base), strict=True)]
        percent = series.measure.percent
        now = statistics.monthly_costs(series.this_year, this, percent=percent, upto=result.month)
        before = statistics.monthly_costs(series.last_year, last, percent=percent)
        line = statistics.statistic_line(
            unit, series, result.month, actual=statistics.sum_actuals(base, {u.code: u.figures.actual for u in result.units}),
            previous_actual=statistics.sum_actuals(base, {u.code: u.figures.previous_year_period_actual
                                                          for u in result.units}))
        out[series.measure.code] = UnitCosts(
            series.measure.code, [(MONTHS_SHORT[m], now[m], before[m]) for m in range(12)],
            line.unit_cost, line.previous_unit_cost, list(line.months), list(line.previous_months))
    return out
