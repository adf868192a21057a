"""Key figures from Kolada: `import kolada` (idempotent, atomic), `kolada fetch` over a recorded
transport, the JSON's `key_figures`, the documents' section and the web page."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import load_case
from tests.web.helpers import report_json

PAGES = Path(__file__).resolve().parents[1] / "data" / "kolada"
LERUM_GROUPS = {"values": [
    {"id": "G36567", "title": "Liknande kommuner IFO, Lerum, 2024",
     "members": [{"id": "1401", "title": "Härryda"}, {"id": "1402", "title": "Partille"}]},
    {"id": "G176023", "title": "Liknande kommuner ekonomiskt bistånd, Lerum, 2023",
     "members": [{"id": "1401", "title": "Härryda"}]}]}


def saved(write: Callable[..., Path], name: str = "kolada.json", *, groups: bool = True) -> Path:
    pages = json.loads((PAGES / "pages.json").read_text(encoding="utf-8"))
    return write(name, json.dumps(([LERUM_GROUPS] if groups else []) + pages))


def test_import_stores_values_exactly_keeps_nulls_and_status_and_is_idempotent(cli, write) -> None:  # type: ignore[no-untyped-def]
    from uppfolj.web.models import (
        AuditEntry,
        KeyFigureValue,
        KoladaHome,
        KoladaPage,
        KoladaPeerGroup,
    )

    path = saved(write)
    first = cli("import", "kolada", path)
    assert first.code == 0, first.err
    assert first.out.strip() == ("kolada.json: 4 sidor, 8 värden (8 nya eller ändrade), 2 kommungrupper; "
                                 "hemkommun 1441 Lerum")
    stored = {(v.kpi, v.municipality, v.year, v.gender): (v.value, v.status) for v in KeyFigureValue.objects.all()}
    assert stored[("N30005", "1441", 2022, "T")] == (Decimal("5210.5"), "")
    assert stored[("N30005", "1402", 2023, "T")] == (None, "")  # null stays null
    assert stored[("N31807", "1441", 2023, "T")] == (Decimal("3.12"), "B")
    assert stored[("N31807", "1441", 2023, "K")] == (Decimal("3.3"), "")
    assert KoladaHome.objects.get().municipality == "1441"
    assert KoladaPage.objects.count() == 4
    assert KoladaPage.objects.filter(url="fil:kolada.json#2").get().source == "file"
    assert '"value":5210.5' in KoladaPage.objects.get(url="fil:kolada.json#2").body
    before = (sorted(KeyFigureValue.objects.values_list("kpi", "municipality", "year", "gender", "value", "status",
                                                        "page_id")),
              sorted(KoladaPage.objects.values_list("id", "url")), KoladaPeerGroup.objects.count())
    again = cli("import", "kolada", path)
    assert again.code == 0
    assert "(0 nya eller ändrade)" in again.out
    after = (sorted(KeyFigureValue.objects.values_list("kpi", "municipality", "year", "gender", "value", "status",
                                                       "page_id")),
             sorted(KoladaPage.objects.values_list("id", "url")), KoladaPeerGroup.objects.count())
    assert after == before
    assert AuditEntry.objects.filter(action="uppfolj.import.kolada").count() == 2
    assert AuditEntry.objects.filter(action="uppfolj.kolada.home_set").count() == 1


def test_a_revised_value_replaces_the_old_one(cli, write) -> None:  # type: ignore[no-untyped-def]
    from uppfolj.web.models import KeyFigureValue

    assert cli("import", "kolada", saved(write)).code == 0
    revised = {"values": [{"kpi": "N30005", "municipality": "1441", "period": 2023,
                           "values": [{"gender": "T", "count": 1, "status": "", "value": 5399.5}]}]}
    result = cli("import", "kolada", write("rev.json", json.dumps(revised)))
    assert result.code == 0, result.err
    assert "1 värden (1 nya eller ändrade)" in result.out
    assert KeyFigureValue.objects.get(kpi="N30005", municipality="1441", year=2023).value == Decimal("5399.5")
    assert KeyFigureValue.objects.count() == 8


@pytest.mark.parametrize(("text", "message"), [
    ('{"values": [{"kpi": "N99999", "municipality": "1441", "period": 2023, "values": []}]}',
     "kolada.json: sidan, värde 1: nyckeltalet N99999 finns inte i katalogen över socialtjänstens nyckeltal"),
    ('{"values": [{"kpi": "N30005", "municipality": "1441", "period": 2023, "values": '
     '[{"gender": "T", "value": "12x"}]}]}',
     'kolada.json: sidan, värde 1 (N30005 1441 2023 T): värdet "12x" är inte ett tal'),
    ('{"values": [', "kolada.json:1: är inte giltig JSON: Expecting value"),
    ('[{"values": []}, {"rows": []}]', 'kolada.json: sida 2: ett Kolada-svar ska vara ett objekt med listan "values"'),
])
def test_a_bad_file_is_refused_naming_the_place_and_nothing_changes(cli, write, text: str, message: str) -> None:  # type: ignore[no-untyped-def]
    from uppfolj.web.models import KeyFigureValue, KoladaPage

    assert cli("import", "kolada", saved(write, "good.json")).code == 0
    counts = (KeyFigureValue.objects.count(), KoladaPage.objects.count())
    result = cli("import", "kolada", write("kolada.json", text), "--kommun", "1441")
    assert result.code != 0
    assert result.err.strip().splitlines()[-1].endswith(message)
    assert (KeyFigureValue.objects.count(), KoladaPage.objects.count()) == counts


def test_without_home_and_with_several_kommuner_the_import_asks_for_one(cli, write) -> None:  # type: ignore[no-untyped-def]
    from uppfolj.web.models import KeyFigureValue

    result = cli("import", "kolada", saved(write, groups=False))
    assert result.code != 0
    assert "ange hemkommunen med --kommun KOD" in result.err
    assert KeyFigureValue.objects.count() == 0
    assert cli("import", "kolada", saved(write, groups=False), "--kommun", "1441").code == 0


def test_json_key_figures_are_exact_with_the_peer_mean_by_hand(cli, write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    load_case()
    assert report_json(cli, tmp_path)["key_figures"] == []
    assert cli("import", "kolada", saved(write)).code == 0
    got = report_json(cli, tmp_path)["key_figures"]
    # N30005 2023 (IFO group 1401, 1402): Härryda 4980.25, Partille null → the mean is Härryda's alone.
    # N31807 2023 (ekonomiskt bistånd group 1401): Härryda has no value → null, never 0.
    assert got == [
        {"kpi": "N30005", "title": "Nettokostnad individ- och familjeomsorg, kr/inv", "municipality": "1441",
         "year": 2023, "value": 5402.0, "peer_mean": 4980.25, "national": 5182.613, "status": None},
        {"kpi": "N31807",
         "title": "Invånare som någon gång under året erhållit ekonomiskt bistånd, andel (%) av bef.",
         "municipality": "1441", "year": 2023, "value": 3.12, "peer_mean": None, "national": None, "status": "B"},
    ]
    older = report_json(cli, tmp_path, year=2022, month=12)["key_figures"]
    assert [(k["kpi"], k["year"], k["value"], k["peer_mean"]) for k in older] == [("N30005", 2022, 5210.5, None)]


def test_two_peers_mean_is_their_average(cli, write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    load_case()
    assert cli("import", "kolada", saved(write)).code == 0
    partille = {"values": [{"kpi": "N30005", "municipality": "1402", "period": 2023,
                            "values": [{"gender": "T", "count": 1, "status": "", "value": 5100.5}]}]}
    assert cli("import", "kolada", write("p.json", json.dumps(partille))).code == 0
    [ifo, _] = report_json(cli, tmp_path)["key_figures"]
    assert ifo["peer_mean"] == float((Decimal("4980.25") + Decimal("5100.5")) / 2) == 5040.375


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml").decode("utf-8")


def test_the_document_section_is_in_interim_html_and_docx_and_left_out_without_data(cli, write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    load_case()
    html = tmp_path / "r.html"
    assert cli("report", "--year", "2024", "--month", "3", "--kind", "interim", "--format", "html", "-o", html).code == 0
    assert "Nyckeltal i jämförelse" not in html.read_text(encoding="utf-8")
    assert cli("import", "kolada", saved(write)).code == 0
    for fmt in ("html", "docx", "xlsx", "pdf"):
        out = tmp_path / f"interim.{fmt}"
        result = cli("report", "--year", "2024", "--month", "3", "--kind", "interim", "--format", fmt, "-o", out)
        assert result.code == 0, result.err
    text = (tmp_path / "interim.html").read_text(encoding="utf-8")
    assert '<section id="key_figures"><h2>Nyckeltal i jämförelse</h2>' in text
    assert "<td class=\"num\">5\u00a0402</td><td class=\"num\">4\u00a0980</td><td class=\"num\">5\u00a0183</td>" in text
    assert "<td class=\"num\">3,1 (B)</td><td class=\"num\">–</td><td class=\"num\">–</td>" in text
    assert ("Källa: Kolada. Medelvärde för liknande kommuner: egen bearbetning av data från Kolada." in text)
    docx = _docx_text(tmp_path / "interim.docx")
    assert "Nyckeltal i jämförelse" in docx and "Källa: Kolada." in docx and "3,1 (B)" in docx
    monthly = tmp_path / "m.html"
    assert cli("report", "--year", "2024", "--month", "3", "--format", "html", "-o", monthly).code == 0
    assert "Nyckeltal i jämförelse" not in monthly.read_text(encoding="utf-8")


def test_fetch_refuses_an_unknown_kpi_before_any_call(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("kolada", "fetch", "--kommun", "1441", "--kpi", "N30005,N99999")
    assert result.code != 0
    assert "okänt nyckeltal: N99999" in result.err and "ingen fråga skickades till Kolada" in result.err


def test_fetch_asks_for_the_municipality_its_peers_and_riket_and_stores_pages(db: None) -> None:
    from uppfolj.ingest.kolada_client import KoladaClient, Response
    from uppfolj.web.domain.kolada import fetch_kolada, report_key_figures
    from uppfolj.web.models import AuditEntry, KoladaHome, KoladaPage
    from uppfolj.web.rules import SYSTEM

    asked: list[str] = []
    pages = [(PAGES / f"page{n}.json").read_bytes() for n in (1, 2, 3)]

    def transport(url: str) -> Response:
        asked.append(url)
        return Response(200, {}, pages[len(asked) - 1] if len(asked) <= 3 else b'{"values": [], "next_url": null}')

    client = KoladaClient(transport, sleep=lambda s: None)
    lines = fetch_kolada("1441", kpis=["N30005", "N31807"], years=[2022, 2023], user=SYSTEM, client=client)
    # Lerum, Riket and the 24 members of Lerum's five groups: 26 municipalities, asked as 25 + 1.
    assert lines == ["Kolada: 4 sidor (4 anrop), 8 värden (8 nya eller ändrade) för 1441 Lerum, "
                     "5 jämförelsegrupper och Riket"]
    segments = asked[0].split("?")[0].split("/")
    municipalities = segments[segments.index("municipality") + 1].split(",")
    assert municipalities[:2] == ["1441", "0000"] and "1401" in municipalities and len(municipalities) == 25
    assert asked[1:3] == [json.loads(pages[0])["next_url"], json.loads(pages[1])["next_url"]]
    assert asked[3] == "https://api.kolada.se/v3/data/kpi/N30005,N31807/municipality/2584/year/2022,2023?per_page=5000"
    assert [p.url for p in KoladaPage.objects.order_by("id")] == asked
    assert KoladaHome.objects.get().municipality == "1441"
    assert AuditEntry.objects.filter(action="uppfolj.kolada.fetched").count() == 1
    # The shipped groups of Lerum: IFO 2024 has Härryda (1401) among seven; only it has a value.
    [ifo, _] = report_key_figures(2024)
    assert (ifo.peer_mean, ifo.peers, ifo.peer_group) == (Decimal("4980.25"), 1, "Liknande kommuner IFO, Lerum, 2024")


def test_the_web_page_lists_figures_and_shows_pages_to_the_controller(clients: dict[str, Any], write) -> None:  # type: ignore[no-untyped-def]
    from uppfolj.web.domain.kolada import import_kolada
    from uppfolj.web.rules import SYSTEM

    import_kolada(saved(write), user=SYSTEM)
    controller = clients["controller"].get("/nyckeltal/?ar=2024").content.decode()
    reader = clients["reader"].get("/nyckeltal/?ar=2024").content.decode()
    for page in (controller, reader):
        assert 'data-kpi="N30005"' in page and "5\u00a0402" in page and "Källa: Kolada." in page
    assert 'id="kolada-pages"' in controller and "fil:kolada.json#2" in controller
    assert 'id="kolada-pages"' not in reader
    assert '<a href="/nyckeltal/">Nyckeltal</a>' in reader
