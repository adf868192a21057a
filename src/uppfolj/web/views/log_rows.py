"""The audit log as a controller reads it: Swedish event names, objects in words, values as lines.

The log stores raw values (amounts in öre under keys ending in `_ore`, states as codes); this
module only presents them, the CSV export keeps them raw. Amounts are formatted in kronor by
`core.format`, like everywhere else in the application.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from uppfolj.core.choices import (
    ActionStatus,
    Amounts,
    ForecastMethod,
    Heading,
    PeriodState,
    Phasing,
    UnitState,
)
from uppfolj.core.format import NBSP, amount, month_name
from uppfolj.core.pin import looks_like_pin
from uppfolj.web import audit_events
from uppfolj.web.domain.volumes import quantity
from uppfolj.web.models import AuditEntry
from uppfolj.web.models.access import Role

TEXT_LIMIT = 100  # characters of a free text shown on the page; the CSV export has them whole
HIDDEN = "[dold: ser ut att innehålla ett personnummer]"
EMPTY = "–"

_UNIT_KEY = re.compile(r"(\d{4})-(\d{2})/(.+)")
_PERIOD_KEY = re.compile(r"(\d{4})-(\d{2})")

# Labels of the keys the log's values hold, in the order lines are shown (JSON objects from
# PostgreSQL come back with their keys reordered, so the order cannot come from the data).
LABELS: dict[str, str] = {
    "prognos_ore": "Prognos", "belopp_ore": "Belopp", "method": "Metod", "varde": "Värde",
    "state": "Status", "comment": "Kommentar", "deadline": "Sista dag", "carried_actions": "Överförda åtgärder",
    "reason": "Motivering", "locked_at": "Låst", "stored_reports": "Sparade rapporter",
    "stored_reports_dropped": "Sparade rapporter borttagna",
    "role": "Roll", "units": "Enheter", "added": "Nya", "removed": "Borttagna",
    "rows": "Rader", "years": "År", "months": "Månader", "amount_ore": "Summa", "checks": "Kontroller",
    "phasing": "Periodisering",
    "changed": "Ändrade", "scopes": "Enheter och månader",
    "encoding": "Teckenkodning", "program": "Program", "sie_type": "SIE-typ", "lines": "Rader i filen",
    "vouchers": "Verifikationer", "actual_rows": "Utfallsrader", "budget_rows": "Budgetrader",
    "unknown_records": "Okända poster",
    "username": "Användarnamn", "first_name": "Förnamn", "last_name": "Efternamn", "email": "E-post",
    "is_active": "Aktiv", "is_staff": "Personal", "is_superuser": "Superanvändare",
    "password_changed": "Lösenord ändrat",
    "created": "Nya", "unchanged": "Oförändrade", "access": "Inloggning", "expires_at": "Gäller till",
    "initial_password_replaced": "Startlösenord ersatt",
    "user": "Användare", "name": "Namn", "code": "Kod", "dimension": "Dimension",
}
FREE_TEXTS = {"comment", "text", "reason"}  # what someone wrote: quoted and shortened
OBJECTS = {"import": "Fil", "user": "Användare", "role": "Roll för", "token": "API-nyckel", "account": "Konto",
           "dimensionobject": "Dimensionsobjekt"}


@dataclass(frozen=True, slots=True)
class LogRow:
    at: dt.datetime
    username: str
    code: str
    event: str  # the registry's Swedish description
    object: str  # in words: "Enhet 515, mars 2024"
    old: list[str]
    new: list[str]


def log_row(entry: AuditEntry) -> LogRow:
    return LogRow(entry.at, entry.username, entry.action, audit_events.describe(entry.action),
                  object_words(entry.object_type, entry.object_key),
                  value_lines(entry.old, entry.object_type), value_lines(entry.new, entry.object_type))


def object_words(object_type: str, key: str) -> str:
    """The changed object as a controller names it."""
    if match := _UNIT_KEY.fullmatch(key):
        year, month, unit = match.groups()
        unit, _, part = unit.partition("/")  # a row forecast's row, a volume's measure
        what = {"forecast": "rad", "volume": "mått"}.get(object_type, "")
        detail = f", {what} {part}".rstrip() if part else ""
        return f"Enhet {unit}{detail}, {month_name(int(month))} {year}"
    if (match := _PERIOD_KEY.fullmatch(key)) and object_type == "period":
        return f"Period {month_name(int(match.group(2)))} {match.group(1)}"
    if object_type in OBJECTS:
        return f"{OBJECTS[object_type]} {key}"
    return f"{object_type} {key}".strip()


def value_lines(value: Any, object_type: str = "") -> list[str]:
    """An old or new value as readable Swedish lines; empty when there was no value."""
    if value is None:
        return []
    if object_type == "texts" and isinstance(value, Mapping):  # heading -> text, as the unit page saves them
        lines = [f"{h}: {_quoted(value[h])}" for h in Heading if value.get(h)]
        return lines or ["Inga texter"]
    if object_type == "reasons" and isinstance(value, Mapping) and "reasons" in value:
        lines = [_item_line(r, object_type) for r in value["reasons"]] or ["Inga orsaker"]
        if value.get("remainder"):
            lines.append(f"Förklaring av rest: {_quoted(value['remainder'])}")
        return lines
    if isinstance(value, list):
        return [_item_line(item, object_type) for item in value] or [f"Inga {_plural(object_type)}"]
    if isinstance(value, Mapping):
        return [f"{_label(k)}: {_scalar(k, value[k], object_type)}" for k in _ordered(value)]
    return [_scalar("", value, object_type)]


def _item_line(item: Any, object_type: str) -> str:
    """One reason, action or imported comment of a list."""
    if not isinstance(item, Mapping):
        return _scalar("", item, object_type)
    text = _quoted(item.get("text") or "")
    if object_type == "comments":
        return f"{item.get('rubrik', '')}: {text}"
    if object_type == "reasons":
        ore = item.get("belopp_ore", item.get("amount"))  # older entries of the unit page have `amount`
        return f"Orsak: {text} {_kr(ore)}"
    if object_type == "actions":
        status = item.get("status")
        details = [ActionStatus(status).label if status in ActionStatus.values() else str(status or "")]
        for label, keys in (("ansvarig", ("responsible", "ansvarig")), ("tidplan", ("timeplan", "tidplan")),
                            ("uppföljning", ("follow_up",))):
            found = next((item[k] for k in keys if item.get(k)), "")
            if found:
                details.append(f"{label} {_short(str(found))}")
        return f"Åtgärd: {text} ({'; '.join(d for d in details if d)})"
    return ", ".join(f"{_label(k)}: {_scalar(k, item[k], object_type)}" for k in _ordered(item))


def _ordered(value: Mapping[str, Any]) -> list[str]:
    known = [k for k in LABELS if k in value]
    return known + sorted(k for k in value if k not in LABELS)


def _label(key: str) -> str:
    if key in LABELS:
        return LABELS[key]
    return key.removesuffix("_ore").replace("_", " ").capitalize()


def _scalar(key: str, value: Any, object_type: str) -> str:
    if value is None or value in ("", []):
        return EMPTY
    if key.endswith("_ore") and isinstance(value, int):
        return _kr(value)
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if key == "state":
        states: type[PeriodState] | type[UnitState] = PeriodState if object_type == "period" else UnitState
        label = states(value).label if value in states.values() else str(value)
        return label[:1].upper() + label[1:]  # PeriodState's labels are lower case for use in sentences
    if key == "role":
        return str(Role(value).label) if value in Role.values else str(value)
    if key == "phasing":
        return Phasing(value).label if value in Phasing.values() else str(value)
    if key == "method":
        return ForecastMethod(value).label if value in ForecastMethod.values() else str(value)
    if key == "varde":  # a volume, stored as the exact decimal's text
        try:
            return quantity(Decimal(str(value)))
        except InvalidOperation:
            return str(value)
    if isinstance(value, list):
        return ", ".join(_scalar("", v, object_type) for v in value)
    if isinstance(value, Mapping):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if key in FREE_TEXTS:
        return _quoted(str(value))
    return str(value)


def _kr(ore: Any) -> str:
    return f"{amount(ore, Amounts.KR)}{NBSP}kr" if isinstance(ore, int) else EMPTY


def _quoted(text: str) -> str:
    """A free text in Swedish quotes, on one line and shortened; hidden if it holds a personnummer."""
    if looks_like_pin(text):
        return HIDDEN
    return f"”{_short(text)}”"


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= TEXT_LIMIT else flat[: TEXT_LIMIT - 1] + "…"


def _plural(object_type: str) -> str:
    return {"reasons": "orsaker", "actions": "åtgärder", "comments": "kommentarer"}.get(object_type, "värden")
