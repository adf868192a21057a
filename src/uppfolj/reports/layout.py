"""The document's building blocks: sections of paragraphs, tables and charts, with cells that carry
both the printed Swedish text and the rounded presentation value, and the formatting of amounts in
the chosen unit and sign. `uppfolj.reports.document` lays a report out in them, with the section
modules beside it (accuracy, statistics, key figures, goals, risks, investments); every renderer
(XLSX, DOCX, HTML, PDF) only reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from uppfolj.core.choices import Amounts, Sign
from uppfolj.core.format import amount, percent, scaled
from uppfolj.core.money import Ore, kronor
from uppfolj.core.pin import looks_like_pin

HIDDEN_TEXT = "[Texten visas inte: den ser ut att innehålla ett personnummer]"


# --- the document -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    title: str
    kind: str = "amount"  # text | amount | percent


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    value: Decimal | str | None = None  # rounded presentation value (numbers) or the text
    # The unrounded value in the same unit (an amount in tkr to the öre, a percentage unrounded),
    # for the spreadsheet: it holds the exact figure under a format that shows the printed one.
    exact: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Row:
    cells: list[Cell]
    level: int = 0
    style: str = "normal"  # normal | total | varav | group


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[Row]
    sheet: str = ""
    note: str = ""
    number_format: str = "#,##0"


@dataclass
class Chart:
    key: str  # variance_by_unit | monthly | forecast_rounds | accuracy
    title: str
    labels: list[str]
    series: dict[str, list[float | None]]
    unit_label: str
    alt: str = ""  # what the chart shows, for readers who cannot see it (the title where empty)
    caption: str = ""  # printed under the chart
    lines: dict[str, float] = field(default_factory=dict)  # horizontal reference lines (name: value)
    places: int = 0  # decimals of every number printed in the chart (axis and value labels): the tables'


@dataclass
class Section:
    key: str
    title: str
    level: int = 1
    paragraphs: list[str] = field(default_factory=list)
    note: str = ""
    bullets: list[tuple[str, list[str]]] = field(default_factory=list)  # (heading, items)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


@dataclass
class Document:
    title: str
    organisation: str
    period: str  # "mars 2024", "per den 31 augusti 2024"
    amounts: Amounts
    sign: Sign
    sections: list[Section]
    drilldown: Table | None = None
    checks: list[str] = field(default_factory=list)

    def tables(self) -> list[Table]:
        return [t for s in self.sections for t in s.tables]

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


NUMBER_FORMATS = {Amounts.KR: "#,##0.00", Amounts.TKR: "#,##0", Amounts.MNKR: "#,##0.0"}

# Totals are rounded from the unrounded sums (the acceptance case prints 265 306 tkr over rows that
# add to 265 308), so the printed parts of a table may miss its printed total by a unit or two.
ROUNDING_NOTE = "Avrundningsdifferenser kan förekomma."


MISSING = "–"  # no entered forecast in that round


class Fmt:
    """Formatting of amounts in the chosen unit and sign convention."""

    def __init__(self, amounts: Amounts, sign: Sign) -> None:
        self.amounts = amounts
        self.flip = sign.flips

    def money(self, ore: Ore | None, *, flip: bool = False) -> Cell:
        """An amount; `flip` marks the budget/actual/forecast columns that follow --sign."""
        if ore is None:
            return Cell("")
        f = flip and self.flip
        return Cell(amount(ore, self.amounts, flip=f), scaled(ore, self.amounts, flip=f), exact(ore, self.amounts, flip=f))

    def pct(self, value: Decimal | None) -> Cell:
        if value is None:
            return Cell("")
        rounded = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) + 0  # + 0 drops -0
        return Cell(percent(rounded, 1), rounded, value)


def exact(ore: Ore, amounts: Amounts, *, flip: bool = False) -> Decimal:
    """Öre in the unit without rounding: 265 305 678,40 kr is 265 305,6784 tkr."""
    return (kronor(-ore if flip else ore) / amounts.divisor) + 0


def text_cell(name: str) -> Cell:
    return Cell(name, name)


def safe(text: str) -> str:
    """A budget holder's text, or a notice in its place where it looks like a personal identity number."""
    return HIDDEN_TEXT if looks_like_pin(text) else text


def level_cell(fmt: Fmt, ore: Ore | None) -> Cell:
    """A forecast or outcome: follows --sign like the budget and actual columns."""
    return Cell(MISSING) if ore is None else fmt.money(ore, flip=True)


def drop_empty_columns(table: Table) -> Table:
    """Leave out number columns with no value in any row (no previous year, no forecasts)."""
    keep = [i for i, c in enumerate(table.columns)
            if c.kind == "text" or any(r.cells[i].value is not None for r in table.rows)]
    return Table(table.key, table.title, [table.columns[i] for i in keep],
                 [Row([r.cells[i] for i in keep], r.level, r.style) for r in table.rows],
                 table.sheet, table.note, table.number_format)
