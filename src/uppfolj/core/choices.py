"""The closed sets of choices of the domain, as enums.

Code passes these members around; they turn into strings only at the edges (command line,
forms, URLs, JSON, files, database columns). Each member is its own string value, so
`TreeKind.ORGANISATION == "organisation"` holds and a stored value compares with the member;
`label` is the Swedish word a user sees, `slug` the Swedish word in an address.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Self


class Choice(StrEnum):
    """A string enum whose members carry a Swedish label (and optionally an address slug)."""

    label: str
    slug: str

    def __new__(cls, value: str, label: str = "", slug: str = "") -> Self:
        # Defaults only so that type checkers accept the lookup call `UnitState("draft")`.
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label or value
        member.slug = slug or value
        return member

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(value, label) pairs, as Django fields and forms take them."""
        return [(m.value, m.label) for m in cls]

    @classmethod
    def values(cls) -> tuple[str, ...]:
        """The string values, as argparse `choices` take them."""
        return tuple(m.value for m in cls)

    @classmethod
    def from_slug(cls, slug: str) -> Self | None:
        """The member with this address slug, or None."""
        return next((m for m in cls if m.slug == slug), None)


class TreeKind(Choice):
    """The two trees of units: over cost centres (ansvar) or over activity codes (verksamhet).

    It is also the report's `by`.
    """

    ORGANISATION = "organisation", "Organisation"
    ACTIVITY = "activity", "Verksamhet"

    @property
    def ledger_key(self) -> str:
        """The ledger dimension the tree's units take their rows by."""
        return "cost_centre" if self is TreeKind.ORGANISATION else "activity"

    @property
    def unit_word(self) -> str:
        """'enhet' or 'verksamhet', as the documents name a line of the tree."""
        return "enhet" if self is TreeKind.ORGANISATION else "verksamhet"


class ReportKind(Choice):
    MONTHLY = "monthly", "Månadsuppföljning"
    FEBRUARY = "february", "Budgetuppföljning per februari"
    INTERIM = "interim", "Delårsrapport"
    ANNUAL = "annual", "Årsbokslut"


class Amounts(Choice):
    """The unit amounts are printed in: kronor, thousands (whole) or millions (one decimal)."""

    KR = "kr", "kr"
    TKR = "tkr", "tkr"
    MNKR = "mnkr", "mnkr"

    @property
    def divisor(self) -> Decimal:
        return {"kr": Decimal(1), "tkr": Decimal(1000), "mnkr": Decimal(1_000_000)}[self.value]

    @property
    def places(self) -> int:
        return {"kr": 2, "tkr": 0, "mnkr": 1}[self.value]


class Sign(Choice):
    """How documents print budget, actual and forecast: costs positive (ledger sign) or negative."""

    COSTS_POSITIVE = "costs-positive", "Kostnader positiva"
    COSTS_NEGATIVE = "costs-negative", "Kostnader negativa"

    @property
    def flips(self) -> bool:
        return self is Sign.COSTS_NEGATIVE


class Format(Choice):
    JSON = "json", "JSON"
    XLSX = "xlsx", "Excel (XLSX)"
    DOCX = "docx", "Word (DOCX)"
    PDF = "pdf", "PDF"
    HTML = "html", "Webbsida (HTML)"


class Phasing(Choice):
    """Phasing keys (periodiseringsnycklar) for annual budget rows."""

    EVEN = "even", "Jämnt"
    DAYS = "days", "Kalenderdagar"
    LAST_YEAR = "last-year", "Förra årets profil"


class PeriodState(Choice):
    """A follow-up month: never opened (no row), open for forecasts and texts, or locked."""

    NOT_OPENED = "not_opened", "ej öppnad"
    OPEN = "open", "öppen"
    LOCKED = "locked", "låst"


class UnitState(Choice):
    """Where one unit's follow-up of a month stands."""

    NOT_STARTED = "not_started", "Ej påbörjad", "ej-paborjad"
    DRAFT = "draft", "Utkast", "utkast"
    SUBMITTED = "submitted", "Inlämnad", "inlamnad"
    APPROVED = "approved", "Godkänd", "godkand"
    RETURNED = "returned", "Återsänd", "atersand"


class ActionStatus(Choice):
    """An action's progress; an action is carried into the next month until it is done."""

    PLANNED = "planerad", "Planerad"
    ONGOING = "pågår", "Pågår"
    DONE = "klar", "Klar"


class Heading(Choice):
    """The three texts a budget holder writes per unit and month."""

    UTFALL = "Utfall", "Utfall"
    ANALYS = "Analys", "Analys"
    ATGARD = "Åtgärd", "Åtgärd"


class Severity(Choice):
    WARNING = "warning", "Varning"
    ERROR = "error", "Fel"



class MeasureKind(Choice):
    """How a volume measure's months combine: a flow adds up, a level is averaged (CONTRACT typ)."""

    SUM = "summa", "summa"
    MEAN = "medel", "medel"


class ForecastMethod(Choice):
    """The forecast proposal methods (backtest `methods`, propose `method`); README has each formula."""

    BUDGET = "budget", "Budget håller"
    RUN_RATE = "run_rate", "Utfall i samma takt"
    REMAINING_BUDGET = "remaining_budget", "Utfall + återstående budget"
    LAST_YEAR_PROFILE = "last_year_profile", "Förra årets månadsprofil"
    LAST_YEAR_REMAINING = "last_year_remaining", "Utfall + förra årets återstående månader"
    LAST_YEAR_RECENT = "last_year_recent", "Förra årets återstående månader i dagens takt"
    DRIVER = "driver", "Volym × kostnad per enhet"
    ETS = "ets", "Statistisk modell (ETS)"
    AUTO = "auto", "Förslag (auto)"
    ENTERED = "entered", "Inlämnad prognos"
