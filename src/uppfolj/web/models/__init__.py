"""Storage models, one module per aggregate."""

from uppfolj.web.models.access import (
    ApiToken,
    LoginLink,
    Period,
    PeriodSnapshot,
    Role,
    UnitStatus,
    UserRole,
)
from uppfolj.web.models.audit import AuditEntry
from uppfolj.web.models.forecasting import ForecastProposal, Measure, RowForecast, Volume
from uppfolj.web.models.goals import Goal, Risk
from uppfolj.web.models.imports import ImportLog
from uppfolj.web.models.investments import Investment
from uppfolj.web.models.kolada import KeyFigureValue, KoladaHome, KoladaPage, KoladaPeerGroup
from uppfolj.web.models.ledger import (
    Account,
    BudgetLine,
    DimensionObject,
    LedgerRow,
    MonthlyBalance,
)
from uppfolj.web.models.org import OrgUnit, TemplateRow
from uppfolj.web.models.settings import DocumentSettings
from uppfolj.web.models.texts import Action, Forecast, Reason, UnitText

__all__ = [
    "Account",
    "Action",
    "ApiToken",
    "AuditEntry",
    "BudgetLine",
    "DimensionObject",
    "DocumentSettings",
    "Forecast",
    "ForecastProposal",
    "Goal",
    "ImportLog",
    "Investment",
    "KeyFigureValue",
    "KoladaHome",
    "KoladaPage",
    "KoladaPeerGroup",
    "LedgerRow",
    "LoginLink",
    "Measure",
    "MonthlyBalance",
    "OrgUnit",
    "Period",
    "PeriodSnapshot",
    "Reason",
    "Risk",
    "Role",
    "RowForecast",
    "TemplateRow",
    "UnitStatus",
    "UnitText",
    "UserRole",
    "Volume",
]
