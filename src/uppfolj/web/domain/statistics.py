"""Volumes (operating statistics): each (year, month, unit, measure) in a file replaces the stored one."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from uppfolj.core import statistics
from uppfolj.core.choices import MeasureKind, TreeKind
from uppfolj.core.errors import Problems
from uppfolj.core.period import PeriodResult
from uppfolj.core.records import VolumeRecord
from uppfolj.core.statistics import MeasureInfo, StatisticLine, VolumeValues
from uppfolj.web.domain.audit import log_action
from uppfolj.web.domain.forecasts import known_units_and_rows
from uppfolj.web.models import Measure, OrgUnit, Volume


@dataclass(frozen=True, slots=True)
class VolumeSummary:
    rows: int
    changed: int
    measures: int


def replace_volumes(
    file: str, records: Sequence[VolumeRecord], *, user: Any = None, problems: Problems | None = None
) -> VolumeSummary:
    """Write the volumes. Must run inside `transaction.atomic()`.

    Rows whose unit is not in the organisation or whose `rad` is not a template row are noted in
    `problems`; if there are any, nothing is written and they are raised together. The import as
    a whole is audited by its import log; values changed on the web are audited one by one.
    """
    problems = Problems(file) if problems is None else problems
    units, _ = known_units_and_rows(records, problems)
    problems.raise_if_any()
    measures = _measures(records)
    existing = {
        (v.year, v.month, v.unit_id, v.measure_id): v
        for v in Volume.objects.filter(year__in={r.year for r in records}, measure__in=measures)
    }
    create, update = [], []
    for r in records:
        old = existing.get((r.year, r.month, units[r.unit].pk, r.measure))
        if old is None:
            create.append(Volume(year=r.year, month=r.month, unit=units[r.unit], measure_id=r.measure,
                                 value=r.value, row=r.row))
        elif old.value != r.value or old.row != r.row:
            old.value, old.row = r.value, r.row
            update.append(old)
    Volume.objects.bulk_create(create, batch_size=2000)
    Volume.objects.bulk_update(update, ["value", "row"], batch_size=2000)
    return VolumeSummary(rows=len(records), changed=len(create) + len(update), measures=len(measures))


def _measures(records: Sequence[VolumeRecord]) -> dict[str, Measure]:
    """Create or update the file's measures; a name or text left empty keeps the stored one."""
    first: dict[str, VolumeRecord] = {}
    for r in records:
        first.setdefault(r.measure, r)
        if r.name and not first[r.measure].name:
            first[r.measure] = r
    stored = {m.code: m for m in Measure.objects.filter(code__in=first)}
    out = {}
    for code, r in first.items():
        measure = stored.get(code) or Measure(code=code)
        measure.name = r.name or measure.name
        measure.unit_text = r.unit_text or measure.unit_text
        measure.kind = r.kind
        measure.save()
        out[code] = measure
    return out


def save_volume(year: int, month: int, unit: OrgUnit, measure: Measure, value: Decimal | None, *, user: Any) -> bool:
    """A value entered on the web (None clears it); audited. Returns whether anything changed."""
    old = Volume.objects.filter(year=year, month=month, unit=unit, measure=measure).first()
    before = None if old is None else old.value
    if before == value:
        return False
    if value is None:
        if old is None:
            return False
        old.delete()
    elif old is None:
        Volume.objects.create(year=year, month=month, unit=unit, measure=measure, value=value,
                              row=Volume.objects.filter(unit=unit, measure=measure).exclude(row="")
                              .values_list("row", flat=True).first() or "")
    else:
        old.value = value
        old.save(update_fields=["value"])
    log_action("uppfolj.volume.saved", user=user, object_type="volume",
               object_key=f"{year}-{month:02d}/{unit.code}/{measure.code}",
               old=None if before is None else {"varde": str(before)},
               new=None if value is None else {"varde": str(value)})
    return True



# --- reading ----------------------------------------------------------------------------------------


def volume_values(codes: Collection[str], year: int) -> tuple[VolumeValues, dict[str, MeasureInfo]]:
    """The stored values of years Y and Y − 1 of the organisation units `codes`, and their
    measures in the order the pages and reports show them (by name, then code)."""
    values: dict[tuple[str, int, int], dict[str, Decimal]] = defaultdict(dict)
    for measure, y, m, unit, value in Volume.objects.filter(
            year__in=(year, year - 1), unit__tree=TreeKind.ORGANISATION, unit__code__in=codes).values_list(
            "measure_id", "year", "month", "unit__code", "value"):
        values[(measure, y, m)][unit] = value
    found = {key[0] for key in values}
    measures = sorted((MeasureInfo(m.code, m.name, m.unit_text, MeasureKind(m.kind))
                       for m in Measure.objects.filter(code__in=found)), key=lambda i: (i.title.lower(), i.code))
    return values, {i.code: i for i in measures}


def report_statistics(result: PeriodResult, unit: str | None = None) -> tuple[StatisticLine, ...]:
    """The report's `statistics`: every reported unit (pre-order; `unit`'s subtree, or the whole
    tree) and every measure with values in its subtree, months 1..M of Y and Y − 1 (rules in
    `uppfolj.core.statistics`). Volumes belong to the organisation: none for the activity tree."""
    if result.by is not TreeKind.ORGANISATION or not result.units:
        return ()
    reported = result.subtree(unit or result.units[0].code)
    values, measures = volume_values([u.code for u in reported], result.year)
    if not measures:
        return ()
    parents = {u.code: u.line.parent for u in result.units}
    actual = {u.code: u.figures.actual for u in reported}
    previous = {u.code: u.figures.previous_year_period_actual for u in reported}
    out = []
    for data in reported:
        subtree = [u.code for u in result.subtree(data.code)]
        for series in statistics.unit_series(data.code, subtree, values, measures, result.year):
            base = statistics.topmost(series.holders, parents)
            out.append(statistics.statistic_line(
                data.code, series, result.month, actual=statistics.sum_actuals(base, actual),
                previous_actual=statistics.sum_actuals(base, previous)))
    return tuple(out)
