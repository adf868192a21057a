"""Key figures from Kolada: the municipality's value beside its peer group's mean and the country's.

Pure rules on plain values: which peer group a KPI is compared with, the peer mean (our own
processing of Kolada's figures, never credited to Kolada), and which year a report shows.
A missing value is None, never 0: a peer without a value is left out of the mean, and a mean
without any value is None.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

NATIONAL = "0000"  # Riket
TOTAL = "T"  # Kolada's gender code for the total (K = kvinnor, M = män)
MAX_IDS = 25  # Kolada takes at most 25 ids per path segment

# The kinds of RKA's "Liknande kommuner" groups this product compares with.
ELDERLY, IFO, LSS, ASSISTANCE, OVERALL = "äldreomsorg", "IFO", "LSS", "ekonomiskt bistånd", "övergripande"
PEER_KINDS = (ELDERLY, IFO, LSS, ASSISTANCE, OVERALL)

# The curated social-services KPIs `uppfolj kolada fetch` asks for by default (all in the
# shipped catalogue, `data/kolada-kpis.csv.gz`).
CURATED = (
    "N30005",  # Nettokostnad individ- och familjeomsorg, kr/inv
    "N33016",  # Nettokostnad barn och ungdomsvård, kr/inv
    "N35019",  # Nettokostnad missbruksvård totalt för vuxna, kr/inv
    "N31008",  # Nettokostnad ekonomiskt bistånd, kr/inv
    "N31807",  # Invånare som någon gång under året erhållit ekonomiskt bistånd, andel (%)
    "N21017",  # Nettokostnad hemtjänst äldreomsorg, kr/inv
    "N23004",  # Nettokostnad särskilt/annat boende äldreomsorg, kr/inv
    "N21006",  # Kostnad hemtjänst äldreomsorg, kr/hemtjänsttagare
    "U21468",  # Brukarbedömning hemtjänst äldreomsorg - helhetssyn, andel (%)
    "N28016",  # Nettokostnad funktionsnedsättning LSS och SFB, kr/inv
    "N28013",  # Kostnad funktionsnedsättning LSS boende, kr/brukare
)


@dataclass(frozen=True, slots=True)
class Kpi:
    """One KPI of Kolada's catalogue (the subset the product ships)."""

    id: str
    title: str
    operating_area: str = ""
    perspective: str = ""


@dataclass(frozen=True, slots=True)
class KoladaValue:
    """One value row of a v3 data answer: a KPI, a municipality, a year and a gender."""

    kpi: str
    municipality: str
    year: int
    gender: str
    value: Decimal | None
    status: str = ""
    count: int | None = None


@dataclass(frozen=True, slots=True)
class PeerGroup:
    """An RKA peer group ("Liknande kommuner IFO, Höör, 2024") of one municipality."""

    id: str
    kind: str
    municipality: str
    year: int
    members: tuple[str, ...]
    title: str = ""


@dataclass(frozen=True, slots=True)
class KeyFigure:
    """One KPI as the report shows it (the JSON's `key_figures`)."""

    kpi: str
    title: str
    municipality: str
    year: int
    value: Decimal | None
    peer_mean: Decimal | None
    national: Decimal | None
    status: str
    peer_group: str = ""  # the title of the group the mean is over ("" without one)
    peers: int = 0  # how many peers had a value


def peer_kind(kpi: Kpi) -> str:
    """The kind of peer group a KPI is compared with, from its operating area and title.

    Kolada's operating area "Äldre och funktionshinder" holds both elderly care and LSS, so the
    title decides between them; "Individ- och familjeomsorg" holds both IFO and economic assistance.
    """
    title = kpi.title.lower()
    area = kpi.operating_area.lower()
    if "övergripande" in area:
        return OVERALL
    if "ekonomiskt bistånd" in title or "biståndsmottagare" in title:
        return ASSISTANCE
    if "individ- och familjeomsorg" in area:
        return IFO
    if "lss" in title or "personlig assistans" in title:
        return LSS
    if "äldre" in area or "äldre" in title:
        return ELDERLY
    return OVERALL


