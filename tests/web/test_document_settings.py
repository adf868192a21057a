"""Dokumentinställningar: saved on the web with an audit row, read by every report, overridden by
`uppfolj report` options; the overview lists the departments without texts."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from uppfolj.core.choices import ReportKind
from uppfolj.reports.document import build_document
from uppfolj.web.domain.period import period_report
from uppfolj.web.models import AuditEntry


def test_controller_saves_the_settings_and_the_report_prints_them(clients: dict[str, Any]) -> None:
    url = reverse("document-settings")
    response = clients["controller"].post(url, {
        "committee": "Socialnämnden", "administration": "Socialförvaltningen", "diarienummer": "SN 2024/42",
        "author": "Anna Ekonom", "signatory": "Maria Lindqvist", "signatory_title": "Förvaltningschef",
        "recipients": "Kommunstyrelsen\n\nRevisionen\n", "mbl": "Information enligt 19 § MBL har lämnats.",
        "attachments": "", "background": "", "outlook": ""})

    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="uppfolj.settings.document_saved")
    assert (entry.old["committee"], entry.new["committee"], entry.new["recipients"]) == (
        "", "Socialnämnden", ["Kommunstyrelsen", "Revisionen"])
    doc = build_document(period_report(2024, 3, kind=ReportKind.INTERIM))
    assert doc.section("heading").paragraphs[0] == "Socialnämnden"  # type: ignore[union-attr]
    assert doc.section("recipients").paragraphs == ["Kommunstyrelsen", "Revisionen"]  # type: ignore[union-attr]
    assert doc.section("decision").title == "Förslag till socialnämndens beslut"  # type: ignore[union-attr]


def test_report_options_override_the_stored_settings(cli: Any, tmp_path: Any, org: None) -> None:
    settings_file = tmp_path / "namnd.toml"
    settings_file.write_text('namnd = "Vård- och omsorgsnämnden"\ndiarienummer = "VON 2024/7"\n', encoding="utf-8")
    out = tmp_path / "r.html"

    result = cli("report", "--year", "2024", "--month", "3", "--kind", "interim", "--format", "html", "-o", str(out),
        "--settings", str(settings_file), "--diarienummer", "VON 2024/8", "--date", "2024-04-15",
        "--recipient", "Kommunstyrelsen")

    assert result.code == 0, result.err
    text = out.read_text(encoding="utf-8")
    assert "Förslag till vård- och omsorgsnämndens beslut" in text
    assert "Diarienummer: VON 2024/8" in text and "Datum: 2024-04-15" in text
    assert "<h2>Beslutet skickas till</h2><p>Kommunstyrelsen</p>" in text


def test_overview_lists_departments_without_texts_for_the_controller(clients: dict[str, Any]) -> None:
    url = reverse("overview", kwargs={"year": 2024, "month": 3})

    controller = clients["controller"].get(url).content.decode()
    reader = clients["reader"].get(url).content.decode()

    assert "Saknar text:" in controller
    assert "Saknar text:" not in reader
