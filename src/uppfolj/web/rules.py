"""Who may do what: one rule table, `can(user, action, unit, period)`.

The views, every write service, the API and the command line ask this module and nothing
else. A rule names the roles that may take the action, whether a budget holder is held to
their own units (each with everything below it), and whether a locked month refuses it.
The command line acts as `SYSTEM`, a user of its own with the controller's rights, written to
the audit log as "kommandorad".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.core.exceptions import ObjectDoesNotExist

from uppfolj.core.choices import TreeKind
from uppfolj.core.errors import UserError
from uppfolj.core.period import PeriodInfo
from uppfolj.web.models import OrgUnit, Role


class Act(StrEnum):
    """What a user may be allowed to do."""

    VIEW_FIGURES = "view_figures"  # the follow-up, the unit pages, drill-down, downloads, API
    EDIT_UNIT = "edit_unit"  # a unit's forecast, texts, reasons and actions: save, submit
    REVIEW = "review"  # approve or return a submitted unit
    MANAGE_PERIOD = "manage_period"  # open, lock and reopen a month
    IMPORT_LEDGER = "import_ledger"  # trees, template, budget, actuals, SIE
    IMPORT_TEXTS = "import_texts"  # forecasts, comments, reasons and actions files
    EDIT_INVESTMENTS = "edit_investments"  # investment forecasts, comments, carry-over requests
    VIEW_LOG = "view_log"
    USE_API = "use_api"  # personal API tokens
    ADMINISTER = "administer"  # users, roles and master data (the admin)
    EDIT_GOALS = "edit_goals"  # a goal's target, entered outcome and comment
    EDIT_RISKS = "edit_risks"  # add, change, close and remove risks of a unit's register
    EDIT_SETTINGS = "edit_settings"  # the document settings: committee, signature, recipients, MBL text


@dataclass(frozen=True)
class Rule:
    roles: frozenset[str]
    own_units: bool = False  # a budget holder only for their own units
    open_month: bool = False  # refused in a locked month


SYSTEM_ROLE = "system"  # the command line
_FIGURES = frozenset({Role.CONTROLLER, Role.BUDGET_HOLDER, Role.READER, SYSTEM_ROLE})
_CONTROL = frozenset({Role.CONTROLLER, SYSTEM_ROLE})

RULES: dict[Act, Rule] = {
    Act.VIEW_FIGURES: Rule(_FIGURES, own_units=True),
    Act.EDIT_UNIT: Rule(frozenset({Role.CONTROLLER, Role.BUDGET_HOLDER, SYSTEM_ROLE}), own_units=True, open_month=True),
    Act.REVIEW: Rule(_CONTROL, open_month=True),
    Act.MANAGE_PERIOD: Rule(_CONTROL),
    # The ledger is the ledger: a correction of a locked month is accepted, and the locked
    # report says so (changed_after_lock).
    Act.IMPORT_LEDGER: Rule(_CONTROL),
    Act.IMPORT_TEXTS: Rule(_CONTROL, open_month=True),
    Act.EDIT_INVESTMENTS: Rule(_CONTROL),
    Act.VIEW_LOG: Rule(_CONTROL),
    Act.USE_API: Rule(_FIGURES),
    # Users and roles; the command line too (`uppfolj users import`), run by the server's operator.
    Act.ADMINISTER: Rule(frozenset({Role.ADMINISTRATOR, SYSTEM_ROLE})),
    Act.EDIT_GOALS: Rule(_CONTROL),
    # A risk register lives over the year, not in one month: a locked month does not refuse it.
    Act.EDIT_RISKS: Rule(frozenset({Role.CONTROLLER, Role.BUDGET_HOLDER, SYSTEM_ROLE}), own_units=True),
    Act.EDIT_SETTINGS: Rule(frozenset({Role.CONTROLLER, Role.ADMINISTRATOR, SYSTEM_ROLE})),
}


class RefusedError(UserError):
    """The action is not allowed; the message is Swedish and says why."""


class NotAllowedError(RefusedError):
    """The user's role or units do not allow it."""


class PeriodLockedError(RefusedError):
    """The month is locked."""


