"""The committee texts of a document: who sends it, to whom, with which file number and date.

They are settings, not code: the organisation's values are kept on the web (Dokumentinställningar,
edited by a controller or an administrator and audited) and `uppfolj report` overrides them with
options or one `--settings FILE` (TOML or JSON, the keys of `KEYS`).
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from dataclasses import dataclass, fields, replace
from typing import Any

DEFAULT_MBL = "Information enligt 19 § medbestämmandelagen har lämnats."


@dataclass(frozen=True)
class CommitteeSettings:
    """The texts around the figures; empty = not printed (or a neutral default, see the fields)."""

    committee: str = ""  # nämnd, e.g. "Socialnämnden"; the document says "Nämnden" where empty
    administration: str = ""  # förvaltning that signs, e.g. "Socialförvaltningen"
    date: dt.date | None = None  # the document's date; None = the day it is written
    diarienummer: str = ""
    author: str = ""  # handläggare
    signatory: str = ""  # förvaltningschef who signs the tjänsteskrivelse
    signatory_title: str = "Förvaltningschef"
    recipients: tuple[str, ...] = ()  # Beslutet skickas till
    mbl: str = DEFAULT_MBL  # information or negotiation under MBL
    attachments: tuple[str, ...] = ()  # Beslutsunderlag beyond the tjänsteskrivelse and the report itself
    background: str = ""  # Bakgrund of the tjänsteskrivelse; a neutral default where empty
    outlook: str = ""  # Förväntad utveckling of the annual report

    def merged(self, overrides: dict[str, Any]) -> CommitteeSettings:
        """These settings with the given (non-empty) values in place."""
        given = {k: v for k, v in overrides.items() if v not in (None, "", ())}
        return replace(self, **given)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready values (the audit trail's old and new value)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = value.isoformat() if isinstance(value, dt.date) else list(value) if isinstance(value, tuple) else value
        return out


# The keys of a settings file (Swedish or English) and the field each sets.
KEYS: dict[str, str] = {
    "namnd": "committee", "nämnd": "committee", "committee": "committee",
    "forvaltning": "administration", "förvaltning": "administration", "administration": "administration",
    "datum": "date", "date": "date",
    "diarienummer": "diarienummer",
    "handlaggare": "author", "handläggare": "author", "author": "author",
    "forvaltningschef": "signatory", "förvaltningschef": "signatory", "signatory": "signatory",
    "titel": "signatory_title", "signatory_title": "signatory_title",
    "mottagare": "recipients", "beslutet_skickas_till": "recipients", "recipients": "recipients",
    "mbl": "mbl",
    "bilagor": "attachments", "attachments": "attachments",
    "bakgrund": "background", "background": "background",
    "forvantad_utveckling": "outlook", "förväntad_utveckling": "outlook", "outlook": "outlook",
}
_LISTS = {"recipients", "attachments"}


def settings_values(data: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The field values of a parsed settings mapping, and the problems found (Swedish)."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    for key, raw in data.items():
        name = KEYS.get(key.lower())
        if name is None:
            problems.append(f'okänd inställning "{key}"')
        elif name == "date":
            try:
                values[name] = raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw))
            except ValueError:
                problems.append(f'"{key}" ska vara ett datum ÅÅÅÅ-MM-DD, inte "{raw}"')
        elif name in _LISTS:
            items = raw if isinstance(raw, list) else str(raw).splitlines()
            values[name] = tuple(str(i).strip() for i in items if str(i).strip())
        elif not isinstance(raw, str):
            problems.append(f'"{key}" ska vara text')
        else:
            values[name] = raw.strip()
    return values, problems


def parse_settings(text: str, *, json_format: bool) -> tuple[dict[str, Any], list[str]]:
    """A settings file (TOML, or JSON where `json_format`) as field values and problems."""
    try:
        data = json.loads(text) if json_format else tomllib.loads(text)
    except (ValueError, tomllib.TOMLDecodeError) as error:
        return {}, [f"filen går inte att läsa: {error}"]
    if not isinstance(data, dict):
        return {}, ["filen ska innehålla nycklar och värden"]
    return settings_values(data)


def split_lines(text: str) -> tuple[str, ...]:
    """One item a line, blank lines left out (recipients and attachments as typed on the web)."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())
