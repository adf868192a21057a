"""Key figures from Kolada: saved pages imported, pages fetched, values replaced, the report's figures.

Every raw page is kept with its URL and the time it came (Kolada revises values without
notice). A value is replaced per (kpi, municipality, year, gender), so importing or fetching
the same answer twice leaves the database as once. The home municipality (whose figures the
reports show) is a stored setting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from uppfolj.core.errors import InputError, Problems, UserError
from uppfolj.core.key_figures import (
    CURATED,
    NATIONAL,
    PEER_KINDS,
    TOTAL,
    KeyFigure,
    KoladaValue,
    PeerGroup,
    home_of,
    key_figures,
    peer_kind,
)
from uppfolj.ingest.kolada import (
    MUNICIPALITY_ID,
    KoladaFile,
    catalogue,
    loads,
    municipalities,
    parse_page,
    read_kolada,
    resolve_groups,
    shipped_groups,
    unknown_kpis,
)
from uppfolj.ingest.kolada_client import FetchedPage, KoladaClient
from uppfolj.web import rules
from uppfolj.web.domain.audit import log_action
from uppfolj.web.domain.masterdata import finish_import, start_import
from uppfolj.web.models import KeyFigureValue, KoladaHome, KoladaPage, KoladaPeerGroup


@dataclass(frozen=True, slots=True)
class StoredPages:
    pages: int
    values: int
    changed: int
    groups: int


# --- the home municipality ----------------------------------------------------------------------


def home() -> KoladaHome | None:
    return KoladaHome.objects.filter(pk=1).first()


def municipality_name(code: str) -> str:
    stored = home()
    if stored is not None and stored.municipality == code and stored.name:
        return stored.name
    return municipalities().get(code, (code, ""))[0]


def set_home(code: str, name: str = "", *, user: Any) -> bool:
    """Make `code` the home municipality; audited when it changes. Returns whether it changed."""
    if not MUNICIPALITY_ID.fullmatch(code) or code == NATIONAL:
        raise UserError(f'kommunkoden "{code}" ska vara fyra siffror (t.ex. 0180), inte Riket 0000')
    name = name or municipalities().get(code, ("", ""))[0]
    old = home()
    if old is not None and old.municipality == code and (old.name == name or not name):
        return False
    KoladaHome.objects.update_or_create(pk=1, defaults={"municipality": code, "name": name or code})
    log_action("uppfolj.kolada.home_set", user=user, object_type="kolada", object_key="hemkommun",
               old=None if old is None else {"kommun": old.municipality, "namn": old.name},
               new={"kommun": code, "namn": name or code})
    return True


# --- storing pages and values -------------------------------------------------------------------


def _store_page(url: str, body: str, fetched_at: dt.datetime, source: str) -> KoladaPage:
    """The page, reused when the same URL already holds the same text (idempotent imports)."""
    same = KoladaPage.objects.filter(url=url, body=body).order_by("-fetched_at").first()
    if same is not None:
        return same
    return KoladaPage.objects.create(url=url, body=body, fetched_at=fetched_at, source=source)


def _store(file: KoladaFile, pages: Sequence[KoladaPage]) -> StoredPages:
    """Replace the values of every (kpi, municipality, year, gender) the pages hold, and the groups."""
    problems = Problems(file.name)
    found: dict[tuple[str, str, int, str], tuple[KoladaValue, KoladaPage]] = {}
    for page, values in zip(pages, file.values, strict=True):
        for v in values:
            key = (v.kpi, v.municipality, v.year, v.gender)
            before = found.get(key)
            if before is not None and (before[0].value, before[0].status) != (v.value, v.status):
                problems.add(None, f"{v.kpi} {v.municipality} {v.year} {v.gender} har två olika värden "
                                   f"({before[0].value} och {v.value})")
            found[key] = (v, page)
    problems.raise_if_any()
    existing = {
        (o.kpi, o.municipality, o.year, o.gender): o
        for o in KeyFigureValue.objects.filter(kpi__in={k[0] for k in found}, municipality__in={k[1] for k in found},
                                               year__in={k[2] for k in found})
    }
    create, update, changed = [], [], 0
    for key, (v, page) in found.items():
        old = existing.get(key)
        if old is None:
            create.append(KeyFigureValue(kpi=v.kpi, municipality=v.municipality, year=v.year, gender=v.gender,
                                         value=v.value, status=v.status, count=v.count, page=page))
            changed += 1
        elif (old.value, old.status, old.count, old.page_id) != (v.value, v.status, v.count, page.pk):
            changed += (old.value, old.status) != (v.value, v.status)
            old.value, old.status, old.count, old.page = v.value, v.status, v.count, page
            update.append(old)
    KeyFigureValue.objects.bulk_create(create, batch_size=2000)
    KeyFigureValue.objects.bulk_update(update, ["value", "status", "count", "page"], batch_size=2000)
    for g in file.groups:
        KoladaPeerGroup.objects.update_or_create(group_id=g.id, defaults={
            "kind": g.kind, "municipality": g.municipality, "year": g.year, "title": g.title,
            "members": list(g.members)})
    # A page replaced by a newer one of the same URL and no longer holding any value goes.
    urls = {p.url for p in pages}
    keep = {p.pk for p in pages}
    KoladaPage.objects.filter(url__in=urls).exclude(pk__in=keep).annotate(n=Count("values")).filter(n=0).delete()
    return StoredPages(len(pages), len(found), changed, len(file.groups))


def _choose_home(file: KoladaFile, given: str | None, *, user: Any) -> str:
    """The home municipality: given (`--kommun`), else the stored one, else the file's only kommun."""
    if given:
        set_home(given, file.names.get(given, ""), user=user)
        return given
    stored = home()
    if stored is not None:
        return stored.municipality
    types = {code: kind for code, (_, kind) in municipalities().items()}
    with_groups = {g.municipality for g in file.groups}
    found = home_of(types, with_groups or {v.municipality for values in file.values for v in values})
    if found is None:
        raise UserError(f"{file.name}: ange hemkommunen med --kommun KOD; filen har inte en enda kommun "
                        "att visa nyckeltalen för")
    set_home(found, file.names.get(found, ""), user=user)
    return found


