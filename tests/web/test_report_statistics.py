"""The report's volumes and unit costs: the JSON `statistics`, the unit page's cost per unit and
chart, and the documents' Volymer och enhetskostnader (interim, annual) and Personal (annual).

The acceptance case of March 2024 with `store_volumes`: vårddygn for 515 (1 101, 1 102, 1 103 in
2024; 1 001, 1 002, 1 003 in 2023) and 516 (210 a month; 200 in 2023); årsarbetare for 515
(42,25 a month; 41,5 in 2023).
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

from tests.web.forecast_data import store_volumes
from uppfolj.core.choices import Format, ReportKind
from uppfolj.reports.document import build_document
from uppfolj.web.domain.period import period_report, render_report

API = "/api/v1/rapport/2024/3.json"


def test_json_statistics_are_exact_per_unit_and_measure(clients: dict[str, Any]) -> None:
    store_volumes()

    data = clients["controller"].get(API).json()

    units = {u["code"]: u for u in data["units"]}
    lines = {(s["unit"], s["measure"]): s for s in data["statistics"]}
    assert [k for k in lines if k[0] == "515"] == [("515", "vardygn"), ("515", "arsarb")]  # by name: V < Å
    days = lines[("515", "vardygn")]
    assert days["name"] == "Vårddygn HVB" and days["unit_text"] == "dygn"
    assert days["period_value"] == 3306 and days["previous_year_period_value"] == 3006
    actual = units["515"]["actual"]
    assert days["unit_cost"] == round(actual / 3306, 2)
    assert days == {"unit": "515", "measure": "vardygn", "name": "Vårddygn HVB", "unit_text": "dygn",
                    "period_value": 3306, "previous_year_period_value": 3006,
                    "unit_cost": 11717.48,  # 38 738 000 kr / 3 306 dygn = 11 717,477…
                    "previous_unit_cost": None}  # the case has no ledger rows of 2023
    assert actual == 38_738_000.0
    staff = lines[("515", "arsarb")]
    assert staff["period_value"] == 42.25 and staff["previous_year_period_value"] == 41.5
    assert staff["unit_cost"] == round(actual / 42.25, 2)  # actual of jan–mars per årsarbetare
    # only the units' own volumes: the totals over units below are the documents'
    assert {k[0] for k in lines} == {"515", "516"}
    placed = lines[("516", "vardygn")]
    assert placed["period_value"] == 630
    assert placed["unit_cost"] == round(float(Fraction(round(units["516"]["actual"] * 100), 630)) / 100, 2)


def test_totals_over_units_below_cost_the_units_that_hold_the_measure(clients: dict[str, Any]) -> None:
    store_volumes()

    report = period_report(2024, 3)

    actual = {u.code: u.figures.actual for u in report.unit_results}
    root = next(s for s in report.statistics if s.unit == "5XX" and s.measure == "vardygn")
    assert not root.own and root.period_value == 3306 + 630
    assert root.unit_cost == round((actual["515"] + actual["516"]) / (3306 + 630))


def test_json_statistics_without_volumes_is_an_empty_list(clients: dict[str, Any]) -> None:
    assert clients["controller"].get(API).json()["statistics"] == []


def test_the_unit_page_shows_cost_per_unit_and_a_chart(clients: dict[str, Any]) -> None:
    store_volumes()

    page = clients["reader"].get("/uppfoljning/2024/3/515/").content.decode()

    block = re.search(r'<div class="volume-costs" id="kostnad-vardygn">.*?</figure>', page, re.S)
    assert block is not None
    cells = dict(re.findall(r'<tr><th scope="row">([^<]+)</th><td class="num">([^<]*)</td>', block.group(0)))
    assert set(cells) >= {"jan", "feb", "mars", "Jan–mars"} and cells["Jan–mars"] and not cells["apr"]
    assert '<svg class="chart"' in block.group(0) and "Vårddygn HVB per månad (dygn), 2024 och 2023" in block.group(0)
    assert "<polyline" in block.group(0)


def test_documents_show_volumes_in_interim_and_annual_and_personnel_in_annual_only(clients: dict[str, Any]) -> None:
    store_volumes()

    interim = build_document(period_report(2024, 3, kind=ReportKind.INTERIM))
    annual = build_document(period_report(2024, 3, kind=ReportKind.ANNUAL))
    monthly = build_document(period_report(2024, 3, kind=ReportKind.MONTHLY))

    volumes = interim.section("volumes")
    assert volumes is not None and volumes.title == "Volymer och enhetskostnader"
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in volumes.tables[0].rows}
    assert rows["Totalt Socialtjänsten"][:3] == ["3\u00a0936", "3\u00a0606", "9,2"]  # 3 306 + 630, 3 006 + 600
    assert "Årsarbetare (st)" not in rows  # personnel is the annual report's
    assert [c.key for c in volumes.charts] == ["volume-vardygn"]
    assert interim.section("personnel") is None
    personnel = annual.section("personnel")
    assert annual.section("volumes") is not None and personnel is not None
    assert "Antalet årsarbetare var i genomsnitt 42,3" in personnel.paragraphs[0]
    assert monthly.section("volumes") is None and monthly.section("personnel") is None
    for fmt in Format:
        out = render_report(period_report(2024, 3, kind=ReportKind.ANNUAL), fmt)
        assert out


def test_documents_leave_the_sections_out_without_volumes(clients: dict[str, Any]) -> None:
    annual = build_document(period_report(2024, 3, kind=ReportKind.ANNUAL))
    assert annual.section("volumes") is None and annual.section("personnel") is None

