"""Nyckeltal i jämförelse: the key figures an interim or annual report shows, worded and formatted.

The figures come ready from `uppfolj.core.key_figures` (through `Report.key_figures`); this module
only formats them the Swedish way and writes the sources. Kolada's own values are credited to
Kolada; the peer mean is our own processing and is credited as such (Kolada's terms of use).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from uppfolj.core.choices import ReportKind
from uppfolj.core.format import number
from uppfolj.core.key_figures import KeyFigure
from uppfolj.reports.layout import Cell, Column, Row, Section, Table, text_cell
from uppfolj.reports.model import Report

TITLE = "Nyckeltal i jämförelse"
SOURCE = "Källa: Kolada."
OWN = "Medelvärde för liknande kommuner: egen bearbetning av data från Kolada."
STATUS = ("Ett värde med en bokstav inom parentes har en status från Kolada, t.ex. (B), "
          "och är preliminärt eller osäkert.")
HEADERS = ("Nyckeltal", "År", "Kommunen", "Liknande kommuner (medel)", "Riket")


@dataclass(frozen=True, slots=True)
class Shown:
    """A number as printed and as the spreadsheet holds it (rounded the same way)."""

    text: str
    value: Decimal | None


@dataclass(frozen=True, slots=True)
class KeyFigureRow:
    title: str
    year: str
    value: Shown
    peer_mean: Shown
    national: Shown


@dataclass(frozen=True, slots=True)
class KeyFigureView:
    paragraphs: list[str]
    rows: list[KeyFigureRow]
    note: str


def shown(value: Decimal | None, status: str = "") -> Shown:
    """Whole numbers from 100 up, one decimal below (shares in per cent, mean scores); a status
    is printed after the value in parentheses; a missing value is a dash, never 0."""
    if value is None:
        return Shown("–" + (f" ({status})" if status else ""), None)
    places = 0 if abs(value) >= 100 else 1
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) + 0
    return Shown(number(rounded, places) + (f" ({status})" if status else ""), rounded)


def key_figure_view(report: Report) -> KeyFigureView | None:
    """The section of an interim or annual report; None without key figures or for other kinds."""
    if report.kind not in (ReportKind.INTERIM, ReportKind.ANNUAL) or not report.key_figures:
        return None
    figures: tuple[KeyFigure, ...] = report.key_figures
    groups = sorted({k.peer_group for k in figures if k.peer_group})
    paragraphs = [f"Kommunens nyckeltal jämförda med liknande kommuner och riket, för det senaste år som har "
                  f"ett värde för kommunen, högst {report.year}. Liknande kommuner är RKA:s jämförelsegrupper; "
                  "medelvärdet räknas över gruppens kommuner som har ett värde."]
    if groups:
        paragraphs.append("Jämförelsegrupper: " + "; ".join(groups) + ".")
    rows = [KeyFigureRow(k.title, str(k.year), shown(k.value, k.status), shown(k.peer_mean), shown(k.national))
            for k in figures]
    note = f"{SOURCE} {OWN}"
    if any(k.status for k in figures):
        note = f"{note} {STATUS}"
    return KeyFigureView(paragraphs, rows, note)


def key_figures_section(report: Report) -> Section | None:
    """Nyckeltal i jämförelse (`uppfolj.reports.key_figures`): interim and annual reports with key figures."""
    view = key_figure_view(report)
    if view is None:
        return None
    columns = [Column("kpi", "Nyckeltal", "text"), Column("year", "År", "text"), Column("value", "Kommunen", "number"),
               Column("peer_mean", "Liknande kommuner (medel)", "number"), Column("national", "Riket", "number")]
    rows = [Row([text_cell(r.title), text_cell(r.year), *(Cell(s.text, s.value) for s in (r.value, r.peer_mean, r.national))])
            for r in view.rows]
    table = Table("key_figures", TITLE, columns, rows, sheet="Nyckeltal", note=view.note,
                  number_format="#,##0.0")
    return Section("key_figures", TITLE, paragraphs=view.paragraphs, tables=[table])
