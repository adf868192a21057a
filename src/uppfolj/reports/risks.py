"""Risker: the risks a report shows, and their section in February, interim and annual reports.

Like seed 004's chapter on risks, the section says in sentences which risks weigh most, with
their possible effect in millions of kronor, and lists the register's open risks in a table:
largest score (probability × consequence) first, then the largest amount. It is left out when
the report has no risks.
"""

from __future__ import annotations

from uppfolj.core.choices import Amounts, ReportKind
from uppfolj.core.format import amount, month_name, scaled
from uppfolj.core.money import Ore
from uppfolj.core.risks import RiskItem
from uppfolj.reports import layout
from uppfolj.reports.model import Report

KINDS = (ReportKind.FEBRUARY, ReportKind.INTERIM, ReportKind.ANNUAL)
LARGEST = 3  # risks the sentences name


def shown_risks(report: Report) -> list[RiskItem]:
    """The report's risks of the reported units (the unit and every unit below it)."""
    inside = {u.code for u in report.units}
    return [r for r in report.risks if r.unit in inside]


def mnkr(ore: Ore | None) -> str:
    """An amount in millions of kronor, one decimal, Swedish: '4,5'; '' for None."""
    return amount(ore, Amounts.MNKR)


def risk_paragraphs(risks: list[RiskItem], month: int) -> list[str]:
    """How many risks and how much they could cost; then the largest ones, one sentence each."""
    with_amount = [r for r in risks if r.amount is not None]
    count = f"{len(risks)} öppna risker" if len(risks) != 1 else "en öppen risk"
    first = f"Riskregistret har per {month_name(month)} {count}"
    if with_amount:
        total = sum(r.amount or 0 for r in with_amount)
        first += (f"; de {len(with_amount)} som har ett bedömt belopp kan tillsammans påverka resultatet med "
                  f"{mnkr(total)} miljoner kronor" if len(with_amount) > 1 else
                  f"; den med ett bedömt belopp kan påverka resultatet med {mnkr(total)} miljoner kronor")
    out = [first + "."]
    for r in risks[:LARGEST]:
        sentence = (f"{r.risk} ({r.unit_name}) har riskvärde {r.score} (sannolikhet {r.probability}, "
                    f"konsekvens {r.consequence})")
        if r.amount is not None:
            sentence += f" och kan kosta {mnkr(r.amount)} miljoner kronor"
        sentence += "."
        if r.action:
            sentence += f" Åtgärd: {r.action.rstrip('.')}."
        out.append(sentence)
    return out


def risks_section(report: Report) -> layout.Section | None:
    """Risker: February, interim and annual reports with risks; None otherwise."""
    risks = shown_risks(report)
    if not risks or report.kind not in KINDS:
        return None

    def text(value: str) -> layout.Cell:
        return layout.Cell(value, value)

    columns = [layout.Column("risk", "Risk", "text"), layout.Column("unit", "Enhet", "text"),
               layout.Column("score", "Riskvärde (S × K)", "text"), layout.Column("amount", "Belopp, mnkr"),
               layout.Column("owner", "Ansvarig", "text"), layout.Column("action", "Åtgärd", "text")]
    rows = [layout.Row([text(r.risk), text(r.unit_name), text(f"{r.score} ({r.probability} × {r.consequence})"),
                        layout.Cell(mnkr(r.amount), None if r.amount is None else scaled(r.amount, Amounts.MNKR)),
                        text(r.owner), text(r.action)])
            for r in risks]
    table = layout.drop_empty_columns(layout.Table(
        "risks", f"Riskregister {report.year}", columns, rows, sheet="Risker",
        note=("Riskvärde = sannolikhet (S) × konsekvens (K), vardera 1–4. "
              "Belopp: bedömd möjlig påverkan på resultatet."),
        number_format=layout.NUMBER_FORMATS[Amounts.MNKR]))
    return layout.Section("risks", "Risker", paragraphs=risk_paragraphs(risks, report.month), tables=[table])
