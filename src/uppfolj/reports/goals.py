"""Måluppfyllelse: the goals a report shows, and their section in interim and annual reports.

The section is the table of seed 003's follow-up of the committee's plan: each goal with its
indicator, where the outcome comes from, the target, the outcome, last year's outcome, the
fulfilment and the controller's comment, after a sentence counting the grades. It is left out
when the report has no goals.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from uppfolj.core.choices import ReportKind
from uppfolj.core.format import month_name, number
from uppfolj.core.goals import Direction, Fulfilment, GoalResult, Source, SourceKind
from uppfolj.reports import layout
from uppfolj.reports.model import Report

MAX_PLACES = 2  # an outcome shows the target's decimals, at least one where it has any, at most this


def shown_goals(report: Report) -> list[GoalResult]:
    """The goals of the reported units: a goal of a unit in the reported subtree, and a goal of
    the whole organisation (no unit) when the report covers the whole tree."""
    inside = {u.code for u in report.units}
    whole = report.unit is None or report.unit == report.result.units[0].code
    return [g for g in report.goals if (g.unit in inside if g.unit is not None else whole)]


def _places(value: Decimal | None) -> int:
    if value is None:
        return 0
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def goal_value(value: Decimal | None, like: Decimal | None = None) -> Decimal | None:
    """A target or outcome rounded as printed: to the decimals of `like` (the goal's target), so
    an average from Kolada (16,423) is shown as the target is written (15 → 16,4: one decimal
    where the value has any), never more than MAX_PLACES; halves away from zero."""
    if value is None:
        return None
    own = _places(value)
    places = min(own, own if like is None else max(_places(like), 1 if own else 0), MAX_PLACES)
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def goal_number(value: Decimal | None, like: Decimal | None = None) -> str:
    """`goal_value` the Swedish way: '1 234,5'; '' for None."""
    shown = goal_value(value, like)
    if shown is None:
        return ""
    exponent = shown.as_tuple().exponent  # as quantized: 14,0 keeps its decimal
    return number(shown, -exponent if isinstance(exponent, int) and exponent < 0 else 0)


def source_text(source: Source | None) -> str:
    """Where the outcome comes from, as printed after the indicator."""
    if source is None:
        return "inrapporterat"
    if source.kind is SourceKind.KOLADA:
        return f"Kolada {source.key}"
    return f"verksamhetsstatistik ({source.key})"


def _indicator(goal: GoalResult) -> str:
    """The indicator as printed, with the better direction where it is down and the outcome's source."""
    lower = " Lägre är bättre." if goal.direction is Direction.LOWER else ""
    return f"{goal.indicator.rstrip('.')}.{lower} Källa: {source_text(goal.source)}."


def _agreeing(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def goals_paragraph(goals: list[GoalResult]) -> str:
    """'Av nämndens 8 mål är 3 uppfyllda, 2 delvis uppfyllda och 2 ej uppfyllda; 1 saknar utfall.'"""
    counts = {f: sum(1 for g in goals if g.fulfilment is f) for f in Fulfilment}
    missing = sum(1 for g in goals if g.fulfilment is None)
    parts = [_agreeing(counts[Fulfilment.MET], "uppfyllt", "uppfyllda"),
             _agreeing(counts[Fulfilment.PARTLY], "delvis uppfyllt", "delvis uppfyllda"),
             _agreeing(counts[Fulfilment.NOT_MET], "ej uppfyllt", "ej uppfyllda")]
    text = f"Av nämndens {len(goals)} mål är {parts[0]}, {parts[1]} och {parts[2]}"
    if missing:
        text += f"; {missing} saknar utfall ännu"
    return text + "."


def goals_section(report: Report) -> layout.Section | None:
    """Måluppfyllelse: interim and annual reports with goals; None otherwise."""
    goals = shown_goals(report)
    if not goals or report.kind not in (ReportKind.INTERIM, ReportKind.ANNUAL):
        return None
    year = report.year
    columns = [layout.Column("goal", "Mål", "text"), layout.Column("indicator", "Indikator", "text"),
               layout.Column("target", f"Målvärde {year}"),
               layout.Column("outcome", f"Utfall {year}"), layout.Column("previous", f"Utfall {year - 1}"),
               layout.Column("fulfilment", "Måluppfyllelse", "text"), layout.Column("comment", "Kommentar", "text")]

    def num(value: Decimal | None, target: Decimal | None) -> layout.Cell:
        return layout.Cell(goal_number(value, target), goal_value(value, target))

    def text(value: str) -> layout.Cell:
        return layout.Cell(value, value)

    rows = [layout.Row([text(g.name), text(_indicator(g)), num(g.target, None), num(g.outcome, g.target),
                        num(g.previous, g.target),
                        text(g.fulfilment.label if g.fulfilment else "Utfall saknas"), text(g.comment)])
            for g in goals]
    note = ("Uppfyllt: utfallet når målvärdet. Delvis uppfyllt: målvärdet är inte nått men utfallet har "
            "rört sig mot det från föregående år. Utfall från verksamhetsstatistiken avser "
            f"{'januari' if report.month == 1 else 'januari–' + month_name(report.month)} {year}.")
    if not any(g.comment for g in goals):  # no comment written yet: no empty column
        columns, rows = columns[:-1], [layout.Row(r.cells[:-1]) for r in rows]
    table = layout.drop_empty_columns(layout.Table("goals", f"Mål och indikatorer {year}", columns, rows, sheet="Mål",
                                                   note=note, number_format="General"))
    return layout.Section("goals", "Måluppfyllelse", paragraphs=[goals_paragraph(goals)], tables=[table])

