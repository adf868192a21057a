"""The Prognossäkerhet page: a finished year's forecasts per department and month against the
outcome, limited to the units the reader may see.

`year_accuracy` is replaced by a hand-built `Accuracy` for 2023: the root 5XX and two
departments, forecasts made in April and August.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from uppfolj.core.forecasting.model import Accuracy, AccuracyRow

MKR = 100_000_000  # öre in a million kronor
URL = "/prognossakerhet/2023/"


def accuracy_2023() -> Accuracy:
    def row(unit: str, name: str, month: int, mkr: tuple[int | None, int, int, int]) -> AccuracyRow:
        """mkr: entered (None: none), auto, run rate, outcome."""
        entered, auto, run_rate, outcome = mkr
        return AccuracyRow(unit, name, month, None if entered is None else entered * MKR, auto * MKR, run_rate * MKR,
                           outcome * MKR)

    return Accuracy(
        year=2023,
        rows=[
            row("515", "Barn och familj / Missbruksvård", 4, (140, 150, 160, 152)),
            row("515", "Barn och familj / Missbruksvård", 8, (146, 151, 155, 152)),
            row("516", "Ordinärt boende", 4, (None, 101, 98, 100)),
            row("516", "Ordinärt boende", 8, (103, 100, 99, 100)),
        ],
        total=[row("5XX", "Socialtjänsten", 4, (1040, 1070, 1090, 1075)),
               row("5XX", "Socialtjänsten", 8, (1062, 1072, 1080, 1075))],
    )


@pytest.fixture
def accuracy(monkeypatch: pytest.MonkeyPatch) -> None:
    from uppfolj.web.domain import forecasting

    monkeypatch.setattr(forecasting, "year_accuracy", lambda year: accuracy_2023() if year == 2023 else None)


def department_rows(page: str) -> list[tuple[str, list[str]]]:
    table = re.search(r'<table class="figures" id="accuracy-departments">.*?</table>', page, re.S)
    assert table is not None
    out = []
    for unit, row in re.findall(r'<tr data-unit="([^"]+)">(.*?)</tr>', table.group(0), re.S):
        out.append((unit, [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]))
    return out


def test_the_controller_sees_every_department_the_total_and_the_largest_miss(
        clients: dict[str, Any], accuracy: None) -> None:
    page = clients["controller"].get(URL).content.decode()

    rows = department_rows(page)
    assert [u for u, _ in rows] == ["515", "515", "516", "516"]
    # April, 515: outcome 152, entered 140 (-12 mnkr, -7,9 %), auto 150 (-2), run rate 160 (+8).
    assert rows[0][1] == ["152\u00a0000", "140\u00a0000", "-12\u00a0000", "-7,9", "150\u00a0000", "-2\u00a0000", "-1,3",
                          "160\u00a0000", "+8\u00a0000"]
    assert rows[2][1][1:4] == ["–", "–", "–"]  # 516 gave no forecast in April
    # Worded as the documents' section words it.
    assert ("Största avvikelsen var Barn och familj / Missbruksvård i april: prognosen underskattade kostnaderna "
            "med 12,0\u00a0mkr, så utfallet blev sämre än prognosen.") in page
    # Over the three entered forecasts: |-12| + |-6| + |+3| = 21 / 3 = 7,0; auto 2 + 1 + 0; run rate 8 + 3 + 1.
    assert ("I genomsnitt missade de inlämnade prognoserna utfallet med 7,0\u00a0mkr per enhet och prognostillfälle, "
            "förslagen med 1,0\u00a0mkr och utfall i samma takt med 4,0\u00a0mkr; förslagen låg alltså närmare "
            "utfallet.") in page
    assert 'id="accuracy-total"' in page
    assert '<svg class="chart"' in page and "Utfall 1\u00a0075\u00a0000 tkr" in page


def test_a_budget_holder_sees_only_their_departments(clients: dict[str, Any], accuracy: None) -> None:
    page = clients["holder"].get(URL).content.decode()

    assert [u for u, _ in department_rows(page)] == ["515", "515"]
    assert 'id="accuracy-total"' not in page
    assert "Ordinärt boende" not in page
    assert "Prognoserna mot utfallet – 515 Barn och familj / Missbruksvård" in page


def test_a_year_without_its_whole_outcome_says_so(clients: dict[str, Any], accuracy: None) -> None:
    response = clients["reader"].get("/prognossakerhet/2024/")

    assert response.status_code == 200
    assert "Utfallet för hela 2024 finns inte ännu." in response.content.decode()


@pytest.mark.parametrize(("role", "status"), [("controller", 200), ("holder", 200), ("reader", 200), ("admin", 403),
                                              ("anonymous", 302)])
def test_who_may_read_the_page(clients: dict[str, Any], accuracy: None, role: str, status: int) -> None:
    assert clients[role].get(URL).status_code == status


def test_the_overview_links_to_the_page(clients: dict[str, Any]) -> None:
    page = clients["reader"].get("/uppfoljning/2024/3/").content.decode()

    assert '<a href="/prognossakerhet/2023/" id="link-accuracy">Prognossäkerhet 2023</a>' in page