def import_kolada(path: Path, *, municipality: str | None = None, user: Any) -> list[str]:
    """Saved Kolada v3 pages (one page or a list); nothing changes on a bad file."""
    rules.require(user, rules.Act.IMPORT_LEDGER)
    if municipality is not None and not MUNICIPALITY_ID.fullmatch(municipality):
        raise UserError(f'kommunkoden "{municipality}" ska vara fyra siffror, t.ex. 0180')
    try:
        text = path.read_bytes()
    except OSError as error:
        raise InputError(path.name, None, f"kan inte läsas: {error.strerror}") from None
    file = read_kolada(path.name, text)
    now = timezone.now()
    with transaction.atomic():
        log = start_import("kolada", path.name, user=user)
        chosen = _choose_home(file, municipality, user=user)
        pages = [_store_page(f"fil:{path.name}#{n}", _dump(page), now, "file")
                 for n, page in enumerate(file.pages, start=1)]
        stored = _store(file, pages)
        years = sorted({v.year for values in file.values for v in values})
        finish_import(log, rows=stored.values, years=years, user=user,
                      summary={"pages": stored.pages, "changed": stored.changed, "groups": stored.groups,
                               "home": chosen})
    return [f"{path.name}: {stored.pages} sidor, {stored.values} värden ({stored.changed} nya eller ändrade), "
            f"{stored.groups} kommungrupper; hemkommun {chosen} {municipality_name(chosen)}"]


_ENCODER = msgspec.json.Encoder(decimal_format="number")


def _dump(page: Any) -> str:
    """A page of a saved file as JSON text again, its numbers written with the digits they had."""
    return _ENCODER.encode(page).decode("utf-8")


# --- fetching -----------------------------------------------------------------------------------


def peer_groups(code: str) -> list[PeerGroup]:
    """The home municipality's peer groups: those stored (from files or fetches), else the shipped ones."""
    stored = [PeerGroup(g.group_id, g.kind, g.municipality, g.year, tuple(g.members), g.title)
              for g in KoladaPeerGroup.objects.filter(municipality=code)]
    return stored or list(shipped_groups().get(code, ()))


