"""End to end in headless Chromium: a budget holder reports, the controller approves, locks, downloads.

Also runs axe-core on the login page, the overview and the unit page (scripts/axe.sh installs it).
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO
from tests.web.conftest import load_case

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = REPO / "test-artifacts"
AXE = REPO / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium saknas (/usr/bin/chromium); webbläsartesterna hoppas över"),
]


@pytest.fixture
def browser_page(live_server: Any, transactional_db: None, monkeypatch: pytest.MonkeyPatch) -> Any:
    # bypass_csp only lets the test inject axe-core; the app itself has no inline script.
    # Playwright's sync API runs an event loop in this thread; the ORM calls below are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    from uppfolj.web.domain.users import create_demo_users

    load_case()
    create_demo_users()
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(accept_downloads=True, bypass_csp=True, locale="sv-SE", viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.base = live_server.url
        yield page
        context.close()
        browser.close()


def axe_file() -> Path | None:
    if not AXE.exists() and shutil.which("npm"):
        subprocess.run(["bash", str(REPO / "scripts" / "axe.sh")], check=False, timeout=300)
    return AXE if AXE.exists() else None


def assert_accessible(page: Any, where: str) -> None:
    script = axe_file()
    if script is None:
        pytest.skip("axe-core kunde inte installeras (npm saknas eller inget nät); kör scripts/axe.sh")
    page.add_script_tag(path=str(script))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], f"{where}: {serious}"


def login(page: Any, username: str) -> None:
    page.goto(page.base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo")
    page.click("button[type=submit].primary")
    page.wait_for_url("**/uppfoljning/**")


def logout(page: Any) -> None:
    page.click("header form.logout button")
    page.wait_for_url("**/login/")


def test_budget_holder_reports_and_controller_approves_locks_and_downloads(browser_page: Any) -> None:
    from docx import Document

    from uppfolj.web.domain.period import period_report

    page = browser_page
    budget = period_report(2024, 3, unit="515").top.figures.annual_budget
    forecast_tkr = (budget + 50_000) // 100_000 + 3_000  # 3 000 tkr above budget: a variance of -3 000 tkr

    page.goto(page.base + "/login/")
    assert_accessible(page, "inloggning")
    login(page, "chef515")
    page.goto(page.base + "/uppfoljning/2024/3/")
    assert page.locator("#units tbody tr").count() == 1  # only unit 515
    page.screenshot(path=str(ARTIFACTS / "oversikt-chef515.png"), full_page=True)
    assert_accessible(page, "översikt")

    page.goto(page.base + "/uppfoljning/2024/3/515/")
    page.fill("#prognos", str(forecast_tkr))
    page.fill("#text_Utfall", "Utfallet för placeringar är högre än budget.")
    page.fill("#text_Analys", "Fler externa placeringar av barn och unga.")
    page.fill("#text_Åtgärd", "Hemmaplanslösningar prövas före placering.")
    page.fill("#orsak-0-text", "Externa placeringar")
    page.fill("#orsak-0-belopp", "-2 000")
    page.fill("#orsak-1-text", "Bemanning med konsulter")
    page.fill("#orsak-1-belopp", "-1 000")
    assert page.inner_text("#reasons-rest").replace("\u00a0", " ") in ("0", "-0")
    page.fill("#atgard-0-text", "Genomlysning av placeringar")
    page.fill("#atgard-0-ansvarig", "Enhetschef")
    page.fill("#atgard-0-tidplan", "April–juni")
    page.click("button[value=lamna_in]")
    page.wait_for_load_state()
    assert page.locator("[role=alert]").count() == 0, page.inner_text("[role=alert]")
    assert page.inner_text("#unit-status") == "Inlämnad"
    page.screenshot(path=str(ARTIFACTS / "enhet-515.png"), full_page=True)
    assert_accessible(page, "enhetssida")
    logout(page)

    login(page, "ekonom")
    page.goto(page.base + "/uppfoljning/2024/3/515/")
    page.click("button[value=godkann]")
    page.wait_for_load_state()
    assert page.inner_text("#unit-status") == "Godkänd"
    page.goto(page.base + "/uppfoljning/2024/3/")
    page.click("a[href='/perioder/2024/3/']")
    page.click("button[value=las]")
    page.wait_for_load_state()
    assert "Alla enheter är godkända." in page.inner_text("#h-confirm + p + p")  # 515 was the one to answer for
    assert_accessible(page, "låsning")
    page.click("text=Ja, lås perioden")
    page.wait_for_load_state()
    assert "Perioden 2024-03 är låst" in page.content()
    page.screenshot(path=str(ARTIFACTS / "oversikt-ekonom.png"), full_page=True)
    assert_accessible(page, "översikt, ekonom")
    page.goto(page.base + "/logg/")
    assert "Enheten godkänd" in page.inner_text("#log")
    assert_accessible(page, "logg")
    page.goto(page.base + "/uppfoljning/2024/3/")

    with page.expect_download() as info:
        page.click("a[href='/rapport/2024/3.docx']")
    data = Path(info.value.path()).read_bytes()
    document = Document(io.BytesIO(data))
    text = "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for r in t.rows for c in r.cells]).replace("\u00a0", " ")
    assert "Fler externa placeringar av barn och unga." in text
    assert "Externa placeringar" in text
    assert f"{forecast_tkr:,}".replace(",", " ") in text


SHOTS = Path("/tmp/shots")


def shoot(page: Any, name: str) -> None:
    """The page at desk width (1400 px) and phone width (390 px), whole length."""
    SHOTS.mkdir(exist_ok=True)
    for width in (1400, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1400, "height": 1000})


def test_budget_holder_takes_a_row_proposal_and_overrides_another_row(browser_page: Any,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.web.forecast_data import store_proposals, store_volumes
    from tests.web.test_accuracy_page import accuracy_2023
    from uppfolj.web.domain import forecasting
    from uppfolj.web.models import AuditEntry, RowForecast

    monkeypatch.setattr(forecasting, "year_accuracy", lambda year: accuracy_2023() if year == 2023 else None)
    store_proposals()
    store_volumes()
    page = browser_page
    login(page, "chef515")
    page.goto(page.base + "/uppfoljning/2024/3/515/")
    assert "80 % intervall: 125,9–129,8 mnkr" in page.inner_text("#proposal")

    page.click("#anvand-KOS-PERS")  # Personalkostnader: the proposal, 88 100 tkr
    page.wait_for_load_state()
    assert "är nu din prognos för raden" in page.inner_text(".messages")
    assert page.input_value("#prognos_rad_KOS-PERS") == "88 100"
    page.fill("#prognos_rad_KOS-KOP", "32 000")  # Köp av verksamhet: the budget holder's own figure
    # The net follows the rows before saving: INT at its budget -12 385,2, KOS 88 100 + 32 000 + 18 577,8.
    assert page.inner_text("#rows-net").replace("\u00a0", " ") == "126 293"
    assert page.get_attribute("#prognos", "readonly") is not None
    page.press("#prognos_rad_KOS-KOP", "Enter")  # Enter saves the draft; it never takes a proposal
    page.wait_for_load_state()
    assert page.locator("[role=alert]").count() == 0, page.inner_text("[role=alert]")
    assert page.inner_text("#unit-status") == "Utkast"
    assert page.inner_text("#net-forecast").replace("\u00a0", " ") == "126 293"
    rows = dict(RowForecast.objects.filter(year=2024, month=3, unit__code="515").values_list("row", "amount"))
    assert rows == {"KOS-PERS": 8_810_000_000, "KOS-KOP": 3_200_000_000}
    assert AuditEntry.objects.filter(action="uppfolj.proposal.accepted").count() == 1
    assert_accessible(page, "enhetssida med förslag")
    shoot(page, "enhet-515")
    page.goto(page.base + "/uppfoljning/2024/3/")
    shoot(page, "oversikt-chef515")
    logout(page)

    login(page, "ekonom")
    page.goto(page.base + "/uppfoljning/2024/3/")
    row = page.inner_text("#units tr[data-code='515']").replace("\u00a0", " ")
    assert row.endswith("-1 407\nunder förslaget")  # 126 293 − the proposal 127 700
    shoot(page, "oversikt-ekonom")
    page.goto(page.base + "/logg/")
    log = page.inner_text("#log")
    assert "Prognosförslag godtaget" in log and "Enhet 515, rad KOS-PERS, mars 2024" in log
    assert "Enhet 515, rad KOS-KOP, mars 2024" in log and "32 000 000,00" in log.replace("\u00a0", " ")
    shoot(page, "logg")
    page.goto(page.base + "/uppfoljning/2024/3/")
    page.click("#link-accuracy")
    assert "Största avvikelsen var" in page.inner_text("#largest-miss")
    assert_accessible(page, "prognossäkerhet")
    shoot(page, "prognossakerhet")