@dataclass(frozen=True)
class SystemUser:
    """The command line's user: every right of a controller, its own name in the audit log."""

    username: str = "kommandorad"
    is_authenticated: bool = False  # not a database user: the audit row has no user, only the name
    is_active: bool = True
    pk: None = None


SYSTEM = SystemUser()


def role_of(user: Any) -> str | None:
    """The user's role, or None for anonymous users and users without a role."""
    if isinstance(user, SystemUser):
        return SYSTEM_ROLE
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    cached = getattr(user, "_uppfolj_role", None)
    if cached is not None:
        return str(cached) or None
    try:
        role = str(user.uppfolj_role.role)
    except ObjectDoesNotExist:
        role = ""
    user._uppfolj_role = role
    return role or None


def visible_codes(user: Any) -> set[str] | None:
    """Codes of the organisation units whose figures the user may see: None = all of them,
    empty = none. A budget holder sees their assigned units and everything below them."""
    role = role_of(user)
    if role in (Role.CONTROLLER, Role.READER, SYSTEM_ROLE):
        return None
    if role != Role.BUDGET_HOLDER:
        return set()
    cached = getattr(user, "_uppfolj_visible", None)
    if cached is not None:
        return set(cached)
    own = set(user.uppfolj_role.units.filter(tree=TreeKind.ORGANISATION).values_list("code", flat=True))
    children: dict[str | None, list[str]] = {}
    for code, parent in OrgUnit.objects.filter(tree=TreeKind.ORGANISATION).values_list("code", "parent__code"):
        children.setdefault(parent, []).append(code)
    seen: set[str] = set()
    stack = list(own)
    while stack:
        code = stack.pop()
        if code not in seen:
            seen.add(code)
            stack.extend(children.get(code, []))
    user._uppfolj_visible = frozenset(seen)
    return seen


def why_not(user: Any, act: Act, unit: str | None = None, period: PeriodInfo | None = None) -> RefusedError | None:
    """The refusal of the action, or None when it is allowed.

    `unit`: the organisation unit acted on, where the rule is held to units; `period`: the
    month acted in, where a locked month refuses the action.
    """
    rule = RULES[act]
    role = role_of(user)
    if role not in rule.roles:
        return NotAllowedError("Din roll får inte göra det här." if role else "Du har ingen roll; kontakta systemförvaltaren.")
    if rule.own_units and unit is not None:
        visible = visible_codes(user)
        if visible is not None and unit not in visible:
            return NotAllowedError(f"Enheten {unit} hör inte till dina enheter.")
    if rule.open_month and period is not None and period.locked:
        return PeriodLockedError(f"Perioden {period.key} är låst; prognoser, texter, orsaker och åtgärder "
                            "kan inte ändras. Ekonomen kan öppna den igen med en motivering.")
    return None


def can(user: Any, act: Act, unit: str | None = None, period: PeriodInfo | None = None) -> bool:
    """Whether the user may take the action (on the unit, in the month)."""
    return why_not(user, act, unit, period) is None


def require(user: Any, act: Act, unit: str | None = None, period: PeriodInfo | None = None) -> None:
    """Raise the refusal (NotAllowedError or PeriodLockedError) unless the user may take the action."""
    refusal = why_not(user, act, unit, period)
    if refusal is not None:
        raise refusal


def is_administrator(user: Any) -> bool:
    return role_of(user) == Role.ADMINISTRATOR


def explain(user: Any) -> str:
    """A Swedish sentence saying what the user's role allows (shown on the account page)."""
    texts: dict[str, str] = {
        Role.CONTROLLER: "Du ser och ändrar alla enheter, granskar, låser perioder och läser in filer.",
        Role.BUDGET_HOLDER: "Du ser och ändrar dina enheter och enheterna under dem.",
        Role.READER: "Du kan läsa uppföljningen men inte ändra något.",
        Role.ADMINISTRATOR: "Du administrerar användare, roller och grunddata, inte siffrorna.",
    }
    return texts.get(role_of(user) or "", "Du har ingen roll ännu; kontakta systemförvaltaren.")
