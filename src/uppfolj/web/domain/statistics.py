"""Volumes (operating statistics): each (year, month, unit, measure) in a file replaces the stored one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from uppfolj.core.errors import Problems
from uppfolj.core.records import VolumeRecord
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

