"""The report model: computed once from the database, rendered to JSON, XLSX, DOCX, PDF, HTML."""

from __future__ import annotations

from dataclasses import dataclass, field

from uppfolj.core.figures import Figures
from uppfolj.core.records import Check


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a follow-up table: a unit, or a template row."""

    code: str
    name: str
    parent: str | None
    level: int
    figures: Figures
    varav: bool = False


@dataclass
class Report:
    """The follow-up of months 1..month of year, for the tree `by`, optionally one unit's subtree.

    All amounts are öre in ledger sign; presentation (sign flip, tkr/mnkr) happens in renderers.
    """

    organisation: str
    year: int
    month: int
    kind: str
    by: str
    unit: str | None
    units: list[Line]
    rows: list[Line]  # template rows of the reported unit (root or --unit)
    net: Figures  # Nettokostnad of the reported unit
    checks: list[Check]
    unit_rows: dict[str, list[Line]] = field(default_factory=dict)  # template rows per unit
    forecast_months: list[int] = field(default_factory=list)  # months with forecast rounds
    previous_round: int | None = None

    @property
    def top(self) -> Line:
        """The reported unit itself (the root or --unit)."""
        return self.units[0]
