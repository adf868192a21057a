"""Key figures: the year shown, the peer mean (nulls left out, never 0), the group kind per KPI."""

from __future__ import annotations

from decimal import Decimal

import pytest

from uppfolj.core.key_figures import (
    ASSISTANCE,
    ELDERLY,
    IFO,
    LSS,
    OVERALL,
    KoladaValue,
    Kpi,
    PeerGroup,
    key_figures,
    peer_kind,
    year_range,
)

IFO_KPI = Kpi("N30005", "Nettokostnad individ- och familjeomsorg, kr/inv", "Individ- och familjeomsorg")
GROUPS = [PeerGroup("G1", IFO, "1441", 2024, ("1401", "1402", "1440"), "Liknande kommuner IFO, Lerum, 2024"),
          PeerGroup("G0", IFO, "1441", 2023, ("0180",), "Liknande kommuner IFO, Lerum, 2023")]


def v(m: str, year: int, value: str | None, status: str = "", gender: str = "T") -> KoladaValue:
    return KoladaValue("N30005", m, year, gender, None if value is None else Decimal(value), status)


def test_latest_year_with_a_home_value_and_the_mean_of_peers_with_values() -> None:
    values = [v("1441", 2022, "5210.5"), v("1441", 2023, "5402", "B"), v("1441", 2024, None),
              v("1441", 2025, "9999"), v("1441", 2023, "1", gender="K"),
              v("1401", 2023, "4980.25"), v("1402", 2023, None), v("1440", 2023, "5100.75"), v("0180", 2023, "1"),
              v("0000", 2023, "5182.613")]
    [figure] = key_figures("1441", 2024, [IFO_KPI], values, GROUPS)
    assert (figure.year, figure.value, figure.status) == (2023, Decimal("5402"), "B")
    assert figure.peer_mean == (Decimal("4980.25") + Decimal("5100.75")) / 2 == Decimal("5040.5")
    assert figure.national == Decimal("5182.613")
    assert (figure.peer_group, figure.peers) == ("Liknande kommuner IFO, Lerum, 2024", 2)


def test_no_peer_values_gives_none_never_zero_and_no_home_value_leaves_the_kpi_out() -> None:
    [figure] = key_figures("1441", 2023, [IFO_KPI], [v("1441", 2023, "10"), v("1401", 2023, None)], GROUPS)
    assert (figure.peer_mean, figure.national) == (None, None)
    assert key_figures("1441", 2023, [IFO_KPI], [v("1401", 2023, "10"), v("1441", 2023, None)], GROUPS) == []


@pytest.mark.parametrize(("kpi", "kind"), [
    (Kpi("N31008", "Nettokostnad ekonomiskt bistånd, kr/inv", "Individ- och familjeomsorg"), ASSISTANCE),
    (IFO_KPI, IFO),
    (Kpi("N28016", "Nettokostnad funktionsnedsättning LSS och SFB, kr/inv", "Äldre och funktionshinder"), LSS),
    (Kpi("N21017", "Nettokostnad hemtjänst äldreomsorg, kr/inv", "Äldre och funktionshinder"), ELDERLY),
    (Kpi("N00097", "Nettokostnadsavvikelse totalt (exkl. LSS), andel (%)", "Kommunen, övergripande"), OVERALL),
    (Kpi("N00001", "Invånare totalt, antal", "Befolkning"), OVERALL),
])
def test_the_peer_group_kind_follows_the_operating_area_and_title(kpi: Kpi, kind: str) -> None:
    assert peer_kind(kpi) == kind


def test_year_ranges() -> None:
    assert year_range("2021-2023") == [2021, 2022, 2023]
    assert year_range("2020,2023") == [2020, 2023]
    with pytest.raises(ValueError, match="det första inte efter det sista"):
        year_range("2023-2021")