def fetch_kolada(code: str, *, kpis: Sequence[str] | None = None, years: Sequence[int] | None = None,
                 user: Any, client: KoladaClient | None = None) -> list[str]:
    """Fetch the KPIs for the municipality, its peer groups' members and Riket, then store them.

    Everything is checked before the first call; the network is asked outside the transaction,
    and the pages are stored in one transaction only when every call succeeded.
    """
    rules.require(user, rules.Act.IMPORT_LEDGER)
    known = municipalities()
    if code not in known or known[code][1] != "K":
        raise UserError(f'"{code}" är ingen kommunkod i Kolada (fyra siffror, t.ex. 0180 för Stockholm)')
    wanted = list(dict.fromkeys(kpis or CURATED))
    unknown = unknown_kpis(wanted)
    if unknown:
        raise UserError(f"okänt nyckeltal: {', '.join(unknown)} (finns inte i katalogen över socialtjänstens "
                        "nyckeltal); ingen fråga skickades till Kolada")
    today = timezone.localdate()
    chosen_years = list(years or range(today.year - 5, today.year + 1))
    groups = latest_groups(shipped_groups().get(code, ()))
    members = [code, NATIONAL, *sorted({m for g in groups for m in g.members} - {code})]
    client = client or KoladaClient()
    fetched = client.data(wanted, members, chosen_years)
    return store_fetched(code, fetched, groups, user=user, requests=client.requests)


def latest_groups(groups: Sequence[PeerGroup]) -> list[PeerGroup]:
    """The latest group of each kind."""
    best: dict[str, PeerGroup] = {}
    for g in groups:
        if g.kind not in best or (g.year, g.id) > (best[g.kind].year, best[g.kind].id):
            best[g.kind] = g
    return [best[k] for k in PEER_KINDS if k in best]


def store_fetched(code: str, fetched: Sequence[FetchedPage], groups: Sequence[PeerGroup], *, user: Any,
                  requests: int = 0) -> list[str]:
    file = KoladaFile("Kolada")
    problems = Problems("Kolada")
    for n, page in enumerate(fetched, start=1):
        document = loads(page.body)
        file.pages.append(document)
        file.values.append(parse_page(document, f"svar {n} ({page.url})", problems, file))
    resolve_groups(file, problems)
    problems.raise_if_any()
    file.groups.extend(groups)
    with transaction.atomic():
        log = start_import("kolada_fetch", f"api.kolada.se {code}", user=user)
        set_home(code, user=user)
        pages = [_store_page(p.url, p.body.decode("utf-8"), p.fetched_at, "fetch") for p in fetched]
        stored = _store(file, pages)
        finish_import(log, rows=stored.values, years=sorted({v.year for vs in file.values for v in vs}), user=user,
                      summary={"pages": stored.pages, "changed": stored.changed, "requests": requests, "home": code})
    return [f"Kolada: {stored.pages} sidor ({requests} anrop), {stored.values} värden ({stored.changed} nya eller "
            f"ändrade) för {code} {municipality_name(code)}, {len(groups)} jämförelsegrupper och Riket"]


# --- reading ------------------------------------------------------------------------------------


def report_key_figures(year: int) -> tuple[KeyFigure, ...]:
    """The key figures a report of `year` shows: none without a home municipality or values."""
    stored = home()
    if stored is None:
        return ()
    code = stored.municipality
    known = catalogue()
    ids = set(KeyFigureValue.objects.filter(municipality=code, gender=TOTAL, year__lte=year, value__isnull=False)
              .values_list("kpi", flat=True))
    kpis = sorted((known[i] for i in ids if i in known), key=lambda k: (PEER_KINDS.index(peer_kind(k)), k.id))
    if not kpis:
        return ()
    groups = latest_groups(peer_groups(code))
    wanted = {code, NATIONAL, *(m for g in groups for m in g.members)}
    values = [KoladaValue(v.kpi, v.municipality, v.year, v.gender, v.value, v.status, v.count)
              for v in KeyFigureValue.objects.filter(kpi__in=ids, municipality__in=wanted, gender=TOTAL,
                                                     year__lte=year)]
    return tuple(key_figures(code, year, kpis, values, groups))


def home_value(kpi: str, year: int) -> Decimal | None:
    """The home municipality's value (gender T) of a key figure in the latest year up to `year`
    that has one; None without a home municipality or a value (a goal's outcome from Kolada)."""
    stored = home()
    if stored is None:
        return None
    found = (KeyFigureValue.objects.filter(kpi=kpi, municipality=stored.municipality, gender=TOTAL,
                                           year__lte=year, value__isnull=False)
             .order_by("-year").values_list("value", flat=True).first())
    return found


@dataclass(frozen=True, slots=True)
class PageRow:
    url: str
    source: str
    fetched_at: dt.datetime
    values: int


def cached_pages(limit: int = 200) -> list[PageRow]:
    """The stored pages, newest first, with how many values each holds now."""
    return [PageRow(p.url, p.source, p.fetched_at, p.n)
            for p in KoladaPage.objects.annotate(n=Count("values")).order_by("-fetched_at", "-id")[:limit]]
