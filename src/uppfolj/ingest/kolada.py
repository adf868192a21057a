"""Kolada v3 answers (saved JSON pages) → key-figure values, peer groups and municipality names;
and the catalogue subset the product ships (KPIs, municipalities, RKA's peer groups).

A file holds one page as the API gives it (`{"values": [...], "next_url": ...}`) or a JSON list
of pages. A page's values are data rows (`kpi`, `municipality`, `period`, `values`: gender,
count, status, value), municipality groups (`id`, `title`, `members`) or municipalities (`id`,
`title`, `type`); each page is one of the three. Numbers are read as exact decimals.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from uppfolj.core.errors import InputError, Problems
from uppfolj.core.key_figures import OVERALL, PEER_KINDS, KoladaValue, Kpi, PeerGroup

KPI_ID = re.compile(r"[A-Z]\d{5}")
MUNICIPALITY_ID = re.compile(r"\d{4}")
GENDERS = ("T", "K", "M")
_GROUP_TITLE = re.compile(r"Liknande kommuner(?:,? (?P<kind>[^,]+))?, (?P<name>.+), (?P<year>\d{4})")


# --- the shipped catalogue ----------------------------------------------------------------------


def _rows(name: str) -> list[dict[str, str]]:
    raw = (resources.files("uppfolj") / "data" / name).read_bytes()
    text = (gzip.decompress(raw) if name.endswith(".gz") else raw).decode("utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def catalogue() -> dict[str, Kpi]:
    """The KPIs the product knows: Kolada's whole v3 catalogue (`data/kolada-kpis.csv.gz`, without descriptions)."""
    return {r["id"]: Kpi(r["id"], r["title"], r["operating_area"], r["perspective"]) for r in _rows("kolada-kpis.csv.gz")}


@cache
def municipalities() -> dict[str, tuple[str, str]]:
    """Every municipality, region and Riket: id → (title, type K or L)."""
    return {r["id"]: (r["title"], r["type"]) for r in _rows("kolada-municipalities.csv")}


@cache
def shipped_groups() -> dict[str, tuple[PeerGroup, ...]]:
    """RKA's latest "Liknande kommuner" groups per municipality (`data/kolada-peer-groups.csv`)."""
    out: dict[str, list[PeerGroup]] = {}
    names = municipalities()
    for r in _rows("kolada-peer-groups.csv"):
        group = PeerGroup(r["group_id"], r["kind"], r["municipality"], int(r["year"]), tuple(r["members"].split()))
        name = names.get(group.municipality, (group.municipality, ""))[0]
        title = (f"Liknande kommuner, övergripande, {name}, {group.year}" if group.kind == OVERALL
                 else f"Liknande kommuner {group.kind}, {name}, {group.year}")
        out.setdefault(group.municipality, []).append(
            PeerGroup(group.id, group.kind, group.municipality, group.year, group.members, title))
    return {k: tuple(v) for k, v in out.items()}


def unknown_kpis(ids: list[str]) -> list[str]:
    known = catalogue()
    return [i for i in ids if i not in known]


# --- saved pages --------------------------------------------------------------------------------


@dataclass
class KoladaFile:
    """What one file (or one fetch) holds."""

    name: str
    pages: list[Any] = field(default_factory=list)  # the pages as parsed JSON (numbers as Decimal)
    values: list[list[KoladaValue]] = field(default_factory=list)  # per page
    groups: list[PeerGroup] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # municipality id → title, from municipality pages


def loads(text: str | bytes) -> Any:
    """JSON with every number as an exact Decimal (Kolada's values keep their digits)."""
    return json.loads(text, parse_float=Decimal)


def read_kolada(name: str, text: str | bytes) -> KoladaFile:
    """Parse a saved file; raises `InputError` naming the file, the page and the value."""
    problems = Problems(name)
    try:
        document = loads(text)
    except json.JSONDecodeError as error:
        raise InputError(name, error.lineno, f"är inte giltig JSON: {error.msg}") from None
    except UnicodeDecodeError:
        raise InputError(name, None, "är inte UTF-8-kodad JSON") from None
    pages = document if isinstance(document, list) else [document]
    out = KoladaFile(name)
    for number, page in enumerate(pages, start=1):
        where = f"sida {number}" if len(pages) > 1 else "sidan"
        if not isinstance(page, dict) or not isinstance(page.get("values"), list):
            problems.add(None, f'{where}: ett Kolada-svar ska vara ett objekt med listan "values"')
            continue
        out.pages.append(page)
        out.values.append(parse_page(page, where, problems, out))
    if not out.pages and not problems:
        problems.add(None, "filen har inga sidor")
    problems.raise_if_any()
    resolve_groups(out, problems)
    problems.raise_if_any()
    return out


