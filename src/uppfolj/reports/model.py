"""A report: one view of a period result, for a report kind and a unit (the root or `--unit`).

It computes nothing; the renderers (JSON, XLSX, DOCX, PDF, HTML) read the period result
through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from uppfolj.core import checks
from uppfolj.core.choices import ReportKind, Severity, TreeKind
from uppfolj.core.figures import Figures
from uppfolj.core.forecasting.model import Accuracy
from uppfolj.core.format import month_name
from uppfolj.core.goals import GoalResult
from uppfolj.core.investments import InvestmentLine
from uppfolj.core.key_figures import KeyFigure
from uppfolj.core.period import LedgerEntry, Line, PeriodResult, UnitResult
from uppfolj.core.records import Check
from uppfolj.core.risks import RiskItem
from uppfolj.core.statistics import StatisticLine
from uppfolj.reports.settings import CommitteeSettings

NO_SETTINGS = CommitteeSettings()  # frozen, so one shared default is safe

# A delårsrapport covers at least half and at most two thirds of the year (LKBR 13 kap. 1 §).
INTERIM_MONTHS = range(6, 9)


@dataclass(frozen=True)
class Report:
    """The follow-up of months 1..month of year, for the tree `by`, optionally one unit's subtree.

    All amounts are öre in ledger sign; presentation (sign flip, tkr/mnkr) happens in renderers.
    """

    result: PeriodResult
    kind: ReportKind = ReportKind.MONTHLY
    unit: str | None = None  # --unit: the unit whose subtree is reported; None = the whole tree
    # The units the reader may see: checks about others (and unit-less ones, which name cost
    # centres) are left out. None = everything.
    visible: frozenset[str] | None = None
    # Forecast accuracy of a finished year (the previous year for an interim report, the report's
    # own year for the annual one), shown by interim and annual documents; None = no section.
    accuracy: Accuracy | None = None
    # Volumes and unit costs of the reported units, months 1..M (JSON `statistics`; the documents'
    # Volymer och enhetskostnader and, in the annual report, Personal).
    statistics: tuple[StatisticLine, ...] = ()
    # Key figures from Kolada for the home municipality (latest year ≤ the report's year).
    key_figures: tuple[KeyFigure, ...] = ()
    # The year's goals with their outcomes as of the month (`uppfolj.reports.goals` keeps those
    # of the reported units).
    goals: tuple[GoalResult, ...] = ()
    # The open risks of the year raised in months 1..month, largest score first
    # (`uppfolj.reports.risks` keeps those of the reported units).
    risks: tuple[RiskItem, ...] = ()
    # The year's investment projects with their actual of months 1..M (CONTRACT *investments*);
    # the organisation's, whatever unit is reported. Empty = none registered.
    investments: tuple[InvestmentLine, ...] = ()
    # Committee, date, diarienummer, author, recipients, MBL text… (settings and options, not code).
    settings: CommitteeSettings = NO_SETTINGS

    @property
    def final(self) -> bool:
        """Whether the month is locked: its document is final, not a draft."""
        return self.result.period.locked

    @property
    def organisation(self) -> str:
        return self.result.organisation

    @property
    def year(self) -> int:
        return self.result.year

    @property
    def month(self) -> int:
        return self.result.month

    @property
    def by(self) -> TreeKind:
        return self.result.by

    @cached_property
    def unit_results(self) -> list[UnitResult]:
        """The reported unit and every unit below it, in pre-order."""
        return self.result.subtree(self.unit or self.result.units[0].code)

    @property
    def units(self) -> list[Line]:
        return [u.line for u in self.unit_results]

    @property
    def top_unit(self) -> UnitResult:
        """The reported unit itself (the root or --unit)."""
        return self.unit_results[0]

    @property
    def top(self) -> Line:
        return self.top_unit.line

    @property
    def rows(self) -> list[Line]:
        """The template rows of the reported unit."""
        return self.top_unit.rows

    @property
    def net(self) -> Figures:
        """Nettokostnad of the reported unit."""
        return self.top_unit.net

    @property
    def forecast_months(self) -> list[int]:
        return self.result.forecast_rounds

    @property
    def previous_round(self) -> int | None:
        return self.result.previous_round

    @cached_property
    def checks(self) -> list[Check]:
        """The whole tree's data checks; `forecast_at_budget` only for children counted in the
        forecast of a reported unit (the contract's rule for `--unit`)."""
        counted = [child for u in self.unit_results for child in u.forecast_at_budget]
        found = [*self.result.placement_checks, *checks.forecast_at_budget(self.year, counted),
                 *self.result.other_checks]
        if self.visible is not None:
            found = [c for c in found if c.unit is not None and c.unit in self.visible]
        return [*found, *self._kind_checks()]

    def _kind_checks(self) -> list[Check]:
        """Checks of the report itself rather than its data: an interim period outside months 6–8."""
        if self.kind is ReportKind.INTERIM and self.month not in INTERIM_MONTHS:
            months = "januari" if self.month == 1 else f"januari–{month_name(self.month)}"
            return [Check(Severity.WARNING, "interim_period",
                          f"Delårsrapporten omfattar {months} ({self.month} av 12 månader). En delårsrapport ska "
                          "omfatta minst hälften och högst två tredjedelar av räkenskapsåret (LKBR 13 kap. 1 §), "
                          "det vill säga perioden till och med juni, juli eller augusti.")]
        return []

    @cached_property
    def ledger(self) -> list[LedgerEntry]:
        """The ledger rows behind the reported units (empty when not loaded)."""
        inside = {u.code for u in self.unit_results}
        return [e for e in self.result.ledger or () if e.unit in inside]
