"""Phones and small screens: the demo municipality's pages at 1400 px and 390 px in headless Chromium.

At 390 px nothing runs off-screen (the page is exactly as wide as the phone), the figures of the
overview and the unit page are on screen (cards with each figure labelled) or inside a scrolling,
focusable region, the forms fit, and axe-core finds no serious or critical violation at either width.
Screenshots go to test-artifacts/phone/ (look at them: a test cannot see a misaligned card).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.conftest import REPO
from tests.web.test_browser import ARGS, CHROMIUM, assert_accessible, login, logout

SHOTS = REPO / "test-artifacts" / "phone"
DESK, PHONE = 1400, 390
YEAR, MONTH = 2024, 3

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium saknas (/usr/bin/chromium); webbläsartesterna hoppas över"),
]

# Every element whose right or left edge is off the screen, neither inside a scrolling region nor visually hidden.
OFF_SCREEN = """(width) => [...document.querySelectorAll('main *, header *')].filter(e => {
  const r = e.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && (r.right > width + 0.5 || r.left < -0.5)
         && !e.closest('.table-wrap[role=region]')
         && !e.closest('.vh, table.stack thead, #reasons thead');  // visually hidden: for screen readers
}).map(e => e.tagName + (e.id ? '#' + e.id : '') + ' ' + (e.textContent || '').trim().slice(0, 40))"""

# The figures of a table: every visible cell's box, with its label.
CELLS = """(selector) => [...document.querySelectorAll(selector)].filter(e => e.getClientRects().length > 0)
  .map(e => { const r = e.getBoundingClientRect();
              return {label: e.dataset.label || '', text: e.innerText.trim(), left: r.left, right: r.right}; })"""


@pytest.fixture
def demo_page(live_server: Any, transactional_db: None, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The demo municipality (goals, risks, investments, key figures, volumes, proposals) with March open."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    from uppfolj.web.domain.demo import load_demo
    from uppfolj.web.domain.forecasting import propose
    from uppfolj.web.domain.periods import open_period
    from uppfolj.web.domain.users import create_demo_users
    from uppfolj.web.rules import SYSTEM

    load_demo()
    create_demo_users()
    open_period(YEAR, MONTH, deadline=dt.date(YEAR, MONTH + 1, 12), user=SYSTEM)
    propose(YEAR, MONTH, user=SYSTEM)
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(bypass_csp=True, locale="sv-SE", viewport={"width": DESK, "height": 900})
        page = context.new_page()
        page.base = live_server.url  # type: ignore[attr-defined]  # the helpers of test_browser read it
        yield page
        context.close()
        browser.close()


def at_both_widths(page: Any, name: str, path: str) -> None:
    """Open the page at desk and phone width: a screenshot of each, no sideways scrolling, axe clean.
    Leaves the page at phone width."""
    for width in (DESK, PHONE):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(page.base + path)
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") == width, f"{name} at {width} px"
        assert page.evaluate(OFF_SCREEN, width) == [], f"{name} at {width} px"
        assert_accessible(page, f"{name}, {width} px")


def on_screen(cells: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [c for c in cells if c["left"] >= 0 and c["right"] <= PHONE + 0.5]


def test_budget_holder_reads_and_fills_in_the_unit_on_a_phone(demo_page: Any) -> None:
    from uppfolj.web.domain.period import period_report
    from uppfolj.web.models import RowForecast
    from uppfolj.web.templatetags.uppfolj_tags import tkr

    page = demo_page
    top = period_report(YEAR, MONTH, unit="515").top
    login(page, "chef515")

    at_both_widths(page, "oversikt-chef515", f"/uppfoljning/{YEAR}/{MONTH}/")
    # One card per unit (515 and its five units), every figure on screen with its column's name.
    cells = page.evaluate(CELLS, "#units tbody td.num")
    assert len(cells) == 6 * 9 and on_screen(cells) == cells
    first = {c["label"]: c["text"].replace("\u00a0", " ") for c in cells[:9]}
    assert first["Utfall"] == tkr(top.figures.actual).replace("\u00a0", " ") == "38 738"
    assert first["Årsbudget"] == "123 852" and first["Prognosavvikelse"] == "-30 200"

    at_both_widths(page, "enhet-515-chef515", f"/uppfoljning/{YEAR}/{MONTH}/515/")
    # The account-group table: the net's actual and forecast, and every row's forecast field, on screen.
    net = {c["label"]: c["text"].replace("\u00a0", " ")
           for c in on_screen(page.evaluate(CELLS, "#rows-table tr.total td"))}
    assert net["Utfall"] == "38 738" and net["Prognos (tkr)"] == "154 052" and net["Prognosavvikelse"] == "-30 200"
    fields = page.locator("#rows-table input.row-forecast")
    assert fields.count() >= 10
    for i in range(fields.count()):
        box = fields.nth(i).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE
    # The forms fit: every field and button of the unit form within the screen; a reason's text
    # field spans the screen instead of giving way to its amount.
    for selector in ("#unit-form input:visible", "#unit-form textarea:visible", "#unit-form select:visible",
                     "#unit-form button:visible"):
        for box in (page.locator(selector).nth(i).bounding_box() for i in range(page.locator(selector).count())):
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE, selector
    assert page.locator("#orsak-0-text").bounding_box()["width"] > 300
    risks = on_screen(page.evaluate(CELLS, "#unit-risks td"))
    assert {c["label"] for c in risks} == {"Enhet", "Riskvärde", "Belopp, tkr", "Åtgärd"}

    # Typed and saved on the phone: the first row's forecast (the revenues, -1 500 tkr), then the draft button.
    field = page.locator("#rows-table input.row-forecast").nth(0)
    code = field.get_attribute("data-code")
    field.fill("-1 500")
    page.click("button[value=utkast]:visible")
    page.wait_for_load_state()
    assert page.locator("[role=alert]").count() == 0, page.inner_text("[role=alert]")
    assert page.inner_text("#unit-status") == "Utkast"
    assert RowForecast.objects.get(year=YEAR, month=MONTH, unit__code="515", row=code).amount == -150_000_000
    page.screenshot(path=str(SHOTS / "enhet-515-sparad-390.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") == PHONE
    logout(page)


def test_controller_and_the_committees_pages_on_a_phone(demo_page: Any) -> None:
    page = demo_page
    login(page, "ekonom")
    at_both_widths(page, "oversikt-ekonom", f"/uppfoljning/{YEAR}/{MONTH}/")
    cells = page.evaluate(CELLS, "#units tbody td.num")
    assert len(cells) > 9 * 40 and on_screen(cells) == cells  # every unit of the municipality

    at_both_widths(page, "enhet-515-ekonom", f"/uppfoljning/{YEAR}/{MONTH}/515/")
    net = on_screen(page.evaluate(CELLS, "#rows-table tr.total td"))
    assert {"Årsbudget", "Utfall", "Avvikelse", "Prognos (tkr)", "Prognosavvikelse"} <= {c["label"] for c in net}

    at_both_widths(page, "mal", f"/mal/{YEAR}/")
    goals = on_screen(page.evaluate(CELLS, "#goals tbody td"))
    assert {"Målvärde", "Utfall", "Föregående år", "Måluppfyllelse"} <= {c["label"] for c in goals}

    at_both_widths(page, "risker", f"/risker/{YEAR}/")
    page.locator("#risks tr.risk-edit summary").first.click()  # the change form opens inside its card
    page.screenshot(path=str(SHOTS / "risker-andra-390.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") == PHONE
    assert page.evaluate(OFF_SCREEN, PHONE) == []

    at_both_widths(page, "investeringar", f"/investeringar/{YEAR}/?manad={MONTH}")
    at_both_widths(page, "nyckeltal", "/nyckeltal/")
    figures = on_screen(page.evaluate(CELLS, "#key-figures tbody td"))
    assert {"År", "Riket"} <= {c["label"] for c in figures} and len(figures) >= 40

    # Pages whose tables stay tables scroll inside a region, never the page.
    for name, path in (("logg", "/logg/"), ("inlasning", "/import/"),
                       ("rad", f"/uppfoljning/{YEAR}/{MONTH}/515/rad/KOS-PERS/")):
        at_both_widths(page, name, path)
