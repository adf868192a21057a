"""The month's result for everyone who reads it: computed live while the month is open, served
as published once it is locked.

The command line, the web pages, the API and the documents all come through `period_result`
or `period_report`; `render_report` is the one path from a report to a file.
"""

from __future__ import annotations

import dataclasses

from django.utils import timezone

from uppfolj.core import checks
from uppfolj.core.choices import Amounts, Format, ReportKind, Sign, TreeKind
from uppfolj.core.forecasting.model import Accuracy
from uppfolj.core.money import Ore
from uppfolj.core.period import LedgerPart, PeriodResult, compute_period, ledger_part
from uppfolj.reports.document import default_amounts
from uppfolj.reports.model import Report
from uppfolj.reports.render.registry import RenderOptions, render
from uppfolj.web.domain import cache, snapshots
from uppfolj.web.domain.document_settings import document_settings
from uppfolj.web.domain.forecasting import year_accuracy
from uppfolj.web.domain.goals import goal_results
from uppfolj.web.domain.investments import investment_lines
from uppfolj.web.domain.kolada import report_key_figures
from uppfolj.web.domain.period_input import (
    ReportError,
    load_ledger_input,
    load_period_input,
    period_info,
)
from uppfolj.web.domain.risks import report_risks
from uppfolj.web.domain.statistics import report_statistics


def live_result(year: int, month: int, by: TreeKind = TreeKind.ORGANISATION, *,
                with_ledger: bool = False, only: str | None = None) -> PeriodResult:
    """The result from the data as it is now, whatever the month's state; of one unit's subtree
    with `only`."""
    today = timezone.localdate()  # who is late depends on the day, not only on the data

    def compute() -> PeriodResult:
        data = load_period_input(year, month, by, with_ledger=with_ledger, today=today, only=only)
        return compute_period(data, _ledger_part(year, month, by))

    return cache.cached(("live", year, month, by, with_ledger, today, only), compute)


def _ledger_part(year: int, month: int, by: TreeKind) -> LedgerPart:
    """Kept across the month's saves: only an import or a change of trees computes it again."""
    return cache.cached(("ledger-part", year, month, by), lambda: ledger_part(load_ledger_input(year, month, by)),
                        stamp=cache.figures_stamp())


def unit_result(year: int, month: int, code: str) -> PeriodResult:
    """The month's result for one unit's page: while the month is open, of the unit's subtree
    only, so that a save anywhere costs the next page a few rows instead of the whole
    organisation; once locked, the stored result."""
    if snapshots.stamp(year, month, TreeKind.ORGANISATION) is not None:
        return period_result(year, month)
    return live_result(year, month, only=code)


def actual_series(year: int, month: int) -> dict[str, list[Ore]] | None:
    """Each organisation unit's actual per month of `year` (months 1..`month`, its subtree
    included), from the ledger alone; None when the organisation or template is missing."""
    try:
        return _ledger_part(year, month, TreeKind.ORGANISATION).actual_series
    except ReportError:
        return None


def period_result(year: int, month: int, by: TreeKind = TreeKind.ORGANISATION, *,
                  with_ledger: bool = False) -> PeriodResult:
    """The month's result: as published when it is locked (with `changed_after_lock` where the
    ledger or budget changed since), else live."""
    stored = snapshots.stamp(year, month, by)
    if stored is None:
        return live_result(year, month, by, with_ledger=with_ledger)
    snapshot_id, locked_at = stored
    frozen = cache.cached(("frozen", snapshot_id), lambda: snapshots.load(snapshot_id), stamp=stored)
    now = live_result(year, month, by)
    changed = checks.changed_after_lock(
        {u.code: u.figures for u in frozen.units},
        {u.code: u.figures for u in now.units},
        locked_on=timezone.localtime(locked_at).strftime("%Y-%m-%d %H:%M"),
    )
    # The snapshot keeps the ledger rows; a report has them only when asked (`with_ledger`).
    return dataclasses.replace(frozen, period=period_info(year, month),
                               other_checks=[*frozen.other_checks, *changed],
                               ledger=frozen.ledger if with_ledger else None,
                               ledger_truncated=frozen.ledger_truncated and with_ledger)


def period_report(year: int, month: int, *, kind: ReportKind = ReportKind.MONTHLY,
                  by: TreeKind = TreeKind.ORGANISATION, unit: str | None = None,
                  with_ledger: bool = False) -> Report:
    """One report of the month's result: a kind, and a unit's subtree or the whole tree."""
    result = period_result(year, month, by, with_ledger=with_ledger)
    if unit is not None and not result.has_unit(unit):
        raise ReportError(f'enheten "{unit}" finns inte')
    return assemble_report(result, kind, unit, accuracy=report_accuracy(year, month, kind, by))


def assemble_report(result: PeriodResult, kind: ReportKind, unit: str | None,
                    visible: frozenset[str] | None = None, *, accuracy: Accuracy | None) -> Report:
    """The report of a period result with everything beside the operating money: volumes and unit
    costs, goals, investments, risks and key figures (one place, for the command line, the
    documents and the web's API). Goals and risks name organisation units: none in a report over
    the activity tree; investments and key figures are the organisation's, whatever the tree."""
    organisation = result.by is TreeKind.ORGANISATION
    return Report(result, kind, unit, visible, accuracy=accuracy,
                  statistics=report_statistics(result, unit),
                  goals=goal_results(result.year, result.month) if organisation else (),
                  risks=report_risks(result.year, result.month) if organisation else (),
                  investments=investment_lines(result.year, result.month),
                  key_figures=report_key_figures(result.year), settings=document_settings())


def report_accuracy(year: int, month: int, kind: ReportKind, by: TreeKind) -> Accuracy | None:
    """The Prognossäkerhet of an interim or annual report: the annual report of a finished year
    measures that year; the interim report (and an annual report before December) the year
    before, the last one whose outcome is known."""
    if kind not in {ReportKind.INTERIM, ReportKind.ANNUAL} or by is not TreeKind.ORGANISATION:
        return None
    return year_accuracy(year if kind is ReportKind.ANNUAL and month == 12 else year - 1)


def render_report(report: Report, fmt: Format, *, amounts: Amounts | None = None,
                  sign: Sign = Sign.COSTS_POSITIVE, template: str | None = None,
                  committee: str | None = None) -> bytes:
    """The report as a file, for the command line, the web and the demo; amounts in the kind's
    default unit (mnkr for February, else tkr) unless given."""
    amounts = amounts or default_amounts(report.kind)
    return render(report, fmt, options=RenderOptions(amounts=amounts, sign=sign, template=template,
                                                     committee=committee))