def parse_page(page: Mapping[str, Any], where: str, problems: Problems, into: KoladaFile) -> list[KoladaValue]:
    """One page's data rows (groups and municipality names go into `into`)."""
    rows: list[KoladaValue] = []
    known = catalogue()
    for i, item in enumerate(page["values"], start=1):
        at = f"{where}, värde {i}"
        if not isinstance(item, dict):
            problems.add(None, f"{at}: ska vara ett objekt")
        elif "members" in item:
            _group(item, at, problems, into)
        elif "kpi" not in item and "type" in item:
            code, title = str(item.get("id", "")), str(item.get("title", ""))
            if not MUNICIPALITY_ID.fullmatch(code) or not title:
                problems.add(None, f'{at}: en kommun ska ha "id" (fyra siffror) och "title"')
            else:
                into.names[code] = title
        else:
            rows.extend(_data_row(item, at, problems, known))
    return rows


def _data_row(item: Mapping[str, Any], at: str, problems: Problems, known: Mapping[str, Kpi]) -> list[KoladaValue]:
    kpi, municipality = item.get("kpi"), item.get("municipality")
    year = item.get("period", item.get("year"))
    if not isinstance(kpi, str) or not KPI_ID.fullmatch(kpi):
        problems.add(None, f'{at}: "kpi" ska vara ett nyckeltals-id som N00001, inte {json.dumps(kpi, default=str)}')
        return []
    if kpi not in known:
        problems.add(None, f"{at}: nyckeltalet {kpi} finns inte i katalogen över socialtjänstens nyckeltal")
        return []
    if not isinstance(municipality, str) or not MUNICIPALITY_ID.fullmatch(municipality):
        problems.add(None, f'{at}: "municipality" ska vara en kommunkod med fyra siffror, inte '
                           f"{json.dumps(municipality, default=str)}")
        return []
    if isinstance(year, str) and year.isdigit():
        year = int(year)
    if not isinstance(year, int) or not 1990 <= year <= 2999:
        problems.add(None, f'{at}: "period" ska vara ett årtal, inte {json.dumps(year, default=str)}')
        return []
    cells = item.get("values")
    if not isinstance(cells, list):
        problems.add(None, f'{at}: "values" ska vara en lista')
        return []
    out = []
    genders: set[str] = set()
    for cell in cells:
        gender = cell.get("gender") if isinstance(cell, dict) else None
        if gender not in GENDERS:
            problems.add(None, f"{at} ({kpi} {municipality} {year}): kön ska vara T, K eller M, inte "
                               f"{json.dumps(gender, default=str)}")
            continue
        assert isinstance(cell, dict) and isinstance(gender, str)
        if gender in genders:
            problems.add(None, f"{at} ({kpi} {municipality} {year}): könet {gender} finns två gånger")
            continue
        genders.add(gender)
        value = cell.get("value")
        if isinstance(value, bool) or not (value is None or isinstance(value, int | Decimal)):
            problems.add(None, f"{at} ({kpi} {municipality} {year} {gender}): värdet "
                               f"{json.dumps(value, default=str)} är inte ett tal")
            continue
        count = cell.get("count")
        status = cell.get("status")
        out.append(KoladaValue(kpi, municipality, year, gender, None if value is None else Decimal(value),
                               status if isinstance(status, str) else "",
                               count if isinstance(count, int) and not isinstance(count, bool) else None))
    return out


def _group(item: Mapping[str, Any], at: str, problems: Problems, into: KoladaFile) -> None:
    gid, title, members = item.get("id"), item.get("title"), item.get("members")
    ids = [m.get("id") if isinstance(m, dict) else m for m in members] if isinstance(members, list) else None
    if not isinstance(gid, str) or not isinstance(title, str) or ids is None or not all(
            isinstance(m, str) and MUNICIPALITY_ID.fullmatch(m) for m in ids):
        problems.add(None, f'{at}: en kommungrupp ska ha "id", "title" och "members" med kommunkoder')
        return
    for m in members or ():
        if isinstance(m, dict) and isinstance(m.get("title"), str):
            into.names.setdefault(str(m["id"]), m["title"])
    match = _GROUP_TITLE.fullmatch(title)
    if match is None:
        return  # not one of RKA's peer groups: not used for comparisons
    kind = match["kind"] or ""
    if kind not in PEER_KINDS:
        return
    # The municipality is found from its name once the whole file is read (`resolve_groups`).
    into.groups.append(PeerGroup(gid, kind, match["name"], int(match["year"]), tuple(str(m) for m in ids), title))


def resolve_groups(into: KoladaFile, problems: Problems) -> None:
    """Turn each group's municipality name (from its title) into its code."""
    by_name = {title: code for code, (title, kind) in municipalities().items() if kind == "K"}
    by_name.update({title: code for code, title in into.names.items()})
    resolved = []
    for g in into.groups:
        code = by_name.get(g.municipality)
        if code is None:
            problems.add(None, f'kommungruppen {g.id} "{g.title}": kommunen "{g.municipality}" är okänd; '
                               "ta med den i filen som en kommun (id, title, type)")
            continue
        resolved.append(PeerGroup(g.id, g.kind, code, g.year, g.members, g.title))
    into.groups = resolved