def peer_title(group: PeerGroup, name: str) -> str:
    """RKA's title of a group, e.g. "Liknande kommuner IFO, Höör, 2024"."""
    if group.title:
        return group.title
    if group.kind == OVERALL:
        return f"Liknande kommuner, övergripande, {name}, {group.year}"
    return f"Liknande kommuner {group.kind}, {name}, {group.year}"


def mean(values: Iterable[Decimal | None]) -> Decimal | None:
    """The mean of the values given; None values are left out, and None when none is left."""
    found = [v for v in values if v is not None]
    if not found:
        return None
    return sum(found, Decimal(0)) / len(found)


def choose_group(groups: Sequence[PeerGroup], kind: str) -> PeerGroup | None:
    """The latest group of the kind; the `övergripande` group where there is none of the kind."""
    for wanted in (kind, OVERALL):
        found = [g for g in groups if g.kind == wanted]
        if found:
            return max(found, key=lambda g: (g.year, g.id))
    return None


def key_figures(
    home: str,
    year: int,
    kpis: Sequence[Kpi],
    values: Iterable[KoladaValue],
    groups: Sequence[PeerGroup],
) -> list[KeyFigure]:
    """The key figures of a report of `year` for the municipality `home`, in the order of `kpis`.

    For each KPI: the latest year ≤ `year` in which `home` has a value (gender T); in that year
    the value, Kolada's status, the mean of the peer group's members other than `home` that have
    a value, and Riket's value. A KPI without any such year is left out.
    """
    table: dict[tuple[str, str, int], KoladaValue] = {}
    for v in values:
        if v.gender == TOTAL:
            table[(v.kpi, v.municipality, v.year)] = v
    out = []
    for kpi in kpis:
        years = [y for (k, m, y), v in table.items() if k == kpi.id and m == home and y <= year and v.value is not None]
        if not years:
            continue
        shown = max(years)
        own = table[(kpi.id, home, shown)]
        group = choose_group(groups, peer_kind(kpi))
        members = [m for m in group.members if m != home] if group is not None else []
        peer_values = [table[(kpi.id, m, shown)].value for m in members if (kpi.id, m, shown) in table]
        national = table.get((kpi.id, NATIONAL, shown))
        out.append(KeyFigure(
            kpi=kpi.id, title=kpi.title, municipality=home, year=shown, value=own.value,
            peer_mean=mean(peer_values), national=None if national is None else national.value,
            status=own.status, peer_group=group.title if group is not None else "",
            peers=sum(1 for v in peer_values if v is not None),
        ))
    return out


def chunks(ids: Sequence[str], size: int = MAX_IDS) -> list[list[str]]:
    """The ids in pieces of at most `size` (Kolada refuses more than 25 in one segment)."""
    return [list(ids[i:i + size]) for i in range(0, len(ids), size)]


def year_range(text: str) -> list[int]:
    """'2021-2023', '2023' or '2021,2023' as sorted years; ValueError with a Swedish message."""
    years: set[int] = set()
    for part in filter(None, (p.strip() for p in text.split(","))):
        low, _, high = part.partition("-")
        try:
            first, last = int(low), int(high or low)
        except ValueError:
            raise ValueError(f'"{part}" är inte ett år eller ett intervall av år') from None
        if not 1990 <= first <= last <= 2999:
            raise ValueError(f'"{part}" ska vara år, det första inte efter det sista')
        years.update(range(first, last + 1))
    if not years:
        raise ValueError("ange minst ett år")
    return sorted(years)


def home_of(municipalities: Mapping[str, str], found: Iterable[str]) -> str | None:
    """The only kommun (type K) among the codes found, else None (several or none)."""
    kommuner = {c for c in found if municipalities.get(c, "K") == "K" and c != NATIONAL and not c.startswith("G")}
    return next(iter(kommuner)) if len(kommuner) == 1 else None
