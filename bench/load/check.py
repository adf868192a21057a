"""After a load run: the saves in the database and the audit log against the scenario's counts.

    UPPFOLJ_DB=postgresql://... .venv/bin/python bench/load/check.py COUNTS.json

Per unit E000..: every save the server confirmed is in the audit log once (a save changes the
texts every time, so each written save is one `uppfolj.texts.saved` row); a save whose answer was
lost (error, dropped connection) is there at most once; the unit's version is exactly the number
of audited writes (nothing written without its audit row or the other way round: nothing
half-written); the stored forecast and texts are those of the last audited save; the unit is
submitted and approved at most once (units the run did not finish are counted apart). Prints a JSON summary; exit code 1 on any discrepancy.
"""

# ruff: noqa: PLC0415 - Django is configured from the environment first; imports follow

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

YEAR, MONTH = 2024, 6


def check(counts: dict[str, Any]) -> dict[str, Any]:
    import django

    django.setup()
    from uppfolj.web.models import AuditEntry, Forecast, UnitStatus, UnitText

    problems: list[str] = []
    unfinished: list[str] = []
    totals: Counter[str] = Counter()
    prefix = f"{YEAR}-{MONTH:02d}/"
    audit: dict[str, Counter[str]] = {}
    last_texts: dict[str, dict[str, str]] = {}
    last_forecast: dict[str, int] = {}
    for key, action, new in AuditEntry.objects.filter(object_key__startswith=prefix + "E").order_by("id").values_list(
            "object_key", "action", "new"):
        unit = key.removeprefix(prefix)
        audit.setdefault(unit, Counter())[action] += 1
        if action == "uppfolj.texts.saved":
            last_texts[unit] = new
        elif action == "uppfolj.forecast.saved" and new:
            last_forecast[unit] = new["prognos_ore"]
    statuses = {s.unit.code: s for s in UnitStatus.objects.filter(year=YEAR, month=MONTH).select_related("unit")}
    forecasts = dict(Forecast.objects.filter(year=YEAR, month=MONTH).values_list("unit__code", "amount"))
    texts: dict[str, dict[str, str]] = {}
    for code, heading, text in UnitText.objects.filter(year=YEAR, month=MONTH).values_list("unit__code", "heading", "text"):
        texts.setdefault(code, {})[heading] = text
    for unit, done in sorted(counts["units"].items()):
        c = Counter(done)
        a = audit.get(unit, Counter())
        confirmed = c["save"] + c["submit"]
        refused = c["save_refused"] + c["submit_refused"]
        # sent but neither confirmed nor refused: an error, a dropped connection, or still in flight
        # when the run ended
        unknown = c["save_sent"] + c["submit_sent"] - confirmed - refused
        written = a["uppfolj.texts.saved"]
        totals.update({"confirmed saves": confirmed, "saves with unknown outcome": unknown,
                       "audited saves": written, "refused (409)": refused})
        if not confirmed <= written <= confirmed + unknown:
            problems.append(f"{unit}: {confirmed} confirmed (+{unknown} unknown) saves, {written} in the audit log")
        status = statuses.get(unit)
        writes = written + a["uppfolj.unit.submitted"] + a["uppfolj.unit.approved"] + a["uppfolj.unit.returned"]
        if status is None or status.version != writes:
            problems.append(f"{unit}: version {status and status.version}, {writes} audited writes")
        if a["uppfolj.unit.submitted"] > 1 or a["uppfolj.unit.approved"] > 1:
            problems.append(f"{unit}: submitted {a['uppfolj.unit.submitted']}×, approved {a['uppfolj.unit.approved']}×")
        elif a["uppfolj.unit.approved"] != 1 or (status and status.state != "approved"):
            unfinished.append(unit)  # the run ended first: not a loss, but the scenario did not finish
        if forecasts.get(unit) != last_forecast.get(unit):
            problems.append(f"{unit}: forecast {forecasts.get(unit)} stored, {last_forecast.get(unit)} last audited")
        if unit in last_texts and texts.get(unit, {}).get("Utfall") != last_texts[unit].get("Utfall"):
            problems.append(f"{unit}: Utfall text stored differs from the last audited save")
        totals["approved"] += int(bool(status and status.state == "approved"))
    return {"units": len(counts["units"]), **totals, "unfinished": len(unfinished),
            "problems": problems[:5], "problem count": len(problems),
            "error pages": counts.get("error_pages", {})}


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uppfolj.web.settings")
    counts = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    summary = check(counts)
    print(json.dumps(summary, ensure_ascii=False))
    return 1 if summary["problem count"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
